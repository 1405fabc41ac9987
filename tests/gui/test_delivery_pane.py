"""The delivery pane, driven by real drop events (QMimeData with file URLs, no mouse)."""

from __future__ import annotations

import errno
import os
import threading
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app.gui.delivery.delivery_pane import DeliveryPane
from desktop_app.gui.shell import messages
from desktop_app.services import delivery
from desktop_app.storage import filestore
from desktop_app.storage.filestore import CHUNK
from tests.conftest import order_fields

REF = "FO5F2A91C3"
ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def store_snapshot(pane: DeliveryPane) -> dict[str, bytes]:
    root = delivery.file_store(pane.book).root
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture
def pane(qtbot, book):
    book.create_order(order_fields(status="in_progress",
                                   requirements_at="2026-11-01T10:00:00Z"))
    widget = DeliveryPane(book)
    qtbot.addWidget(widget)
    widget.resize(900, 900)
    widget.set_order(book.get(REF))
    widget.show()
    yield widget
    widget.shutdown()


def drag_enter(pane: DeliveryPane, urls: list[QUrl]) -> QDragEnterEvent:
    mime = QMimeData()
    mime.setUrls(urls)
    event = QDragEnterEvent(QPoint(10, 10), ACTIONS, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    event.setDropAction(Qt.DropAction.MoveAction)  # what a plain drag proposes on one volume
    QApplication.sendEvent(pane.ui.drop_zone, event)
    return event


def drop(qtbot, pane: DeliveryPane, *items, wait: bool = True) -> QDropEvent | None:
    """Drag `items` (paths or URLs) onto the drop zone; wait for staging to finish."""
    urls = [i if isinstance(i, QUrl) else QUrl.fromLocalFile(str(i)) for i in items]
    if not drag_enter(pane, urls).isAccepted():
        return None
    mime = QMimeData()
    mime.setUrls(urls)
    event = QDropEvent(QPointF(10, 10), ACTIONS, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    event.setDropAction(Qt.DropAction.MoveAction)
    outcomes: list = []
    pane.stager.finished.connect(outcomes.append)
    pane.stager.failed.connect(outcomes.append)
    QApplication.sendEvent(pane.ui.drop_zone, event)
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction
    assert not pane.stager.busy  # the event only noted the paths; work starts after it
    if wait:
        qtbot.waitUntil(lambda: bool(outcomes) and not pane.stager.busy, timeout=10000)
    return event


def listed(pane: DeliveryPane) -> list[str]:
    return pane.ui.files.paths()


def row(pane: DeliveryPane, path: str) -> list[str]:
    tree = pane.ui.files
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0) == path:
            return [item.text(c) for c in range(tree.columnCount())]
    raise AssertionError(f"{path} not listed: {listed(pane)}")


def test_names_with_spaces_accents_and_cjk_are_copied(qtbot, pane, tmp_path):
    names = ["logo final v2.svg", "café crème.png", "ロゴ 最終.ai"]
    sources = [write(tmp_path / "drop" / n, n.encode()) for n in names]
    drop(qtbot, pane, *sources)
    assert sorted(listed(pane)) == sorted(names)
    assert all(s.exists() for s in sources)  # a copy, never a move
    assert "Added 3 files" in pane.ui.notice.text()


def test_folder_tree_skips_system_junk_with_a_notice(qtbot, pane, tmp_path):
    folder = tmp_path / "final"
    write(folder / "logo.svg", b"<svg/>")
    write(folder / "fonts" / "brand.otf", b"otf")
    for junk in (".DS_Store", "Thumbs.db", "fonts/desktop.ini", "__MACOSX/logo.svg",
                 "fonts/._brand.otf"):
        write(folder / junk, b"junk")
    drop(qtbot, pane, folder)
    assert listed(pane) == ["final/fonts/brand.otf", "final/logo.svg"]
    notice = pane.ui.notice.text()
    assert "Skipped 5 system files: " in notice and ".DS_Store" in notice
    assert pane.ui.notice.isVisible()


def test_empty_and_identical_files_are_marked(qtbot, pane, tmp_path):
    empty = write(tmp_path / "d" / "notes.txt", b"")
    a = write(tmp_path / "d" / "logo.png", b"same pixels")
    b = write(tmp_path / "d" / "logo copy.png", b"same pixels")
    drop(qtbot, pane, empty, a, b)
    assert row(pane, "notes.txt")[3].startswith("⚠ empty (0 bytes)")
    assert "same content" in row(pane, "logo.png")[3]
    assert "same content" in row(pane, "logo copy.png")[3]
    assert row(pane, "notes.txt")[1] == "0 bytes"


def test_windows_reserved_name_gets_a_suggested_rename(qtbot, pane, tmp_path):
    drop(qtbot, pane, write(tmp_path / "d" / "CON.txt", b"x"))
    cells = row(pane, "CON.txt")
    assert "rename to CON_.txt" in cells[3]
    tree = pane.ui.files
    assert "reserved name on Windows" in tree.topLevelItem(0).toolTip(3)


def test_a_path_that_does_not_exist_is_reported(qtbot, pane, tmp_path):
    gone = tmp_path / "moved away.psd"
    drop(qtbot, pane, gone)
    assert listed(pane) == []
    assert f"Not found (moved or deleted?): {gone}" in pane.ui.notice.text()


def test_http_url_is_refused_with_a_message(qtbot, pane, tmp_path):
    url = QUrl("http://example.com/logo.png")
    assert not drag_enter(pane, [url]).isAccepted()
    assert "Only files on this computer" in pane.ui.notice.text()
    assert "http://example.com/logo.png" in pane.ui.notice.text()
    # Mixed with a local file: the file is copied, the URL still refused visibly.
    local = write(tmp_path / "d" / "ok.txt", b"ok")
    drop(qtbot, pane, local, url)
    assert listed(pane) == ["ok.txt"]
    assert pane.ui.notice.isVisible()


def test_drag_enter_forces_a_copy(qtbot, pane, tmp_path):
    event = drag_enter(pane, [QUrl.fromLocalFile(str(write(tmp_path / "a.txt", b"a")))])
    assert event.isAccepted() and event.dropAction() == Qt.DropAction.CopyAction


def test_remove_with_the_delete_key(qtbot, pane, tmp_path):
    drop(qtbot, pane, write(tmp_path / "d" / "a.txt", b"a"), write(tmp_path / "d" / "b.txt", b"b"))
    tree = pane.ui.files
    tree.setCurrentItem(tree.topLevelItem(0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert listed(pane) == ["b.txt"]


def blocking_write(monkeypatch, started: threading.Event, release: threading.Event):
    real = filestore._write_chunk

    def write_chunk(dst, view):
        started.set()
        release.wait(10)
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", write_chunk)


def test_cancel_leaves_no_stray_file_in_the_store(qtbot, pane, tmp_path, monkeypatch):
    drop(qtbot, pane, write(tmp_path / "kept.txt", b"already there"))
    before = store_snapshot(pane)
    folder = tmp_path / "final"
    write(folder / "a.txt", b"small new file")
    write(folder / "b.bin", os.urandom(CHUNK * 3))
    started, release = threading.Event(), threading.Event()
    blocking_write(monkeypatch, started, release)
    drop(qtbot, pane, folder, wait=False)
    qtbot.waitUntil(started.is_set)
    assert pane.ui.progress_row.isVisible() and not pane.ui.redeliver.isEnabled()
    pane.ui.cancel.click()
    release.set()
    qtbot.waitUntil(lambda: not pane.stager.busy)
    assert "Cancelled" in pane.ui.notice.text()
    assert listed(pane) == ["kept.txt"]
    assert store_snapshot(pane) == before
    assert not pane.ui.progress_row.isVisible()


def test_files_on_their_way_are_not_reported_missing(qtbot, pane, tmp_path, monkeypatch):
    started, release = threading.Event(), threading.Event()
    blocking_write(monkeypatch, started, release)
    drop(qtbot, pane, write(tmp_path / "a.bin", os.urandom(CHUNK)), wait=False)
    qtbot.waitUntil(started.is_set)
    assert pane.ui.summary.text().startswith("Copying the dropped files")
    assert "has no files" not in pane.ui.issues.text()
    pane.ui.cancel.click()
    release.set()
    qtbot.waitUntil(lambda: not pane.stager.busy)
    assert pane.ui.summary.text().startswith("No files yet")  # nothing came of that drop
    assert "has no files" in pane.ui.issues.text()


def test_failure_mid_copy_keeps_the_store_consistent(qtbot, pane, tmp_path, monkeypatch):
    before = store_snapshot(pane)
    folder = tmp_path / "final"
    write(folder / "a.txt", b"first")
    big = write(folder / "b.bin", os.urandom(CHUNK * 3))
    real = filestore._write_chunk
    written = {"bytes": 0}

    def disk_full_after(dst, view):
        if written["bytes"] >= CHUNK + 5:  # a.txt and the first chunk of b.bin got out
            raise OSError(errno.ENOSPC, "No space left on device")
        written["bytes"] += len(view)
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", disk_full_after)
    drop(qtbot, pane, folder)
    assert listed(pane) == []
    assert store_snapshot(pane) == before
    assert not list((delivery.file_store(pane.book).root / "tmp").iterdir())
    kind, title, text = messages.shown[-1]
    assert kind == "error" and str(big) in text and "No space left" in text
    assert "No space left" in pane.ui.notice.text()


def deliver_first(book, clock, files: dict[str, bytes], tmp_path: Path) -> None:
    for name, data in files.items():
        write(tmp_path / "v1" / name, data)
    staged = delivery.stage(book, [tmp_path / "v1" / n for n in files])
    delivery.redeliver(book, REF, staged.files, "First version", confirmed=False)
    clock.now += timedelta(hours=2)
    book.record_revision(REF, "Make it blue", [])
    clock.now += timedelta(hours=2)


def test_diff_against_the_previous_delivery(qtbot, pane, book, clock, tmp_path):
    deliver_first(book, clock, {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c"}, tmp_path)
    pane.set_order(book.get(REF))
    new = tmp_path / "v2"
    drop(qtbot, pane, write(new / "a.txt", b"a"), write(new / "b.txt", b"B2"),
         write(new / "d.txt", b"d"))
    summary = pane.ui.summary.text()
    assert "compared with delivery #1: 1 new, 1 changed, 1 unchanged, 1 removed" in summary
    assert row(pane, "a.txt")[2].startswith("unchanged")
    assert row(pane, "b.txt")[2] == "changed"
    assert row(pane, "d.txt")[2] == "new"
    assert row(pane, "c.txt")[2] == "removed"
    assert not pane.ui.banner.isVisible()
    assert pane.ui.redeliver.text() == "Redeliver now"


def test_identical_redelivery_warns_strongly_and_needs_confirmation(qtbot, pane, book, clock,
                                                                   tmp_path):
    deliver_first(book, clock, {"a.txt": b"a"}, tmp_path)
    pane.set_order(book.get(REF))
    drop(qtbot, pane, write(tmp_path / "again" / "a.txt", b"a"))
    pane.ui.message.setPlainText("Here is the revision.")
    pane.refresh_checks()
    assert pane.ui.banner.isVisible() and "Nothing changed" in pane.ui.banner.text()
    delivered = []
    pane.delivered.connect(delivered.append)
    messages.queue_answers(False)
    pane.ui.redeliver.click()
    assert delivered == [] and len(book.get(REF).deliveries) == 1
    messages.queue_answers(True)
    with qtbot.waitSignal(pane.delivered):
        pane.ui.redeliver.click()
    order = book.get(REF)
    assert delivered == [order.id] and len(order.deliveries) == 2


def test_blocks_disable_the_button(qtbot, pane, tmp_path):
    drop(qtbot, pane, write(tmp_path / "a.txt", b"a"))
    pane.refresh_checks()
    assert not pane.ui.redeliver.isEnabled()  # no message yet
    assert "Write a message" in pane.ui.issues.text()
    pane.ui.message.setPlainText("Done")
    qtbot.waitUntil(pane.ui.redeliver.isEnabled)  # re-checked as the seller types


def test_an_order_without_deliveries_says_so_in_the_history(pane):
    history = pane.ui.history
    assert history.topLevelItemCount() == 0
    image = history.viewport().grab().toImage()
    base = image.pixelColor(1, 1)  # a corner the text leaves alone
    inked = sum(image.pixelColor(x, y) != base
                for x in range(0, image.width(), 2) for y in range(0, min(40, image.height())))
    assert inked > 50  # the sentence is painted, not an empty white box


def test_deliver_records_then_open_export_copy(qtbot, pane, book, tmp_path):
    drop(qtbot, pane, write(tmp_path / "final" / "logo final.svg", b"<svg/>"))
    pane.ui.message.setPlainText("Your logo is ready. Please leave 5 stars!")
    pane.refresh_checks()
    assert "Asking for ratings" in pane.ui.issues.text()
    assert pane.ui.redeliver.text() == "Deliver now"
    with qtbot.waitSignal(pane.delivered) as signal:
        qtbot.keyClick(pane.ui.message, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    order = book.get(REF)
    assert signal.args == [order.id] and order.status.value == "delivered"
    assert order.deliveries[0].files[0].path == "logo final.svg"
    assert "completes by itself on" in pane.ui.result.text()
    assert listed(pane) == [] and pane.ui.message.toPlainText() == ""
    assert "Delivery #1" in pane.ui.history.topLevelItem(0).text(0)
    with qtbot.waitSignal(pane.exports.laid_out, timeout=10000):  # on the file runner
        pane.ui.open_folder.click()
    folder = book.db.data_dir / "deliveries" / REF / "1"
    assert (folder / "logo final.svg").read_bytes() == b"<svg/>"
    assert messages.shown[-1] == ("info", "Delivery folder", str(folder))
    messages.queue_answers(str(tmp_path / "out.zip"))
    with qtbot.waitSignal(pane.exports.exported, timeout=10000):
        pane.ui.export_zip.click()
    assert zipfile.ZipFile(tmp_path / "out.zip").read("logo final.svg") == b"<svg/>"
    pane.ui.copy_message.click()
    assert QGuiApplication.clipboard().text() == "Your logo is ready. Please leave 5 stars!"


def test_no_files_needs_confirmation(qtbot, pane, book):
    pane.ui.message.setPlainText("Delivered through the chat.")
    pane.refresh_checks()
    messages.queue_answers(False)
    pane.ui.redeliver.click()
    assert book.get(REF).deliveries == []
    messages.queue_answers(True)
    with qtbot.waitSignal(pane.delivered):
        pane.ui.redeliver.click()
    assert book.get(REF).deliveries[0].files == []


def test_shutdown_takes_back_files_never_delivered(qtbot, pane, tmp_path):
    before = store_snapshot(pane)
    drop(qtbot, pane, write(tmp_path / "draft.txt", b"never delivered"))
    assert store_snapshot(pane) != before
    pane.shutdown()
    assert store_snapshot(pane) == before


def test_recording_waits_for_the_disk_on_a_worker(qtbot, pane, book, tmp_path, monkeypatch):
    """Redeliver first forces the staged copies to disk; the window stays usable meanwhile."""
    disk = threading.Event()
    real_fsync = os.fsync

    def slow_disk(fd: int) -> None:
        assert disk.wait(10), "the test never let the disk finish"
        real_fsync(fd)

    monkeypatch.setattr(filestore.os, "fsync", slow_disk)
    drop(qtbot, pane, write(tmp_path / "final.mov", b"video" * 1000))
    pane.ui.message.setPlainText("Here is the final video.")
    pane.refresh_checks()
    pane.ui.redeliver.click()

    assert book.get(REF).deliveries == []  # still waiting for the disk: nothing recorded
    assert pane.ui.progress_row.isVisibleTo(pane) and pane.ui.progress.maximum() == 0
    assert "Saving the files to disk" in pane.ui.progress_label.text()
    assert not pane.ui.redeliver.isEnabled() and not pane.ui.message.isEnabled()
    assert not pane.ui.drop_zone.acceptDrops() and not pane.ui.cancel.isVisibleTo(pane)
    with qtbot.waitSignal(pane.delivered, timeout=10000):
        disk.set()
    assert book.get(REF).deliveries[0].files[0].path == "final.mov"
    assert not pane.ui.progress_row.isVisibleTo(pane) and pane.ui.message.isEnabled()
    assert pane.ui.drop_zone.acceptDrops()


def test_a_disk_that_refuses_the_files_records_nothing(qtbot, pane, book, tmp_path,
                                                       monkeypatch):
    def broken_disk(_fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(filestore.os, "fsync", broken_disk)
    drop(qtbot, pane, write(tmp_path / "final.mov", b"video"))
    pane.ui.message.setPlainText("Here is the final video.")
    pane.refresh_checks()
    pane.ui.redeliver.click()

    qtbot.waitUntil(lambda: bool(messages.shown) and not pane.recording, timeout=10000)
    kind, title, text = messages.shown[-1]
    assert (kind, title) == ("error", "Not delivered")
    assert "could not be saved to disk (Input/output error)" in text
    assert book.get(REF).deliveries == [] and listed(pane) == ["final.mov"]
    assert pane.ui.redeliver.isEnabled()  # fix the disk, try again
