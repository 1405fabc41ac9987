"""CSV orders: the JSON fields as columns; `scope` items separated by ';'.

An empty cell is an absent value (`revisions_included` empty = unlimited).
The nested cancellation is flattened to cancellation_by / _reason / _exempt.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FLAT = ("ref", "buyer", "gig", "package", "price", "currency", "ordered_at", "due_at",
        "revisions_included", "scope", "status", "requirements_at", "delivered_at",
        "completed_at", "cancelled_at", "revisions_used", "notes", "reordered_as",
        "cancellation_by", "cancellation_reason", "cancellation_exempt")
INTEGERS = ("revisions_included", "revisions_used")


def read_csv_orders(path: Path, error: type[Exception]) -> list[tuple[str, dict]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise error(f"{path.name}: line {line}: not UTF-8 text (save the file as UTF-8)"
                    ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in FLAT]
    if unknown:
        raise error(f"{path.name}: line 1: unknown column '{unknown[0]}'")
    rows = []
    for row in reader:
        where = f"line {reader.line_num}"
        if None in row:
            raise error(f"{path.name}: {where}: more cells than columns")
        rows.append((where, _order_dict(row, path.name, where, error)))
    return rows


def _order_dict(row: dict, name: str, where: str, error: type[Exception]) -> dict:
    data: dict = {}
    for column, cell in row.items():
        cell = (cell or "").strip()
        if column == "scope":
            data["scope"] = [item.strip() for item in cell.split(";") if item.strip()]
        elif column in INTEGERS:
            data[column] = _integer(cell, column, name, where, error)
        elif cell:
            data[column] = cell
    data.setdefault("scope", [])
    data.setdefault("revisions_included", None)
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
    if not cell.isdigit():
        raise error(f"{name}: {where}: field '{column}': '{cell}' is not a whole number")
    return int(cell)


def _boolean(cell: str | None, name: str, where: str, error: type[Exception]) -> bool | None:
    if cell is None:
        return None
    if cell.lower() in ("true", "yes", "1"):
        return True
    if cell.lower() in ("false", "no", "0"):
        return False
    raise error(f"{name}: {where}: field 'cancellation_exempt': '{cell}' is not true or false")


def write_csv_orders(orders: list[dict]) -> str:
    """The CSV text of interchange dicts (nested records other than cancellation dropped)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FLAT, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for data in orders:
        row = {k: v for k, v in data.items() if k in FLAT and v is not None}
        row["scope"] = ";".join(data.get("scope", []))
        cancellation = data.get("cancellation") or {}
        row.update({f"cancellation_{k}": v for k, v in cancellation.items() if v is not None})
        writer.writerow(row)
    return out.getvalue()
