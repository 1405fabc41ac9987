"""A round reports how far it is after each stored batch: what a long first sync shows."""

from __future__ import annotations

import argparse
import io
import sys

from desktop_app.cli.sync import cmd_sync
from desktop_app.services import sync
from tests.conftest import order_fields
from tests.sync.conftest import at


def test_progress_counts_every_batch_sent_and_every_page_received(make_device, sqlite_server):
    token = sqlite_server.add_account("progress")
    desk = make_device("desk", sqlite_server.url, token)
    laptop = make_device("laptop", sqlite_server.url, token)
    for i in range(16):
        desk.book.create_order(order_fields(f"FO{i:03d}"), at=at(1))
    sent, received = [], []

    sync.sync_round(desk.db, desk.client, push_batch=5,
                    progress=lambda what, done, total: sent.append((what, done, total)))
    sync.sync_round(laptop.db, laptop.client, pull_page=6,
                    progress=lambda what, done, total: received.append((what, done, total)))

    assert sent == [("sent", 5, 16), ("sent", 10, 16), ("sent", 15, 16), ("sent", 16, 16)]
    assert received == [("received", 6, None), ("received", 12, None),
                        ("received", 16, None)]


def test_a_round_with_nothing_to_do_reports_nothing(make_device, sqlite_server):
    device = make_device("idle", sqlite_server.url, sqlite_server.add_account("idle"))
    calls = []
    result = sync.sync_round(device.db, device.client, progress=lambda *a: calls.append(a))
    assert (result.pushed, result.pulled, calls) == (0, 0, [])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_line_shows_progress_on_a_terminal_only(make_device, sqlite_server,
                                                             monkeypatch, tmp_path, capsys):
    token = sqlite_server.add_account("cli")
    desk = make_device("desk", sqlite_server.url, token)
    for i in range(3):
        desk.book.create_order(order_fields(f"FO{i:03d}"), at=at(1))
    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", token)
    args = argparse.Namespace(server=sqlite_server.url, allow_insecure=False, timeout=5.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    assert cmd_sync(args, tmp_path / "desk") == 0

    assert "\r3 of 3 changes sent" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")  # the line is cleared for the summary
    assert capsys.readouterr().out.startswith("pushed 3, pulled 0")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # piped: no progress line
    desk.book.create_order(order_fields("FO999"), at=at(2))
    assert cmd_sync(args, tmp_path / "desk") == 0
    assert sys.stderr.getvalue() == ""
