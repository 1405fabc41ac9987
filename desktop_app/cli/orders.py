"""The buyer's steps on an order: requirements, completion, the answer to a request,
a cancellation. Each records one event through the order book."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli.common import open_book, parse_at, settle


def add_order_parsers(sub, common, at) -> None:
    p = sub.add_parser("complete", parents=[common, at], help="the buyer accepted the delivery")
    p.add_argument("ref")
    p.set_defaults(run=cmd_complete)
    p = sub.add_parser("requirements", parents=[common, at],
                       help="the buyer sent the requirements")
    p.add_argument("ref")
    p.set_defaults(run=cmd_requirements)
    p = sub.add_parser("answer", parents=[common, at], help="the answer to the open request")
    p.add_argument("ref")
    p.add_argument("answer", choices=("accepted", "declined", "withdrawn"))
    p.set_defaults(run=cmd_answer)
    p = sub.add_parser("cancel", parents=[common, at], help="record a cancellation")
    p.add_argument("ref")
    p.add_argument("--by", choices=("buyer", "seller", "mutual", "support"), required=True)
    p.add_argument("--reason", default="")
    p.set_defaults(run=cmd_cancel)


def cmd_complete(args, data_dir: Path) -> int:
    book = open_book(data_dir)
    order = book.complete(args.ref, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref} is completed")
    return 0


def cmd_requirements(args, data_dir: Path) -> int:
    book = open_book(data_dir)
    order = book.record_requirements(args.ref, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref} is in progress; due {order.due_at:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_answer(args, data_dir: Path) -> int:
    book = open_book(data_dir)
    order = book.answer_request(args.ref, args.answer, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref}: request {args.answer}; status {order.status.label.lower()}")
    return 0


def cmd_cancel(args, data_dir: Path) -> int:
    book = open_book(data_dir)
    order = book.cancel(args.ref, args.by, args.reason, at=parse_at(args.at))
    settle(book)
    print(f"Order {order.ref} is cancelled (by {args.by})")
    return 0
