"""How a failure in a view reaches the person: one readable alert (``#app-alert``) instead
of a broken panel, for callbacks (the app's ``on_error``) and for the parts a page
computes with its layout (:func:`first_answer`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from dash import set_props

from queries.access import AccessDenied
from queries.errors import ImportFileError, QueryError, WarehouseError

log = logging.getLogger(__name__)
T = TypeVar("T")
UNAVAILABLE = "Not available: see the message above"  # a part left empty by first_answer


def show_error(err: Exception) -> None:
    """The one callback error handler: a readable alert instead of a broken panel."""
    if isinstance(err, QueryError):
        message = f"{err.title}. Try a shorter window or fewer filters."
    elif isinstance(err, AccessDenied):
        message = f"Not allowed: {err}."
    elif isinstance(err, ImportFileError):
        message = f"The file was not imported: {err}"
    elif isinstance(err, WarehouseError):
        message = f"The warehouse could not be used: {err}"
    elif isinstance(err, ValueError):
        message = f"That request could not be understood: {err}"
    else:
        message = "Something went wrong while updating this view; it has been logged."
    log.error("callback failed", exc_info=err)
    set_props("app-alert", {"children": message, "hidden": False})


def first_answer(compute: Callable[[], T], fallback: T) -> T:
    """A part's first value, computed with its page; if it fails, the alert says so as for
    a callback and only that part is left as ``fallback`` (the rest of the page draws)."""
    try:
        return compute()
    except Exception as err:  # noqa: BLE001 - every failure is reported by show_error
        show_error(err)
        return fallback
