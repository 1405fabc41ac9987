"""The one `gigdesk` parser: the global options and a subparser per command.

Each command group adds its own subparsers and names its handler with
`set_defaults(run=...)`; `main` calls `args.run(args, data_dir)`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli.common import EXIT_REFUSED, refusal_line
from desktop_app.cli.data import add_data_parsers
from desktop_app.cli.deliver import add_deliver_parser
from desktop_app.cli.earnings import add_earnings_parsers
from desktop_app.cli.orders import add_order_parsers
from desktop_app.cli.requests import add_request_parsers, add_revision_parser
from desktop_app.cli.sync import add_sync_parser


class Parser(argparse.ArgumentParser):
    """argparse with the contract's refusal: one line on stderr, exit 2 (its own usage
    block would make a bad number look like a crash to a script reading stderr).

    Every subparser is one of these (`add_subparsers(parser_class=Parser)`), so
    `add_parser(..., intermixed=True)` reaches the constructor: that command accepts
    its positionals after its options, as in `deliver REF -m TEXT a.png b.png` (plain
    argparse gives the optional PATH list its empty turn before -m and then rejects
    the paths after it).
    """

    def __init__(self, *args, intermixed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._intermixed = intermixed

    def error(self, message: str):
        self.exit(EXIT_REFUSED, refusal_line(message.removeprefix("argument ")))

    def parse_known_args(self, args=None, namespace=None):
        if not self._intermixed:
            return super().parse_known_args(args, namespace)
        self._intermixed = False  # parse_known_intermixed_args calls back into this method
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixed = True


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="gigdesk", description="GigDesk: orders, revisions "
                                     "and resolution requests for marketplace sellers.")
    parser.add_argument("--version", action="version", version=f"gigdesk {__version__}")
    parser.add_argument("--data-dir", type=Path, help="where the database lives "
                        "(default: $GIGDESK_DATA_DIR or the platform's user data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="open the window, wait until the list is painted, print JSON, exit")
    parser.add_argument("--screenshot", type=Path, help="with --self-test: save the window PNG")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    # Parents every command shares: --data-dir after the command too, and --at.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    at = argparse.ArgumentParser(add_help=False)
    at.add_argument("--at", help="when it happened (ISO time with zone; default: now)")

    add_data_parsers(sub, common)
    add_order_parsers(sub, common, at)
    add_request_parsers(sub, common, at)
    add_revision_parser(sub, common, at)
    add_sync_parser(sub, common)
    add_deliver_parser(sub, common, at)
    add_earnings_parsers(sub, common, at)
    return parser
