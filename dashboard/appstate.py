"""The app's state, owned here and nowhere else: the settings it was created with and the
warehouse it serves. :func:`attach` stores both on the Flask server once (from
``create_app``); every page, route and callback reads them through :func:`settings` and
:func:`warehouse`, which answer for the app serving the current request."""

from __future__ import annotations

from flask import Flask, current_app

from dashboard.settings import Settings
from queries.db import Warehouse

SETTINGS, WAREHOUSE = "SETTINGS", "WAREHOUSE"  # keys in the Flask config


def attach(server: Flask, app_settings: Settings) -> None:
    """Give ``server`` its settings and a handle on their warehouse."""
    server.config[WAREHOUSE] = Warehouse(app_settings.db)
    server.config[SETTINGS] = app_settings


def settings() -> Settings:
    """The settings of the app serving the current request."""
    return current_app.config[SETTINGS]


def warehouse() -> Warehouse:
    """The warehouse of the app serving the current request."""
    return current_app.config[WAREHOUSE]
