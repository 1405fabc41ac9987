"""`gigdesk sync [--server URL]`: one sync round from the command line.

The server is the one set up in the window, else the last one used; --server or
$GIGDESK_SYNC_SERVER override it. The token comes
from GIGDESK_SYNC_TOKEN, else from the keyring. A refused token or an
unreachable server exits with code 2 and one line; pending changes stay pending.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop_app.cli.common import CliError, seconds

SERVER_ENV = "GIGDESK_SYNC_SERVER"


def add_sync_parser(sub, common) -> None:
    p = sub.add_parser("sync", parents=[common], help="one sync round with the server")
    p.add_argument("--server", help="the sync server's URL (default: the last one used, or "
                   f"${SERVER_ENV})")
    p.add_argument("--allow-insecure", action="store_true",
                   help="allow plain http:// to a machine other than this one")
    p.add_argument("--timeout", type=seconds(0.1, 3600), default=30.0, help="seconds per request")
    p.set_defaults(run=cmd_sync)


def cmd_sync(args: argparse.Namespace, data_dir: Path) -> int:
    from desktop_app.services import sync
    from desktop_app.storage.db import Database
    from desktop_app.sync.client import SyncError
    from desktop_app.sync.connect import connect

    db = Database(data_dir)
    try:
        configured, insecure_ok = sync.configured_server(db)  # as set up in the window
        server = args.server or os.environ.get(SERVER_ENV) or configured
        if not server:
            raise CliError("no sync server configured: use --server URL")
        allow = getattr(args, "allow_insecure", False) or (insecure_ok and server == configured)
        try:
            progress = _TerminalProgress() if sys.stderr.isatty() else None
            with connect(server, allow, timeout=getattr(args, "timeout", 30.0)) as client:
                try:
                    result = sync.sync_round(db, client, server_url=client.server_url,
                                             progress=progress)
                finally:
                    if progress is not None:
                        progress.finish()
        except SyncError as exc:
            raise CliError(str(exc)) from None
        print(result.summary())
        for conflict in sync.conflicts(db):
            print(f"conflict: order {conflict.ref}: {conflict.kind.replace('_', ' ')}: "
                  f"{conflict.reason}")
        return 0
    finally:
        db.dispose()


def fetch_missing_files(db) -> None:
    """First use of delivery files another device sent: `gigdesk check` fetches the ones
    this data dir lacks from the configured server before it verifies them. Without a
    server, a token or an answer it says so on stderr; check then names what is missing."""
    from desktop_app.services import sync, sync_files
    from desktop_app.sync.client import SyncError
    from desktop_app.sync.connect import configured

    if sync.configured_server(db)[0] is None:
        return  # this data dir does not sync: nothing can come
    wanted = sync_files.missing(db)
    if not wanted:
        return
    progress = _TerminalProgress() if sys.stderr.isatty() else None
    try:
        client = configured(db)
        if client is None:
            return
        with client:
            outcome = sync_files.fetch(db, client, wanted, progress=progress)
    except SyncError as exc:
        print(f"gigdesk: missing delivery files were not fetched: {exc}", file=sys.stderr)
        return
    finally:
        if progress is not None:
            progress.finish()
    if outcome.summary():
        print(f"sync server: {outcome.summary()}", file=sys.stderr)


class _TerminalProgress:
    """One stderr line that a long first sync keeps rewriting; silent when piped."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, what: str, done: int, total: int | None) -> None:
        from desktop_app.services.sync_files import describe_progress

        sys.stderr.write(f"\r{describe_progress(what, done, total)}\033[K")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

