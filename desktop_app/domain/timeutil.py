"""Timezone-aware UTC timestamps: parsing, formatting, and the one clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from desktop_app.domain.errors import shown


class TimestampError(ValueError):
    """A timestamp without a zone, or one that cannot be read."""


def parse_ts(text: str) -> datetime:
    """Read an ISO 8601 timestamp that carries a zone; return it in UTC."""
    if type(text) is str:  # fast path: text fromisoformat takes as is, already in UTC
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            pass  # the full path below says why (or accepts it once stripped)
        else:
            if value.tzinfo is UTC:
                return value
    if not isinstance(text, str):
        raise TimestampError(f"{shown(text)} is not a timestamp")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise TimestampError(f"{shown(text)} is not an ISO 8601 timestamp") from exc
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimestampError(f"{shown(text)} has no time zone (add Z or an offset such as "
                             "+02:00)")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset: UTC is outside datetime's range
        raise TimestampError(f"{shown(text)} is outside the years a timestamp can hold"
                             ) from None


def format_ts(value: datetime) -> str:
    """UTC, ISO 8601 with a Z; microseconds only when present."""
    # isoformat is several times faster than strftime and omits zero microseconds too.
    if value.tzinfo is UTC:  # fast path: the text ends in "+00:00"
        return value.isoformat()[:-6] + "Z"
    return ensure_aware(value).astimezone(UTC).isoformat().replace("+00:00", "Z")


def ensure_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimestampError(f"{value.isoformat()} has no time zone")
    return value


def utc_now() -> datetime:
    return datetime.now(UTC)


Clock = Callable[[], datetime]
