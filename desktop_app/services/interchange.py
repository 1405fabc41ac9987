"""Import and export: the JSON and CSV formats of DESIGN.md.

Import is all or nothing (one transaction, every order validated first) and
idempotent by ref. Export is full fidelity: each order carries its history,
so export -> import into an empty data dir -> export gives the same file.
"""

from __future__ import annotations

import codecs
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.codec import FieldError, order_from_dict, order_to_dict
from desktop_app.domain.codec_events import history_from_list
from desktop_app.domain.derived import latest_own_moment
from desktop_app.domain.errors import LifecycleError, shown
from desktop_app.domain.events import Event, new_id
from desktop_app.domain.order import Order
from desktop_app.domain.refs import check_ref
from desktop_app.domain.timeutil import format_ts
from desktop_app.services.bulk import Steps, release, write_foreign, write_orders
from desktop_app.services.collector import paused_gc
from desktop_app.services.csvformat import read_csv_orders, write_csv_orders
from desktop_app.services.export_rows import write_orders_json
from desktop_app.services.import_checks import Collision, check_collisions
from desktop_app.services.orders import OrderBook
from desktop_app.storage import repo
from desktop_app.storage.queries import iter_states
from desktop_app.storage.schema import orders
from desktop_app.storage.statements import among
from desktop_app.storage.tuning import wide_cache

FORMAT = "gigdesk.orders"
VERSION = 1


class ImportError_(ValueError):  # noqa: N801 - ImportError is a builtin
    """A file that cannot be imported; the message names file, order and field."""


class ImportCancelled(Exception):  # noqa: N818 - a request, not a failure
    """The seller cancelled; the transaction was rolled back, so nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Import cancelled: nothing was changed.")


Progress = Callable[[int, int], None]
# Fresh orders written per batch, with a cancel check between; the rows a batch builds
# are freed when it ends, in one C call: small batches keep that pause short.
INSERT_CHUNK = 1000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class _Incoming:
    where: str  # "order 3 (FO123)" or "line 7 (FO123)"
    data: dict
    order: Order
    history: list[Event] | None
    replayed: Order | None = None  # the history's outcome, computed while validating


def read_orders(path: Path) -> list[tuple[str, dict]]:
    """(position words, raw order dict) for each order in a JSON or CSV file."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return read_csv_orders(path, ImportError_)
    document = _load_json(path)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportError_(f"{path.name}: not a GigDesk orders file (format must be "
                           f"\"{FORMAT}\")")
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # true and 1.0 equal 1 in Python
        raise ImportError_(f"{path.name}: version {shown(version)} is not supported "
                           f"(expected {VERSION})")
    unknown = sorted(set(document) - {"format", "version", "orders"})
    if unknown:
        raise ImportError_(f"{path.name}: unknown field {shown(unknown[0])}")
    items = document.get("orders")
    if not isinstance(items, list):
        raise ImportError_(f"{path.name}: 'orders' must be a list")
    return [(f"order {i + 1}", item) for i, item in enumerate(items)]


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict:
    """json's object hook: a key given twice is an error (json keeps the last silently)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return data


def _no_constant(word: str) -> None:
    raise ValueError(f"{word} is not a JSON value")


class _NotUtf8(ValueError):
    def __init__(self, at: int):
        super().__init__(at)
        self.at = at


READ_PIECE = 1 << 20


def _read_text(path: Path) -> str:
    """The file as text, decoded a megabyte at a time.

    One decode of a whole large file is one C call holding the GIL: the window,
    importing on a worker thread, froze until it ended. Between pieces it runs.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts, offset = [], 0
    with path.open("rb") as f:
        while True:
            piece = f.read(READ_PIECE)
            pending = len(decoder.getstate()[0])
            try:
                parts.append(decoder.decode(piece, final=not piece))
            except UnicodeDecodeError as exc:
                raise _NotUtf8(offset - pending + exc.start) from None
            if not piece:
                return "".join(parts)
            offset += len(piece)


def _load_json(path: Path) -> Any:
    name = path.name
    try:
        return json.loads(_read_text(path), object_pairs_hook=_one_value_per_key,
                          parse_constant=_no_constant)
    except _NotUtf8 as exc:
        raise ImportError_(f"{name}: not UTF-8 text (byte {exc.at})") from None
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{name}: not valid JSON at line {exc.lineno}, column "
                           f"{exc.colno}: {exc.msg}") from None
    except _DuplicateKey as exc:
        raise ImportError_(f"{name}: the key {shown(exc.key)} appears twice in one object "
                           "(which one is meant?)") from None
    except RecursionError:
        raise ImportError_(f"{name}: nested too deeply to be a GigDesk orders file") from None
    except ValueError as exc:  # NaN, Infinity, or an integer of thousands of digits
        raise ImportError_(f"{name}: not valid JSON: {str(exc).splitlines()[0][:80]}"
                           ) from None


