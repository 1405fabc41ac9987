"""Upwork's transaction history (Reports > Transaction history > Download CSV) as orders.

Two layouts are known, told apart by their header row:
- `Date, Ref ID, Type, Description, Agency, Freelancer, Team, Account Name, PO, Amount,
  Amount in local currency, Currency, Balance` (the older export);
- `Date, Transaction ID, Transaction type, Transaction summary, Client team, Amount $`.

Each payment (a fixed-price milestone, an hourly invoice) becomes one completed Upwork
order, ref `UW<transaction id>`, so importing the same file again changes nothing and a
later, longer file updates what grew. The service-fee row that names a payment by its
id ("Service Fee for Fixed Price - Ref ID 612345678") is that order's recorded fee. A
bonus is a tip and a refund is refunded money, both on the contract's latest payment in
the file. Withdrawals, their fees, membership and Connects are the seller's own account
movements, not orders, and are left out; so is a fee whose payment is not in the file
(an export cut in the middle of a day).

Upwork keeps accounts in US dollars and writes dates without a time: an amount is read
from its text ("$1,250.00", "-25.00"; never through a float) and a date is taken at noon
UTC, which is the same calendar day in every time zone a seller works in but two.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from desktop_app.domain.timeutil import format_ts

OLDER = ("Date", "Ref ID", "Type", "Description", "Agency", "Freelancer", "Team",
         "Account Name", "PO", "Amount", "Amount in local currency", "Currency", "Balance")
NEWER = ("Date", "Transaction ID", "Transaction type", "Transaction summary", "Client team",
         "Amount $")
# The columns each layout names for: transaction id, type, description, client, amount.
_COLUMNS = {OLDER: ("Ref ID", "Type", "Description", "Team", "Amount"),
            NEWER: ("Transaction ID", "Transaction type", "Transaction summary",
                    "Client team", "Amount $")}
PAYMENTS = {"fixedprice", "hourly", "payment"}
SKIPPED = {"withdrawal", "withdrawalfee", "membershipfee", "connects", "adjustment",
           "miscellaneous"}
_AMOUNT = re.compile(r"\(?(-)?\$?(-)?([0-9]{1,3}(,[0-9]{3})*|[0-9]+)(\.[0-9]{1,2})?\)?")
_REF_ID = re.compile(r"Ref(?:erence)? ID:? ?([0-9]+)", re.IGNORECASE)
_DATES = ("%b %d, %Y", "%m/%d/%Y", "%Y-%m-%d", "%d %b %Y")
CLIENT = "Upwork client"


class UpworkCsvError(ValueError):
    pass


@dataclass
class _Payment:
    where: str
    ref: str
    at: datetime
    amount: Decimal
    client: str
    contract: str
    milestone: str
    fee: Decimal = Decimal(0)
    tips: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Other:
    """A fee, bonus or refund row: money that belongs to a payment's order."""
    kind: str
    amount: Decimal
    text: str
    ref: str
    at: datetime


def layout_of(header: list[str]) -> tuple[str, ...] | None:
    names = tuple(name.strip() for name in header)
    return next((layout for layout in (OLDER, NEWER) if names == layout), None)


