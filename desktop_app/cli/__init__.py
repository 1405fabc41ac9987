"""Command-line entry: `gigdesk` and its subcommands (contract in DESIGN.md).

Each command is a thin layer over the services the window uses. Errors go to
stderr as one sentence with exit code 2, and change nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli.common import (
    EXIT_REFUSED,
    CliError,
    Parser,
    default_data_dir,
    open_book,
    parse_at,
    refusal_line,
    settle,
    warn,
    whole_number,
)
from desktop_app.cli.deliver import COMMANDS as DELIVER_COMMANDS
from desktop_app.cli.deliver import add_deliver_parser
from desktop_app.cli.requests import COMMANDS as REQUEST_COMMANDS
from desktop_app.cli.requests import add_request_parsers, add_revision_parser
from desktop_app.cli.sync import COMMANDS as SYNC_COMMANDS
from desktop_app.cli.sync import add_sync_parser


def build_parser() -> argparse.ArgumentParser:
    from desktop_app.domain.bounds import MAX_DEMO_ORDERS, MAX_SEED

    parser = Parser(prog="gigdesk", description="GigDesk: orders, revisions "
                                     "and resolution requests for marketplace sellers.")
    parser.add_argument("--version", action="version", version=f"gigdesk {__version__}")
    parser.add_argument("--data-dir", type=Path, help="where the database lives "
                        "(default: $GIGDESK_DATA_DIR or the platform's user data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window, wait until the list is painted, print JSON, exit")
    parser.add_argument("--screenshot", type=Path, help="with --self-test: save the window PNG")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    at = argparse.ArgumentParser(add_help=False)
    at.add_argument("--at", help="when it happened (ISO time with zone; default: now)")

    p = sub.add_parser("demo", parents=[common], help="fill the database with sample data")
    p.add_argument("--orders", type=whole_number("--orders", 1, MAX_DEMO_ORDERS), default=200)
    p.add_argument("--seed", type=whole_number("--seed", 0, MAX_SEED), default=1)
    p = sub.add_parser("import", parents=[common], help="import a .json or .csv file")
    p.add_argument("file", type=Path)
    p = sub.add_parser("export", parents=[common],
                       help="export every order as JSON (as CSV for a .csv name)")
    p.add_argument("file", type=Path)
    p = sub.add_parser("stats", parents=[common], help="seller metrics")
    p.add_argument("--json", action="store_true")
    p.add_argument("--at", help="metrics at this instant (ISO time with zone)")
    sub.add_parser("check", parents=[common], help="database integrity and file hashes")
    p = sub.add_parser("show", parents=[common], help="one order with its history")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("complete", parents=[common, at], help="the buyer accepted the delivery")
    p.add_argument("ref")
    p = sub.add_parser("requirements", parents=[common, at],
                       help="the buyer sent the requirements")
    p.add_argument("ref")
    p = sub.add_parser("answer", parents=[common, at], help="the answer to the open request")
    p.add_argument("ref")
    p.add_argument("answer", choices=("accepted", "declined", "withdrawn"))
    p = sub.add_parser("cancel", parents=[common, at], help="record a cancellation")
    p.add_argument("ref")
    p.add_argument("--by", choices=("buyer", "seller", "mutual", "support"), required=True)
    p.add_argument("--reason", default="")
    add_request_parsers(sub, common, at)
    add_revision_parser(sub, common, at)
    add_sync_parser(sub, common)
    add_deliver_parser(sub, common, at)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a refusal Parser already printed
        return exc.code if isinstance(exc.code, int) else EXIT_REFUSED
    data_dir = args.data_dir or default_data_dir()
    if args.command is None:
        return _open_window(parser, data_dir, args)
    try:
        return COMMANDS[args.command](args, data_dir)
    except CliError as exc:
        return _refuse(str(exc))
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        message = _known_error(exc)
        if message is None:
            raise
        return _refuse(message)


def _refuse(message: str) -> int:
    print(refusal_line(message), end="", file=sys.stderr)
    return EXIT_REFUSED


def _known_error(exc: Exception) -> str | None:
    from sqlalchemy.exc import OperationalError

    from desktop_app.domain.codec import FieldError
    from desktop_app.domain.errors import LifecycleError
    from desktop_app.domain.money import MoneyError
    from desktop_app.services.interchange import ImportError_
    from desktop_app.services.orders import NotFound
    from desktop_app.storage.db import StorageError, describe_storage_error

    if isinstance(exc, LifecycleError | NotFound | ImportError_ | StorageError | FieldError
                  | MoneyError):
        return str(exc).strip("'\"")
    if isinstance(exc, OperationalError | OSError):
        return describe_storage_error(exc)
    return None


def _open_window(parser: argparse.ArgumentParser, data_dir: Path, args) -> int:
    try:
        from desktop_app.app import run_gui
    except ImportError as exc:
        parser.print_help()
        print(f"\nThe window is not available: {exc}", file=sys.stderr)
        return 1
    return run_gui(data_dir, self_test=args.self_test, screenshot=args.screenshot)


def cmd_demo(args, data_dir: Path) -> int:
    from desktop_app.services.demo import generate
    from desktop_app.storage.db import Database

    count = generate(Database(data_dir), orders=args.orders, seed=args.seed)
    print(f"{count} sample orders added to {data_dir}")
    return 0


def cmd_import(args, data_dir: Path) -> int:
    from desktop_app.services.interchange import import_file

    book = open_book(data_dir)
    result = import_file(book, args.file)
    settle(book)
    print(result.summary())
    return 0


def cmd_export(args, data_dir: Path) -> int:
    from desktop_app.services.interchange import export_file

    count = export_file(open_book(data_dir), args.file)
    print(f"{count} orders exported to {args.file}")
    return 0


def cmd_show(args, data_dir: Path) -> int:
    from desktop_app.cli.text import describe_order
    from desktop_app.services.interchange import order_document

    book = open_book(data_dir)
    if args.json:  # the stored record, as export writes it (its request's expiry shows)
        print(json.dumps(order_document(book, args.ref), indent=2, ensure_ascii=False))
    else:  # as silence has answered it: the next change records that answer
        now = book.clock()
        order, history, answer, problem = book.view(args.ref, now)
        if problem is not None:
            warn({args.ref: problem})
        print(describe_order(order, history, now))
        if answer is not None:
            print(f"(the last answer came by timeout on {answer.at:%Y-%m-%d %H:%M} UTC; "
                  "it is recorded with the next change)")
    return 0


def cmd_stats(args, data_dir: Path) -> int:
    from desktop_app.cli.text import describe_stats
    from desktop_app.services.stats import compute_stats

    book = open_book(data_dir)
    failed: dict[str, str] = {}
    stats = compute_stats(book.db, parse_at(args.at) or book.clock(), failed=failed)
    warn(failed)
    print(json.dumps(stats) if args.json else describe_stats(stats))
    return 0


def cmd_check(args, data_dir: Path) -> int:
    from sqlalchemy.exc import DBAPIError

    from desktop_app.cli.sync import fetch_missing_files
    from desktop_app.services.check import check_database
    from desktop_app.storage.db import Database

    try:
        db = Database(data_dir)
    except DBAPIError as exc:  # e.g. its first page is damaged: "file is not a database"
        print(f"PROBLEM the database file cannot be opened ({str(exc.orig).strip()})")
        print("1 problem(s): nothing else could be checked")
        return 1
    fetch_missing_files(db)  # files another device delivered, on their first use
    report = check_database(db)
    for problem in report.problems:
        print(f"PROBLEM {problem}")
    verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    print(f"{verdict}: {report.orders} orders, {report.events} events and {report.files} "
          "stored files checked")
    return 0 if report.ok else 1


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


COMMANDS = {"demo": cmd_demo, "import": cmd_import, "export": cmd_export, "show": cmd_show,
            "stats": cmd_stats, "check": cmd_check, "complete": cmd_complete,
            "requirements": cmd_requirements, "answer": cmd_answer, "cancel": cmd_cancel}

COMMANDS.update(REQUEST_COMMANDS)
COMMANDS.update(SYNC_COMMANDS)
COMMANDS.update(DELIVER_COMMANDS)
