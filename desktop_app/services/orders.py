"""Use cases on orders: the only code that changes state, one transaction each.

Each method loads the order, lets the lifecycle judge the event, then appends
the event and updates the projection in the same transaction. A refusal
raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.codec import FieldError, order_from_dict
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.events import Event, new_id
from desktop_app.domain.order import Order
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile
from desktop_app.domain.refs import check_ref
from desktop_app.domain.requests import due_timeout
from desktop_app.domain.timeutil import ensure_aware, utc_now
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import orders, to_db


class NotFound(LookupError):
    """No order with that ref."""


class OrderBook:
    """The seller's orders. Every change goes through here."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now,
                 profile: MarketplaceProfile = DEFAULT_PROFILE):
        self.db = db
        self.clock = clock
        self.profile = profile
        self.listeners: list[Callable[[list[str]], None]] = []
        self.device_id = db.device_id()  # before any transaction needs it

    # -- reading ---------------------------------------------------------
    def get(self, ref: str) -> Order:
        with self.db.transaction() as conn:
            return self._load(conn, ref)

    def get_by_id(self, order_id: str) -> Order:
        with self.db.transaction() as conn:
            order = repo.load_order(conn, order_id=order_id)
        if order is None:
            raise NotFound(f"No order with id {order_id}")
        return order

    def history(self, ref: str) -> list[Event]:
        with self.db.transaction() as conn:
            return repo.events_of(conn, self._load(conn, ref).id)

    # -- use cases -------------------------------------------------------
    def create_order(self, fields: dict[str, Any], at: datetime | None = None) -> Order:
        """A new order from interchange fields (status defaults to awaiting requirements)."""
        data = {"status": "awaiting_requirements", "scope": [], "package": "", **fields}
        try:
            order_from_dict(data)  # validates every field before anything is written
        except FieldError as exc:
            raise LifecycleError(f"{exc.field}: {exc.message}") from None
        with self.db.write() as conn:
            if repo.load_order(conn, ref=data["ref"]) is not None:
                raise LifecycleError(f"An order {data['ref']} exists already")
            event = self._event(conn, new_id(), ev.ORDER_CREATED, {"order": data}, at)
            order = lifecycle.apply(None, event, self.profile)
            repo.save_order(conn, order, new=True)
            repo.append_events(conn, [repo.event_row(event)])
        self._changed([order.id])
        return order

    def record_requirements(self, ref: str, at: datetime | None = None) -> Order:
        return self.act(ref, ev.REQUIREMENTS_RECEIVED, {}, at)

    def deliver(self, ref: str, message: str, files: list[dict] | None = None,
                at: datetime | None = None, *, guard: Callable[[], None] | None = None
                ) -> Order:
        """`guard` runs under the write lock before the event is appended; it raises
        LifecycleError to refuse (the delivery service checks its files are stored)."""
        if not message.strip():
            raise LifecycleError("A delivery needs a message to the buyer")
        return self.act(ref, ev.DELIVERED, {"message": message, "files": files or []}, at,
                        guard=guard)

    def record_revision(self, ref: str, text: str, points: list[dict],
                        at: datetime | None = None) -> Order:
        return self.act(ref, ev.REVISION_REQUESTED, {"text": text, "points": points}, at)

    def override_verdict(self, ref: str, request: int, point: int, verdict: str,
                         hours: str | None = None) -> Order:
        data: dict[str, Any] = {"request": request, "point": point, "verdict": verdict}
        if hours is not None:
            data["hours"] = hours
        return self.act(ref, ev.VERDICT_OVERRIDDEN, data)

    def open_request(self, ref: str, request: dict, at: datetime | None = None) -> Order:
        """Extension, extra, partial refund or cancellation; validated by the profile."""
        order = self.act(ref, ev.REQUEST_OPENED, {"request": {"id": new_id(), **request}}, at)
        # Entered late with its deadline already gone: silence has answered it.
        return self.apply_timeouts(self.clock(), refs=[ref]).get(ref, order)

    def answer_request(self, ref: str, status: str, at: datetime | None = None) -> Order:
        order = self.get(ref)
        request = order.open_request
        if request is None:
            raise LifecycleError(f"Order {ref} has no open request to answer")
        return self.act(ref, ev.REQUEST_ANSWERED, {"request_id": request.id, "status": status},
                        at)

    def cancel(self, ref: str, by: str, reason: str = "", exempt: bool | None = None,
               at: datetime | None = None) -> Order:
        return self.act(ref, ev.CANCELLED, {"by": by, "reason": reason, "exempt": exempt}, at)

    def complete(self, ref: str, at: datetime | None = None) -> Order:
        return self.act(ref, ev.COMPLETED, {}, at)

    def edit_notes(self, ref: str, notes: str, at: datetime | None = None) -> Order:
        return self.act(ref, ev.NOTE_EDITED, {"notes": notes}, at)

    def edit_order(self, ref: str, changes: dict[str, Any], at: datetime | None = None) -> Order:
        # A reorder's ref is a ref like any other: it may name a folder one day.
        if changes.get("reordered_as"):  # "" or None clears it
            try:
                check_ref(changes["reordered_as"], "reordered_as")
            except FieldError as exc:
                raise LifecycleError(f"{exc.field}: {exc.message}") from None
        return self.act(ref, ev.ORDER_EDITED, changes, at)

    def apply_timeouts(self, now: datetime | None = None, refs: list[str] | None = None
                       ) -> dict[str, Order]:
        """Answer, as the profile says, every open request whose deadline passed by `now`."""
        now = now or self.clock()
        changed: dict[str, Order] = {}
        with self.db.write() as conn:
            query = select(orders.c.ref).where(orders.c.request_expires_at <= to_db(now))
            if refs is not None:
                query = query.where(orders.c.ref.in_(refs))
            for ref in conn.execute(query).scalars().all():
                order = self._load(conn, ref)
                changed[ref] = self._settle(conn, order, now)
        if changed:
            self._changed([o.id for o in changed.values()])
        return changed

    # -- plumbing --------------------------------------------------------
    def act(self, ref: str, kind: str, data: dict, at: datetime | None = None, *,
            guard: Callable[[], None] | None = None) -> Order:
        at = ensure_aware(at) if at is not None else self.clock()
        # The write lock first: the order read here is the one the event applies to,
        # even when another process (a second `gigdesk deliver`) acts at the same time.
        with self.db.write() as conn:
            order = self._settle(conn, self._load(conn, ref), at)
            if guard is not None:
                guard()
            event = self._event(conn, order.id, kind, data, at)
            new = lifecycle.apply(order, event, self.profile)
            repo.append_events(conn, [repo.event_row(event)])
            repo.save_order(conn, new)
        self._changed([new.id])
        return new

    def _settle(self, conn: Connection, order: Order, now: datetime) -> Order:
        """Apply the timeout answer that silence gave by `now`, as a visible event."""
        due = due_timeout(order, now)
        if due is None:
            return order
        when, data = due
        event = self._event(conn, order.id, ev.REQUEST_ANSWERED, data, when)
        order = lifecycle.apply(order, event, self.profile)
        repo.append_events(conn, [repo.event_row(event)])
        repo.save_order(conn, order)
        return order

    def _event(self, conn: Connection, order_id: str, kind: str, data: dict,
               at: datetime | None) -> Event:
        return Event(order_id=order_id, kind=kind, at=at or self.clock(), data=data,
                     device_id=self.device_id,
                     device_seq=repo.next_device_seq(conn, self.device_id))

    def _load(self, conn: Connection, ref: str) -> Order:
        order = repo.load_order(conn, ref=ref)
        if order is None:
            raise NotFound(f"No order {ref}")
        return order

    def _changed(self, order_ids: list[str]) -> None:
        for listener in list(self.listeners):
            listener(order_ids)

