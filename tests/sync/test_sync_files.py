"""Delivery files reach every device: sent after the push, fetched after the pull, and
`gigdesk check` is clean on both sides; a file that cannot move is named, never stored
half or wrong, and tried again later."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from desktop_app.services import delivery, sync, sync_files
from desktop_app.services.check import check_database
from desktop_app.sync.client import SyncClient, Unreachable
from tests.conftest import order_fields
from tests.sync.conftest import at
from tests.sync.fault_proxy import FaultProxy
from tests.sync.server_proc import Server, database_for

MiB = 1024 * 1024


def _deliver(device, tmp_path: Path, ref: str, files: dict[str, bytes]) -> dict[str, str]:
    """Create `ref`, deliver `files` from a folder named after it; {relative path: sha}."""
    device.book.create_order(order_fields(ref, status="in_progress",
                                          requirements_at="2026-11-01T10:00:00Z"), at=at(1))
    src = tmp_path / f"src-{device.db.data_dir.name}" / ref
    for name, data in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(data)
    staged = delivery.stage(device.book, [src])
    delivery.redeliver(device.book, ref, staged.files, "Here are the files", confirmed=True)
    return {f.relative_path: f.sha256 for f in staged.files}


def _events_only(client: SyncClient):
    """The device's transport without its file methods: a round that moves events only."""
    class EventsOnly:
        register = staticmethod(client.register)
        use_device_key = staticmethod(client.use_device_key)
        push = staticmethod(client.push)
        pull = staticmethod(client.pull)
        encode_push = staticmethod(client.encode_push)
        push_body = staticmethod(client.push_body)
    return EventsOnly()


