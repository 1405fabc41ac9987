"""Delivery files travel with sync: sent after a round's push, fetched after its pull.

A delivery's events name its files by SHA-256 only; this module moves the bytes. At the
end of each round (sync_round calls `transfer`) the orders whose events were made or
pulled since the last look are read for delivered files: a file this device stores goes
on the "to send" list, one it lacks on the "to fetch" list. Both lists are kept in the
meta table, so a file that does not move this round (the server is down, another device
has not sent it yet, it is over the server's size limit) is tried again next round, or
on first use (`fetch`, `open_folder`, `gigdesk check`).

Uploads are content-addressed and resume from what the server says it holds. A download
is written beside its blob as `<sha>.part`, resumed by range, and renamed into the store
only once its bytes hash to its name: the store never holds a file that does not match.

The transport (SyncClient) raises errors that carry the server's error `code`. A code in
ONE_FILE is one file's problem: it is named in the round's summary and the round goes on.
`cancelled` stops the transfers and leaves the rest for next time. Anything else (the
server unreachable, the token refused) ends the round as a failed push or pull does; the
lists are saved first, so nothing is forgotten.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select

from desktop_app.domain import events as ev
from desktop_app.domain.delivery_checks import format_size
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.wording import plural
from desktop_app.services import delivery
from desktop_app.services import sync_local as local
from desktop_app.services.orders import OrderBook
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.filestore import FileStore
from desktop_app.storage.meta_rows import get_meta, set_meta
from desktop_app.storage.schema import events, orders

# Progress kinds (sync.Progress) for file bytes; `describe_progress` words them.
FILES_SENT = "file bytes sent"
FILES_RECEIVED = "file bytes received"

SCANNED = "files:scanned"  # the last local event position read for delivered files
SCANNED_FOR = "files:server"  # the server the lists below are for
TO_SEND = "files:to_send"
TO_FETCH = "files:to_fetch"
# The events that can bring delivered files into an order's state (an import's snapshot
# carries its deliveries).
_KINDS = (ev.ORDER_CREATED, ev.ORDER_REPLACED, ev.DELIVERED)
ONE_FILE = frozenset({"not_found", "too_large", "hash_mismatch", "size_mismatch", "damaged"})
CANCELLED = "cancelled"
SHOWN = 3  # files named in a summary; the rest are counted
_SHA256 = re.compile(r"[0-9a-f]{64}")

Wanted = dict[str, tuple[str, int]]  # sha256 -> (where it is delivered, size)
Progress = Callable[[str, int, int | None], None]  # as sync.Progress


class FileTransport(Protocol):
    def upload_file(self, path: Path, sha256: str, *, progress: Callable[[int], None],
                    cancel: threading.Event | None) -> dict: ...

    def download_file(self, sha256: str, dest: Path, *, progress: Callable[[int], None],
                      cancel: threading.Event | None) -> Path: ...


@dataclass
class FileRound:
    sent: int = 0  # files the server now holds that it lacked or held in part
    received: int = 0  # files stored here
    waiting: list[str] = field(default_factory=list)  # not on the server yet, where delivered
    problems: list[str] = field(default_factory=list)  # one sentence each, naming the file
    stopped: bool = False  # cancelled: the rest goes on next time

    def summary(self) -> str:
        """"" when no file moved or waits; else e.g. "sent 2 files; 1 file not on the
        server yet (another device has not sent it): FO1 delivery #1: logo.png"."""
        parts = []
        if self.sent:
            parts.append(f"sent {plural(self.sent, 'file')}")
        if self.received:
            parts.append(f"received {plural(self.received, 'file')}")
        if self.waiting:
            parts.append(f"{plural(len(self.waiting), 'file')} not on the server yet "
                         f"(another device has not sent it): {_names(self.waiting)}")
        parts += self.problems
        if self.stopped:
            parts.append("file transfers stopped; the rest go on next time")
        return "; ".join(parts)


def describe_progress(what: str, done: int, total: int | None) -> str:
    """One line for a round's progress: "40 of 120 changes sent", "3.0 of 8.0 MB of
    delivery files received"."""
    if what in (FILES_SENT, FILES_RECEIVED):
        verb = "sent" if what == FILES_SENT else "received"
        size = f"{format_size(done)} of {format_size(total)}" if total is not None \
            else format_size(done)
        return f"{size} of delivery files {verb}"
    return (f"{done:,} of {total:,} changes {what}" if total is not None
            else f"{done:,} changes {what}")


