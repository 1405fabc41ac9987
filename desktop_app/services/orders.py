"""Use cases on orders: the only code that changes state, one transaction each.

Each method loads the order, lets the lifecycle judge the event, then appends
the event and updates the projection in the same transaction. A refusal
raises before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, select
from sqlalchemy.exc import OperationalError

from desktop_app.domain import bounds, lifecycle
from desktop_app.domain import events as ev
from desktop_app.domain.codec import FieldError, order_from_dict
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.events import Event, new_id
from desktop_app.domain.order import Order
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile, profile_for
from desktop_app.domain.refs import check_ref
from desktop_app.domain.refund_rules import rate_needed
from desktop_app.domain.timeutil import ensure_aware, to_stored, utc_now
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import orders
from desktop_app.storage.statements import among


class NotFound(LookupError):
    """No order with that ref."""


class NotesConflict(LifecycleError):
    """The notes changed (elsewhere) since the editor read them: nothing was saved."""

    def __init__(self, ref: str, stored: str, mine: str):
        super().__init__(f"Order {ref}: the notes were changed elsewhere while you edited "
                         "them; nothing was saved, compare both versions")
        self.ref, self.stored, self.mine = ref, stored, mine


class OrderView(NamedTuple):
    order: Order
    history: list[Event]
    answer: Event | None  # silence's answer, computed, not stored yet
    unsettled: str | None  # why that answer cannot be computed (the order as stored)


class Settled(dict[str, Order]):
    """{ref: order} of the requests silence answered; `failed` ({ref: why}) names the
    orders whose answer could not be applied: skipped, so one bad order never stops
    the others (or the command that settles them)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed: dict[str, str] = {}


def require_rate(order: Order, request: dict) -> None:
    """A partial refund opened now on an order in another currency than its marketplace's
    needs the exchange rate the seller confirms; LifecycleError asking for it if not."""
    if request.get("kind") != "partial_refund" or request.get("rate") is not None:
        return
    profile = profile_for(order.marketplace)
    if order.price.currency != profile.reference_currency:
        raise LifecycleError(rate_needed(order, profile))


