"""The exports' one error type, shown to people as it is (one line, no stack trace)."""


class ExportError(Exception):
    """An export could not be made: no Chromium, a browser that failed, a bad request."""
