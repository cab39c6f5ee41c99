"""The warehouse's own errors: what the rest of the app catches and shows to people."""


class WarehouseError(Exception):
    """Base class for every error this package raises on purpose."""


class QueryError(WarehouseError):
    """A query could not be answered; ``title`` is short and safe to show to a user."""

    def __init__(self, title: str, detail: str = "") -> None:
        super().__init__(f"{title}: {detail}" if detail else title)
        self.title = title
        self.detail = detail


class ImportFileError(WarehouseError):
    """A whole file cannot be imported (missing, unreadable, wrong format, column missing).

    The message is one line that names the file and the problem; nothing was written.
    """
