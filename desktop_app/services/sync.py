"""Sync use cases: one round with a server, the pending count, conflicts and their fixes.

The transport (desktop_app.sync.client.SyncClient, or anything with the same
`push` and `pull`) is handed in, so this layer knows nothing of HTTP. A round
pushes the outbox in batches, then pulls pages until the server has no more;
each answer is stored in its own transaction, so an interrupted round loses
nothing and the next one goes on where it stopped. A failure before the first
answer changes nothing locally.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, select

from desktop_app.domain import events as ev
from desktop_app.domain.timeutil import format_ts, utc_now
from desktop_app.services import sync_files
from desktop_app.services import sync_local as local
from desktop_app.services.collector import paused_gc
from desktop_app.services.orders import OrderBook
from desktop_app.services.settings import Settings
from desktop_app.services.sync_replay import NOTES, loads
from desktop_app.storage.db import Database
from desktop_app.storage.meta_rows import get_meta, set_meta
from desktop_app.storage.schema import events, orders, sync_marks
from desktop_app.storage.statements import among
from desktop_app.storage.tuning import bulk_wal

PUSH_BATCH = 20_000
PUSH_BYTES = 16 * 1024 * 1024  # well under the server's 32 MiB request limit
PULL_PAGE = 20_000
INSECURE_OK = "sync:insecure_ok"  # the one http:// URL the seller agreed to send in clear


SENDING = "sent"
RECEIVING = "received"
# (SENDING or RECEIVING, changes so far, total or None when unknown): called after each
# batch a round stores, so a window can show how far a long first sync is.
Progress = Callable[[str, int, int | None], None]


class Transport(Protocol):
    def register(self, device_id: str) -> str: ...  # the device's key

    def use_device_key(self, key: str) -> None: ...

    def push(self, device_id: str, events: list[dict]) -> dict: ...

    def pull(self, device_id: str, cursor: int, limit: int) -> dict: ...


@dataclass
class RoundResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    changed: set[str] = field(default_factory=set)
    files: sync_files.FileRound | None = None  # delivery files moved after the events

    def summary(self) -> str:
        events = f"pushed {self.pushed}, pulled {self.pulled}, {self.conflicts} conflicts"
        moved = self.files.summary() if self.files is not None else ""
        return f"{events}; {moved}" if moved else events


@dataclass(frozen=True)
class SyncConflict:
    event_id: str
    order_id: str
    ref: str
    kind: str  # the event's kind
    type: str  # refused | ref | notes
    reason: str
    at: str
    device_id: str
    pending: bool  # not confirmed by the server yet
    versions: tuple[tuple[str, str], ...] = ()  # notes: (event id, text) of both sides


# The server's codes (the transport's errors carry them as `.code`) that this
# layer answers by registering again instead of giving up.
SEQUENCE_REUSED = "sequence_reused"  # this database went back: a new device id
DEVICE_TAKEN = "device_taken"  # the id is someone else's: a new device id
DEVICE_KEY = "device_key"  # the server does not know the key: register again
DEVICE = "sync:device"  # JSON {"id", "key"}: this device's registration with the server


class _WentBack(Exception):
    """The server holds seqs of this device past its last position: the database went
    back (a restored backup). Handled as the server's own word for it."""

    code = SEQUENCE_REUSED


def sync_round(db: Database, transport: Transport, *, server_url: str | None = None,
               push_batch: int = PUSH_BATCH, pull_page: int = PULL_PAGE,
               changed: Callable[[list[str]], None] | None = None,
               progress: Progress | None = None,
               cancel: threading.Event | None = None) -> RoundResult:
    result = RoundResult()
    report = progress or (lambda _what, _done, _total: None)
    _forget_other_server(db, server_url)
    for attempt in range(3):
        device_id = _registered(db, transport)
        try:
            _push_outbox(db, transport, device_id, push_batch, result, report)
            _pull_pages(db, transport, device_id, pull_page, result, report)
            break
        except Exception as exc:
            code = getattr(exc, "code", "")
            if code not in (SEQUENCE_REUSED, DEVICE_KEY) or attempt == 2:
                raise
            _forget_registration(db, new_id=code == SEQUENCE_REUSED)
    # Delivery files, once the events naming them are exchanged: see sync_files.
    result.files = sync_files.transfer(db, transport, progress=report, cancel=cancel)
    with db.transaction() as conn:
        local.advance_watermark(conn)
        set_meta(conn, local.LAST_SYNC, format_ts(utc_now()))
    result.conflicts = len(conflicts(db))
    if changed is not None and result.changed:
        changed(sorted(result.changed))
    return result


