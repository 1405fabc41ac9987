"""`gigdesk deliver REF -m TEXT [PATH...]`: deliver or redeliver with the window's checks.

A refusal (a block, a path that does not exist, an unreadable file, a confirmation
not given) exits 2 and changes nothing: the files staged for it leave the store again.
Warnings go to stderr and the delivery is recorded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.common import CliError, open_book, parse_at, settle


def add_deliver_parser(sub, common, at) -> None:
    p = sub.add_parser("deliver", parents=[common, at],
                       help="deliver or redeliver, with the same checks as the window",
                       intermixed=True)  # PATH... may follow -m TEXT
    p.add_argument("ref")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files and folders to deliver (folders keep their inner paths)")
    text = p.add_mutually_exclusive_group(required=True)
    text.add_argument("-m", "--message", help="the message to the buyer")
    text.add_argument("--message-file", type=Path,
                      help="read the message from this UTF-8 file (- for standard input)")
    p.add_argument("--no-files-ok", action="store_true",
                   help="confirm a delivery without files (risks a false-delivery warning)")
    p.add_argument("--unchanged-ok", action="store_true",
                   help="confirm a redelivery whose files are identical to the previous one")
    p.set_defaults(run=cmd_deliver)


def read_message(args: argparse.Namespace) -> str:
    if args.message is not None:
        return args.message
    if str(args.message_file) == "-":
        return sys.stdin.read()
    try:
        return args.message_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{args.message_file}: no such file") from None
    except UnicodeDecodeError:
        raise CliError(f"{args.message_file}: not UTF-8 text") from None


def cmd_deliver(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop_app.domain.delivery_checks import format_size
    from desktop_app.services import delivery

    message = read_message(args)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise CliError(f"{missing[0]}: no such file or folder")
    book = open_book(data_dir)
    at = parse_at(args.at)
    # Refuse what no file can change before copying gigabytes.
    early = delivery.prepare(book, args.ref, [], message)
    if early.blocks:
        raise CliError(early.blocks[0].message)
    result = _stage(book, args.paths)
    try:
        report = delivery.prepare(book, args.ref, result.files, message)
        _refuse_if_blocked(report, result, args)
        order = delivery.redeliver(book, args.ref, result.files, message, confirmed=True, at=at)
    except BaseException:  # a refusal, a locked database, a bug: no staged blob stays
        delivery.discard(book, [result])
        raise
    _notes(result, report)
    settle(book)
    number = order.deliveries[-1].number
    count = len(result.files)
    print(f"Delivered {order.ref} (delivery #{number}, {count} file{'s' * (count != 1)}, "
          f"{format_size(result.total_bytes)})")
    return 0


def _stage(book, paths: list[Path]):
    from desktop_app.services import delivery

    try:
        return delivery.stage(book, paths)
    except delivery.StagingFailed as exc:
        raise CliError(f"{exc}; nothing was delivered") from None


def _refuse_if_blocked(report, result, args: argparse.Namespace) -> None:
    if result.unreadable:
        rel, reason = result.unreadable[0]
        raise CliError(f"{rel}: cannot be read ({reason}); nothing was delivered")
    if report.blocks:
        raise CliError(report.blocks[0].message)
    confirmations = {"no_files": args.no_files_ok, "unchanged_redelivery": args.unchanged_ok}
    flags = {"no_files": "--no-files-ok", "unchanged_redelivery": "--unchanged-ok"}
    for issue in report.warnings:
        if issue.needs_confirmation and not confirmations.get(issue.code, False):
            flag = flags.get(issue.code, "")
            raise CliError(f"{issue.message} Add {flag} to deliver anyway." if flag
                           else issue.message)


def _notes(result, report) -> None:
    for rel in result.skipped_junk:
        print(f"note: skipped system file {rel}", file=sys.stderr)
    for rel in result.skipped_links:
        print(f"note: did not follow the link {rel} (it points outside the folder)",
              file=sys.stderr)
    for rel in result.looping_links:
        print(f"note: did not follow the link {rel} (it loops back into its own folder)",
              file=sys.stderr)
    for issue in report.warnings:
        print(f"warning: {issue.message}", file=sys.stderr)