def _files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_delivered_files_reach_the_other_device_and_check_is_clean(server, make_device,
                                                                   tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    contents = {"logo.svg": b"<svg/>", "brief/notes.txt": "zwölf\n".encode() * 50,
                "render.bin": os.urandom(3 * MiB)}
    _deliver(desk, tmp_path, "FO1", contents)
    seen = []

    sent = sync.sync_round(desk.db, desk.client, server_url=desk.url,
                           progress=lambda *a: seen.append(a))
    got = laptop.sync()

    assert (sent.files.sent, got.files.received) == (3, 3)
    assert "sent 3 files" in sent.summary() and "received 3 files" in got.summary()
    total = sum(map(len, contents.values()))
    assert seen[-1] == (sync_files.FILES_SENT, total, total)
    assert check_database(desk.db).problems == []
    report = check_database(laptop.db)
    assert (report.problems, report.files) == ([], 3)
    folder = delivery.open_folder(laptop.book, "FO1", 1)
    assert _files_under(folder) == {f"FO1/{name}": data for name, data in contents.items()}
    again = laptop.sync(), desk.sync()  # nothing left to move either way
    assert [r.files.summary() for r in again] == ["", ""]


def test_a_file_not_on_the_server_yet_is_named_and_fetched_later(server, make_device,
                                                                 tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    _deliver(desk, tmp_path, "FO2", {"logo.svg": b"<svg>v1</svg>"})
    sync.sync_round(desk.db, _events_only(desk.client), server_url=desk.url)

    early = laptop.sync()

    assert early.pulled > 0 and early.files.waiting == ["FO2 delivery #1: FO2/logo.svg"]
    assert "1 file not on the server yet (another device has not sent it): FO2 delivery " \
           "#1: FO2/logo.svg" in early.summary()
    assert any("FO2 delivery #1: FO2/logo.svg" in p for p in check_database(laptop.db).problems)
    with pytest.raises(Exception, match="not on the sync server yet"):
        sync_files.open_folder(laptop.book, laptop.client, "FO2", 1)
    assert desk.sync().files.sent == 1
    # First use fetches it: "Open folder" ...
    folder = sync_files.open_folder(laptop.book, laptop.client, "FO2", 1)
    assert (folder / "FO2" / "logo.svg").read_bytes() == b"<svg>v1</svg>"
    # ... so the next round has nothing left to fetch.
    assert laptop.sync().files.summary() == ""
    assert check_database(laptop.db).problems == []


def test_a_later_round_fetches_what_an_earlier_one_could_not(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    _deliver(desk, tmp_path, "FO3", {"a.txt": b"alpha"})
    sync.sync_round(desk.db, _events_only(desk.client), server_url=desk.url)
    assert laptop.sync().files.waiting
    desk.sync()
    assert laptop.sync().files.received == 1
    assert check_database(laptop.db).problems == []


def test_a_tampered_download_is_refused_and_never_stored(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    (sha,) = _deliver(desk, tmp_path, "FO4", {"final.psd": b"layers" * 1000}).values()
    desk.sync()
    blob = server.files / sha[:2] / sha
    blob.write_bytes(b"LAYERS" * 1000)  # same size, other bytes

    result = laptop.sync()

    assert result.files.problems == ["FO4 delivery #1: FO4/final.psd is not stored: the copy "
                                     "on the sync server does not match its SHA-256"]
    store = delivery.store_of(laptop.db)
    assert not store.has(sha) and not list(store.path_of(sha).parent.glob(f"{sha}*"))
    assert [p for p in check_database(laptop.db).problems if "is missing" in p]


@pytest.fixture
def small_server(backend, tmp_path):
    """A server that takes files of at most 1,000 bytes."""
    url, drop = database_for(backend, tmp_path)
    srv = Server(url, tmp_path / "small-files", options=("--max-file", "1000")).start()
    yield srv
    srv.stop()
    drop()


def test_a_file_over_the_servers_limit_is_named_and_the_round_goes_on(small_server,
                                                                      make_device, tmp_path):
    token = small_server.add_account("alice")
    desk = make_device("desk", small_server.url, token)
    laptop = make_device("laptop", small_server.url, token)
    shas = _deliver(desk, tmp_path, "FO5", {"small.txt": b"s" * 100, "big.mov": b"b" * 5000})

    result = desk.sync()

    assert (result.pushed, result.files.sent) == (2, 1)
    (problem,) = result.files.problems
    assert problem.startswith("FO5 delivery #1: FO5/big.mov is not sent: at 5 KB it is over "
                              "the sync server's limit for one file")
    assert problem in result.summary()
    assert desk.client.file_status(shas["FO5/big.mov"]) is None  # not a byte went
    got = laptop.sync()
    assert got.files.received == 1 and got.files.waiting == ["FO5 delivery #1: FO5/big.mov"]


def test_cancel_stops_between_files_and_the_next_round_goes_on(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    _deliver(desk, tmp_path, "FO6", {f"{i}.txt": f"file {i}".encode() for i in range(3)})
    stop = threading.Event()

    def progress(what, _done, _total):
        if what == sync_files.FILES_SENT:
            stop.set()

    first = sync.sync_round(desk.db, desk.client, progress=progress, cancel=stop)
    assert first.files.stopped and first.files.sent == 1
    assert "file transfers stopped; the rest go on next time" in first.summary()
    assert desk.sync().files.sent == 2


@pytest.fixture
def proxy(sqlite_server):
    p = FaultProxy(sqlite_server.port)
    yield p
    p.close()


def test_an_interrupted_upload_resumes_where_the_server_stopped(sqlite_server, proxy,
                                                                make_device, tmp_path):
    token = sqlite_server.add_account("alice")
    desk = make_device("desk", proxy.url, token)
    content = os.urandom(20 * MiB)  # three pieces of 8 MiB
    sha = hashlib.sha256(content).hexdigest()
    _deliver(desk, tmp_path, "FO7", {"cut.mp4": content})
    put = f"/v1/files/{sha}"
    # The announcement and the first piece arrive; the second is stored by the server but
    # every answer is lost: the round fails after its tries.
    proxy.plan[put] = ["", "", "drop", "drop", "drop", "drop"]

    with pytest.raises(Unreachable):
        desk.sync()

    held = desk.client.file_status(sha)
    assert (held["received"], held["complete"]) == (16 * MiB, False)
    proxy.seen.clear()
    assert desk.sync().files.sent == 1
    offsets = [int(parse_qs(urlsplit(path).query)["offset"][0])
               for path, _fault in proxy.seen if urlsplit(path).path == put]
    assert offsets == [16 * MiB]  # only the missing piece travelled again
    desk.client.download_file(sha, tmp_path / "back.mp4")
    assert (tmp_path / "back.mp4").read_bytes() == content


def test_the_command_line_names_a_waiting_file_and_check_fetches_it(sqlite_server,
                                                                    make_device, tmp_path,
                                                                    monkeypatch, capsys):
    from desktop_app.cli import main

    token = sqlite_server.add_account("alice")
    desk = make_device("desk", sqlite_server.url, token)
    _deliver(desk, tmp_path, "FO8", {"banner.png": b"\x89PNG" * 300})
    sync.sync_round(desk.db, _events_only(desk.client), server_url=desk.url)
    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", token)
    laptop = str(tmp_path / "laptop")

    assert main(["--data-dir", laptop, "sync", "--server", sqlite_server.url]) == 0
    assert "1 file not on the server yet (another device has not sent it): FO8 delivery " \
           "#1: FO8/banner.png" in capsys.readouterr().out
    assert main(["--data-dir", laptop, "check"]) == 1  # nobody has sent it yet
    printed = capsys.readouterr()
    assert "FO8 delivery #1: FO8/banner.png: the stored copy" in printed.out
    assert "not on the server yet" in printed.err
    desk.sync()
    assert main(["--data-dir", laptop, "check"]) == 0  # its first use fetches it
    printed = capsys.readouterr()
    assert printed.out.startswith("OK: 1 orders") and "received 1 file" in printed.err
