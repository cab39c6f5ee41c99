// Keeps every page's filters in its URL (so links can be shared) without reloading the
// page: history.replaceState changes the address bar only.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atrisk: {
        syncUrl: function () {
            const args = Array.from(arguments);
            const names = args.pop();
            const params = new URLSearchParams(window.location.search);
            names.forEach(function (name, i) {
                let value = args[i];
                if (Array.isArray(value)) { value = value.join(","); }
                if (value === null || value === undefined || value === "") {
                    params.delete(name);
                } else {
                    params.set(name, String(value));
                }
            });
            const query = params.toString();
            const url = window.location.pathname + (query ? "?" + query : "");
            window.history.replaceState(window.history.state, "", url);
            return query;
        }
    }
});
