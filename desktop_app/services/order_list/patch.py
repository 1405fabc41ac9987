"""Merging a change set into sorted index arrays, at C speed and without touching the input.

A sync pull or an import changes up to thousands of orders while the window shows
100,000. Re-sorting every column would redo work for rows that did not move; patching
rows one at a time (find, delete, bisect, insert into an array) costs a full array scan
per row and per sort. Instead each sort permutation is rebuilt in one pass: the changed
rows are taken out of their old places and put back at their new ones, both found by
bisection, while the rest is copied slice by slice. Every step is a short built-in call
over arrays, so a worker thread can do it while the window keeps the previous arrays,
and the GUI thread only swaps the result in.

Ties sort by row index, as the full sort (`sorted(range(n), key=...)`, stable) does,
so a patched permutation is exactly the one a rebuild would make.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import compress

_SLICE = 65_536  # rows per built-in call in a scan over every order


def row_positions(ids: Sequence[str], wanted: Iterable[str], slice_rows: int = _SLICE
                  ) -> dict[str, int]:
    """Row index of each wanted id present in `ids`: C-speed passes, no dict of every id.

    The ids are scanned a slice at a time: one built-in call over a million ids would
    hold the GIL (and stall the GUI thread) for as long as it runs.
    """
    wanted = set(wanted)
    found: dict[str, int] = {}
    if wanted:
        for start in range(0, len(ids), slice_rows):
            part = ids[start:start + slice_rows]
            hits = compress(range(start, start + len(part)), map(wanted.__contains__, part))
            found.update((ids[i], i) for i in hits)
    return found


def resorted(perm: array, perm_codes: bytes, old_values: Sequence, gone: Iterable[int],
             values: Sequence, moved: Iterable[int], codes: bytes) -> tuple[array, bytearray]:
    """`perm` (rows in ascending order of `old_values`, ties by row) and the status codes in
    its order, once the rows in `gone` have left their places and the rows in `moved` (the
    same rows with their new `values`, and appended ones) have taken theirs; `codes` gives
    every row's status code as changed. The result is what a full sort would give.

    A changed row's old place is found by bisection on its old value, its new place by
    bisection on its new one, and the arrays are copied slice by slice around them: each
    step is one short built-in call, so the GUI thread gets the GIL in between.
    """
    cuts = sorted(_place(perm, old_values.__getitem__, row) for row in gone)
    staying, staying_codes = array("i"), bytearray()
    start = 0
    for at in cuts:
        staying.extend(perm[start:at])
        staying_codes += perm_codes[start:at]
        start = at + 1
    staying.extend(perm[start:])
    staying_codes += perm_codes[start:]
    value = values.__getitem__
    merged, merged_codes = array("i"), bytearray()
    start = 0
    for row in sorted(sorted(moved), key=value):  # by value, ties by row
        at = _place(staying, value, row, start)
        merged.extend(staying[start:at])
        merged.append(row)
        merged_codes += staying_codes[start:at]
        merged_codes.append(codes[row])
        start = at
    merged.extend(staying[start:])
    merged_codes += staying_codes[start:]
    return merged, merged_codes


def _place(perm: Sequence[int], value, row: int, start: int = 0) -> int:
    """Where `row` is (or would go) in `perm`, sorted by value(row) then by row."""
    v = value(row)
    low = bisect_left(perm, v, start, key=value)
    high = bisect_right(perm, v, low, key=value)
    return bisect_left(perm, row, low, high)  # equal values: ascending rows
