"""`gigdesk deliver` and the file half of `gigdesk check`, through `desktop_app.cli.main`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.timeutil import format_ts, utc_now
from desktop_app.services import delivery
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.conftest import order_fields
from tests.services.test_interchange import dump, write_json

REF = "FO5F2A91C3"


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    now = utc_now().replace(microsecond=0)
    fields = order_fields(status="in_progress", ordered_at=format_ts(now),
                          requirements_at=format_ts(now),
                          due_at="2099-01-01T00:00:00Z")
    assert run(path, "import", str(write_json(tmp_path / "in.json", [fields]))) == 0
    return path


def run(data_dir, *args):
    return cli.main(["--data-dir", str(data_dir), *args])


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def store_blobs(data_dir: Path) -> set[str]:
    root = data_dir / "files"
    return {p.name for p in root.glob("??/*")} if root.exists() else set()


def book(data_dir) -> OrderBook:
    return OrderBook(Database(data_dir))


def test_deliver_records_and_prints_a_summary(data_dir, tmp_path, capsys):
    folder = tmp_path / "final"
    write(folder / "logo final.svg", b"<svg/>" * 100)
    write(folder / "café.png", b"png" * 1000)
    write(folder / ".DS_Store", b"junk")
    capsys.readouterr()
    assert run(data_dir, "deliver", REF, "-m", "Your logo is ready.", str(folder)) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"Delivered {REF} (delivery #1, 2 files, 4 KB)"
    assert "skipped system file final/.DS_Store" in err
    order = book(data_dir).get(REF)
    assert order.status.value == "delivered"
    assert sorted(f.path for f in order.deliveries[0].files) == \
        ["final/café.png", "final/logo final.svg"]


def test_warnings_go_to_stderr_and_the_delivery_is_recorded(data_dir, tmp_path, capsys):
    empty = write(tmp_path / "notes.txt", b"")
    message = tmp_path / "msg.txt"
    message.write_text("Done! Please leave 5 stars.", encoding="utf-8")
    assert run(data_dir, "deliver", REF, "--message-file", str(message), str(empty)) == 0
    out, err = capsys.readouterr()
    assert "delivery #1, 1 file, 0 bytes" in out
    assert "warning: These files are empty" in err
    assert "5 stars" in err


def refused(data_dir, capsys, *args) -> str:
    """Run a deliver that must be refused: exit 2, one line, database and store unchanged."""
    before, blobs = dump(Database(data_dir)), store_blobs(data_dir)
    capsys.readouterr()
    assert run(data_dir, "deliver", REF, *args) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert dump(Database(data_dir)) == before
    assert store_blobs(data_dir) == blobs
    return err


def test_refusals_exit_2_with_one_line_and_change_nothing(data_dir, tmp_path, capsys):
    real = str(write(tmp_path / "a.txt", b"new content"))
    assert "Write a message" in refused(data_dir, capsys, "-m", "  ", real)
    gone = str(tmp_path / "gone.txt")
    assert f"{gone}: no such file or folder" in refused(data_dir, capsys, "-m", "Hi", real, gone)
    assert "--no-files-ok" in refused(data_dir, capsys, "-m", "Here you go")
    capsys.readouterr()
    assert run(data_dir, "deliver", "FO404", "-m", "Hi", real) == 2
    assert "No order FO404" in capsys.readouterr().err


def test_no_files_ok_confirms_a_delivery_without_files(data_dir, capsys):
    assert run(data_dir, "deliver", REF, "-m", "Sent in the chat.", "--no-files-ok") == 0
    assert "delivery #1, 0 files" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32", reason="needs os.mkfifo")
def test_blocked_redelivery_leaves_no_new_blob(data_dir, tmp_path, capsys):
    first = write(tmp_path / "v1" / "a.txt", b"version one")
    assert run(data_dir, "deliver", REF, "-m", "v1", str(first)) == 0
    second = write(tmp_path / "v2" / "a.txt", b"version two")
    # Delivered, waiting for the buyer: the status blocks before anything is copied.
    assert "waits for the buyer" in refused(data_dir, capsys, "-m", "v2", str(second))
    book(data_dir).record_revision(REF, "Make it blue", [])
    # Found only while staging: a.txt was copied, then removed again with the refusal.
    # (A FIFO cannot be read as a file, even by root, for whom chmod 000 changes nothing.)
    os.mkfifo(tmp_path / "v2" / "pipe")
    err = refused(data_dir, capsys, "-m", "v2", str(tmp_path / "v2"))
    assert "v2/pipe: cannot be read (not a regular file)" in err


def test_unchanged_redelivery_needs_its_flag(data_dir, tmp_path, capsys):
    first = write(tmp_path / "v1" / "a.txt", b"same")
    assert run(data_dir, "deliver", REF, "-m", "v1", str(first)) == 0
    book(data_dir).record_revision(REF, "Make it blue", [])
    assert run(data_dir, "deliver", REF, "-m", "v2", str(first)) == 2
    assert "--unchanged-ok" in capsys.readouterr().err
    assert run(data_dir, "deliver", REF, "-m", "v2", "--unchanged-ok", str(first)) == 0
    assert "delivery #2" in capsys.readouterr().out


def test_check_catches_a_corrupted_stored_file(data_dir, tmp_path, capsys):
    src = write(tmp_path / "final" / "logo.svg", b"<svg>original</svg>")
    assert run(data_dir, "deliver", REF, "-m", "Ready", str(src)) == 0
    assert run(data_dir, "check") == 0
    capsys.readouterr()
    [stored] = book(data_dir).get(REF).deliveries[0].files
    blob = delivery.store_of(Database(data_dir)).path_of(stored.sha256)
    blob.write_bytes(b"<svg>bit rot</svg>")
    assert run(data_dir, "check") == 1
    out = capsys.readouterr().out
    assert f"{REF} delivery #1: logo.svg" in out and "no longer matches its hash" in out
    blob.unlink()
    assert run(data_dir, "check") == 1
    assert "is missing" in capsys.readouterr().out