def _registered(db: Database, transport: Transport) -> str:
    """This device's id, registered with the server and its key handed to the
    transport. An id the server gives to someone else already is left for a new one;
    the events written under the old one stay, and are pushed as any others."""
    for _ in range(3):
        device_id = db.device_id()
        with db.transaction() as conn:
            saved = json.loads(get_meta(conn, DEVICE) or "{}")
        if saved.get("id") == device_id and saved.get("key"):
            transport.use_device_key(saved["key"])
            return device_id
        try:
            key = transport.register(device_id)
        except Exception as exc:
            if getattr(exc, "code", "") != DEVICE_TAKEN:
                raise
            _forget_registration(db, new_id=True)
            continue
        with db.transaction() as conn:
            set_meta(conn, DEVICE, json.dumps({"id": device_id, "key": key}))
        transport.use_device_key(key)
        return device_id
    raise RuntimeError("The sync server refused every new device id")


def _forget_registration(db: Database, *, new_id: bool) -> None:
    with db.transaction() as conn:
        set_meta(conn, DEVICE, "")
    if new_id:
        db.adopt_device_id()


def _push_outbox(db: Database, transport: Transport, device_id: str, push_batch: int,
                 result: RoundResult, report: Progress) -> None:
    """Push every unplaced event in batches, one request in flight at a time. While a
    batch is in flight the next one is read and encoded, and the answer to the one
    before is stored: the server never waits for this device between two batches."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as sender:
        outbox = _outbox(db, None, push_batch)
        total = status(db)["pending"] if outbox else 0
        sending = sender.submit(_sending(transport, device_id, outbox)) if outbox else None
        while outbox:
            upcoming = _outbox(db, outbox[-1].position, push_batch)
            send_upcoming = _sending(transport, device_id, upcoming) if upcoming else None
            answer = sending.result()
            placed = {r.get("id") for r in answer["results"]}
            if any(e.id not in placed for e in outbox):
                upcoming = send_upcoming = None  # an answer short of events (never ours)
            sending = sender.submit(send_upcoming) if send_upcoming else None
            with db.transaction() as conn:
                touched = local.record_push(conn, outbox, answer)
                local.rebuild(conn, touched)
            result.pushed += len(outbox)
            result.changed |= touched
            report(SENDING, result.pushed, max(total, result.pushed))
            outbox = upcoming or []  # what was left out goes next round


def _pull_pages(db: Database, transport: Transport, device_id: str, pull_page: int,
                result: RoundResult, report: Progress) -> None:
    """Pull until the server has no more; the next page is fetched while this one is
    stored (each page in its own transaction, the cursor moving with it).

    The first page says which seq of this device the server holds last: past this
    database's last position, the database went back (a restored backup) and what
    it pushed since never came back here, being its own. As a new device, it does.
    """
    with db.transaction() as conn:
        cursor = local.meta_int(conn, local.CURSOR)
        newest = local.last_position(conn)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as fetcher, \
            db.engine.connect() as conn, bulk_wal(conn):
        page = _pull(transport, device_id, cursor, pull_page)
        if int(page["acknowledged_seq"]) > newest:
            raise _WentBack("The sync server holds events of this device that its "
                            "database does not: it was restored from an older backup")
        while True:
            more = bool(page["more"] and page["events"])
            following = max(int(page["cursor"]), cursor)
            fetching = fetcher.submit(_pull, transport, device_id, following, pull_page) \
                if more else None
            with conn.begin():
                result.changed |= local.apply_pulled(conn, page["events"], _states(page))
                set_meta(conn, local.CURSOR, str(following))
            result.pulled += len(page["events"])
            if page["events"]:
                report(RECEIVING, result.pulled, None)
            if fetching is None:
                return
            page, cursor = fetching.result(), following


def _states(page: dict) -> dict[str, str]:
    """The page's order states (a server without them, or a damaged field: none)."""
    states = page.get("states")
    if not isinstance(states, dict):
        return {}
    return {k: v for k, v in states.items() if isinstance(k, str) and isinstance(v, str)}


def _pull(transport: Transport, device_id: str, cursor: int, limit: int) -> dict:
    """One page, decoded with the collector paused: a page is tens of thousands of
    nested dicts and lists that all live as long as it does, and the collector's
    passes over them took 0.6 s of CPU per 100,000 pulled events on the development
    machine (decoding alone: 0.25 s), about 3 s of a first sync of 100,000 orders.
    Storing the page gained nothing measurable from a pause, so it has none."""
    with paused_gc():
        return transport.pull(device_id, cursor, limit)


def _outbox(db: Database, after: int | None, push_batch: int) -> list[local.Outgoing]:
    """The next batch: events after position `after`, or after the watermark when None."""
    with db.transaction() as conn:
        return local.outgoing(conn, after, local.meta_int(conn, local.CURSOR), push_batch,
                              PUSH_BYTES)


