"""`gigdesk demo`: fill the database with realistic sample orders.

Every order is built the way a real one is: an ORDER_CREATED event, then the
events of its life (requirements, deliveries, revisions, resolution requests,
cancellations, notes), each judged by the lifecycle reducer. So the stored
projection is exactly what replaying the history gives, and `gigdesk check`
passes on demo data.

Determinism: the same seed, the same `now` and the same existing orders give
the same orders, ids included. `now` defaults to the real clock (the data is
placed relative to it, so active orders are late or on time "today"); tests
pass a fixed `now`.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import multiprocessing
import os
import random
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from desktop_app.domain import events as ev
from desktop_app.domain.events import Event
from desktop_app.domain.lifecycle import apply_in_place
from desktop_app.domain.money import Money
from desktop_app.domain.order import Order
from desktop_app.domain.profile import DEFAULT_MARKETPLACE
from desktop_app.domain.timeutil import ensure_aware, format_ts, utc_now
from desktop_app.services import demo_catalogue as cat
from desktop_app.services.bulk import (
    SeededIds,
    bulk_transactions,
    rows_of,
    write_rows,
)
from desktop_app.services.demo_scenarios import CUM_WEIGHTS, FIRST_SCENARIOS, SCENARIOS
from desktop_app.storage.db import Database
from desktop_app.storage.filestore import FileStore
from desktop_app.storage.schema import orders as orders_table
from desktop_app.storage.tuning import bulk_pragmas

UNIT = 1_000  # orders built per work unit: the grain of progress and cancel
UNIT_ID_SPAN_MS = 1_000  # a unit's ids: 4 million stamps, far more than it makes
UNITS_PER_TRANSACTION = 5
POOL_FROM = 20_000  # below this, worker processes cost more to start than they save
REBUILD_INDEXES_FROM = 20_000  # below this, updating the indexes costs less than a rebuild
BULK_CACHE_KIB = 256 * 1024
Progress = Callable[[int, int], None]


def generate(db: Database, orders: int = 200, seed: int = 1, *, now: datetime | None = None,
             progress: Progress | None = None, cancel: threading.Event | None = None,
             workers: int | None = None) -> int:
    """Add `orders` sample orders; return how many were written.

    Orders are built in units of UNIT (in `workers` processes for large demos:
    the reducer is pure Python and the machine has more than one core) and
    written in transactions of UNITS_PER_TRANSACTION units. A cancel, checked
    after every unit, rolls back the transaction in progress and keeps earlier
    ones. The result does not depend on `workers`.

    A large demo into a database without orders runs as one transaction (see
    bulk.bulk_transactions): a cancel still keeps the chunks written before it,
    but an error or a crash leaves the database as it was.
    """
    now = ensure_aware(now or utc_now()).astimezone(UTC)
    device_id = db.device_id()
    with db.transaction() as conn:
        existing = set(conn.execute(select(orders_table.c.ref)).scalars())
    _store_demo_files(db)
    specs = _unit_specs(seed, now, existing, orders)
    if workers is None:
        workers = _auto_workers(orders)
    written = 0
    rebuild = not existing and orders >= REBUILD_INDEXES_FROM
    with (_units(specs, workers) as results, db.engine.connect() as conn,
          bulk_pragmas(conn, BULK_CACHE_KIB), bulk_transactions(conn, rebuild) as begin):
        results = iter(results)
        for first in range(0, len(specs), UNITS_PER_TRANSACTION):
            chunk = specs[first:first + UNITS_PER_TRANSACTION]
            with begin() as transaction:
                for spec in chunk:
                    write_rows(conn, device_id, *next(results))
                    if progress is not None:
                        progress(written + spec.index_end - chunk[0].first, orders)
                    if cancel is not None and cancel.is_set():
                        transaction.rollback()
                        return written
            written += chunk[-1].index_end - chunk[0].first
    return written


@dataclass(frozen=True)
class UnitSpec:
    """Everything a worker needs to build one unit, the same in any process."""

    seed: int
    salt: int  # how many orders the database held: a second run gets new ids
    index: int
    now: datetime
    first: int  # position of the unit's first order in the whole demo
    total: int
    refs: tuple[str, ...]  # one per order, unique against the database

    @property
    def index_end(self) -> int:
        return self.first + len(self.refs)


def _unit_specs(seed: int, now: datetime, existing: set[str], total: int) -> list[UnitSpec]:
    rng = random.Random(f"gigdesk-demo-refs:{seed}:{len(existing)}")
    taken = set(existing)
    refs = []
    while len(refs) < total:
        ref = f"FO{rng.getrandbits(40):010X}"
        if ref not in taken:
            taken.add(ref)
            refs.append(ref)
    return [UnitSpec(seed, len(existing), i // UNIT, now, i, total, tuple(refs[i:i + UNIT]))
            for i in range(0, total, UNIT)]


def _auto_workers(orders: int) -> int:
    """Worker processes for a demo this size: only where forking is safe.

    Fork is safe here only on Linux from a single-threaded process (the command
    line, a benchmark): a GUI has Qt threads, macOS frameworks break after fork,
    and spawn would re-run an unguarded __main__ (or a frozen app) in each worker.
    """
    if orders < POOL_FROM or threading.active_count() != 1:
        return 0
    if not sys.platform.startswith("linux"):
        return 0
    return min(2, os.cpu_count() or 1)


@contextmanager
def _units(specs: list[UnitSpec], workers: int) -> Iterator[Iterable[tuple[list, list]]]:
    """The units' rows, in order: built here, or by a process pool when workers > 0."""
    if workers <= 0:
        yield map(build_unit, specs)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    try:
        yield pool.map(build_unit, specs, chunksize=1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def build_unit(spec: UnitSpec) -> tuple[list[tuple], list[tuple]]:
    """Build one unit's orders by events and return their database rows."""
    gen = Generator(spec)
    gen.build()
    return rows_of(gen.orders, gen.events)


class Generator:
    """Builds one unit of orders in memory from seeded randomness; no database."""

    def __init__(self, spec: UnitSpec):
        self.rng = random.Random(f"{spec.seed}/{spec.index}")
        # Units get disjoint stamp ranges, in unit order (the order they are written).
        self.new_id = SeededIds(
            random.Random(f"gigdesk-demo-ids:{spec.seed}:{spec.salt}:{spec.index}"),
            int(spec.now.timestamp() * 1000) + spec.index * UNIT_ID_SPAN_MS)
        self.now = spec.now.replace(second=0, microsecond=0)
        self.spec = spec
        self.refs = list(reversed(spec.refs))
        self.buyers = _buyers(spec.seed)
        # Spread over ~a day per two orders, between 4 months and 3 years back.
        self.span_minutes = min(max(spec.total // 2, 120), 3 * 365) * 24 * 60
        self.orders: list[Order] = []
        self.events: list[Event] = []

    def build(self) -> None:
        count = len(self.spec.refs)
        while len(self.orders) < count:
            made = self.spec.first + len(self.orders)
            if made < len(FIRST_SCENARIOS):
                scenario = FIRST_SCENARIOS[made]  # every story appears, even in small demos
            else:
                scenario = self.rng.choices(SCENARIOS, cum_weights=CUM_WEIGHTS)[0]
            scenario(self, room=count - len(self.orders))

    # -- building blocks used by the scenarios ---------------------------
    def new_ref(self) -> str:
        return self.refs.pop()

    def pick(self) -> tuple[cat.Gig, cat.Package]:
        gig = self.rng.choice(cat.GIGS)
        return gig, gig.packages[self.rng.choices((0, 1, 2), cum_weights=(45, 85, 100))[0]]

    def start(self, placed: datetime, gig: cat.Gig, package: cat.Package, *,
              buyer: tuple[str, str] | None = None, ref: str | None = None,
              spread: bool = False) -> OrderScript:
        """`spread`: the order may be on any marketplace (stories without a resolution
        request, whose rules differ most between marketplaces); otherwise on Fiverr."""
        if buyer is None:
            country = self.rng.choices(self.buyers, cum_weights=_COUNTRY_CUM_WEIGHTS)[0]
            buyer = self.rng.choice(country)
        name, currency = buyer
        ref = ref or self.new_ref()
        return OrderScript(self, placed, name, currency, gig, package, ref,
                           marketplace_of(ref) if spread else DEFAULT_MARKETPLACE)

    def start_final(self, extra_days: int = 0, *, spread: bool = False) -> OrderScript:
        """An order placed long enough ago for its whole story to be over by `now`."""
        gig, package = self.pick()
        return self.start(self.placed_back(3 * package.days + 20 + extra_days), gig, package,
                          spread=spread)

    def minutes(self, lo_hours: float, hi_hours: float) -> timedelta:
        lo = lo_hours * 60
        return timedelta(minutes=int(lo + self.rng.random() * (hi_hours * 60 - lo)))

    def placed_back(self, min_age_days: int) -> datetime:
        """A placement at least `min_age_days` ago, within the demo's span."""
        low = min_age_days * 24 * 60
        return self.now - timedelta(minutes=self.rng.randint(low, max(low, self.span_minutes)))


class OrderScript:
    """One order being lived through: every step is an event run by the reducer."""

    def __init__(self, gen: Generator, placed: datetime, buyer: str, currency: str,
                 gig: cat.Gig, package: cat.Package, ref: str,
                 marketplace: str = DEFAULT_MARKETPLACE):
        self.gen = gen
        self.rng = gen.rng
        self.gig = gig
        self.package = package
        self.id = gen.new_id()
        self.ref = ref
        price = cat.price_in(package.usd_minor, currency)
        due = placed + timedelta(days=package.days)
        data = {"ref": self.ref, "buyer": buyer, "gig": gig.title, "package": package.name,
                "price": Money(price, currency).amount_str(), "currency": currency,
                "ordered_at": format_ts(placed), "due_at": format_ts(due),
                "revisions_included": package.revisions, "scope": list(package.scope),
                "status": "awaiting_requirements", "marketplace": marketplace,
                "delivery_days": package.days}
        self.order: Order = None  # type: ignore[assignment]  # set by the first event
        self.emit(ev.ORDER_CREATED, placed, {"order": data})
        gen.orders.append(self.order)

    def emit(self, kind: str, at: datetime, data: dict | None = None) -> None:
        event = Event(self.id, kind, at, data or {}, self.gen.new_id())
        self.order = apply_in_place(self.order, event)
        self.gen.events.append(event)

    # -- the seller's and buyer's actions ---------------------------------
    def requirements(self, at: datetime) -> None:
        self.emit(ev.REQUIREMENTS_RECEIVED, at)

    def deliver(self, at: datetime) -> None:
        number = len(self.order.deliveries) + 1
        pool = cat.REDELIVERY_MESSAGES if number > 1 else cat.DELIVERY_MESSAGES
        message = self.rng.choice(pool).format(buyer=self.order.buyer,
                                               category=self.gig.category.lower())
        self.emit(ev.DELIVERED, at, {"message": message, "files": _files(self.gig, number)})

    def revision(self, at: datetime) -> None:
        points = _points(self.gig, self.package)
        chosen = self.rng.sample(points, k=min(len(points), self.rng.randint(1, 3)))
        text = " ".join((self.rng.choice(cat.REVISION_OPENERS), *(p["text"] for p in chosen)))
        self.emit(ev.REVISION_REQUESTED, at, {"text": text, "points": chosen})

    def complete(self, at: datetime) -> None:
        self.emit(ev.COMPLETED, at)
        self.feedback(at)

    def feedback(self, completed: datetime) -> None:
        """Most buyers rate a completed order, a few tip. From a generator of this order's
        own: the stories' random sequence (and every other demo order) stays as it was."""
        rng = random.Random(f"{self.ref}:feedback")
        later = completed + timedelta(minutes=rng.randint(20, 36 * 60))
        if later > self.gen.now:
            return
        if rng.random() < 0.75:
            stars = rng.choices(*cat.STAR_WEIGHTS)[0]
            self.emit(ev.RATED, later, {"stars": stars, "text": rng.choice(cat.REVIEWS[stars])})
        if rng.random() < 0.2:
            usd = rng.choice(cat.TIPS_USD_MINOR)
            self.emit(ev.TIP_RECEIVED, later + timedelta(minutes=1),
                      {"amount": self.amount(cat.price_in(usd, self.order.price.currency))})

    def cancel(self, at: datetime, by: str, reason: str, exempt: bool | None = None) -> None:
        self.emit(ev.CANCELLED, at, {"by": by, "reason": reason, "exempt": exempt})

    def note(self, at: datetime) -> None:
        self.emit(ev.NOTE_EDITED, at, {"notes": self.rng.choice(cat.NOTES)})

    def link_reorder(self, at: datetime, ref: str) -> None:
        self.emit(ev.ORDER_EDITED, at, {"reordered_as": ref})

    def request(self, at: datetime, kind: str, **fields) -> str:
        request_id = self.gen.new_id()
        self.emit(ev.REQUEST_OPENED, at, {"request": {"id": request_id, "kind": kind, **fields}})
        return request_id

    def answer(self, at: datetime, request_id: str, status: str, by_timeout: bool = False
               ) -> None:
        data = {"request_id": request_id, "status": status}
        if by_timeout:
            data["by_timeout"] = True
        self.emit(ev.REQUEST_ANSWERED, at, data)

    def amount(self, minor: int) -> str:
        return Money(minor, self.order.price.currency).amount_str()


# Most sellers' orders come from Fiverr; some from the other marketplaces.
_MARKETPLACE_SHARES = (("fiverr", 70), ("upwork", 12), ("legiit", 8), ("peopleperhour", 6),
                       ("freelancer", 4))


def marketplace_of(ref: str) -> str:
    """A demo order's marketplace, from its ref alone: the seeded stream of the rest of
    the demo is left as it was."""
    point = zlib.crc32(ref.encode()) % sum(share for _key, share in _MARKETPLACE_SHARES)
    for key, share in _MARKETPLACE_SHARES:
        if point < share:
            return key
        point -= share
    return DEFAULT_MARKETPLACE


@functools.cache
def _buyers(seed: int) -> tuple[list[tuple[str, str]], ...]:
    """Usernames with their currency, per country; repeat buyers come from reusing them."""
    rng = random.Random(seed)
    return tuple([(f"{name}{tail}", currency) for name in names
                  for tail in rng.sample(cat.USERNAME_TAILS, 3)]
                 for _country, currency, names in cat.COUNTRIES)


_COUNTRY_CUM_WEIGHTS = tuple(itertools.accumulate(cat.COUNTRY_WEIGHTS))


_POINTS: dict[tuple[str, str], list[dict]] = {}
_FILES: dict[tuple[str, int], list[dict]] = {}
_BLOBS: dict[str, bytes] = {}  # sha256 -> content of every demo file


def _points(gig: cat.Gig, package: cat.Package) -> list[dict]:
    """Revision points that make sense for this package (matched items exist in its scope)."""
    key = (gig.title, package.name)
    if key not in _POINTS:
        _POINTS[key] = [
            {"text": text, "verdict": verdict, "matched_item": item, "reason": reason}
            for text, verdict, item, reason in gig.points
            if item is None or item < len(package.scope)]
    return _POINTS[key]


def _files(gig: cat.Gig, number: int) -> list[dict]:
    """The files of delivery `number`: a few versions per gig, real content and hashes."""
    version = min(number, 3)
    key = (gig.title, version)
    if key not in _FILES:
        files = []
        for name in gig.files:
            content = _fake_content(f"{gig.title}/{name}/v{version}")
            digest = hashlib.sha256(content).hexdigest()
            _BLOBS[digest] = content
            files.append({"path": f"v{version}/{name}", "size": len(content),
                          "sha256": digest})
        _FILES[key] = files
    return _FILES[key]


def _fake_content(label: str) -> bytes:
    seed = hashlib.sha256(label.encode()).digest()
    size = 2048 + int.from_bytes(seed[:2], "big") % 30_000
    line = f"GigDesk demo file: {label}\n".encode()
    return (line * (size // len(line) + 1))[:size]


def _store_demo_files(db: Database) -> None:
    """Put every demo file's content in the file store, so `check` finds what it hashes."""
    for gig in cat.GIGS:
        for number in (1, 2, 3):
            _files(gig, number)
    store = FileStore(db.data_dir / "files")
    for digest, content in _BLOBS.items():
        path = store.path_of(digest)
        if not path.is_file():
            tmp = store.tmp_dir / f"demo-{digest}"
            tmp.write_bytes(content)
            os.replace(tmp, path)
