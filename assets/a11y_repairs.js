// Repairs of the ARIA that Dash 4's own components render wrongly, found by axe-core
// (tests/browser/test_accessibility.py runs it on every page). Each repair names the
// component and the axe rule; drop a repair once the component renders it right itself.
// It only changes attributes, never the components' behaviour, and runs again whenever
// Dash re-renders (a MutationObserver), since React may put an attribute back.
(function () {
    "use strict";

    const PAGER_NAMES = {
        "first-page": "First page", "previous-page": "Previous page",
        "next-page": "Next page", "last-page": "Last page",
    };

    // dcc.Dropdown: a read-only <input> that is aria-hidden takes the Tab stop for the real
    // control, a <button> left out of the tab order (axe: aria-hidden-focus). The button
    // answers the keyboard itself (Enter, Space, arrows), so it takes the Tab stop instead.
    function repairDropdowns(root) {
        root.querySelectorAll("input.dash-dropdown-focus-target[tabindex='0']").forEach((input) => {
            const button = input.parentElement && input.parentElement.querySelector("button.dash-dropdown");
            if (!button) { return; }
            input.setAttribute("tabindex", "-1");
            button.setAttribute("tabindex", "0");
        });
    }

    // dcc.DatePickerRange / DatePickerSingle: the wrapper <div> of the text inputs carries a
    // button's ARIA without a role and "undefined" ids (axe: aria-allowed-attr). The inputs
    // have labels of their own; the wrapper becomes a plain group.
    function repairDatePickers(root) {
        root.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded]").forEach((wrapper) => {
            ["aria-haspopup", "aria-expanded", "aria-disabled", "type"].forEach(
                (name) => wrapper.removeAttribute(name));
            const ids = (wrapper.getAttribute("aria-labelledby") || "").split(/\s+/)
                .filter((id) => id && id !== "undefined");
            wrapper.setAttribute("role", "group");
            if (ids.length) { wrapper.setAttribute("aria-labelledby", ids.join(" ")); }
        });
    }

    // dcc.RadioItems: a role="listbox" without a name whose role="option" labels hold real
    // radio buttons (axe: aria-input-field-name, nested-interactive). The native radios are
    // the accessible control: the list becomes a radio group named by its visible label.
    function repairRadioItems(root) {
        root.querySelectorAll(".dash-radioitems[role='listbox']").forEach((list) => {
            list.setAttribute("role", "radiogroup");
            list.querySelectorAll("label[role='option']").forEach((label) => {
                label.removeAttribute("role");
                label.removeAttribute("aria-selected");
            });
            const label = list.id && document.querySelector(`label[for='${CSS.escape(list.id)}']`);
            if (label) {
                if (!label.id) { label.id = `${list.id}-label`; }
                list.setAttribute("aria-labelledby", label.id);
            }
        });
    }

    // dash_table.DataTable's pager: icon-only buttons without a name (axe: button-name).
    function repairPagers(root) {
        Object.entries(PAGER_NAMES).forEach(([css, name]) => {
            root.querySelectorAll(`button.${css}:not([aria-label])`).forEach(
                (button) => button.setAttribute("aria-label", name));
        });
    }

    // dcc.Upload: the hidden file <input> has no label (axe: label).
    function repairUploads(root) {
        root.querySelectorAll("input[type='file']:not([aria-label])").forEach(
            (input) => input.setAttribute("aria-label", "Choose a file to upload"));
    }

    function repairAll() {
        const root = document.body;
        repairDropdowns(root);
        repairDatePickers(root);
        repairRadioItems(root);
        repairPagers(root);
        repairUploads(root);
    }

    let scheduled = false;
    function schedule() {
        if (scheduled) { return; }
        scheduled = true;
        window.requestAnimationFrame(() => { scheduled = false; repairAll(); });
    }

    function start() {
        repairAll();
        new MutationObserver(schedule).observe(document.body, {
            childList: true, subtree: true, attributes: true,
            attributeFilter: ["aria-expanded", "tabindex", "role"],
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
