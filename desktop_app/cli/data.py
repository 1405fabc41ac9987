"""The data as a whole: demo data, import, export, metrics, one order's record, and
the integrity check."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.cli.common import open_book, parse_at, settle, warn, whole_number
from desktop_app.domain.bounds import MAX_DEMO_ORDERS, MAX_SEED


def add_data_parsers(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="fill the database with sample data")
    p.add_argument("--orders", type=whole_number("--orders", 1, MAX_DEMO_ORDERS), default=200)
    p.add_argument("--seed", type=whole_number("--seed", 0, MAX_SEED), default=1)
    p.set_defaults(run=cmd_demo)
    p = sub.add_parser("import", parents=[common], help="import a .json or .csv file")
    p.add_argument("file", type=Path)
    p.set_defaults(run=cmd_import)
    p = sub.add_parser("export", parents=[common],
                       help="export every order as JSON (as CSV for a .csv name)")
    p.add_argument("file", type=Path)
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("stats", parents=[common], help="seller metrics")
    p.add_argument("--json", action="store_true")
    p.add_argument("--at", help="metrics at this instant (ISO time with zone)")
    p.set_defaults(run=cmd_stats)
    p = sub.add_parser("check", parents=[common], help="database integrity and file hashes")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("show", parents=[common], help="one order with its history")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)


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
    from desktop_app.services.stats import seller_stats

    book = open_book(data_dir)
    failed: dict[str, str] = {}
    stats = seller_stats(book.db, parse_at(args.at) or book.clock(), failed=failed)
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
