"""The buyer's and the seller's requests: `gigdesk request REF KIND ...` (Resolution
Center) and `gigdesk revision REF FILE|-` (the buyer's revision request)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import CliError, open_book, parse_at, settle, whole_number
from desktop_app.domain.bounds import MAX_REQUEST_DAYS


def add_request_parsers(sub, common, at) -> None:
    p = sub.add_parser("request", parents=[common],
                       help="record a resolution request (extend, extra, refund, cancel)")
    p.add_argument("ref")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    k = kinds.add_parser("extend", parents=[common, at], help="extend the delivery date")
    k.add_argument("--days", type=whole_number("--days", 1, MAX_REQUEST_DAYS), required=True)
    k.add_argument("--reason", required=True)
    k = kinds.add_parser("extra", parents=[common, at], help="offer an extra")
    k.add_argument("--price", required=True)
    k.add_argument("--days", type=whole_number("--days", 0, MAX_REQUEST_DAYS), default=0)
    k.add_argument("--item", action="append", required=True, dest="items")
    k = kinds.add_parser("refund", parents=[common, at], help="offer a partial refund")
    k.add_argument("--amount", required=True)
    k.add_argument("--rate", help="for an order not in the marketplace's currency: the rate "
                                  "it shows (1 unit of the order's currency = RATE USD)")
    k.add_argument("--reason", required=True)
    k = kinds.add_parser("cancel", parents=[common, at], help="request a cancellation")
    k.add_argument("--reason", required=True)
    k.add_argument("--by", choices=("buyer", "seller", "mutual"), default="seller")
    p.set_defaults(run=cmd_request)


def request_fields(args: argparse.Namespace) -> dict:
    if args.kind == "extend":
        return {"kind": "extension", "days": args.days, "reason": args.reason}
    if args.kind == "extra":
        return {"kind": "extra", "amount": args.price, "days": args.days, "items": args.items}
    if args.kind == "refund":
        return {"kind": "partial_refund", "amount": args.amount, "reason": args.reason,
                **({"rate": args.rate} if args.rate is not None else {})}
    if args.kind == "cancel":
        return {"kind": "cancellation", "reason": args.reason, "by": args.by}
    raise CliError(f"unknown request kind {args.kind}")


def cmd_request(args: argparse.Namespace, data_dir: Path) -> int:
    book = open_book(data_dir)
    order = book.open_request(args.ref, request_fields(args), at=parse_at(args.at))
    settle(book)
    request = order.requests[-1]
    if request.status == "open":
        due = f"; answer due {request.expires_at:%Y-%m-%d %H:%M} UTC" if request.expires_at \
            else ""
        print(f"Order {order.ref}: {request.kind.replace('_', ' ')} request sent{due}")
    else:
        print(f"Order {order.ref}: {request.kind.replace('_', ' ')} request {request.status}"
              f"{' by timeout' if request.by_timeout else ''}")
    return 0


def add_revision_parser(sub, common, at) -> None:
    p = sub.add_parser("revision", parents=[common, at],
                       help="record the buyer's revision request; print its points")
    p.add_argument("ref")
    p.add_argument("file", help="a text file with the buyer's message, or - for standard input")
    p.set_defaults(run=cmd_revision)


def cmd_revision(args: argparse.Namespace, data_dir: Path) -> int:
    import sys

    from desktop_app.services.revisions import analyse, record

    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CliError(f"{args.file}: no such file") from None
        except UnicodeDecodeError:
            raise CliError(f"{args.file}: not UTF-8 text") from None
    book = open_book(data_dir)
    points = analyse(book.get(args.ref), text)
    recorded = record(book, args.ref, text, points, at=parse_at(args.at))
    settle(book)
    for warning in recorded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for n, point in enumerate(points, 1):
        print(f"{n}. [{point.verdict.replace('_', ' ')}] {point.text}\n   {point.reason}")
    order = recorded.order
    left = "unlimited" if order.revisions_included is None else \
        max(0, order.revisions_included - order.revisions_used)
    print(f"Order {order.ref} is revision requested; revisions left: {left}")
    return 0
