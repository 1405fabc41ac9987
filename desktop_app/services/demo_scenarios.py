"""The stories demo orders live through, one function each, with their weights.

Each scenario places its order in time relative to `gen.now` so its status is
true at `now`: active orders are recent (some late, some very late), final
orders happened earlier. Every time moves forward, and nothing is after `now`.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from desktop_app.services import demo_catalogue as cat

if TYPE_CHECKING:
    from desktop_app.services.demo import Generator, OrderScript

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


# -- pieces shared by the stories ---------------------------------------
def _work_until_delivery(s: OrderScript, placed: datetime, on_time: float = 0.9
                         ) -> datetime:
    """Requirements after placing, a few notes, the first delivery; returns its time."""
    g, days = s.gen, s.package.days
    t = placed + g.minutes(0.1, 20)
    s.requirements(t)
    if g.rng.random() < 0.15:
        s.note(t + g.minutes(0.1, 2))
    share = g.rng.uniform(0.3, 0.95) if g.rng.random() < on_time else g.rng.uniform(1.05, 1.6)
    t = t + timedelta(minutes=int(days * 24 * 60 * share))
    s.deliver(t)
    return t


def _revisions(s: OrderScript, t: datetime, cycles: int) -> datetime:
    """`cycles` revision requests, each followed by a redelivery; returns the last time."""
    limit = s.package.revisions
    for _ in range(cycles if limit is None else min(cycles, limit)):
        t += s.gen.minutes(2, 40)
        s.revision(t)
        t += s.gen.minutes(3, 36)
        s.deliver(t)
    return t


def _cycles(g: Generator) -> int:
    return g.rng.choices((0, 1, 2, 3), cum_weights=(55, 85, 96, 100))[0]


# -- completed ---------------------------------------------------------------
def completed(g: Generator, room: int, before_delivery=_work_until_delivery) -> OrderScript:
    s = g.start_final(spread=before_delivery is _work_until_delivery)
    t = before_delivery(s, s.order.ordered_at)
    t = _revisions(s, t, _cycles(g))
    s.complete(t + g.minutes(1, 71))
    return s


def completed_with_revisions(g: Generator, room: int) -> None:
    s = g.start_final(spread=True)
    t = _work_until_delivery(s, s.order.ordered_at)
    t = _revisions(s, t, g.rng.randint(1, 3))
    s.complete(t + g.minutes(1, 71))


def _with_request(answer_kind: str):
    """A completed order with one resolution request during the work."""
    def story(g: Generator, room: int) -> None:
        completed(g, room, before_delivery=lambda s, placed: _request_then_deliver(
            s, placed, answer_kind))
    story.__name__ = f"completed_{answer_kind}"
    return story


def _request_then_deliver(s: OrderScript, placed: datetime, story: str) -> datetime:
    g, rng = s.gen, s.gen.rng
    t = placed + g.minutes(0.1, 20)
    s.requirements(t)
    t += g.minutes(4, max(5, s.package.days * 12))
    if story.startswith("extension"):
        rid = s.request(t, "extension", days=rng.randint(1, 3),
                        reason=rng.choice(cat.EXTENSION_REASONS),
                        message="Could we move the deadline? I want to get this right.")
        if story == "extension_timeout":
            t += timedelta(hours=48)
            s.answer(t, rid, "accepted", by_timeout=True)
        else:
            t += g.minutes(0.5, 30)
            s.answer(t, rid, {"extension_accepted": "accepted",
                              "extension_declined": "declined"}[story])
    elif story == "extra":
        name, usd, days = rng.choice(cat.EXTRAS)
        rid = s.request(t, "extra", amount=s.amount(cat.price_in(usd, s.order.price.currency)),
                        days=days, items=[name], message="Happy to add this for you.")
        t += g.minutes(0.5, 20)
        s.answer(t, rid, "accepted")
    elif story == "refund":
        most = s.order.price.minor * 6 // 10
        amount = max(5_00, s.order.price.minor * rng.randint(10, 40) // 100 // 100 * 100)
        rid = s.request(t, "partial_refund", amount=s.amount(min(amount, most)),
                        reason=rng.choice(cat.REFUND_REASONS))
        t += g.minutes(0.5, 20)
        s.answer(t, rid, "accepted")
    elif story == "withdrawn":
        rid = s.request(t, "extension", days=1, reason=rng.choice(cat.EXTENSION_REASONS))
        t += g.minutes(0.2, 3)
        s.answer(t, rid, "withdrawn")
    t += g.minutes(2, max(3, s.package.days * 18))
    s.deliver(t)
    return t


def completed_refund(g: Generator, room: int) -> None:
    # A partial refund needs a price over the profile's minimum: pick such a package.
    s = g.start_final()
    if s.order.price.minor <= 50_00:
        s.note(s.order.ordered_at + g.minutes(0.1, 1))
        t = _work_until_delivery(s, s.order.ordered_at)
    else:
        t = _request_then_deliver(s, s.order.ordered_at, "refund")
    s.complete(t + g.minutes(1, 71))


# -- cancelled ------------------------------------------------------------------
def cancel_buyer_before_requirements(g: Generator, room: int) -> None:
    s = g.start_final()
    s.cancel(s.order.ordered_at + g.minutes(0.2, 48), "buyer",
             g.rng.choice(cat.BUYER_CANCEL_REASONS[:2]))


def cancel_by_seller(g: Generator, room: int) -> None:
    s = g.start_final()
    t = s.order.ordered_at + g.minutes(0.1, 20)
    s.requirements(t)
    s.cancel(t + g.minutes(1, 48), "seller", g.rng.choice(cat.SELLER_CANCEL_REASONS))


def cancel_seller_request_timeout(g: Generator, room: int) -> None:
    s = g.start_final()
    t = s.order.ordered_at + g.minutes(0.1, 20)
    s.requirements(t)
    t += g.minutes(2, 30)
    rid = s.request(t, "cancellation", by="seller", reason=g.rng.choice(cat.SELLER_CANCEL_REASONS))
    s.answer(t + timedelta(hours=48), rid, "accepted", by_timeout=True)


def cancel_buyer_very_late(g: Generator, room: int) -> None:
    s = g.start_final(4)
    t = s.order.ordered_at + g.minutes(0.1, 20)
    s.requirements(t)
    s.cancel(s.order.due_at + g.minutes(25, 72), "buyer", cat.BUYER_CANCEL_REASONS[2])


def cancel_support(g: Generator, room: int) -> None:
    s = g.start_final()
    t = s.order.ordered_at + g.minutes(0.1, 20)
    s.requirements(t)
    s.cancel(t + g.minutes(1, 30), "support", g.rng.choice(cat.SUPPORT_REASONS), exempt=True)


def _mutual(g: Generator, room: int, reorder_after: tuple[float, float] | None) -> None:
    if reorder_after is not None and room < 2:
        reorder_after = None  # no room left in this batch for the reorder
    s = g.start_final(30)
    t = s.order.ordered_at + g.minutes(0.1, 20)
    s.requirements(t)
    t += g.minutes(3, 40)
    rid = s.request(t, "cancellation", by="mutual", reason=g.rng.choice(cat.MUTUAL_REASONS))
    reorder_ref = g.new_ref() if reorder_after else None
    if reorder_ref:
        # The lifecycle edits only active orders, so the link is noted while the
        # cancellation awaits the buyer's answer (the buyer said they will reorder).
        s.link_reorder(t + g.minutes(0.1, 1), reorder_ref)
    t += g.minutes(1.1, 40)
    s.answer(t, rid, "accepted")
    if reorder_ref and reorder_after:
        placed = t + g.minutes(*reorder_after)
        buyer = (s.order.buyer, s.order.price.currency)
        package = g.rng.choice(s.gig.packages)
        r = g.start(placed, s.gig, package, buyer=buyer, ref=reorder_ref)
        t = _work_until_delivery(r, placed)
        r.complete(t + g.minutes(1, 71))


def cancel_mutual(g: Generator, room: int) -> None:
    _mutual(g, room, None)


def cancel_mutual_reorder(g: Generator, room: int) -> None:
    _mutual(g, room, (1, 13 * 24))


def cancel_mutual_late_reorder(g: Generator, room: int) -> None:
    _mutual(g, room, (15 * 24, 25 * 24))


# -- active (placed relative to now) --------------------------------------------
def awaiting_requirements(g: Generator, room: int) -> None:
    s = g.start(g.now - g.minutes(0.5, 72), *g.pick(), spread=True)
    if g.rng.random() < 0.3:
        s.note(min(g.now, s.order.ordered_at + g.minutes(0.1, 1)))


def _in_progress(g: Generator, due_from_now: timedelta, late_by: timedelta | None = None,
                 spread: bool = True) -> OrderScript:
    """An order in progress, due `due_from_now` from now as placed; with `late_by`, the
    requirements come soon enough (the clock starts there) that it stays that late."""
    gig, package = g.pick()
    placed = g.now + due_from_now - timedelta(days=package.days)
    s = g.start(min(placed, g.now - 2 * HOUR), gig, package, spread=spread)
    avail = int((g.now - s.order.ordered_at).total_seconds() // 60)
    most = min(1200, avail - 30)
    if late_by is not None:
        most = min(most, int((-due_from_now - late_by).total_seconds() // 60) - 1)
    s.requirements(s.order.ordered_at + timedelta(minutes=g.rng.randint(5, max(5, most))))
    return s


def in_progress(g: Generator, room: int) -> None:
    _in_progress(g, g.minutes(2, 4 * 24))


def in_progress_late(g: Generator, room: int) -> None:
    _in_progress(g, -g.minutes(1, 23), late_by=timedelta(0))


def in_progress_very_late(g: Generator, room: int) -> None:
    # Very late is a Fiverr rule (24 h past due); not every marketplace has one.
    _in_progress(g, -g.minutes(25, 7 * 24), late_by=24 * HOUR, spread=False)


def in_progress_extension_open(g: Generator, room: int) -> None:
    s = _in_progress(g, g.minutes(-20, 48), spread=False)
    sent = max(s.order.requirements_at + g.minutes(0.1, 0.3), g.now - g.minutes(1, 40))
    s.request(min(sent, g.now), "extension", days=g.rng.randint(1, 3),
              reason=g.rng.choice(cat.EXTENSION_REASONS))


def delivered(g: Generator, room: int) -> None:
    last = g.now - g.minutes(1, 60)
    cycles = g.rng.random() < 0.3
    first = last - (g.minutes(26, 72) if cycles else timedelta(0))
    s = g.start(first - g.minutes(24, 5 * 24) - 20 * HOUR, *g.pick(), spread=True)
    s.requirements(s.order.ordered_at + g.minutes(0.1, 20))
    s.deliver(first)
    if cycles:
        s.revision(first + g.minutes(1, 24))
        s.deliver(last)


def revision_requested(g: Generator, room: int) -> None:
    asked = g.now - g.minutes(1, 40)
    first = asked - g.minutes(2, 48)
    s = g.start(first - g.minutes(24, 5 * 24) - 20 * HOUR, *g.pick(), spread=True)
    s.requirements(s.order.ordered_at + g.minutes(0.1, 20))
    s.deliver(first)
    s.revision(asked)


_STORIES = (
    (completed, 40), (completed_with_revisions, 14),
    (_with_request("extension_accepted"), 3), (_with_request("extension_timeout"), 2),
    (_with_request("extension_declined"), 1), (_with_request("extra"), 4),
    (completed_refund, 2), (_with_request("withdrawn"), 1),
    (cancel_buyer_before_requirements, 2), (cancel_by_seller, 1.5),
    (cancel_seller_request_timeout, 1), (cancel_buyer_very_late, 1), (cancel_mutual, 1.5),
    (cancel_mutual_reorder, 1.5), (cancel_mutual_late_reorder, 0.5), (cancel_support, 0.5),
    (awaiting_requirements, 3), (in_progress, 5), (in_progress_late, 1.5),
    (in_progress_very_late, 1), (in_progress_extension_open, 1), (delivered, 5),
    (revision_requested, 3),
)
SCENARIOS = tuple(story for story, _w in _STORIES)
CUM_WEIGHTS = tuple(itertools.accumulate(w for _s, w in _STORIES))
# The first orders of every demo walk through each story once.
FIRST_SCENARIOS = SCENARIOS
