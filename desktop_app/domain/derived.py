"""Values derived from an order at an instant; never stored as status."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile

LATE_STATUSES = (Status.IN_PROGRESS, Status.REVISION_REQUESTED)


def late_flags(status: Status, due_at: datetime, now: datetime,
               profile: MarketplaceProfile = DEFAULT_PROFILE) -> tuple[bool, bool]:
    """(late, very late): past due while work is owed; very late 24 h past due."""
    if status not in LATE_STATUSES:
        return False, False
    return now > due_at, now >= due_at + profile.very_late_after


def is_late(order: Order, now: datetime) -> bool:
    return late_flags(order.status, order.due_at, now)[0]


def is_very_late(order: Order, now: datetime,
                 profile: MarketplaceProfile = DEFAULT_PROFILE) -> bool:
    return late_flags(order.status, order.due_at, now, profile)[1]


def auto_complete_at(order: Order, profile: MarketplaceProfile = DEFAULT_PROFILE
                     ) -> datetime | None:
    """When a delivered order completes by itself if the buyer stays silent."""
    if order.status is not Status.DELIVERED or order.delivered_at is None:
        return None
    return order.delivered_at + profile.auto_complete_after


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


def due_text(order: Order, now: datetime) -> str:
    """'in 2 d 4 h' or 'late 5 h' while work is owed; '' once delivered or final."""
    return due_words(order.status, order.due_at, now)


def due_words(status: Status, due_at: datetime, now: datetime) -> str:
    if status.is_final or status is Status.DELIVERED:
        return ""
    if status is Status.AWAITING_REQUIREMENTS:
        return "not started"  # the marketplace's clock starts with the requirements
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
