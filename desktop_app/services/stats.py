"""Seller metrics over the whole database, at an instant."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from desktop_app.domain import lifecycle
from desktop_app.domain.codec import order_from_state
from desktop_app.domain.earnings import summarize
from desktop_app.domain.levels import average_rating, checklist
from desktop_app.domain.metrics import OrderFacts, compute
from desktop_app.domain.money import Money
from desktop_app.domain.order import Status
from desktop_app.domain.profile import DEFAULT_PROFILE, FIVERR, MarketplaceProfile
from desktop_app.domain.timeutil import from_stored, to_stored
from desktop_app.services.earnings import earning_facts
from desktop_app.services.orders import unsettled
from desktop_app.storage.db import Database
from desktop_app.storage.queries import metric_rows
from desktop_app.storage.schema import orders


def order_facts(db: Database, at: datetime | None = None,
                profile: MarketplaceProfile = DEFAULT_PROFILE,
                failed: dict[str, str] | None = None) -> list[OrderFacts]:
    """Every order's facts; with `at`, as silence has answered the requests expired by
    then, computed in memory (metrics are a read: they never record the answer). Orders
    whose answer cannot be computed keep their stored facts and go into `failed`."""
    with db.transaction() as conn:
        rows = metric_rows(conn)
        expired = [] if at is None else conn.execute(
            select(orders.c.ref, orders.c.state)
            .where(orders.c.request_expires_at <= to_stored(at))).all()
    facts = [OrderFacts(ref, Status(status), *map(from_stored, (ordered, due, req, first,
                                                                 done, cancelled)), by,
                        None if exempt is None else bool(exempt), reorder, revisions or 0)
             for (ref, status, ordered, due, req, first, done, cancelled, by, exempt, reorder,
                  revisions) in rows]
    if expired:
        settled = {}
        for ref, state in expired:
            try:
                order, _answer = lifecycle.settled(order_from_state(json.loads(state)), at,
                                                   profile)
                settled[ref] = OrderFacts.of(order)
            except Exception as exc:  # noqa: BLE001 - one bad order: counted as stored
                if failed is not None:
                    failed[ref] = unsettled(exc)
        facts = [settled.get(f.ref, f) for f in facts]
    return facts


def compute_stats(db: Database, at: datetime,
                  profile: MarketplaceProfile = DEFAULT_PROFILE,
                  failed: dict[str, str] | None = None) -> dict:
    return compute(order_facts(db, at, profile, failed), at, profile)


def seller_stats(db: Database, at: datetime,
                 profile: MarketplaceProfile = DEFAULT_PROFILE,
                 failed: dict[str, str] | None = None) -> dict:
    """compute_stats and, over the completed orders: the average rating (null when none),
    the unique buyers, the net earned in the metrics window per currency (decimal
    strings, never summed across currencies) and Fiverr's level checklist."""
    stats = compute_stats(db, at, profile, failed)
    done = [o for o in earning_facts(db) if o.completed_at is not None and o.completed_at <= at]
    rating = average_rating(done)
    start = at - profile.metrics_window
    window = [o for o in done if start < o.completed_at]
    summary = summarize(window, at)
    stats["average_rating"] = None if rating is None else round(float(rating), 2)
    stats["unique_buyers"] = len({o.buyer for o in done})
    stats["earnings"] = {code: Money(sum(c.by_month.values()), code).amount_str()
                         for code, c in summary.currencies.items()}
    stats["level"] = checklist(done, FIVERR)
    return stats
