"""The records an order carries in the interchange format, read with strict validation:
its cancellation, deliveries and their files, revision requests and their points, and
resolution requests. Each error names the full path of the bad value.
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app.domain import fields as f
from desktop_app.domain.errors import FieldError
from desktop_app.domain.limits import (
    MAX_DAYS,
    MAX_DELIVERIES,
    MAX_FILE_SIZE,
    MAX_FILES,
    MAX_HOURS,
    MAX_LINE,
    MAX_POINTS,
    MAX_SCOPE_ITEMS,
    MAX_TEXT,
)
from desktop_app.domain.order import (
    CANCELLED_BY,
    REQUEST_KINDS,
    REQUEST_STATUSES,
    VERDICTS,
    Cancellation,
    DeliveredFile,
    Delivery,
    Rating,
    ResolutionRequest,
    RevisionPoint,
    RevisionRequest,
)
from desktop_app.domain.refund_rules import RateError, check_rate

RATING_KEYS = frozenset(("stars", "text", "at"))
CANCELLATION_KEYS = frozenset(("by", "reason", "exempt"))
DELIVERY_KEYS = frozenset(("number", "delivered_at", "message", "files"))
FILE_KEYS = frozenset(("path", "size", "sha256"))
REVISION_KEYS = frozenset(("received_at", "text", "points"))
POINT_KEYS = frozenset(("text", "verdict", "matched_item", "reason", "overridden", "hours"))
REQUEST_KEYS = frozenset(("id", "kind", "status", "sent_at", "expires_at", "reason", "message",
                          "days", "amount", "items", "by", "answered_at", "by_timeout", "rate"))
# The file store names each file by its hash (files/ab/abcdef...): only a real SHA-256.
_SHA256 = re.compile(r"[0-9a-f]{64}")


def cancellation(value: Any, where: str = "cancellation") -> Cancellation | None:
    if value is None:
        return None
    data = f.record(value, where)
    f.check_keys(data, CANCELLATION_KEYS, where + ".")
    by = f.choice(data.get("by"), where + ".by", CANCELLED_BY)
    exempt = data.get("exempt")
    return Cancellation(by, f.text(data, "reason", where + ".", required=False, limit=MAX_TEXT),
                        None if exempt is None else f.flag(exempt, where + ".exempt"))


def rating(value: Any, where: str = "rating") -> Rating | None:
    """The buyer's rating: stars a whole number from 1 to 5, its text, when it was left."""
    if value is None:
        return None
    data = f.record(value, where)
    f.check_keys(data, RATING_KEYS, where + ".")
    return Rating(f.whole(data.get("stars"), where + ".stars", minimum=1, maximum=5),
                  f.text(data, "text", where + ".", required=False, limit=MAX_TEXT),
                  f.stamp(data.get("at"), where + ".at"))


def delivery(value: Any, where: str, index: int) -> Delivery:
    data = f.record(value, where)
    f.check_keys(data, DELIVERY_KEYS, where + ".")
    files = files_of(data, where + ".")
    return Delivery(f.whole(data.get("number", index + 1), where + ".number", minimum=1,
                            maximum=MAX_DELIVERIES),
                    f.stamp(data.get("delivered_at"), where + ".delivered_at"),
                    f.text(data, "message", where + ".", required=False, limit=MAX_TEXT), files)


def files_of(data: dict, where: str) -> list[DeliveredFile]:
    return [delivered_file(item, f"{where}files[{j}]")
            for j, item in enumerate(f.items(data, "files", where, MAX_FILES))]


def delivered_file(value: Any, where: str) -> DeliveredFile:
    if not isinstance(value, dict) or set(value) - FILE_KEYS:
        raise FieldError(where, "must have path, size and sha256 only")
    sha256 = value.get("sha256")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise FieldError(where + ".sha256", "must be a SHA-256 hash (64 lowercase hex digits)")
    return DeliveredFile(f.text(value, "path", where + "."),
                         f.whole(value.get("size"), where + ".size", maximum=MAX_FILE_SIZE),
                         sha256)


def revision(value: Any, where: str) -> RevisionRequest:
    data = f.record(value, where)
    f.check_keys(data, REVISION_KEYS, where + ".")
    return RevisionRequest(f.stamp(data.get("received_at"), where + ".received_at"),
                           f.text(data, "text", where + ".", required=False, limit=MAX_TEXT),
                           points_of(data, where + "."))


def points_of(data: dict, where: str) -> list[RevisionPoint]:
    return [point(item, f"{where}points[{j}]")
            for j, item in enumerate(f.items(data, "points", where, MAX_POINTS))]


def point(value: Any, where: str) -> RevisionPoint:
    data = f.record(value, where)
    f.check_keys(data, POINT_KEYS, where + ".")
    matched = data.get("matched_item")
    overridden = data.get("overridden", False)
    return RevisionPoint(
        f.text(data, "text", where + ".", limit=MAX_TEXT),
        f.choice(data.get("verdict"), where + ".verdict", VERDICTS),
        None if matched is None else f.whole(matched, where + ".matched_item",
                                             maximum=MAX_SCOPE_ITEMS - 1),
        f.text(data, "reason", where + ".", required=False, limit=MAX_TEXT),
        f.flag(overridden, where + ".overridden"),
        f.hours(data.get("hours"), where + ".hours", MAX_HOURS))


def request(value: Any, where: str, index: int, currency: str) -> ResolutionRequest:
    data = f.record(value, where)
    f.check_keys(data, REQUEST_KEYS, where + ".")
    kind = f.choice(data.get("kind"), where + ".kind", REQUEST_KINDS)
    status = f.choice(data.get("status"), where + ".status", REQUEST_STATUSES)
    amount, days, by = data.get("amount"), data.get("days"), data.get("by")
    return ResolutionRequest(
        id=f.identifier(data["id"], where + ".id") if data.get("id") else f"r{index + 1}",
        kind=kind, status=status,
        sent_at=f.stamp(data.get("sent_at"), where + ".sent_at"),
        expires_at=f.opt_stamp(data, "expires_at", where + "."),
        reason=f.text(data, "reason", where + ".", required=False, limit=MAX_TEXT),
        message=f.text(data, "message", where + ".", required=False, limit=MAX_TEXT),
        days=None if days is None else f.whole(days, where + ".days", maximum=MAX_DAYS),
        amount_minor=None if amount is None else f.money(amount, currency,
                                                         where + ".amount").minor,
        items=request_items(data, where + "."),
        by=None if by is None else f.choice(by, where + ".by", CANCELLED_BY),
        answered_at=f.opt_stamp(data, "answered_at", where + "."),
        by_timeout=f.flag(data.get("by_timeout", False), where + ".by_timeout"),
        rate=request_rate(data, where + "."))


def request_rate(data: dict, where: str) -> str | None:
    """The exchange rate a seller confirmed for a refund, as its decimal string."""
    if data.get("rate") is None:
        return None
    try:
        return str(check_rate(data["rate"]))
    except RateError as exc:
        raise FieldError(where + "rate", str(exc).removeprefix("Rate: ")) from None


def request_items(data: dict, where: str) -> list[str]:
    """An extra's items: the new work, each a line of text."""
    return [f.check_text(item, f"{where}items[{j}]", limit=MAX_LINE)
            for j, item in enumerate(f.items(data, "items", where, MAX_SCOPE_ITEMS))]
