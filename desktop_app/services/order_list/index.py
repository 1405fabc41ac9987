"""The order list as index arrays: filter, search and sort without Qt, at C speed.

The table shows 100,000+ orders, so every operation works on whole columns
with built-ins (`map`, `bytes.translate`, `compress`, `sorted`) instead of
Python loops: a filter is a byte mask (one 0/1 byte per order), a sort is a
cached permutation of row indices (an `array` of 4-byte ints, not a list of
int objects), and the visible rows are the permutation compressed by the mask.
Timestamps and prices are 8-byte integers in arrays too (16 MB less than texts
at 100,000 orders). Each permutation keeps the status codes in its own order,
so a status filter is one `bytes.translate` and one `compress`; the late test
and the search then run only on the rows left. Visible rows are cached until the data changes, and a
descending sort reads the ascending rows backwards (in the model). Nothing here imports Qt.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat

from desktop_app.domain.order import Status
from desktop_app.domain.timeutil import from_stored, to_stored
from desktop_app.services.order_list.columns import (
    DEFAULT_SORT,
    INTEGERS,
    KEPT,
    NO_TIME,
    SEARCHED,
    SHARED,
    SORT_KEYS,
)
from desktop_app.services.order_list.patch import resorted, row_positions
from desktop_app.services.order_list.query import OrderColumns

FINAL = frozenset({Status.COMPLETED.value, Status.CANCELLED.value})
ACTIVE = frozenset(s.value for s in Status) - FINAL
LATE = frozenset({Status.IN_PROGRESS.value, Status.REVISION_REQUESTED.value})

# (key, label) of the status filter, in the order the seller sees them.
FILTERS = (
    ("active", "Active"),
    (Status.AWAITING_REQUIREMENTS.value, Status.AWAITING_REQUIREMENTS.label),
    (Status.IN_PROGRESS.value, Status.IN_PROGRESS.label),
    ("late", "Late"),
    (Status.DELIVERED.value, Status.DELIVERED.label),
    (Status.REVISION_REQUESTED.value, Status.REVISION_REQUESTED.label),
    (Status.COMPLETED.value, Status.COMPLETED.label),
    (Status.CANCELLED.value, Status.CANCELLED.label),
    ("all", "All"),
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# One byte per order for its status: filters become one bytes.translate (C speed).
_STATUS_CODE = {s.value: n for n, s in enumerate(Status, 1)}
_CACHE_LIMIT = 16
_GATHER_ABOVE = 4  # a search hitting over 1 row in 4 reads the rows in order, else sorts hits


@dataclass(frozen=True)
class ViewSpec:
    """What the seller asked to see."""

    filter_key: str = "active"
    needle: str = ""
    sort_column: int = DEFAULT_SORT
    descending: bool = False
    marketplace: str = ""  # a profile key; "" for every marketplace


def now_text(at: datetime) -> str:
    """`at` as the index takes "now": the database's UTC text (the late filter compares it
    with due times, and it keys the late view per minute)."""
    return to_stored(at)


def stamp_micros(db_text: str | None) -> int:
    """A stored UTC timestamp as microseconds since the epoch (as queries reads them);
    NO_TIME for none."""
    return (from_stored(db_text) - _EPOCH) // _MICROSECOND if db_text else NO_TIME


def stamp_datetime(micros: int) -> datetime | None:
    """The aware UTC datetime of stamp_micros, or None for NO_TIME."""
    return None if micros == NO_TIME else _EPOCH + micros * _MICROSECOND


def _kept(name: str, values: Iterable) -> list | array:
    return array("q", values) if name in INTEGERS else list(values)


def _status_table(statuses: Iterable[str]) -> bytes:
    """A bytes.translate table mapping the codes of `statuses` to 1, every other byte to 0."""
    table = bytearray(256)
    for status in statuses:
        table[_STATUS_CODE[status]] = 1
    return bytes(table)


def permutation_with_codes(column: Sequence, codes: bytes, with_rank: bool = True
                           ) -> tuple[array, bytearray, array | None]:
    """Row indices in ascending order of `column` (a stable sort: ties keep row order), the
    rows' status codes in that order (a status filter needs no gather) and its inverse."""
    perm = array("i", sorted(range(len(column)), key=column.__getitem__))
    return perm, bytearray(map(codes.__getitem__, perm)), inverse(perm) if with_rank else None


def inverse(perm: Sequence[int]) -> array:
    """rank[row] = position of row in perm (a sort of small ints: C speed)."""
    return array("i", sorted(range(len(perm)), key=perm.__getitem__))