def read_upwork_csv(path: Path, text: str, error: type[Exception]
                    ) -> list[tuple[str, dict]] | None:
    """(position words, interchange order dict) per payment in an Upwork export; None when
    the file's header is not one of Upwork's layouts (then it is GigDesk's own CSV)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    layout = layout_of(header or [])
    if layout is None:
        return None
    try:
        payments = _payments(path.name, reader, layout)
    except UpworkCsvError as exc:
        raise error(str(exc)) from None
    except csv.Error as exc:
        raise error(f"{path.name}: line {reader.line_num + 1}: not readable as CSV ({exc})"
                    ) from None
    return [(p.where, _order(p)) for p in payments]


def _payments(name: str, reader, layout: tuple[str, ...]) -> list[_Payment]:
    id_col, type_col, text_col, client_col, amount_col = (layout.index(c)
                                                          for c in _COLUMNS[layout])
    by_id: dict[str, _Payment] = {}
    others: list[_Other] = []
    for row in reader:
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(layout):
            raise UpworkCsvError(f"{name}: {where}: {len(row)} cells, the header has "
                                 f"{len(layout)}")
        kind = re.sub(r"[^a-z]", "", row[type_col].lower())
        text = row[text_col].strip()
        if kind in SKIPPED:
            continue
        amount = _amount(row[amount_col], name, where, layout[amount_col])
        if kind in PAYMENTS:
            payment = _payment(name, where, row, id_col, text, amount, client_col)
            if payment.ref in by_id:
                raise UpworkCsvError(f"{name}: {where}: transaction {row[id_col]} appears "
                                     f"twice (first on {by_id[payment.ref].where})")
            by_id[payment.ref] = payment
        elif kind in ("servicefee", "bonus", "refund"):
            others.append(_Other(kind, amount, text, f"UW{row[id_col].strip()}",
                                 _date(row[0], name, where)))
        else:
            raise UpworkCsvError(f"{name}: {where}: unknown transaction type "
                                 f"{row[type_col].strip()[:40]!r}")
    _attach(by_id, others)
    return list(by_id.values())


def _payment(name: str, where: str, row: list[str], id_col: int, text: str,
             amount: Decimal, client_col: int) -> _Payment:
    number = row[id_col].strip()
    if not number.isdigit() or not number.isascii() or len(number) > 20:
        raise UpworkCsvError(f"{name}: {where}: the transaction id {number[:40]!r} is not "
                             "Upwork's number")
    if amount <= 0:
        raise UpworkCsvError(f"{name}: {where}: a payment of {amount} (payments are "
                             "positive)")
    contract, milestone = _titles(text)
    return _Payment(where, f"UW{number}", _date(row[0], name, where), amount,
                    row[client_col].strip() or CLIENT, contract, milestone)


def _attach(by_id: dict[str, _Payment], others: list[_Other]) -> None:
    """Bonuses and refunds onto their contract's payment (the latest one made by then),
    then each fee onto the payment, or the bonus's payment, its "Ref ID" names."""
    contracts: dict[str, list[_Payment]] = {}
    for payment in sorted(by_id.values(), key=lambda p: p.at):
        contracts.setdefault(payment.contract, []).append(payment)
    owner = dict(by_id)  # transaction id -> the order its money belongs to
    for other in others:
        payments = contracts.get(_titles(other.text)[0])
        if other.kind == "servicefee" or not payments:
            continue  # fees below; a bonus or refund whose contract has no payment here
        made = [p for p in payments if p.at <= other.at] or payments[:1]
        owner[other.ref] = payment = made[-1]
        if other.kind == "bonus":
            payment.tips += abs(other.amount)
        else:
            payment.refunded += abs(other.amount)
    for other in others:
        if other.kind == "servicefee":
            named = _REF_ID.search(other.text)
            payments = contracts.get(_titles(other.text)[0]) or [None]
            payment = owner.get(f"UW{named.group(1)}") if named else payments[-1]
            if payment is not None:
                payment.fee += abs(other.amount)


def _titles(text: str) -> tuple[str, str]:
    """(contract title, milestone or period) from "Invoice for Milestone 1 - Title"."""
    head, sep, title = text.rpartition(" - ")
    if not sep:
        return text.strip() or "Upwork contract", ""
    head = re.sub(r"^(Invoice for|Bonus for|Bonus|Refund for|Refund|Service Fee for)\b:?",
                  "", head.strip(), flags=re.IGNORECASE)
    return title.strip() or "Upwork contract", head.strip(" :-")


def _amount(cell: str, name: str, where: str, column: str) -> Decimal:
    text = cell.strip().replace(" ", "")
    match = _AMOUNT.fullmatch(text)
    if not text or match is None:
        raise UpworkCsvError(f"{name}: {where}: {column}: {cell.strip()[:40]!r} is not an "
                             "amount such as $120.00")
    value = Decimal(match.group(3).replace(",", "") + (match.group(5) or ""))
    negative = bool(match.group(1) or match.group(2)) or text.startswith("(")
    return -value if negative else value


def _date(cell: str, name: str, where: str) -> datetime:
    text = cell.strip()
    for pattern in _DATES:
        try:
            day = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return day.replace(hour=12, tzinfo=UTC)
    raise UpworkCsvError(f"{name}: {where}: Date: {text[:40]!r} is not a date such as "
                         "Nov 28, 2023")


def _order(p: _Payment) -> dict:
    at = format_ts(p.at)
    data = {
        "ref": p.ref, "marketplace": "upwork", "buyer": p.client, "gig": p.contract,
        "package": p.milestone, "price": f"{p.amount:.2f}", "currency": "USD",
        "ordered_at": at, "due_at": at, "delivered_at": at, "completed_at": at,
        "last_activity_at": at, "revisions_included": None,
        "scope": [p.milestone] if p.milestone else [], "status": "completed",
    }
    if p.fee:
        data["fee"] = f"{p.fee:.2f}"
    if p.tips:
        data["tips"] = f"{p.tips:.2f}"
    if p.refunded:
        data["refunded"] = f"{min(p.refunded, p.amount):.2f}"
    return data
