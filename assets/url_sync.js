// Keeps every page's filters in its URL (so links can be shared) without reloading the
// page: history.replaceState changes the address bar only.
(function () {
"use strict";

// Sets `name` to `value` (lists joined by commas), or removes it when there is no value.
function setParam(params, name, value) {
    if (Array.isArray(value)) { value = value.join(","); }
    if (value === null || value === undefined || value === "") {
        params.delete(name);
    } else {
        params.set(name, String(value));
    }
}

// Puts `params` into the address bar in place of the current query (the #section a link
// opened stays); returns the query.
function replaceQuery(params) {
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
    return query;
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atrisk: {
        syncUrl: function () {
            const args = Array.from(arguments);
            const names = args.pop();
            const params = new URLSearchParams(window.location.search);
            names.forEach(function (name, i) { setParam(params, name, args[i]); });
            return replaceQuery(params);
        },

        // The chart of a lazy_graph (dashboard/components.py) once its slot is near: a
        // dcc.Graph of the stored figure, its id the slot's without "-slot".
        mountGraph: function (near, figure, config, slotId) {
            if (!near || !figure) { return window.dash_clientside.no_update; }
            return {type: "Graph", namespace: "dash_core_components",
                    props: {id: slotId.replace(/-slot$/, ""), figure: figure,
                            config: config}};
        },

        // A value, unchanged (to keep a component's property in a store).
        passOn: function (value) { return value; },

        // Empties the cache of an infinite-model grid (its id is the last argument, after
        // the filters that changed), so it asks the server for its rows again.
        refreshInfiniteGrid: function () {
            const id = arguments[arguments.length - 1];
            if (!id || !document.getElementById(id)) {   // not on the page yet: it will
                return window.dash_clientside.no_update; // ask for the new rows itself
            }
            dash_ag_grid.getApiAsync(id).then(function (api) {
                api.paginationGoToFirstPage();
                api.purgeInfiniteCache();
            });
            return Date.now();
        },

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

        // syncUrl for a page with a sortable dash-ag-grid: the values, then the grid's
        // columnState, then {names, sort_default: [column, descending] or null}. The sorted
        // column goes into `sort` and `desc` (1 or 0), left out while it is the default.
        syncUrlGrid: function () {
            const args = Array.from(arguments);
            const config = args.pop();
            const columnState = args.pop();
            const params = new URLSearchParams(window.location.search);
            config.names.forEach(function (name, i) { setParam(params, name, args[i]); });
            if (!columnState) {   // the grid has not reported its columns yet: keep the link's
                return replaceQuery(params);
            }
            const sorted = columnState.find(function (c) { return c.sort; });
            const chosen = sorted ? [sorted.colId, sorted.sort === "desc"] : null;
            const fallback = config.sort_default || null;
            const isDefault = chosen === null ? fallback === null :
                fallback !== null && chosen[0] === fallback[0] && chosen[1] === fallback[1];
            setParam(params, "sort", isDefault || !chosen ? null : chosen[0]);
            setParam(params, "desc", isDefault || !chosen ? null : (chosen[1] ? "1" : "0"));
            return replaceQuery(params);
        }
    }
});
}());
