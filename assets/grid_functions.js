// Functions that dash-ag-grid column definitions name ({"function": "formatNumber(...)"}):
// dash-ag-grid evaluates those strings itself (no eval, so the CSP holds) with these in scope.
(function () {
    "use strict";

    const FORMATS = {
        one: {minimumFractionDigits: 1, maximumFractionDigits: 1},
        count: {maximumFractionDigits: 0},
        change: {style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero"},
        share: {style: "percent", maximumFractionDigits: 0},
        risk: {style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1},
        points: {style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1,
                 signDisplay: "exceptZero"},
    };
    const formatters = {};

    const functions = window.dashAgGridFunctions = window.dashAgGridFunctions || {};

    // A number in one of FORMATS' styles (en-GB: 1,256; 12.5%); missing values empty.
    functions.formatNumber = function (value, style) {
        if (value === null || value === undefined || Number.isNaN(value)) { return ""; }
        formatters[style] = formatters[style] || new Intl.NumberFormat("en-GB", FORMATS[style]);
        return formatters[style].format(value);
    };

    // A comparator (colDef.comparator: {"function": "byKey('key_x')"}) that orders two rows
    // by the sort key the server sent with them (row.data[key]): numbers as numbers, text as
    // text, and rows without a value last whichever the direction (AG Grid reverses the
    // comparator's answer when sorting descending, so this reverses it back for them).
    functions.byKey = function (key) {
        return function (valueA, valueB, nodeA, nodeB, isDescending) {
            const a = nodeA.data[key];
            const b = nodeB.data[key];
            const missingA = a === null || a === undefined;
            const missingB = b === null || b === undefined;
            if (missingA || missingB) {
                if (missingA && missingB) { return 0; }
                return (missingA ? 1 : -1) * (isDescending ? -1 : 1);
            }
            if (a < b) { return -1; }
            return a > b ? 1 : 0;
        };
    };

    // Cell renderers (colDef.cellRenderer: "CountryLink"): plain React elements, far cheaper
    // than the markdown renderer on a table of two hundred rows.
    const components = window.dashAgGridComponentFunctions =
        window.dashAgGridComponentFunctions || {};

    // A country's name as a link to its page (the row's iso3).
    components.CountryLink = function (props) {
        return window.React.createElement(
            "a", {href: "/country/" + encodeURIComponent(props.data.iso3)}, props.value);
    };
}());
