"""Command-line entry: `gigdesk` and its subcommands (contract in DESIGN.md).

Each command is a thin layer over the services the window uses. Errors go to
stderr as one sentence with exit code 2, and change nothing. The parser is
built in `parser.py`; each command group (`data`, `orders`, `requests`,
`deliver`, `sync`) adds its subparsers and names its handler there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.common import EXIT_REFUSED, CliError, default_data_dir, refusal_line
from desktop_app.cli.parser import build_parser

__all__ = ["main"]


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
        return args.run(args, data_dir)
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