class OrderBook:
    """The seller's orders. Every change goes through here."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now,
                 profile: MarketplaceProfile | None = None):
        self.db = db
        self.clock = clock
        # Each order follows its own marketplace's rules; `profile` forces one on all.
        self.rules = profile
        self.profile = profile or DEFAULT_PROFILE  # the seller's: metrics, price steps
        self.listeners: list[Callable[[list[str]], None]] = []
        db.device_id()  # made before any transaction needs it

    @property
    def device_id(self) -> str:
        """The installation's id now: sync may give it a new one (Database.adopt_device_id)."""
        return self.db.device_id()

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
            checked = order_from_dict(data)  # validates every field before anything is written
            bounds.amount(checked.price.minor, checked.price.currency, "price")
            bounds.moment(checked.ordered_at, "ordered_at")
            bounds.moment(checked.due_at, "due_at")
        except FieldError as exc:
            raise LifecycleError(f"{exc.field}: {exc.message}") from None
        with self.db.write() as conn:
            if repo.load_order(conn, ref=data["ref"]) is not None:
                raise LifecycleError(f"An order {data['ref']} exists already")
            event = self._event(conn, new_id(), ev.ORDER_CREATED, {"order": data}, at)
            order = lifecycle.apply(None, event, self.rules)
            repo.save_order(conn, order, new=True)
            repo.append_events(conn, [repo.event_row(event)])
        self._changed([order.id])
        return order

    def record_requirements(self, ref: str, at: datetime | None = None) -> Order:
        return self.act(ref, ev.REQUIREMENTS_RECEIVED, {}, at)

    def deliver(self, ref: str, message: str, files: list[dict] | None = None,
                at: datetime | None = None, *, check: Callable[[Order], None] | None = None
                ) -> Order:
        """`check` runs under the write lock before the event is appended; it raises
        LifecycleError to refuse (the delivery service checks its files are stored)."""
        if not message.strip():
            raise LifecycleError("A delivery needs a message to the buyer")
        return self.act(ref, ev.DELIVERED, {"message": message, "files": files or []}, at,
                        check=check)

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
        """Extension, extra, partial refund or cancellation; validated by the profile.

        A partial refund opened now on an order in another currency than its
        marketplace's needs the rate the seller confirms (history replays without)."""
        require_rate(self.get(ref), request)
        order = self.act(ref, ev.REQUEST_OPENED, {"request": {"id": new_id(), **request}}, at)
        # Entered late with its deadline already gone: silence has answered it.
        return self.apply_timeouts(self.clock(), refs=[ref]).get(ref, order)

    def answer_request(self, ref: str, status: str, at: datetime | None = None) -> Order:
        stored = self.get(ref)
        order, timeout = lifecycle.settled(stored, at or self.clock(), self.rules)
        request = order.open_request
        if request is None and timeout is not None:
            raise LifecycleError(f"Order {ref} has no open request to answer: silence "
                                 f"answered it on {timeout.at:%Y-%m-%d %H:%M} UTC")
        if request is None:
            raise LifecycleError(f"Order {ref} has no open request to answer")
        return self.act(ref, ev.REQUEST_ANSWERED, {"request_id": request.id, "status": status},
                        at)

    def cancel(self, ref: str, by: str, reason: str = "", exempt: bool | None = None,
               at: datetime | None = None) -> Order:
        return self.act(ref, ev.CANCELLED, {"by": by, "reason": reason, "exempt": exempt}, at)

    def complete(self, ref: str, at: datetime | None = None) -> Order:
        return self.act(ref, ev.COMPLETED, {}, at)

    def edit_notes(self, ref: str, notes: str, at: datetime | None = None, *,
                   base: str | None = None) -> Order:
        """Store `notes`. With `base` (the notes the editor started from): only if the
        stored notes are still those, checked inside the write; else NotesConflict, and
        the seller compares both (an edit made elsewhere is never overwritten silently)."""
        def unchanged(order: Order) -> None:
            if base is not None and order.notes != base and order.notes != notes:
                raise NotesConflict(ref, order.notes, notes)
        return self.act(ref, ev.NOTE_EDITED, {"notes": notes}, at, check=unchanged)

    def edit_order(self, ref: str, changes: dict[str, Any], at: datetime | None = None) -> Order:
        # A reorder's ref is a ref like any other: it may name a folder one day.
        if changes.get("reordered_as"):  # "" or None clears it
            try:
                check_ref(changes["reordered_as"], "reordered_as")
            except FieldError as exc:
                raise LifecycleError(f"{exc.field}: {exc.message}") from None
        return self.act(ref, ev.ORDER_EDITED, changes, at)

    def apply_timeouts(self, now: datetime | None = None, refs: list[str] | None = None
                       ) -> Settled:
        """Answer, as the profile says, every open request whose deadline passed by `now`.

        Each order in a savepoint of its own: one whose answer cannot be applied (a bad
        row from elsewhere) is rolled back alone, named in `failed`, and skipped."""
        now = now or self.clock()
        changed = Settled()
        with self.db.transaction() as conn:
            query = select(orders.c.ref).where(orders.c.request_expires_at <= to_stored(now))
            if refs is not None:
                query = query.where(among(conn, orders.c.ref, refs))
            due = conn.execute(query).scalars().all()
            if due:
                # pysqlite would not begin before a SAVEPOINT; take the write lock now.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            for ref in due:
                try:
                    with conn.begin_nested():
                        changed[ref] = self._settle(conn, self._load(conn, ref), now)
                except OperationalError:
                    raise  # locked, read-only, full: the environment, not this order
                except Exception as exc:  # noqa: BLE001 - a bad order, see unsettled()
                    changed.failed[ref] = unsettled(exc)
        if changed:
            self._changed([o.id for o in changed.values()])
        return changed

    def view(self, ref: str, now: datetime | None = None) -> OrderView:
        """The order and its history as silence has answered them by `now`, computed
        without writing (the next change records that answer)."""
        with self.db.transaction() as conn:
            order = self._load(conn, ref)
            history = repo.events_of(conn, order.id)
        try:
            settled, answer = lifecycle.settled(order, now or self.clock(), self.rules)
        except (LifecycleError, ArithmeticError, ValueError) as exc:
            return OrderView(order, history, None, unsettled(exc))
        return OrderView(settled, history + ([answer] if answer else []), answer, None)

    # -- plumbing --------------------------------------------------------
    def act(self, ref: str, kind: str, data: dict, at: datetime | None = None, *,
            check: Callable[[Order], None] | None = None) -> Order:
        """Record one event; `check`, when given, may refuse it on the order as stored."""
        at = ensure_aware(at) if at is not None else self.clock()
        try:
            bounds.moment(at, "at")
        except FieldError as exc:
            raise LifecycleError(str(exc)) from None
        # The write lock first: the order read here is the one the event applies to,
        # even when another process (a second `gigdesk deliver`) acts at the same time.
        with self.db.write() as conn:
            order = self._load(conn, ref)
            try:
                order = self._settle(conn, order, at)
            except (LifecycleError, ArithmeticError, ValueError) as exc:
                raise LifecycleError(f"Order {ref} cannot change: {unsettled(exc)}") from None
            if check is not None:
                check(order)
            event = self._event(conn, order.id, kind, data, at)
            new = lifecycle.apply(order, event, self.rules)
            repo.append_events(conn, [repo.event_row(event)])
            repo.save_order(conn, new)
        self._changed([new.id])
        return new

    def _settle(self, conn: Connection, order: Order, now: datetime) -> Order:
        """Apply the timeout answer that silence gave by `now`, as a visible event."""
        settled, answer = lifecycle.settled(order, now, self.rules)
        if answer is None:
            return order
        event = self._event(conn, order.id, answer.kind, answer.data, answer.at)
        repo.append_events(conn, [repo.event_row(event)])
        repo.save_order(conn, settled)
        return settled

    def _event(self, conn: Connection, order_id: str, kind: str, data: dict,
               at: datetime | None) -> Event:
        return Event(order_id=order_id, kind=kind, at=at or self.clock(), data=data,
                     device_id=self.device_id,
                     device_seq=repo.next_device_seq(conn, self.device_id))

    def _load(self, conn: Connection, ref: str) -> Order:
        try:
            order = repo.load_order(conn, ref=ref)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # damaged elsewhere
            raise LifecycleError(f"Order {ref}: its stored record cannot be read "
                                 f"({str(exc)[:120] or type(exc).__name__}); run gigdesk "
                                 "check") from None
        if order is None:
            raise NotFound(f"No order {ref}")
        return order

    def _changed(self, order_ids: list[str]) -> None:
        for listener in list(self.listeners):
            listener(order_ids)



def unsettled(exc: Exception) -> str:
    """Why an expired request's answer could not be applied, for the seller."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, OverflowError):
        text = "a date in it is past the last one GigDesk can store"
    return f"its expired request could not be settled ({text})"
