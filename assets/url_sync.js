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

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.atrisk = Object.assign(window.dash_clientside.atrisk || {}, {
    syncUrl: function () {
        const args = Array.from(arguments);
        const names = args.pop();
        const params = new URLSearchParams(window.location.search);
        names.forEach(function (name, i) { setParam(params, name, args[i]); });
        return replaceQuery(params);
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
});
}());
