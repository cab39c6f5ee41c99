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
    });
}());
