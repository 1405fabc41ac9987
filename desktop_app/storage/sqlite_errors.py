"""What kind of SQLite error an exception is, read from SQLite's result code.

A locked, read-only, full or damaged database is the seller's environment (tell
them what to do); a broken constraint is a bug or a collision the caller names.
The code is the contract; the message is only words. Python's sqlite3 errors carry
`sqlite_errorcode` (SQLAlchemy wraps them and keeps the original in `.orig`).
"""

from __future__ import annotations

import errno
import sqlite3
from enum import Enum


class SqliteProblem(Enum):
    BUSY = "busy"  # another connection holds the lock past the busy timeout
    READ_ONLY = "read-only"
    FULL = "full"
    CORRUPT = "corrupt"  # a damaged page, or a file that is not a database
    CONSTRAINT = "constraint"


# Primary result codes (the low byte of an extended code) and what each one means here.
_BY_CODE = {
    sqlite3.SQLITE_BUSY: SqliteProblem.BUSY,
    sqlite3.SQLITE_LOCKED: SqliteProblem.BUSY,
    sqlite3.SQLITE_READONLY: SqliteProblem.READ_ONLY,
    sqlite3.SQLITE_PERM: SqliteProblem.READ_ONLY,
    sqlite3.SQLITE_FULL: SqliteProblem.FULL,
    sqlite3.SQLITE_CORRUPT: SqliteProblem.CORRUPT,
    sqlite3.SQLITE_NOTADB: SqliteProblem.CORRUPT,
    sqlite3.SQLITE_CONSTRAINT: SqliteProblem.CONSTRAINT,
}

# SQLite's own sentence for each primary code (sqlite3_errstr), for an error made
# without a code (by hand, or by a driver that does not pass it on): matched whole,
# never searched for words.
_BY_ERRSTR = {
    "database is locked": sqlite3.SQLITE_BUSY,
    "database table is locked": sqlite3.SQLITE_LOCKED,
    "attempt to write a readonly database": sqlite3.SQLITE_READONLY,
    "access permission denied": sqlite3.SQLITE_PERM,
    "database or disk is full": sqlite3.SQLITE_FULL,
    "database disk image is malformed": sqlite3.SQLITE_CORRUPT,
    "file is not a database": sqlite3.SQLITE_NOTADB,
    "constraint failed": sqlite3.SQLITE_CONSTRAINT,
}

_BY_ERRNO = {errno.EACCES: SqliteProblem.READ_ONLY, errno.EPERM: SqliteProblem.READ_ONLY,
             errno.EROFS: SqliteProblem.READ_ONLY, errno.ENOSPC: SqliteProblem.FULL}


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of `exc` (or of the driver error it wraps)."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None and isinstance(orig, sqlite3.Error) and orig.args:
        code = _BY_ERRSTR.get(str(orig.args[0]).strip())
    return None if code is None else code & 0xFF


def sqlite_problem(exc: BaseException) -> SqliteProblem | None:
    """Which of the problems above `exc` is; None for any other error. An OSError
    (opening or copying the file) counts by its errno."""
    code = sqlite_code(exc)
    if code is not None:
        return _BY_CODE.get(code)
    if isinstance(exc, OSError):
        return _BY_ERRNO.get(exc.errno) if exc.errno is not None else None
    return None