def transfer(db: Database, transport, *, progress: Progress | None = None,
             cancel: threading.Event | None = None) -> FileRound | None:
    """The files part of a round: send what the server lacks, fetch what this store
    lacks. None for a transport that carries events only."""
    if not hasattr(transport, "upload_file"):
        return None
    store = delivery.store_of(db)
    to_send, to_fetch = _scan(db, store)
    result = FileRound()
    report = progress or _silent
    try:
        _send(store, transport, to_send, to_fetch, result, report, cancel)
        _fetch(store, transport, to_fetch, to_send, result, report, cancel)
    finally:
        with db.transaction() as conn:
            _save(conn, TO_SEND, to_send)
            _save(conn, TO_FETCH, to_fetch)
    return result


def missing(db: Database) -> Wanted:
    """Every delivered file this store lacks (reads every order: for `gigdesk check`)."""
    with db.transaction() as conn:
        wanted = delivery.delivered_in(s for _id, s in repo.all_states(conn))
    return _lacking(delivery.store_of(db), wanted)


def fetch(db: Database, transport: FileTransport, wanted: Wanted, *,
          progress: Progress | None = None, cancel: threading.Event | None = None
          ) -> FileRound:
    """First use: download the files of `wanted` that this store lacks."""
    store = delivery.store_of(db)
    missing = _lacking(store, wanted)
    result = FileRound()
    if missing:
        _fetch(store, transport, missing, {}, result, progress or _silent, cancel)
        with db.transaction() as conn:  # what came now is no longer to fetch
            listed = _load(conn, TO_FETCH)
            kept = {sha: item for sha, item in listed.items() if not store.has(sha)}
            if len(kept) != len(listed):
                _save(conn, TO_FETCH, kept)
    return result


def _lacking(store: FileStore, wanted: Wanted) -> Wanted:
    return {sha: item for sha, item in wanted.items()
            if _SHA256.fullmatch(sha) and not store.has(sha)}


def delivery_wanted(book: OrderBook, ref: str, number: int) -> Wanted:
    """The files of one delivery, as `fetch` takes them."""
    found = delivery.delivery(book.get(ref), number)
    return {f.sha256: (delivery.file_where(ref, number, f.path), f.size) for f in found.files}


def open_folder(book: OrderBook, transport: FileTransport | None, ref: str, number: int, *,
                progress: Progress | None = None, cancel: threading.Event | None = None
                ) -> Path:
    """"Open folder" that first fetches the delivery's files this device lacks (slow:
    off the GUI thread). Raises LifecycleError naming a file the server cannot give."""
    if transport is not None:
        outcome = fetch(book.db, transport, delivery_wanted(book, ref, number),
                        progress=progress, cancel=cancel)
        if outcome.waiting:
            raise LifecycleError(f"{outcome.waiting[0]} is not on the sync server yet: sync "
                                 "the computer that delivered it, then open the folder again.")
        if outcome.problems:
            raise LifecycleError(outcome.problems[0])
    return delivery.open_folder(book, ref, number)


# -- the lists -------------------------------------------------------------------
def _scan(db: Database, store: FileStore) -> tuple[Wanted, Wanted]:
    """The lists, with the delivered files of orders whose events are new since the last
    scan added. A different server than the lists were made for lacks everything: the
    lists start over from the first event (as the events do, see sync_round)."""
    with db.transaction() as conn:
        server = get_meta(conn, local.SERVER) or ""
        scanned_for = get_meta(conn, SCANNED_FOR) or ""
        same = scanned_for in ("", server)  # "": made before any server was named
        after = local.meta_int(conn, SCANNED) if same else 0
        to_send = _load(conn, TO_SEND) if same else {}
        to_fetch = _load(conn, TO_FETCH) if same else {}
        last = conn.execute(select(func.max(events.c.position))).scalar() or 0
        if last > after:
            touched = select(events.c.order_id).where(
                events.c.position > after, events.c.position <= last,
                events.c.kind.in_(_KINDS))
            # Most orders carry no file: their states are not even parsed.
            states = conn.execute(select(orders.c.state).where(
                orders.c.id.in_(touched), orders.c.state.contains('"sha256"'))).scalars()
            for sha, item in delivery.delivered_in(states).items():
                if not _SHA256.fullmatch(sha):
                    continue  # `gigdesk check` names it; it cannot be a stored name
                keep, drop = (to_send, to_fetch) if store.has(sha) else (to_fetch, to_send)
                keep[sha] = item
                drop.pop(sha, None)
        set_meta(conn, SCANNED, str(last))
        set_meta(conn, SCANNED_FOR, server)
        _save(conn, TO_SEND, to_send)
        _save(conn, TO_FETCH, to_fetch)
    return to_send, to_fetch


