"""The order list's columns, declared once: the query reads FIELDS, the index keeps the
kept ones, the table shows COLUMNS (header, the field it sorts by, a width hint).

A column added here is read, kept, sorted and shown everywhere at once; before, the same
list lived in four modules and had to be kept in step by hand.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One value the list reads per order.

    kind: "text"; "shared" (a text many orders repeat, such as a status or a gig title:
    the index keeps one string object for all of them); "integer" (minor units, counts);
    "stamp" (a UTC time, read as microseconds since the epoch so it sorts as an integer).
    kept: False for a value the query reads but the table does not use.
    """

    name: str
    kind: str = "text"
    kept: bool = True


FIELDS = (
    Field("id"), Field("ref"), Field("buyer", "shared"), Field("gig", "shared"),
    Field("status", "shared"), Field("due_at", "stamp"), Field("price_minor", "integer"),
    Field("currency", "shared"), Field("revisions_used"), Field("revisions_included"),
    Field("last_activity_at", "stamp"), Field("notes", "shared"),
    Field("open_request", kept=False), Field("request_expires_at", kept=False),
    Field("marketplace", "shared"),
)
NAMES = tuple(f.name for f in FIELDS)
KEPT = tuple(f.name for f in FIELDS if f.kept)
SHARED = tuple(f.name for f in FIELDS if f.kind == "shared")
STAMPS = tuple(f.name for f in FIELDS if f.kind == "stamp")
# Kept as array("q") in the index: 8-byte integers, no int object per order.
INTEGERS = tuple(f.name for f in FIELDS if f.kind in ("integer", "stamp"))
SEARCHED = ("ref", "buyer", "gig", "notes")  # what the search box looks in


@dataclass(frozen=True)
class Column:
    """One column of the table: its header, the field it sorts by, its width in pixels
    (None: it takes the space left)."""

    header: str
    sort_key: str
    width: int | None = None


COLUMNS = (
    Column("Ref", "ref", 112), Column("Buyer", "buyer", 95), Column("Gig", "gig", 100),
    Column("Status", "status", 160), Column("Due", "due_at", 125),
    Column("Marketplace", "marketplace", 105), Column("Price", "price_minor", 85),
    Column("Revisions", "revisions_used", 75), Column("Last activity", "last_activity_at"),
)
REF, BUYER, GIG, STATUS, DUE, MARKETPLACE, PRICE, REVISIONS, ACTIVITY = range(len(COLUMNS))
SORT_KEYS = tuple(c.sort_key for c in COLUMNS)
DEFAULT_SORT = DUE
NO_TIME = -(2**63)  # a stamp field with no time: sorts before every other
