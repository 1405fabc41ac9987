"""The window's handle on one data folder, and what its problems mean to a seller.

The window never reads or writes the database itself: it holds the open database
as an opaque handle (`DataFolder`) and hands it to the services, and it asks here
whether an exception is a problem of the seller's machine (a locked, read-only or
full disk) rather than a bug, and in which words to say so.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError

from desktop_app.storage.db import Database, StorageError, describe_storage_error
from desktop_app.storage.sqlite_errors import SqliteProblem, sqlite_problem

DataFolder = Database


def _is_environment(exc: BaseException) -> bool:
    if isinstance(exc, StorageError | PermissionError):
        return True
    if isinstance(exc, DBAPIError):
        return isinstance(exc, OperationalError) or sqlite_problem(exc) is SqliteProblem.BUSY
    return isinstance(exc, OSError) and exc.errno is not None


def machine_problem(exc: BaseException) -> tuple[str, str] | None:
    """(title, sentence) when `exc` comes from the seller's machine, not from a bug."""
    if isinstance(exc, StorageError):
        return "Cannot use the data folder", str(exc)
    if _is_environment(exc):
        return "Cannot save", describe_storage_error(exc)  # type: ignore[arg-type]
    return None
