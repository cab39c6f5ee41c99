// dash-ag-grid's script (1.3 MB) read only when a page first draws a grid, not with every
// page: until then `window.dash_ag_grid` is this stand-in, whose AgGrid loads the real
// script and then draws the real grid in its place. The page names the script in a
// <link rel="prefetch" data-lazy-namespace="dash_ag_grid"> (dashboard.factory), so the
// browser may have it cached by then.
(function () {
"use strict";

if (window.dash_ag_grid) { return; }   // the real script was loaded with the page

const NAMESPACE = "dash_ag_grid";
const standIn = {};
let realGrid = null;
let loading = null;

function scriptAddress() {
    const link = document.querySelector('link[data-lazy-namespace="' + NAMESPACE + '"]');
    return link && link.href;
}

// Loads the real script once (again after a failure); resolves to its AgGrid. The script
// replaces window.dash_ag_grid with its own namespace: its functions (getApi,
// getApiAsync, ...) are copied onto the stand-in, which stays the namespace, so a grid
// already drawn keeps its component (a new one would make React draw the grid anew).
function load() {
    if (!loading) {
        loading = new Promise(function (resolve, reject) {
            const script = document.createElement("script");
            script.src = scriptAddress();
            script.onload = function () {
                const real = window[NAMESPACE];
                window[NAMESPACE] = standIn;
                Object.keys(real).forEach(function (key) {
                    if (key !== "AgGrid") { standIn[key] = real[key]; }
                });
                realGrid = real.AgGrid;
                AgGrid.dashPersistence = realGrid.dashPersistence;
                AgGrid.propTypes = realGrid.propTypes;
                resolve(realGrid);
            };
            script.onerror = function () {
                loading = null;
                script.remove();
                reject(new Error("dash-ag-grid's script could not be loaded from " +
                                 script.src));
            };
            document.head.appendChild(script);
        });
    }
    return loading;
}

function AgGrid(props) {
    const React = window.React;
    const [component, setComponent] = React.useState(function () { return realGrid; });
    const [failure, setFailure] = React.useState(null);
    React.useEffect(function () {
        if (!component) {
            load().then(function (grid) { setComponent(function () { return grid; }); },
                        setFailure);
        }
    }, []);
    if (failure) {
        return React.createElement("p", {id: props.id, className: "notice", role: "alert"},
                                   "The table could not be drawn: " + failure.message +
                                   ". Reload the page to try again.");
    }
    return component ? React.createElement(component, props) : null;
}
// Dash's renderer then passes `dashRenderType` (why the grid is drawn again), which the
// real grid reads.
AgGrid.dashRenderType = true;

standIn.AgGrid = AgGrid;
// Used by assets/url_sync.js before the script may be there.
standIn.getApiAsync = function (id) {
    return load().then(function () { return standIn.getApiAsync(id); });
};
window[NAMESPACE] = standIn;
})();
