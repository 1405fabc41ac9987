"""Reading one field of the interchange format: its type, its shape and its limit.

The order codec, its nested records and the history events all read their fields
here, so a bad value gets the same words wherever it sits. `field` is always the
full path of the value (`revision_requests[0].points[2].matched_item`), which is
what the seller needs to find it in the file.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain.errors import FieldError, shown
from desktop_app.domain.limits import MAX_ID, MAX_LINE, MAX_YEAR, MIN_YEAR
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.timeutil import TimestampError, parse_ts

# NUL ends a C string early (SQLite, the clipboard); a lone surrogate is not text at all
# and cannot be written as UTF-8, so the database would refuse it later.
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
_HOURS = re.compile(r"[0-9]{1,4}(\.[0-9]{1,6})?")


def check_keys(data: dict, allowed: frozenset[str], where: str) -> None:
    if not data.keys() <= allowed:
        unknown = sorted(str(key) for key in set(data) - allowed)[0]
        name = unknown if unknown.isidentifier() and len(unknown) <= 40 else shown(unknown)
        raise FieldError(f"{where}{name}", "unknown field")


def record(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise FieldError(field, "must be an object")
    return value


def text(data: dict, key: str, where: str = "", *, required: bool = True,
         limit: int = MAX_LINE) -> str:
    """data[key] as text: required ones must not be blank; absent optional ones are ""."""
    value = data.get(key)
    if value is None and not required:
        return ""
    return check_text(value, where + key, required=required, limit=limit)


def check_text(value: Any, field: str, *, required: bool = True, limit: int = MAX_LINE) -> str:
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    if len(value) > limit:
        raise FieldError(field, f"is longer than {limit:,} characters")
    bad = _NOT_TEXT.search(value)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode)"
        raise FieldError(field, f"contains {what} at character {bad.start() + 1}")
    if required and not value.strip():
        raise FieldError(field, "must not be empty")
    return value


def whole(value: Any, field: str, *, minimum: int = 0, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{shown(value)} is not a whole number")
    if not minimum <= value <= maximum:
        raise FieldError(field, f"must be from {minimum:,} to {maximum:,}")
    return value


def flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(field, "must be true or false")
    return value


def choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise FieldError(field, f"must be one of {', '.join(allowed)}")
    return value


def identifier(value: Any, field: str) -> str:
    """An id (UUID or a short name such as r1): never a path, never a long blob."""
    if not isinstance(value, str) or len(value) > MAX_ID or not _ID.fullmatch(value) \
            or not value.isascii():
        raise FieldError(field, f"must be an id of letters, digits and dashes (at most "
                                f"{MAX_ID} characters)")
    return value


def stamp(value: Any, field: str) -> datetime:
    """A timestamp with a zone, in UTC, within the years GigDesk holds."""
    try:
        moment = parse_ts(value)
    except TimestampError as exc:
        raise FieldError(field, str(exc)) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise FieldError(field, f"{shown(value)} is not between the years {MIN_YEAR} and "
                                f"{MAX_YEAR}")
    return moment


def opt_stamp(data: dict, key: str, where: str = "") -> datetime | None:
    value = data.get(key)
    return None if value is None else stamp(value, where + key)


def money(value: Any, currency: str, field: str) -> Money:
    """A non-negative amount written as a decimal string (never a JSON number: a float
    cannot hold every price exactly)."""
    if not isinstance(value, str):
        raise FieldError(field, f"{shown(value)} must be a decimal string such as \"120.00\"")
    try:
        amount = Money.parse(value, currency)
    except MoneyError as exc:
        raise FieldError(field, str(exc)) from None
    if amount.minor < 0:
        raise FieldError(field, "must not be negative")
    return amount


def hours(value: Any, field: str, maximum: int) -> str | None:
    """A seller's estimate in hours, as the decimal string the revision dialog writes."""
    if value is None:
        return None
    if not isinstance(value, str) or not _HOURS.fullmatch(value) or Decimal(value) > maximum:
        raise FieldError(field, f"must be a number of hours from 0 to {maximum:,} as text "
                                "(such as \"1.5\")")
    return value


def items(data: dict, key: str, where: str, limit: int) -> list:
    """An optional list of records (absent or null: none), at most `limit` long."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError(where + key, "must be a list")
    if len(value) > limit:
        raise FieldError(where + key, f"has more than {limit:,} entries")
    return value
