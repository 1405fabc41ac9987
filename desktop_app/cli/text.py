"""Plain-text views for the command line."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain.derived import due_text, revisions_left
from desktop_app.domain.events import Event
from desktop_app.domain.money import Money
from desktop_app.domain.order import Order
from desktop_app.domain.profile import profile_for
from desktop_app.domain.timeline import describe_event


def describe_order(order: Order, history: list[Event], now: datetime) -> str:
    left = revisions_left(order)
    lines = [
        f"{order.ref}  {order.status.label}  {due_text(order, now)}".rstrip(),
        f"  buyer     {order.buyer}",
        f"  gig       {order.gig} ({order.package})" if order.package else f"  gig  {order.gig}",
        f"  price     {order.total_price.display()}",
        f"  due       {order.due_at:%Y-%m-%d %H:%M} UTC",
        f"  delivery  {order.days} day{'s' if order.days != 1 else ''} on "
        f"{profile_for(order.marketplace).name}",
        f"  revisions {order.revisions_used} used, "
        f"{'unlimited' if left is None else left} left",
    ]
    if order.scope:
        lines.append("  scope     " + "; ".join(order.scope))
    if order.notes:
        lines.append(f"  notes     {order.notes}")
    if order.tips_minor:
        lines.append(f"  tips      {Money(order.tips_minor, order.price.currency).display()}")
    if order.rating is not None:
        said = f" ({order.rating.text})" if order.rating.text else ""
        lines.append(f"  rating    {order.rating.stars} of 5{said}")
    lines.append("history:")
    lines += [f"  {e.at:%Y-%m-%d %H:%M} UTC  {describe_event(e)}" for e in history]
    return "\n".join(lines)


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def describe_stats(stats: dict) -> str:
    return "\n".join([
        f"Completion rate ({stats['window_days']} days): {_pct(stats['completion_rate'])}  "
        f"({stats['completed']} completed, {stats['cancelled_counted']} cancellations counted, "
        f"{stats['cancelled_exempt']} exempt)",
        f"On-time rate: {_pct(stats['on_time_rate'])}",
        f"Revision rate: {_pct(stats['revision_rate'])}",
        f"Active: {stats['active']}  late: {stats['late']}  very late: {stats['very_late']}",
        *_seller_lines(stats),
    ])


def _seller_lines(stats: dict) -> list[str]:
    """The rating, buyers, earnings and level lines (`stats` from seller_stats)."""
    if "level" not in stats:
        return []
    rating = stats["average_rating"]
    earned = ", ".join(f"{v} {k}" for k, v in stats["earnings"].items()) or "nothing"
    lines = [f"Average rating: {'none yet' if rating is None else f'{rating:.2f}'}  "
             f"unique buyers: {stats['unique_buyers']}",
             f"Earned in {stats['window_days']} days (net): {earned}"]
    for level in stats["level"]["levels"].values():
        lacks = "; ".join(level["lacks"]) or "nothing GigDesk can check"
        lines.append(f"{level['name']}: still lacks {lacks} (response rate not tracked yet)")
    if stats["level"]["not_counted"]:
        lines.append(stats["level"]["not_counted"])
    lines.append(stats["level"]["cannot_compute_offline"])
    return lines