class OrderIndex:
    """Every order's list fields (lists and arrays by field name) and views on them.

    The rows are never changed once built: `patched` makes a new index, so a worker can
    patch or sort from this one while the window reads it. Only caches (views, sorts
    computed later, ranks) are added, by the thread that owns the index.
    """

    def __init__(self, columns: OrderColumns | Iterable[OrderColumns],
                 sort_columns: Iterable[int] = (DEFAULT_SORT,)):
        """From the list columns, whole or in chunks (chunks keep the load's peak memory low)."""
        chunks = [columns] if isinstance(columns, OrderColumns) else columns
        cols: dict[str, list | array] = {name: _kept(name, ()) for name in KEPT}
        shared: dict[str, dict] = {name: {} for name in SHARED}
        for chunk in chunks:
            for name in KEPT:
                values = getattr(chunk, name)
                if name in SHARED:
                    values = map(shared[name].setdefault, values, values)
                cols[name].extend(_kept(name, values))
        haystack = list(map(str.lower, map(" ".join, zip(*(cols[n] for n in SEARCHED),
                                                         strict=True))))
        self._set(cols, bytearray(map(_STATUS_CODE.__getitem__, cols["status"])), haystack, 0)
        for column in sort_columns:  # on the loading worker: ready before the first search
            self._rank(column)

    def _set(self, cols: dict[str, list | array], status_codes: bytearray,
             haystack: list[str], generation: int) -> None:
        self.cols = cols
        self.status_codes = status_codes
        self.haystack = haystack
        self._position: dict[str, int] | None = None  # built only when many ids are looked up
        self._last_found: tuple[str, int] | None = None
        self._perms: dict[int, array] = {}
        self._perm_codes: dict[int, bytearray] = {}  # status codes in each permutation's order
        self._ranks: dict[int, array] = {}  # inverse permutations, for sorting search hits
        self._cache: dict[tuple, object] = {}
        self.generation = generation  # one more than the index it was patched from

    def __len__(self) -> int:
        return len(self.cols["id"])

    # -- ids -----------------------------------------------------------------
    @property
    def position(self) -> dict[str, int]:
        """id -> row index for every order (built on first use: 100 MB at a million orders)."""
        if self._position is None:
            self._position = {order_id: i for i, order_id in enumerate(self.cols["id"])}
        return self._position

    def find(self, order_id: str | None) -> int | None:
        """The row index of one order: a C-speed scan, remembered for the next call."""
        if not order_id:
            return None
        ids = self.cols["id"]
        last = self._last_found
        if last is not None and last[0] == order_id and last[1] < len(ids) \
                and ids[last[1]] == order_id:
            return last[1]
        if self._position is not None:
            i = self._position.get(order_id)
        else:
            try:
                i = ids.index(order_id)
            except ValueError:
                i = None
        if i is not None:
            self._last_found = (order_id, i)
        return i

    # -- sorting -----------------------------------------------------------
    def permutation(self, column: int) -> array:
        """Row indices in ascending order of `column`: computed once (a patched index gets
        its sorts merged from the one before, see patched)."""
        perm = self._perms.get(column)
        if perm is None:
            perm, codes, _none = permutation_with_codes(self.cols[SORT_KEYS[column]],
                                                        self.status_codes, with_rank=False)
            self._perm_codes[column], self._perms[column] = codes, perm  # codes first: see
            # _patched, which may read this index on a worker meanwhile
        return perm

    def has_permutation(self, column: int) -> bool:
        return column in self._perms

    def sort_snapshot(self, column: int) -> tuple[Sequence, bytes]:
        """One sort column and the status codes, for permutation_with_codes on a worker
        (no copies needed: rows never change in place)."""
        return self.cols[SORT_KEYS[column]], self.status_codes

    def adopt_permutation(self, column: int, computed: tuple[array, bytearray, array],
                          generation: int) -> None:
        """Take what permutation_with_codes computed elsewhere, if no row changed meanwhile."""
        if generation == self.generation and column not in self._perms:
            perm, codes, self._ranks[column] = computed
            self._perm_codes[column], self._perms[column] = codes, perm  # codes first

    # -- filtering -----------------------------------------------------------
    def _cached(self, key: tuple, compute):
        value = self._cache.get(key, self)
        if value is self:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            value = self._cache[key] = compute()
        return value

    def late_count(self, now_db: str) -> int:
        owed = compress(range(len(self)), self.status_codes.translate(_status_table(LATE)))
        return sum(map(stamp_micros(now_db).__gt__, map(self.cols["due_at"].__getitem__, owed)))

    def ascending_rows(self, spec: ViewSpec, now_db: str) -> array:
        """The rows to show in ascending order of the sort column (cached: rows never change
        in place)."""
        needle = spec.needle.strip().lower()
        key = (spec.filter_key, needle, spec.sort_column,
               now_db[:16] if spec.filter_key == "late" else "",  # late: per minute, like texts
               spec.marketplace)
        return self._cached(key, lambda: self._rows(spec.filter_key, needle, spec.sort_column,
                                                    now_db, spec.marketplace))

    def _rows(self, filter_key: str, needle: str, column: int, now_db: str,
              marketplace: str = "") -> array:
        """Filter the sort permutation: status by the codes kept in its order (a translate
        and a compress), then the late test, the marketplace and the search only on the
        rows left."""
        perm = self.permutation(column)
        if filter_key == "all" and not needle and not marketplace:
            return perm  # shared, not copied: never changed in place
        rows: Iterable[int] = perm
        if filter_key != "all":
            wanted = LATE if filter_key == "late" else ACTIVE if filter_key == "active" \
                else (filter_key,)
            rows = compress(perm, self._perm_codes[column].translate(_status_table(wanted)))
            if filter_key == "late":
                rows = list(rows)
                now = stamp_micros(now_db)
                rows = compress(rows, map(now.__gt__, map(self.cols["due_at"].__getitem__, rows)))
        if marketplace:
            mask = self._cached(("marketplace", marketplace), lambda: bytes(
                map(marketplace.__eq__, self.cols["marketplace"])))
            rows = list(rows)
            rows = compress(rows, map(mask.__getitem__, rows))
        if needle:
            rows = self._search(needle, column, rows)
        return array("i", rows)

    def _search(self, needle: str, column: int, rows: Iterable[int]) -> Iterable[int]:
        """The rows whose ref, buyer, gig or notes contain `needle`, in the order of `rows`."""
        mask = self._cached(("search", needle), lambda: bytes(
            map(str.__contains__, self.haystack, repeat(needle))))
        if rows is not self._perms[column]:  # already filtered by status: a subset
            rows = list(rows)
            return compress(rows, map(mask.__getitem__, rows))
        if mask.count(1) * _GATHER_ABOVE > len(mask):
            return compress(rows, map(mask.__getitem__, rows))
        # few hits among every order: sort the hits by rank instead of reading every row
        return sorted(compress(range(len(mask)), mask), key=self._rank(column).__getitem__)

    def _rank(self, column: int) -> array:
        """Each row's position in permutation(column) (a patched index computes its own)."""
        rank = self._ranks.get(column)
        if rank is None:
            rank = self._ranks[column] = inverse(self.permutation(column))
        return rank

    def visible(self, spec: ViewSpec, now_db: str) -> list[int]:
        """The row indices to show, in display order."""
        rows = list(self.ascending_rows(spec, now_db))
        if spec.descending:
            rows.reverse()
        return rows

    def counts(self, now_db: str) -> dict[str, int]:
        """Orders per filter key."""
        codes = self.status_codes
        by_status = {s.value: codes.count(_STATUS_CODE[s.value]) for s in Status}
        counts = {key: by_status.get(key, 0) for key, _label in FILTERS}
        counts["active"] = sum(by_status[s] for s in ACTIVE)
        counts["late"] = self.late_count(now_db)
        counts["all"] = len(self)
        return counts

    # -- changes ---------------------------------------------------------
    def patched(self, changed: OrderColumns) -> OrderIndex:
        """A new index with the changed rows replaced or added; this one is only read, so
        a worker can build it while the window shows this one. Its sorts are this index's
        sorts with the changed rows merged in (see patch.py); views and ranks start empty."""
        return self._patched(changed)[0]

    def patch(self, changed: OrderColumns) -> list[int]:
        """patched(), in place, for a caller holding the only reference (a script, a test).
        Returns the row index of each changed order."""
        new, touched = self._patched(changed)
        self.__dict__.update(new.__dict__)
        return touched

    def _patched(self, changed: OrderColumns) -> tuple[OrderIndex, list[int]]:
        perms = dict(self._perms)  # a copy: the owner may adopt a sort meanwhile (its codes
        # are stored before it, so every sort copied here has them)
        size = len(self)
        at = row_positions(self.cols["id"], changed.id)
        cols = {name: values[:] for name, values in self.cols.items()}  # pointers, not rows
        codes, haystack = self.status_codes[:], self.haystack[:]
        touched = []
        for j in range(len(changed)):
            row = changed.row(j)
            i = at.get(row["id"])
            if i is None:
                i = len(cols["id"])
                for name in KEPT:
                    cols[name].append(row[name])
                codes.append(0)
                haystack.append("")
            else:
                for name in KEPT:
                    cols[name][i] = row[name]
            codes[i] = _STATUS_CODE[row["status"]]
            haystack[i] = " ".join(row[n] for n in SEARCHED).lower()
            touched.append(i)
        new = OrderIndex.__new__(OrderIndex)
        new._set(cols, codes, haystack, self.generation + 1)
        new._last_found = self._last_found  # rows keep their index: still right
        gone = [i for i in touched if i < size]
        for column, perm in perms.items():
            key = SORT_KEYS[column]
            new._perms[column], new._perm_codes[column] = resorted(
                perm, self._perm_codes[column], self.cols[key], gone, cols[key], touched, codes)
        return new, touched