def _validate(name: str, raw: list[tuple[str, dict]], steps: Steps | None = None
              ) -> list[_Incoming]:
    seen: dict[str, str] = {}
    out = []
    for where, data in raw:
        if steps is not None:
            steps.step()
        label = _label(where, data)
        try:
            order = order_from_dict(data)
            history, replayed = _history(data.get("history"), order)
        except FieldError as exc:
            raise ImportError_(_refusal(name, label, exc)) from None
        if history is None and order.last_activity_at is None:
            # The file gives none: the order's own latest moment, written into the
            # snapshot so that its creation event replays to the same order.
            order.last_activity_at = latest_own_moment(order)
            data = {**data, "last_activity_at": format_ts(order.last_activity_at)}
        if order.ref in seen:
            raise ImportError_(f"{name}: {label}: field 'ref': duplicate of {seen[order.ref]}")
        seen[order.ref] = where
        out.append(_Incoming(label, data, order, history, replayed))
    return out


def _label(where: str, data: Any) -> str:
    """"order 3 (FO123)": the ref only when it is one (never a path or a page of text)."""
    try:
        return f"{where} ({check_ref(data.get('ref'))})" if isinstance(data, dict) else where
    except FieldError:
        return where


def _refusal(name: str, label: str, exc: FieldError) -> str:
    return f"{name}: {label}: field '{exc.field}': {exc.message}"


def _history(raw: Any, order: Order) -> tuple[list[Event] | None, Order | None]:
    if raw is None:
        return None, None
    events = history_from_list(raw, order.id or new_id(), order.price.currency)
    try:
        replayed = lifecycle.replay(events)
    except (LifecycleError, KeyError, TypeError, ValueError) as exc:
        raise FieldError("history", f"does not replay: {exc}") from None
    if replayed.ref != order.ref:
        raise FieldError("history", f"describes order {replayed.ref}, not {order.ref}")
    return events, replayed


def import_file(book: OrderBook, path: Path, progress: Progress | None = None, *,
                cancel: threading.Event | None = None) -> ImportResult:
    """Import every order of the file, or none; raise ImportError_ naming the problem.

    `progress(done, total)` is called every few thousand rows (on the calling thread);
    when `cancel` is set by then, ImportCancelled is raised and nothing is written.

    With the collector paused: the whole file is in memory as small objects until it
    is written, and the collector's passes over them cost more than the rest: 13.3 s
    of CPU instead of 7.8 s for 30,000 orders on the development machine.
    """
    path = Path(path)
    with paused_gc():
        return _import(book, path, progress, cancel)


def _import(book: OrderBook, path: Path, progress: Progress | None,
            cancel: threading.Event | None) -> ImportResult:
    name = path.name
    raw = read_orders(path)
    # Each order counts twice, validated then written; a cancel raised inside the
    # transaction rolls every row back.
    steps = Steps(2 * len(raw), progress, cancel, ImportCancelled)
    steps.check()
    incoming = _validate(name, raw, steps)
    del raw
    result = ImportResult()
    with book.db.transaction() as conn, wide_cache(conn):
        try:
            check_collisions(conn, ((item.where, item.order.ref, item.order.id,
                                     item.history or []) for item in incoming))
        except Collision as exc:
            raise ImportError_(_refusal(name, exc.where, exc)) from None
        known = _known_refs(conn, [item.order.ref for item in incoming])
        fresh = [item for item in incoming if item.order.ref not in known]
        for item in (i for i in incoming if i.order.ref in known):
            try:
                outcome = _import_one(book, conn, item)
            except (LifecycleError, FieldError) as exc:
                # the file's history or snapshot does not follow from the stored one
                field = "history" if item.history is not None else "status"
                raise ImportError_(f"{name}: {item.where}: field '{field}': {exc}") from None
            setattr(result, outcome, getattr(result, outcome) + 1)
            steps.step()
        try:
            at = book.clock()
            for start in range(0, len(fresh), INSERT_CHUNK):
                chunk = fresh[start:start + INSERT_CHUNK]
                _insert_fresh(book, conn, chunk, at)
                steps.step(len(chunk))
        except IntegrityError:  # check_collisions guards every constraint it can name
            raise ImportError_(f"{name}: an id or seq in the file is one the database "
                               "holds already; nothing was imported") from None
        result.created = len(fresh)
    fresh.clear()  # the same objects as in incoming
    chunk = item = None
    release(incoming)
    if result.created or result.updated:
        book._changed([])
    return result


