// Links to a part of the same page (href="#id", e.g. the country page's "On this page"
// links) scroll to that part and give it the focus without a hash change: url_sync.js
// keeps the filters in the address bar with replaceState, which dcc.Location does not see,
// so a hashchange would make it read a "new" query and Dash would draw the whole page again
// (losing the place the link went to). The address still ends with the #id.
(function () {
    "use strict";

    document.addEventListener("click", function (event) {
        const link = event.target.closest && event.target.closest("a[href^='#']");
        if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey
            || event.ctrlKey || event.shiftKey || event.altKey) {
            return;
        }
        const hash = link.getAttribute("href");
        const target = hash.length > 1 && document.getElementById(decodeURIComponent(hash.slice(1)));
        if (!target) { return; }
        event.preventDefault();
        window.history.replaceState(window.history.state, "",
            window.location.pathname + window.location.search + hash);
        target.scrollIntoView();
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.focus({preventScroll: true});   // Tab goes on from there, as after a jump
        holdInView(target);
    });

    // Parts of the page may be filled in as the jump passes them (they are put there when
    // near the window: the country page's matrix and actor tables above its incident table,
    // the table itself below), moving the target out of view or leaving the page too short
    // to bring it to the top. For five seconds, until the reader scrolls, clicks or types,
    // the jump is made again whenever the target or the page's height moves.
    const HOLD_MS = 5000;
    const READER_EVENTS = ["wheel", "touchstart", "keydown", "mousedown"];

    function holdInView(target) {
        const until = performance.now() + HOLD_MS;
        let reading = false;
        let where = place(target);
        function stop() { reading = true; }
        READER_EVENTS.forEach(function (name) {
            window.addEventListener(name, stop, {capture: true, passive: true});
        });
        function check() {
            if (reading || performance.now() > until || !target.isConnected) {
                READER_EVENTS.forEach(function (name) {
                    window.removeEventListener(name, stop, {capture: true});
                });
                return;
            }
            if (place(target) !== where) {
                target.scrollIntoView();
                where = place(target);
            }
            window.requestAnimationFrame(check);
        }
        window.requestAnimationFrame(check);
    }

    function place(target) {
        return Math.round(target.getBoundingClientRect().top) + ":" +
            document.documentElement.scrollHeight;
    }
}());
