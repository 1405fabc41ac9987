"""Merging a change set into sorted index arrays, at C speed and without touching the input.

A sync pull or an import changes up to thousands of orders while the window shows
100,000. Re-sorting every column would redo work for rows that did not move; patching
rows one at a time (find, delete, bisect, insert into an array) costs a full array scan
per row and per sort. Instead each sort permutation is rebuilt in one pass: the changed
rows are dropped from it with a byte mask, then the sorted run that is left and the
changed rows are put back at their places, found by bisection, while the rest is copied
slice by slice. Every step is a short built-in call over arrays, so a worker thread can
do it while the window keeps the previous arrays, and the GUI thread only swaps the
result in.

Ties sort by row index, as the full sort (`sorted(range(n), key=...)`, stable) does,
so a patched permutation is exactly the one a rebuild would make.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import compress


def row_positions(ids: Sequence[str], wanted: Iterable[str]) -> dict[str, int]:
    """Row index of each wanted id present in `ids`: one C-speed pass, no dict of every id."""
    wanted = set(wanted)
    if not wanted:
        return {}
    return {ids[i]: i for i in compress(range(len(ids)), map(wanted.__contains__, ids))}


def stay_mask(size: int, moved: Iterable[int]) -> bytearray:
    """One byte per existing row: 1 for a row that keeps its place, 0 for a changed one."""
    keep = bytearray(b"\x01") * size
    for i in moved:
        if i < size:
            keep[i] = 0
    return keep


def resorted(perm: array, perm_codes: bytes, keep: bytes, moved: Sequence[int],
             values: Sequence, codes: bytes) -> tuple[array, bytearray]:
    """`perm` (rows in ascending order of `values`, ties by row) and the status codes in its
    order (`perm_codes`), after the rows in `moved` changed their values or were appended:
    the same as a full sort would give. `codes`: every row's status code, as changed.

    The rows left in place stay one sorted run; each moved row's place in it is found by
    bisection (among equal values, by row index), and the run is copied slice by slice
    around them. Each step is one short built-in call, so a worker doing this lets the
    GUI thread in between (a single sort of the whole column would hold the GIL).
    """
    mask = bytes(map(keep.__getitem__, perm))
    staying = array("i", compress(perm, mask))
    staying_codes = bytearray(compress(perm_codes, mask))
    value = values.__getitem__
    merged, merged_codes = array("i"), bytearray()
    start = 0
    for row in sorted(sorted(moved), key=value):  # by value, ties by row
        v = value(row)
        low = bisect_left(staying, v, start, key=value)
        high = bisect_right(staying, v, low, key=value)
        at = bisect_left(staying, row, low, high)  # equal values: ascending rows
        merged.extend(staying[start:at])
        merged.append(row)
        merged_codes += staying_codes[start:at]
        merged_codes.append(codes[row])
        start = at
    merged.extend(staying[start:])
    merged_codes += staying_codes[start:]
    return merged, merged_codes
