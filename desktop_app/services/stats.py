"""Seller metrics over the whole database, at an instant."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain.metrics import OrderFacts, compute
from desktop_app.domain.order import Status
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile
from desktop_app.storage.db import Database
from desktop_app.storage.queries import metric_rows


def _ts(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def order_facts(db: Database) -> list[OrderFacts]:
    with db.transaction() as conn:
        rows = metric_rows(conn)
    return [OrderFacts(ref, Status(status), _ts(ordered), _ts(due), _ts(req), _ts(first),
                       _ts(done), _ts(cancelled), by,
                       None if exempt is None else bool(exempt), reorder, revisions or 0)
            for (ref, status, ordered, due, req, first, done, cancelled, by, exempt, reorder,
                 revisions) in rows]


def compute_stats(db: Database, at: datetime,
                  profile: MarketplaceProfile = DEFAULT_PROFILE) -> dict:
    return compute(order_facts(db), at, profile)
