// Chart toolbars (plotly's modebar, role="toolbar") as one tab stop each, in the WAI-ARIA
// toolbar pattern: Tab reaches the toolbar's current button (the toolbar shows while it
// holds focus, see style.css), the arrow keys, Home and End move between its buttons, Tab
// leaves it. Without this every chart adds each of its buttons to the tab order, though the
// toolbar is invisible until the mouse is over the chart.
(function () {
    "use strict";

    function buttonsOf(toolbar) {
        return Array.from(toolbar.querySelectorAll("button.modebar-btn"));
    }

    // One button of the toolbar takes the Tab stop (the one last used, else the first).
    function rove(toolbar) {
        const buttons = buttonsOf(toolbar);
        if (!buttons.length) { return; }
        const current = buttons.find((b) => b.getAttribute("tabindex") === "0") || buttons[0];
        buttons.forEach((b) => b.setAttribute("tabindex", b === current ? "0" : "-1"));
        if (!toolbar.hasAttribute("aria-label")) {
            toolbar.setAttribute("aria-label", "Chart tools");
        }
        if (!toolbar.dataset.atriskRoving) {
            toolbar.dataset.atriskRoving = "1";
            toolbar.addEventListener("keydown", onKey);
        }
    }

    const MOVES = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};

    function onKey(event) {
        const toolbar = event.currentTarget;
        const buttons = buttonsOf(toolbar);
        const here = buttons.indexOf(document.activeElement);
        let next = null;
        if (event.key in MOVES && here >= 0) {
            next = (here + MOVES[event.key] + buttons.length) % buttons.length;
        } else if (event.key === "Home") {
            next = 0;
        } else if (event.key === "End") {
            next = buttons.length - 1;
        }
        if (next === null) { return; }
        event.preventDefault();
        buttons.forEach((b, i) => b.setAttribute("tabindex", i === next ? "0" : "-1"));
        buttons[next].focus();
    }

    function repair(root) {
        root.querySelectorAll(".modebar[role='toolbar']").forEach(rove);
    }

    let pending = false;

    function schedule() {   // once per frame, however many nodes changed
        if (pending) { return; }
        pending = true;
        window.requestAnimationFrame(() => { pending = false; repair(document); });
    }

    function start() {
        repair(document);
        new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
