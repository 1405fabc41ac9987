"""How counts are said to the seller, wherever a message counts something."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """ "1 file", "3 files", "1,204 orders": the count with thousands separators."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