def _sending(transport: Transport, device_id: str, outbox: list[local.Outgoing]
             ) -> Callable[[], dict]:
    """What pushes `outbox`. A transport that takes pre-encoded bodies (SyncClient)
    gets its body made here, ahead of sending; any other gets the events as dicts."""
    encode = getattr(transport, "encode_push", None)
    if encode is None:
        return lambda: transport.push(device_id, [json.loads(e.json) for e in outbox])
    body = encode(device_id, [e.json for e in outbox])

    return lambda: transport.push_body(body)


def _forget_other_server(db: Database, server_url: str | None) -> None:
    """A different server knows nothing of what the last one placed: every event goes
    to it, the pull starts from its beginning, the device registers with it."""
    if server_url is None:
        return
    with db.transaction() as conn:
        previous = get_meta(conn, local.SERVER)
        if previous != server_url:
            set_meta(conn, local.SERVER, server_url)
            if previous is not None:
                conn.execute(delete(sync_marks).where(sync_marks.c.server_pos.is_not(None)))
                for key in (local.CURSOR, local.PUSHED_TO):
                    set_meta(conn, key, "0")
                set_meta(conn, DEVICE, "")


def configured_server(db: Database) -> tuple[str | None, bool]:
    """(server URL, plain http allowed) for the window: the one set up in the settings,
    else the last one synced with (`gigdesk sync --server`); None when there is none."""
    url = Settings(db).get("sync_server") or None
    with db.transaction() as conn:
        url = url or get_meta(conn, local.SERVER)
        allowed = url is not None and get_meta(conn, INSECURE_OK) == url
    return url, allowed


def configure(db: Database, server_url: str, *, allow_insecure: bool = False) -> None:
    """Remember the server (and whether the seller accepted plain http to it)."""
    Settings(db).set("sync_server", server_url)
    with db.transaction() as conn:
        set_meta(conn, INSECURE_OK, server_url if allow_insecure else "")


def status(db: Database) -> dict:
    """For the status bar: the server, pending changes, when it last synced."""
    with db.transaction() as conn:
        return {"server": get_meta(conn, local.SERVER),
                "pending": local.count_pending(conn),
                "last_synced": get_meta(conn, local.LAST_SYNC)}


def conflicts(db: Database) -> list[SyncConflict]:
    """Events kept but not (or not simply) applied, that the seller has not resolved."""
    with db.transaction() as conn:
        rows = conn.execute(select(events, sync_marks.c.server_pos, sync_marks.c.conflict,
                                   orders.c.ref)
                            .join(sync_marks, sync_marks.c.event_pos == events.c.position)
                            .join(orders, orders.c.id == events.c.order_id)
                            .where(sync_marks.c.conflict.is_not(None))
                            # "+ 0": ordering by the bare column made SQLite walk every
                            # event in position order instead of the few marked ones
                            .order_by(events.c.position + 0)).all()
        resolved = _resolved(conn, {row.order_id for row in rows})
        out = []
        for row in rows:
            if row.id in resolved:
                continue
            mark = loads(row.conflict)
            versions = _versions(conn, row, mark) if mark.get("type") == NOTES else ()
            out.append(SyncConflict(row.id, row.order_id, row.ref, row.kind,
                                    mark.get("type", ""), mark.get("reason", ""), row.at,
                                    row.device_id, row.server_pos is None, versions))
    return out


def _resolved(conn, order_ids: set[str]) -> set[str]:
    """Conflicting events already settled: a resolution is a note edit on the same
    order (see resolve), so only those orders are read, not the whole history."""
    found = set()
    for data in conn.execute(select(events.c.data).where(
            among(conn, events.c.order_id, sorted(order_ids)), events.c.kind == ev.NOTE_EDITED,
            events.c.data.like('%"resolves"%'))).scalars():
        found.update(json.loads(data).get("resolves", []))
    return found


def _versions(conn, row, mark: dict) -> tuple[tuple[str, str], ...]:
    other = conn.execute(select(events.c.data).where(events.c.id == mark.get("other"))).scalar()
    theirs = json.loads(other).get("notes", "") if other else ""
    mine = json.loads(row.data).get("notes", "")
    return ((mark.get("other", ""), theirs), (row.id, mine))


def resolve(book: OrderBook, event_id: str, keep: str | None = None):
    """Settle a conflict with a compensating event that every device will see.

    Notes: `keep` is the id of the version to keep (default: the one shown now).
    Other conflicts: the order stays as it is; the event records that the seller saw it.
    """
    found = {c.event_id: c for c in conflicts(book.db)}
    conflict = found.get(event_id)
    if conflict is None:
        raise LookupError(f"No open conflict for event {event_id}")
    order = book.get(conflict.ref)
    notes = order.notes
    if conflict.type == NOTES and keep is not None:
        texts = dict(conflict.versions)
        if keep not in texts:
            raise LookupError(f"Event {keep} is not one of the two versions")
        notes = texts[keep]
    return book.act(conflict.ref, ev.NOTE_EDITED, {"notes": notes, "resolves": [event_id]})
