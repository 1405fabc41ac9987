"""CSV orders: the JSON fields as columns; `scope` items separated by ';'.

An empty cell is an absent value (`revisions_included` empty = unlimited).
The nested cancellation is flattened to cancellation_by / _reason / _exempt; the other
nested records (deliveries, revisions, requests, history) have no columns, so a CSV
export is the orders' fields and the JSON export is the full record.

Formula cells: a spreadsheet runs a cell that starts with = + - @ (or a tab or
carriage return before one) as a formula, so a buyer's `=HYPERLINK(...)` in a note
would run on the seller's machine (OWASP, "CSV Injection"). The writer prefixes such
a cell with an apostrophe, which spreadsheets show as text and hide; the reader takes
that apostrophe off again. To keep the round trip exact, a cell that already starts
with apostrophes before such a character gets one more, and the reader removes one:
every text comes back as it was written (trimmed of surrounding spaces, as every cell
is read).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from desktop_app.services.upwork_csv import read_upwork_csv

FLAT = ("ref", "buyer", "gig", "package", "price", "currency", "ordered_at", "due_at",
        "revisions_included", "scope", "status", "requirements_at", "delivered_at",
        "completed_at", "cancelled_at", "revisions_used", "notes", "reordered_as",
        "cancellation_by", "cancellation_reason", "cancellation_exempt", "marketplace",
        "delivery_days")
INTEGERS = ("revisions_included", "revisions_used", "delivery_days")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_WHOLE = re.compile(r"[0-9]{1,9}")  # ASCII only: str.isdigit() also takes '²' and '٣'


def escape_cell(text: str) -> str:
    """The cell a spreadsheet shows as `text` and never runs as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(cell: str) -> str:
    """escape_cell undone: the text that was written."""
    return cell[1:] if _ESCAPED.match(cell) else cell


def read_csv_orders(path: Path, error: type[Exception]) -> list[tuple[str, dict]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise error(f"{path.name}: line {line}: not UTF-8 text (save the file as UTF-8)"
                    ) from None
    upwork = read_upwork_csv(path, text, error)
    if upwork is not None:
        return upwork
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in FLAT]
        if unknown:
            raise error(f"{path.name}: line 1: unknown column {unknown[0][:40]!r}")
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row:
                raise error(f"{path.name}: {where}: more cells than columns")
            rows.append((where, _order_dict(row, path.name, where, error)))
    except csv.Error as exc:  # a cell over the csv module's size limit, a NUL byte...
        raise error(f"{path.name}: line {reader.line_num + 1}: not readable as CSV ({exc})"
                    ) from None
    return rows


def _order_dict(row: dict, name: str, where: str, error: type[Exception]) -> dict:
    data: dict = {}
    for column, cell in row.items():
        cell = unescape_cell(cell or "").strip()
        if column == "scope":
            data["scope"] = [item.strip() for item in cell.split(";") if item.strip()]
        elif column in INTEGERS:
            data[column] = _integer(cell, column, name, where, error)
        elif cell:
            data[column] = cell
    data.setdefault("scope", [])
    data.setdefault("revisions_included", None)
    if "package" in row:  # a package may be unnamed: the export writes it empty
        data.setdefault("package", "")
    by = data.pop("cancellation_by", None)
    reason = data.pop("cancellation_reason", "")
    exempt = data.pop("cancellation_exempt", None)
    if by or exempt:
        data["cancellation"] = {"by": by, "reason": reason,
                                "exempt": _boolean(exempt, name, where, error)}
    return data


def _integer(cell: str, column: str, name: str, where: str, error: type[Exception]) -> int | None:
    if not cell:
        return None if column == "revisions_included" else 0
    if not _WHOLE.fullmatch(cell):
        raise error(f"{name}: {where}: field '{column}': {cell[:40]!r} is not a whole number")
    return int(cell)


def _boolean(cell: str | None, name: str, where: str, error: type[Exception]) -> bool | None:
    if cell is None:
        return None
    if cell.lower() in ("true", "yes", "1"):
        return True
    if cell.lower() in ("false", "no", "0"):
        return False
    raise error(f"{name}: {where}: field 'cancellation_exempt': {cell[:40]!r} is not true or "
                "false")


def write_csv_orders(orders: Iterable[dict], out: TextIO) -> int:
    """Write interchange dicts as CSV (nested records other than cancellation dropped);
    return how many."""
    writer = csv.DictWriter(out, fieldnames=FLAT, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for data in orders:
        row = {k: v for k, v in data.items() if k in FLAT and v is not None}
        row["scope"] = ";".join(data.get("scope", []))
        cancellation = data.get("cancellation") or {}
        row.update({f"cancellation_{k}": v for k, v in cancellation.items() if v is not None})
        writer.writerow({k: escape_cell(v) if isinstance(v, str) else v
                         for k, v in row.items()})
        count += 1
    return count