def _known_refs(conn, refs: list[str]) -> set[str]:
    return set(conn.execute(select(orders.c.ref).where(among(conn, orders.c.ref, refs)))
               .scalars())


def _insert_fresh(book: OrderBook, conn, fresh: list[_Incoming], at: datetime) -> None:
    """New orders in bulk: histories keep their own events; snapshots get a creation event."""
    with_history = [item for item in fresh if item.history is not None]
    write_foreign(conn, [item.replayed for item in with_history],
                  [e for item in with_history for e in item.history])
    created_orders, created_events = [], []
    for item in fresh:
        if item.history is None:
            snapshot = {k: v for k, v in item.data.items() if k not in ("id", "history")}
            event = Event(item.data.get("id") or new_id(), ev.ORDER_CREATED, at,
                          {"order": snapshot})
            created_orders.append(_created(item.order, event))
            created_events.append(event)
    write_orders(conn, book.device_id, created_orders, created_events)


def _created(order: Order, event: Event) -> Order:
    """lifecycle.apply(None, event) for a creation whose snapshot was parsed (and checked)
    already as `order`: what the reducer would build, without parsing the snapshot again."""
    return replace(order, id=event.order_id,
                   last_activity_at=order.last_activity_at or event.at)


def _comparable(order: Order) -> dict:
    data = order_to_dict(order)
    data.pop("id", None)
    data.pop("last_activity_at", None)
    return data


def _import_one(book: OrderBook, conn, item: _Incoming) -> str:
    current = repo.load_order(conn, ref=item.order.ref)
    if item.history is not None:
        return _import_history(book, conn, item, current)
    snapshot = {k: v for k, v in item.data.items() if k not in ("id", "history")}
    if current is None:
        event = book._event(conn, item.data.get("id") or new_id(), ev.ORDER_CREATED,
                            {"order": snapshot}, None)
        repo.save_order(conn, lifecycle.apply(None, event, book.rules), new=True)
        repo.append_events(conn, [repo.event_row(event)])
        return "created"
    if _comparable(current) == _comparable(item.order):
        return "unchanged"
    event = book._event(conn, current.id, ev.ORDER_REPLACED, {"order": snapshot}, None)
    repo.save_order(conn, lifecycle.apply(current, event, book.rules))
    repo.append_events(conn, [repo.event_row(event)])
    return "updated"


def _import_history(book: OrderBook, conn, item: _Incoming, current: Order | None) -> str:
    events = item.history
    if current is None:
        order = lifecycle.replay(events, book.rules)
        repo.save_order(conn, order, new=True)
        repo.append_events(conn, [repo.event_row(e) for e in events])
        return "created"
    known = repo.events_of(conn, current.id)
    known_ids = {e.id for e in known}
    fresh = [Event(current.id, e.kind, e.at, e.data, e.id, e.device_id, e.device_seq)
             for e in events if e.id not in known_ids]
    if not fresh:
        return "unchanged"
    order = lifecycle.replay(known + fresh, book.rules)
    repo.append_events(conn, [repo.event_row(e) for e in fresh])
    repo.save_order(conn, order)
    return "updated"


def event_to_dict(event: Event) -> dict:
    return {"id": event.id, "kind": event.kind, "at": format_ts(event.at), "data": event.data,
            "device_id": event.device_id, "device_seq": event.device_seq}


def order_document(book: OrderBook, ref: str) -> dict:
    """One order as export writes it: its fields plus its history."""
    with book.db.transaction() as conn:
        order = book._load(conn, ref)
        data = order_to_dict(order)
        data["history"] = [event_to_dict(e) for e in repo.events_of(conn, order.id)]
    return data


def export_file(book: OrderBook, path: Path) -> int:
    """Write every order, as JSON with its history or (for a .csv name) as CSV rows;
    return how many. Written to a temp name first."""
    path = Path(path)
    temp = path.with_name(path.name + ".part")
    as_csv = path.suffix.lower() == ".csv"
    with book.db.transaction() as conn, temp.open("w", encoding="utf-8", newline="") as out:
        if as_csv:
            count = write_csv_orders(iter_states(conn), out)
        else:
            out.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "orders": [')
            count = write_orders_json(conn, out)
            out.write("\n]}\n")
    temp.replace(path)
    return count