def _load(conn, key: str) -> Wanted:
    text = get_meta(conn, key)
    return {sha: (where, size) for sha, (where, size) in json.loads(text).items()} \
        if text else {}


def _save(conn, key: str, wanted: Wanted) -> None:
    set_meta(conn, key, json.dumps(wanted, sort_keys=True))


# -- moving bytes ----------------------------------------------------------------
def _send(store: FileStore, transport: FileTransport, to_send: Wanted, to_fetch: Wanted,
          result: FileRound, report: Progress, cancel: threading.Event | None) -> None:
    def move(sha: str, progress: Callable[[int], None]) -> bool:
        path = store.path_of(sha)
        if not path.is_file():  # removed since the scan: it has to come back instead
            to_fetch[sha] = to_send.pop(sha)
            return False
        transport.upload_file(path, sha, progress=progress, cancel=cancel)
        return True

    def moved(sha: str) -> None:
        del to_send[sha]
        result.sent += 1

    _each_file(to_send, FILES_SENT, move, moved, result, report, cancel)


def _fetch(store: FileStore, transport: FileTransport, to_fetch: Wanted, to_send: Wanted,
           result: FileRound, report: Progress, cancel: threading.Event | None) -> None:
    fetched: list[str] = []

    def move(sha: str, progress: Callable[[int], None]) -> bool:
        if store.has(sha):
            del to_fetch[sha]  # staged here meanwhile
            return False
        transport.download_file(sha, store.path_of(sha), progress=progress, cancel=cancel)
        return True

    def moved(sha: str) -> None:
        del to_fetch[sha]
        fetched.append(sha)
        result.received += 1

    try:
        _each_file(to_fetch, FILES_RECEIVED, move, moved, result, report, cancel)
    finally:
        # As a delivery does before it is recorded: a power cut must not lose them.
        store.make_durable(fetched, threads=1)


def _each_file(wanted: Wanted, what: str, move: Callable[[str, Callable[[int], None]], bool],
               moved: Callable[[str], None], result: FileRound, report: Progress,
               cancel: threading.Event | None) -> None:
    """move(sha, progress) each wanted file in turn (False: nothing to move), then
    moved(sha); cancel is checked between files, and one file's problem is kept for the
    summary while the others go on."""
    total = sum(size for _where, size in wanted.values())
    done = 0
    for sha, (where, size) in sorted(wanted.items()):
        if _cancelled(cancel, result):
            return
        try:
            if not move(sha, _counting(report, what, done, total)):
                continue
        except Exception as exc:
            if not _one_file(exc, where, size, result):
                raise
            if result.stopped:
                return
        else:
            moved(sha)
        done += size
        report(what, done, total)


def _counting(report: Progress, what: str, before: int, total: int) -> Callable[[int], None]:
    return lambda done: report(what, before + done, total)


def _one_file(exc: Exception, where: str, size: int, result: FileRound) -> bool:
    """Record an error that concerns one file; False for any other (re-raise it)."""
    code = getattr(exc, "code", "")
    if code == CANCELLED:
        result.stopped = True
    elif code == "not_found":
        result.waiting.append(where)
    elif code == "too_large":
        result.problems.append(f"{where} is not sent: at {format_size(size)} it is over the "
                               f"sync server's limit for one file ({exc})")
    elif code == "hash_mismatch":
        result.problems.append(f"{where} is not sent: its stored copy no longer matches "
                               "its hash (run gigdesk check)")
    elif code == "damaged":
        result.problems.append(f"{where} is not stored: the copy on the sync server does "
                               "not match its SHA-256")
    elif code in ONE_FILE:
        result.problems.append(f"{where} is not sent: {exc}")
    else:
        return False
    return True


def _cancelled(cancel: threading.Event | None, result: FileRound) -> bool:
    if cancel is not None and cancel.is_set():
        result.stopped = True
    return result.stopped


def _silent(_what: str, _done: int, _total: int | None) -> None:
    pass


def _names(wheres: list[str]) -> str:
    shown = ", ".join(wheres[:SHOWN])
    return shown if len(wheres) <= SHOWN else f"{shown} and {len(wheres) - SHOWN:,} more"
