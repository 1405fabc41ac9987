"""Values derived from an order at an instant; never stored as status."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile, profile_for

LATE_STATUSES = (Status.IN_PROGRESS, Status.REVISION_REQUESTED)


def late_flags(status: Status, due_at: datetime, now: datetime,
               profile: MarketplaceProfile = DEFAULT_PROFILE) -> tuple[bool, bool]:
    """(late, very late): past due while work is owed; very late once the profile's
    threshold past due (24 h on Fiverr) has passed, never where it publishes none."""
    if status not in LATE_STATUSES:
        return False, False
    after = profile.very_late_after
    return now > due_at, after is not None and now >= due_at + after


def is_late(order: Order, now: datetime) -> bool:
    return late_flags(order.status, order.due_at, now)[0]


def is_very_late(order: Order, now: datetime,
                 profile: MarketplaceProfile | None = None) -> bool:
    """Very late by `profile`, or by the order's own marketplace."""
    return late_flags(order.status, order.due_at, now,
                      profile or profile_for(order.marketplace))[1]


def auto_complete_at(order: Order, profile: MarketplaceProfile | None = None
                     ) -> datetime | None:
    """When a delivered order completes by itself if the buyer stays silent; None where
    the marketplace (the order's own unless `profile` is given) publishes no such rule."""
    if order.status is not Status.DELIVERED or order.delivered_at is None:
        return None
    after = (profile or profile_for(order.marketplace)).auto_complete_after
    return None if after is None else order.delivered_at + after


def revisions_left(order: Order) -> int | None:
    """None means unlimited."""
    if order.revisions_included is None:
        return None
    return max(0, order.revisions_included - order.revisions_used)


def answer_deadline(order: Order) -> datetime | None:
    """The 48 h deadline of the open extension or cancellation request."""
    request = order.open_request
    return request.expires_at if request is not None else None


def format_relative(delta: timedelta) -> str:
    """'2 d 4 h', '5 h', '12 min' for a positive duration."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rem = divmod(minutes, 24 * 60)
    hours, mins = divmod(rem, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h"
    return f"{mins} min"


WAITING_WORDS = "starts when the buyer sends the requirements"
WAITING_SHORT = "after requirements"  # the same, where a list column has little room


def due_text(order: Order, now: datetime) -> str:
    """'in 2 d 4 h' or 'late 5 h' while work is owed; '' once delivered or final."""
    return due_words(order.status, order.due_at, now,
                     profile_for(order.marketplace).clock_starts)


def due_words(status: Status, due_at: datetime, now: datetime,
              clock_starts: str = "requirements", *, short: bool = False) -> str:
    """The due text; before the requirements, where the marketplace starts the clock
    with them, what starts it (`short`: in two words)."""
    if status.is_final or status is Status.DELIVERED:
        return ""
    if status is Status.AWAITING_REQUIREMENTS and clock_starts == "requirements":
        return WAITING_SHORT if short else WAITING_WORDS
    delta = due_at - now
    return f"in {format_relative(delta)}" if delta.total_seconds() >= 0 \
        else f"late {format_relative(delta)}"


def latest_own_moment(order: Order) -> datetime:
    """The latest moment the order itself records: when an imported file gives no
    last_activity_at, this is its last activity (not the moment of the import)."""
    moments = [order.ordered_at, order.requirements_at, order.delivered_at,
               order.completed_at, order.cancelled_at, order.cleared_at,
               order.rating.at if order.rating else None]
    moments += [d.delivered_at for d in order.deliveries]
    moments += [r.received_at for r in order.revision_requests]
    for req in order.requests:
        moments += [req.sent_at, req.answered_at]
    return max(m for m in moments if m is not None)
