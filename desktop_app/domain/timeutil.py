"""Timezone-aware UTC timestamps: their two texts, and the one clock.

The exchange text (`format_ts`/`parse_ts`: export, import, order states, the sync
wire) is ISO 8601 in UTC with a Z, microseconds only when there are some. The stored
text (`to_stored`/`from_stored`: the database's time columns) is fixed-width,
'YYYY-MM-DDTHH:MM:SS.ffffffZ', so that comparing texts compares moments. Both are
made here only; the `*_from_*` functions turn one into the other without a datetime.
"""

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


# The stored text in ASCII digits (fromisoformat reads no others), in the years the
# sync server takes: a timestamp that arrives in this form is stored as it came.
STORED_TIME = r"(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z"


def to_stored(value: datetime | None) -> str | None:
    """The stored text of an aware datetime (None for None); refuses naive ones."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = ensure_aware(value).astimezone(UTC)
    # isoformat plus the fraction by hand: twice as fast as strftime, for bulk writes.
    return f"{value.isoformat()[:19]}.{value.microsecond:06d}Z"


def from_stored(text: str | None) -> datetime | None:
    """The aware UTC datetime of a stored text (None for None)."""
    return None if text is None else datetime.fromisoformat(text)


def parse_ts_or_none(text: str | None) -> datetime | None:
    return None if text is None else parse_ts(text)


def ts_from_stored(text: str) -> str:
    """format_ts(from_stored(text)), cut from the text when it is the fixed width: an
    export writes every event time, and making each a datetime cost more than the rest."""
    if len(text) == 27 and text[19] == "." and text[26] == "Z":
        return text[:19] + "Z" if text.endswith(".000000Z") else text
    return format_ts(from_stored(text))  # not the fixed width: take the general path


def stored_from_ts(text: str | None) -> str | None:
    """to_stored(parse_ts(text)) for a text format_ts wrote, cut from the text: storing
    an order's row copies its state's times, already in UTC."""
    if text is None:
        return None
    if len(text) == 27:  # YYYY-MM-DDTHH:MM:SS.ffffffZ: the fixed width itself
        return text
    if len(text) == 20:  # YYYY-MM-DDTHH:MM:SSZ: format_ts left out a zero fraction
        return text[:19] + ".000000Z"
    return to_stored(parse_ts(text))


def utc_as_is(value: datetime) -> datetime | str:
    """A `stamp` for order_to_dict whose encoder (msgspec) writes a datetime in UTC as
    format_ts would: those are left to it; one with another offset becomes format_ts's
    text here."""
    return value if value.tzinfo is UTC else format_ts(value)


def local_text(at: datetime, spec: str = "%a %d %b %Y %H:%M") -> str:
    """A moment as the seller reads it: in the computer's local time."""
    return at.astimezone().strftime(spec)
