"""Earnings, tips and ratings: `gigdesk earnings`, `gigdesk tip`, `gigdesk rate`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop_app.cli.common import open_book, parse_at, settle


def month_arg(text: str) -> str:
    from desktop_app.domain.earnings import parse_month
    from desktop_app.domain.errors import FieldError

    try:
        return parse_month(text, "--month")
    except FieldError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def add_earnings_parsers(sub, common, at) -> None:
    p = sub.add_parser("earnings", parents=[common],
                       help="pending clearance, available and the month's net, per currency")
    p.add_argument("--json", action="store_true")
    p.add_argument("--month", type=month_arg, help="the month to report (YYYY-MM; default: "
                                                   "this month, UTC)")
    p.add_argument("--at", help="earnings at this instant (ISO time with zone)")
    p.add_argument("--fast-clearance", choices=("on", "off"),
                   help="remember whether you are Top Rated, Pro or Seller Plus on Fiverr "
                        "(earnings clear in 7 days instead of 14)")
    p.set_defaults(run=cmd_earnings)
    p = sub.add_parser("tip", parents=[common, at], help="the buyer tipped (order currency)")
    p.add_argument("ref")
    p.add_argument("amount", help="a decimal amount such as 12.00")
    p.set_defaults(run=cmd_tip)
    p = sub.add_parser("rate", parents=[common, at], help="the buyer rated a completed order")
    p.add_argument("ref")
    p.add_argument("stars", help="1 to 5")
    p.add_argument("--text", default="", help="the buyer's review")
    p.set_defaults(run=cmd_rate)


def cmd_earnings(args, data_dir: Path) -> int:
    from desktop_app.services.earnings import (
        compute_earnings,
        earnings_json,
        earnings_text,
        set_fast_clearance,
    )

    book = open_book(data_dir)
    at = parse_at(args.at) or book.clock()  # a bad --at refuses before anything is set
    if args.fast_clearance is not None:
        set_fast_clearance(book.db, args.fast_clearance == "on")
    summary = compute_earnings(book.db, at, args.month)
    print(json.dumps(earnings_json(summary)) if args.json else earnings_text(summary))
    return 0


def cmd_tip(args, data_dir: Path) -> int:
    from desktop_app.domain.money import Money
    from desktop_app.services.feedback import record_tip

    book = open_book(data_dir)
    order = record_tip(book, args.ref, args.amount, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref}: tip recorded; tips now "
          f"{Money(order.tips_minor, order.price.currency).display()}")
    return 0


def cmd_rate(args, data_dir: Path) -> int:
    from desktop_app.services.feedback import record_rating

    book = open_book(data_dir)
    order = record_rating(book, args.ref, args.stars, args.text, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref}: rated {order.rating.stars} of 5")
    return 0
