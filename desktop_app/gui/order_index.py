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

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import compress, repeat

from desktop_app.domain.order import Status
from desktop_app.storage.queries import NO_TIME, STAMP_COLUMNS, OrderColumns

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
# The raw column each table column sorts by (timestamps sort as text).
SORT_KEYS = ("ref", "buyer", "gig", "status", "due_at", "price_minor", "revisions_used",
             "last_activity_at")
DEFAULT_SORT = SORT_KEYS.index("due_at")
# Kept as array("q"): prices in minor units, timestamps as read (microseconds since the
# epoch, NO_TIME for none: it sorts first).
_INTEGERS = ("price_minor", *STAMP_COLUMNS)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# The columns the list needs; repeated values (a status, a gig title) share one string.
KEPT = ("id", "ref", "buyer", "gig", "status", "due_at", "price_minor", "currency",
        "revisions_used", "revisions_included", "last_activity_at", "notes")
_SHARED = ("buyer", "gig", "status", "currency", "notes")
# One byte per order for its status: filters become one bytes.translate (C speed).
_STATUS_CODE = {s.value: n for n, s in enumerate(Status, 1)}
_CACHE_LIMIT = 16
_GATHER_ABOVE = 4  # a search hitting over 1 row in 4 reads the rows in order, else sorts hits
_FEW = 64  # below this many ids, list.index beats building an id -> row dict


@dataclass(frozen=True)
class ViewSpec:
    """What the seller asked to see."""

    filter_key: str = "active"
    needle: str = ""
    sort_column: int = DEFAULT_SORT
    descending: bool = False


def stamp_micros(db_text: str | None) -> int:
    """A stored UTC timestamp as microseconds since the epoch (as queries reads them);
    NO_TIME for none."""
    return (datetime.fromisoformat(db_text) - _EPOCH) // _MICROSECOND if db_text else NO_TIME


def stamp_datetime(micros: int) -> datetime | None:
    """The aware UTC datetime of stamp_micros, or None for NO_TIME."""
    return None if micros == NO_TIME else _EPOCH + micros * _MICROSECOND


