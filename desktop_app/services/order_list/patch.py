"""Merging a change set into sorted index arrays, at C speed and without touching the input.

A sync pull or an import changes up to thousands of orders while the window shows
100,000. Re-sorting every column would redo work for rows that did not move; patching
rows one at a time (find, delete, bisect, insert into an array) costs a full array scan
per row and per sort. Instead each sort permutation is rebuilt in one pass: the changed
rows are dropped from it with a byte mask, then the sorted run that is left and the
sorted run of changed rows are merged by `sorted` (Timsort finds the two runs and merges
them). Every step is a built-in over whole arrays, so a worker thread can do it while
the window keeps the previous arrays, and the GUI thread only swaps the result in.

Ties sort by row index, as the full sort (`sorted(range(n), key=...)`, stable) does,
so a patched permutation is exactly the one a rebuild would make.
"""

from __future__ import annotations

from array import array
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


def resorted(perm: array, keep: bytes, moved: Sequence[int], values: Sequence) -> array:
    """`perm` (rows in ascending order of `values`, ties by row) after the rows in `moved`
    changed their values or were appended: the same order a full sort would give."""
    staying = compress(perm, map(keep.__getitem__, perm))
    keys = list(zip(values, range(len(values)), strict=True))  # ties by row, like a rebuild
    return array("i", sorted([*staying, *sorted(moved, key=keys.__getitem__)],
                             key=keys.__getitem__))


def codes_in_order(perm: Sequence[int], codes: bytes) -> bytearray:
    """The rows' status codes in the order of `perm` (a status filter needs no gather)."""
    return bytearray(map(codes.__getitem__, perm))
