"""Reminders, each shown once: a deadline within 6 h, a newly late order, an auto-completion.

Which reminders were already shown is kept in the meta table, so a restart
does not repeat them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select

from desktop_app.domain.order import Status
from desktop_app.domain.profile import PROFILES
from desktop_app.domain.timeutil import from_stored, to_stored
from desktop_app.services.settings import Settings
from desktop_app.storage.db import Database
from desktop_app.storage.meta_rows import get_meta, set_meta
from desktop_app.storage.schema import orders

DEADLINE_NOTICE = timedelta(hours=6)
AUTO_COMPLETE_NOTICE = timedelta(hours=12)
_SHOWN_KEY = "reminders:shown"


@dataclass(frozen=True)
class Reminder:
    key: str
    ref: str
    title: str
    text: str


def _deadlines(conn, now: datetime) -> list[Reminder]:
    expiry = orders.c.request_expires_at
    rows = conn.execute(select(orders.c.ref, orders.c.open_request, expiry)
                        .where(and_(expiry > to_stored(now),
                                    expiry <= to_stored(now + DEADLINE_NOTICE))))
    out = []
    for ref, kind, expires in rows:
        left = from_stored(expires) - now
        hours = max(1, round(left.total_seconds() / 3600))
        outcome = "accepted" if kind == "extension" else "the order is cancelled"
        out.append(Reminder(f"deadline:{ref}:{expires}", ref, f"{ref}: answer due in {hours} h",
                            f"If the buyer stays silent, the {kind.replace('_', ' ')} request "
                            f"is {'accepted' if kind == 'extension' else outcome}."))
    return out


def _late(conn, now: datetime) -> list[Reminder]:
    rows = conn.execute(select(orders.c.ref, orders.c.due_at).where(and_(
        orders.c.status.in_([Status.IN_PROGRESS.value, Status.REVISION_REQUESTED.value]),
        orders.c.due_at < to_stored(now))))
    return [Reminder(f"late:{ref}:{due}", ref, f"{ref} is late",
                     "It was due " + f"{from_stored(due):%a %d %b %H:%M} UTC; tell the buyer when "
                     "to expect it, or request an extension.") for ref, due in rows]


def _auto_complete(conn, now: datetime, after: timedelta, marketplace: str | None = None
                   ) -> list[Reminder]:
    """Delivered orders (of `marketplace`, or all) completing within the notice."""
    soon = now - after + AUTO_COMPLETE_NOTICE
    conditions = [orders.c.status == Status.DELIVERED.value,
                  orders.c.delivered_at <= to_stored(soon),
                  orders.c.delivered_at > to_stored(now - after)]
    if marketplace is not None:
        conditions.append(orders.c.marketplace == marketplace)
    rows = conn.execute(select(orders.c.ref, orders.c.delivered_at).where(and_(*conditions)))
    return [Reminder(f"auto:{ref}:{at}", ref, f"{ref} completes by itself soon",
                     f"Without an answer from the buyer it completes at "
                     f"{from_stored(at) + after:%a %d %b %H:%M} UTC.") for ref, at in rows]


def _auto_completions(conn, now: datetime, after: timedelta | None) -> list[Reminder]:
    """With `after`, one window for every order; without, each marketplace's own (none
    where it publishes no auto-completion)."""
    if after is not None:
        return _auto_complete(conn, now, after)
    return [r for key, profile in PROFILES.items() if profile.auto_complete_after is not None
            for r in _auto_complete(conn, now, profile.auto_complete_after, key)]


def due_reminders(db: Database, now: datetime, auto_complete_after: timedelta | None = None
                  ) -> list[Reminder]:
    """Reminders not shown before; empty when the seller turned reminders off."""
    if not Settings(db).get("reminders"):
        return []
    with db.transaction() as conn:
        found = _deadlines(conn, now) + _late(conn, now) + \
            _auto_completions(conn, now, auto_complete_after)
        shown = _shown(conn)
    return [r for r in found if r.key not in shown]


def _shown(conn) -> set[str]:
    raw = get_meta(conn, _SHOWN_KEY)
    return set(json.loads(raw)) if raw else set()


def mark_shown(db: Database, reminders: list[Reminder]) -> None:
    with db.transaction() as conn:
        shown = _shown(conn) | {r.key for r in reminders}
        value = json.dumps(sorted(shown))
        set_meta(conn, _SHOWN_KEY, value)
