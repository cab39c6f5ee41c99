"""The Dash app: pages, components and pure figure functions over the warehouse.

:mod:`dashboard.factory` builds the app (``create_app``); :mod:`dashboard.appstate` owns its
settings and warehouse handle; :mod:`dashboard.shell` is what every page shares."""
