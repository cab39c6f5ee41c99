// Parts of a page below its first screen, put there when they come near the window rather
// than with the page (the country page's incident table and charts): a first load then
// waits for the first screen only.
(function () {
"use strict";

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.atrisk = Object.assign(window.dash_clientside.atrisk || {}, {
    // Sets the store `storeId` to true once the element `slotId` comes within 1000 px
    // of the window, or its data-margin (at once without IntersectionObserver); the
    // page then puts what the slot waits for there. The element may be drawn a frame
    // after this runs.
    watchNearWindow: function (slotId, storeId) {
        let frames = 0;
        function near() { window.dash_clientside.set_props(storeId, {data: true}); }
        function watch() {
            const slot = document.getElementById(slotId);
            if (!slot && frames++ < 300) { window.requestAnimationFrame(watch); return; }
            if (!slot || !("IntersectionObserver" in window)) { near(); return; }
            const observer = new IntersectionObserver(function (entries) {
                if (entries.some(function (entry) { return entry.isIntersecting; })) {
                    observer.disconnect();
                    near();
                }
            }, {rootMargin: (slot.dataset.margin || "1000") + "px 0px"});
            observer.observe(slot);
        }
        watch();
        return window.dash_clientside.no_update;
    },

    // The chart of a lazy_graph (dashboard/components.py) once its slot is near: a
    // dcc.Graph of the stored figure, its id the slot's without "-slot".
    mountGraph: function (near, figure, config, slotId) {
        if (!near || !figure) { return window.dash_clientside.no_update; }
        return {type: "Graph", namespace: "dash_core_components",
                props: {id: slotId.replace(/-slot$/, ""), figure: figure,
                        config: config}};
    }
});
}());
