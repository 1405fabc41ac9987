"""The order list as index arrays: filter, search and sort without Qt, at C speed.

The table shows 100,000+ orders, so every operation works on whole columns
with built-ins (`map`, `bytes`, `compress`, `sorted`) instead of Python loops:
a filter is a byte mask (one 0/1 byte per order), a sort is a cached
permutation of row indices, and the visible rows are the permutation
compressed by the mask. Nothing here imports Qt; the model wraps it.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat

from desktop_app.domain.order import Status
from desktop_app.storage.queries import OrderColumns

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
_NULLABLE_TEXT = ("last_activity_at",)
# The columns the list needs; repeated values (a status, a gig title) share one string.
KEPT = ("id", "ref", "buyer", "gig", "status", "due_at", "price_minor", "currency",
        "revisions_used", "revisions_included", "last_activity_at", "notes")
_SHARED = ("buyer", "gig", "status", "currency", "notes", "last_activity_at")


@dataclass(frozen=True)
class ViewSpec:
    """What the seller asked to see."""

    filter_key: str = "active"
    needle: str = ""
    sort_column: int = DEFAULT_SORT
    descending: bool = False


def _mask_and(a: bytes | None, b: bytes | None) -> bytes | None:
    """AND of two 0/1 byte masks through big integers (C speed); None means all rows."""
    if a is None or b is None:
        return b if a is None else a
    joined = int.from_bytes(a, "little") & int.from_bytes(b, "little")
    return joined.to_bytes(len(a), "little")


class OrderIndex:
    """Every order's list columns (as lists, so one row can be patched) and views on them."""

    def __init__(self, columns: OrderColumns | Iterable[OrderColumns],
                 sort_columns: Iterable[int] = (DEFAULT_SORT,)):
        """From the list columns, whole or in chunks (chunks keep the load's peak memory low)."""
        chunks = [columns] if isinstance(columns, OrderColumns) else columns
        self.cols: dict[str, list] = {name: [] for name in KEPT}
        shared: dict[str, dict] = {name: {} for name in _SHARED}
        for chunk in chunks:
            for name in KEPT:
                values = getattr(chunk, name)
                if name in _NULLABLE_TEXT:  # None does not compare with str; "" sorts first
                    values = [v or "" for v in values]
                if name in _SHARED:
                    values = map(shared[name].setdefault, values, values)
                self.cols[name].extend(values)
        c = self.cols
        self.haystack = list(map(str.lower, map(" ".join, zip(c["ref"], c["buyer"], c["gig"],
                                                              c["notes"], strict=True))))
        self.position = {order_id: i for i, order_id in enumerate(self.cols["id"])}
        self._perms: dict[int, list[int]] = {}
        self.generation = 0  # bumped by every patch
        for column in sort_columns:
            self.permutation(column)

    def __len__(self) -> int:
        return len(self.cols["id"])

    def _hay(self, i: int) -> str:
        c = self.cols
        return " ".join((c["ref"][i], c["buyer"][i], c["gig"][i], c["notes"][i])).lower()

    # -- sorting -----------------------------------------------------------
    def permutation(self, column: int) -> list[int]:
        """Row indices in ascending order of `column`; computed once, then kept up to date."""
        perm = self._perms.get(column)
        if perm is None:
            perm = sorted(range(len(self)), key=self.cols[SORT_KEYS[column]].__getitem__)
            self._perms[column] = perm
        return perm

    def unsorted_snapshot(self) -> dict[int, tuple]:
        """Copies of the sort columns not yet permuted, for compute_permutations."""
        return {c: tuple(self.cols[SORT_KEYS[c]]) for c in range(len(SORT_KEYS))
                if c not in self._perms}

    def adopt_permutations(self, perms: dict[int, list[int]], generation: int) -> None:
        """Take permutations computed elsewhere, if no row changed meanwhile."""
        if generation == self.generation:
            for column, perm in perms.items():
                self._perms.setdefault(column, perm)

    # -- filtering -----------------------------------------------------------
    def status_mask(self, key: str, now_db: str) -> bytes | None:
        status = self.cols["status"]
        if key == "all":
            return None
        if key == "late":
            owed = bytes(map(LATE.__contains__, status))
            past_due = bytes(map(now_db.__gt__, self.cols["due_at"]))
            return _mask_and(owed, past_due)
        wanted = ACTIVE if key == "active" else frozenset({key})
        return bytes(map(wanted.__contains__, status))

    def search_mask(self, needle: str) -> bytes | None:
        needle = needle.strip().lower()
        if not needle:
            return None
        return bytes(map(str.__contains__, self.haystack, repeat(needle)))

    def visible(self, spec: ViewSpec, now_db: str) -> list[int]:
        """The row indices to show, in display order."""
        mask = _mask_and(self.status_mask(spec.filter_key, now_db), self.search_mask(spec.needle))
        perm = self.permutation(spec.sort_column)
        rows = list(perm) if mask is None else list(compress(perm, map(mask.__getitem__, perm)))
        if spec.descending:
            rows.reverse()
        return rows

    def counts(self, now_db: str) -> dict[str, int]:
        """Orders per filter key."""
        by_status = Counter(self.cols["status"])
        late = self.status_mask("late", now_db) or b""
        counts = {key: by_status.get(key, 0) for key, _label in FILTERS}
        counts["active"] = sum(by_status.get(s, 0) for s in ACTIVE)
        counts["late"] = late.count(1)
        counts["all"] = len(self)
        return counts

    # -- changes ---------------------------------------------------------
    def patch(self, changed: OrderColumns) -> list[int]:
        """Replace or add the given rows; keeps the permutations sorted. Returns their indices."""
        self.generation += 1
        touched = []
        for j in range(len(changed)):
            row = changed.row(j)
            i = self.position.get(row["id"])
            if i is None:
                i = self._append(row)
            else:
                for perm in self._perms.values():
                    perm.remove(i)
            self._assign(i, row)
            for column, perm in self._perms.items():
                bisect.insort(perm, i, key=self.cols[SORT_KEYS[column]].__getitem__)
            touched.append(i)
        return touched

    def _append(self, row: dict) -> int:
        i = len(self)
        for name in KEPT:
            self.cols[name].append(None)
        self.haystack.append("")
        self.position[row["id"]] = i
        return i

    def _assign(self, i: int, row: dict) -> None:
        for name in KEPT:
            value = row[name]
            self.cols[name][i] = (value or "") if name in _NULLABLE_TEXT else value
        self.haystack[i] = self._hay(i)


def compute_permutations(keys: dict[int, tuple]) -> dict[int, list[int]]:
    """Sort permutations of column snapshots; run on a worker so the first sort is instant."""
    return {c: sorted(range(len(col)), key=col.__getitem__) for c, col in keys.items()}