def _kept(name: str, values: Iterable) -> list | array:
    return array("q", values) if name in _INTEGERS else list(values)


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
    """Every order's list columns (as lists, so one row can be patched) and views on them."""

    def __init__(self, columns: OrderColumns | Iterable[OrderColumns],
                 sort_columns: Iterable[int] = (DEFAULT_SORT,)):
        """From the list columns, whole or in chunks (chunks keep the load's peak memory low)."""
        chunks = [columns] if isinstance(columns, OrderColumns) else columns
        self.cols: dict[str, list | array] = {name: _kept(name, ()) for name in KEPT}
        shared: dict[str, dict] = {name: {} for name in _SHARED}
        for chunk in chunks:
            for name in KEPT:
                values = getattr(chunk, name)
                if name in _SHARED:
                    values = map(shared[name].setdefault, values, values)
                self.cols[name].extend(_kept(name, values))
        c = self.cols
        self.status_codes = bytearray(map(_STATUS_CODE.__getitem__, c["status"]))
        self.haystack = list(map(str.lower, map(" ".join, zip(c["ref"], c["buyer"], c["gig"],
                                                              c["notes"], strict=True))))
        self._position: dict[str, int] | None = None  # built only when many ids are looked up
        self._last_found: tuple[str, int] | None = None
        self._perms: dict[int, array] = {}
        self._perm_codes: dict[int, bytearray] = {}  # status codes in each permutation's order
        self._ranks: dict[int, array] = {}  # inverse permutations, for sorting search hits
        self._cache: dict[tuple, object] = {}
        self.generation = 0  # bumped by every patch
        for column in sort_columns:  # on the loading worker: ready before the first search
            self._rank(column)

    def __len__(self) -> int:
        return len(self.cols["id"])

    def _hay(self, i: int) -> str:
        c = self.cols
        return " ".join((c["ref"][i], c["buyer"][i], c["gig"][i], c["notes"][i])).lower()

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
        """Row indices in ascending order of `column`; computed once, then kept up to date."""
        perm = self._perms.get(column)
        if perm is None:
            perm, codes, _none = permutation_with_codes(self.cols[SORT_KEYS[column]],
                                                        self.status_codes, with_rank=False)
            self._perms[column], self._perm_codes[column] = perm, codes
        return perm

    def has_permutation(self, column: int) -> bool:
        return column in self._perms

    def sort_snapshot(self, column: int) -> tuple[Sequence, bytes]:
        """Copies of one sort column and the status codes, for permutation_with_codes on a
        worker while this index may change."""
        return self.cols[SORT_KEYS[column]][:], bytes(self.status_codes)

    def adopt_permutation(self, column: int, computed: tuple[array, bytearray, array],
                          generation: int) -> None:
        """Take what permutation_with_codes computed elsewhere, if no row changed meanwhile."""
        if generation == self.generation and column not in self._perms:
            self._perms[column], self._perm_codes[column], self._ranks[column] = computed

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
        """The rows to show in ascending order of the sort column (cached until a patch)."""
        needle = spec.needle.strip().lower()
        key = (spec.filter_key, needle, spec.sort_column,
               now_db[:16] if spec.filter_key == "late" else "")  # late: per minute, like texts
        return self._cached(key, lambda: self._rows(spec.filter_key, needle, spec.sort_column,
                                                    now_db))

    def _rows(self, filter_key: str, needle: str, column: int, now_db: str) -> array:
        """Filter the sort permutation: status by the codes kept in its order (a translate
        and a compress), then the late test and the search only on the rows left."""
        perm = self.permutation(column)
        if filter_key == "all" and not needle:
            return perm  # shared, not copied: a patch clears every cached view with it
        rows: Iterable[int] = perm
        if filter_key != "all":
            wanted = LATE if filter_key == "late" else ACTIVE if filter_key == "active" \
                else (filter_key,)
            rows = compress(perm, self._perm_codes[column].translate(_status_table(wanted)))
            if filter_key == "late":
                rows = list(rows)
                now = stamp_micros(now_db)
                rows = compress(rows, map(now.__gt__, map(self.cols["due_at"].__getitem__, rows)))
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
        """Each row's position in permutation(column), dropped by a patch."""
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
    def patch(self, changed: OrderColumns) -> list[int]:
        """Replace or add the given rows; keeps the permutations sorted. Returns their indices."""
        self.generation += 1
        self._cache.clear()
        self._ranks.clear()
        if len(changed) > _FEW:
            self.position  # noqa: B018 - many lookups: one dict beats many scans
        touched = []
        for j in range(len(changed)):
            row = changed.row(j)
            i = self.find(row["id"])
            if i is None:
                i = self._append(row)
            else:
                for column, perm in self._perms.items():
                    at = perm.index(i)
                    del perm[at], self._perm_codes[column][at]
            self._assign(i, row)
            for column, perm in self._perms.items():
                values = self.cols[SORT_KEYS[column]]
                at = bisect.bisect_right(perm, values[i], key=values.__getitem__)
                perm.insert(at, i)
                self._perm_codes[column].insert(at, self.status_codes[i])
            touched.append(i)
        return touched

    def _append(self, row: dict) -> int:
        i = len(self)
        for name in KEPT:
            self.cols[name].append(0 if name in _INTEGERS else None)
        self.haystack.append("")
        self.status_codes.append(0)
        if self._position is not None:
            self._position[row["id"]] = i
        return i

    def _assign(self, i: int, row: dict) -> None:
        for name in KEPT:
            self.cols[name][i] = row[name]
        self.status_codes[i] = _STATUS_CODE[row["status"]]
        self.haystack[i] = self._hay(i)
