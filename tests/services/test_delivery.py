"""The delivery use case: checks with tone, refusals that record nothing, lay-out and zip."""

from __future__ import annotations

import errno
import os
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.order import Status
from desktop_app.services import delivery
from desktop_app.storage import filestore
from tests.conftest import order_fields
from tests.storage.test_filestore import synced_inodes

REF = "FO5F2A91C3"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def order(book, clock):
    book.create_order(order_fields(status="in_progress",
                                   requirements_at="2026-11-01T10:00:00Z"))
    return book.get(REF)


def stage(book, tmp_path: Path, files: dict[str, bytes], folder: str = "final"):
    for name, data in files.items():
        write(tmp_path / "src" / folder / name, data)
    return delivery.stage(book, [tmp_path / "src" / folder])


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def test_store_lives_in_the_data_dir(book) -> None:
    assert delivery.file_store(book).root == (book.db.data_dir / "files").resolve()
    assert delivery.file_store(book) is delivery.file_store(book)


def test_prepare_adds_tone_findings_as_warnings(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"logo.svg": b"<svg/>"})
    report = delivery.prepare(book, REF, result.files,
                              "Here it is. Please leave me 5 stars!")
    assert report.can_deliver
    tone = [w for w in report.warnings if w.code == "tone"]
    assert tone and "5 stars" in tone[0].message


def test_first_delivery_records_files_and_moves_to_delivered(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"logo.svg": b"<svg/>", "logo.png": b"png"})
    done = delivery.redeliver(book, REF, result.files, "Your logo is ready.", confirmed=False)
    assert done.status is Status.DELIVERED
    recorded = done.deliveries[-1]
    assert recorded.number == 1 and recorded.message == "Your logo is ready."
    assert sorted(f.path for f in recorded.files) == ["final/logo.png", "final/logo.svg"]
    assert delivery.delivery_files(done, 1) == [(f.path, f.sha256) for f in recorded.files]


def test_blocked_delivery_records_nothing(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"logo.svg": b"<svg/>"})
    before = book.history(REF)
    with pytest.raises(LifecycleError, match="message"):
        delivery.redeliver(book, REF, result.files, "   ", confirmed=True)
    assert book.history(REF) == before and book.get(REF).status is Status.IN_PROGRESS


def test_no_files_needs_confirmation(book, order) -> None:
    with pytest.raises(LifecycleError, match="no files"):
        delivery.redeliver(book, REF, [], "Delivered in the chat.", confirmed=False)
    assert book.get(REF).deliveries == []
    done = delivery.redeliver(book, REF, [], "Delivered in the chat.", confirmed=True)
    assert done.deliveries[-1].files == []


def test_status_block_uses_the_lifecycle_refusal(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"a.txt": b"a"})
    delivery.redeliver(book, REF, result.files, "First version.", confirmed=False)
    report = delivery.prepare(book, REF, result.files, "Again")
    assert codes(report.blocks) == ["status"]
    with pytest.raises(LifecycleError, match="waits for the buyer"):
        delivery.redeliver(book, REF, result.files, "Again", confirmed=True)


def redeliverable(book, clock) -> None:
    clock.now += timedelta(hours=1)
    book.record_revision(REF, "Make it blue", [])


def test_diff_against_previous_delivery(book, order, clock, tmp_path) -> None:
    first = stage(book, tmp_path, {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c"})
    delivery.redeliver(book, REF, first.files, "v1", confirmed=False)
    redeliverable(book, clock)
    second = stage(book, tmp_path / "2", {"a.txt": b"a", "b.txt": b"B!", "d.txt": b"d"})
    report = delivery.prepare(book, REF, second.files, "v2")
    assert report.diff.added == ["final/d.txt"]
    assert report.diff.changed == ["final/b.txt"]
    assert report.diff.unchanged == ["final/a.txt"]
    assert report.diff.removed == ["final/c.txt"]
    assert "unchanged_redelivery" not in codes(report.warnings)
    clock.now += timedelta(hours=1)
    assert delivery.redeliver(book, REF, second.files, "v2", confirmed=False
                              ).deliveries[-1].number == 2


def test_identical_redelivery_needs_confirmation(book, order, clock, tmp_path) -> None:
    first = stage(book, tmp_path, {"a.txt": b"a"})
    delivery.redeliver(book, REF, first.files, "v1", confirmed=False)
    redeliverable(book, clock)
    again = stage(book, tmp_path / "2", {"a.txt": b"a"})
    report = delivery.prepare(book, REF, again.files, "v2")
    assert report.diff.nothing_changed and report.needs_confirmation
    assert "unchanged_redelivery" in codes(report.warnings)
    with pytest.raises(LifecycleError, match="identical"):
        delivery.redeliver(book, REF, again.files, "v2", confirmed=False)
    assert book.get(REF).status is Status.REVISION_REQUESTED


def test_windows_reserved_name_is_a_warning_with_a_rename(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"CON.txt": b"x"})
    report = delivery.prepare(book, REF, result.files, "Here")
    [issue] = [w for w in report.warnings if w.code == "windows_name"]
    assert issue.suggestion == "final/CON_.txt"


def test_open_folder_lays_out_original_names(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"logo final.svg": b"<svg/>", "fonts/ロゴ.otf": b"otf"})
    delivery.redeliver(book, REF, result.files, "Ready", confirmed=False)
    folder = delivery.open_folder(book, REF, 1)
    assert folder == book.db.data_dir / "deliveries" / REF / "1"
    assert (folder / "final" / "logo final.svg").read_bytes() == b"<svg/>"
    assert (folder / "final" / "fonts" / "ロゴ.otf").read_bytes() == b"otf"
    (folder / "final" / "logo final.svg").write_bytes(b"edited by mistake")
    (folder / "stray.txt").write_text("x")
    folder = delivery.open_folder(book, REF, 1)  # laid out afresh
    assert (folder / "final" / "logo final.svg").read_bytes() == b"<svg/>"
    assert not (folder / "stray.txt").exists()


def test_export_zip_and_unknown_delivery(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"a.txt": b"alpha"})
    delivery.redeliver(book, REF, result.files, "Ready", confirmed=False)
    path = delivery.export_zip(book, REF, 1, tmp_path / "out.zip")
    assert zipfile.ZipFile(path).read("final/a.txt") == b"alpha"
    with pytest.raises(LifecycleError, match="#7"):
        delivery.open_folder(book, REF, 7)


def test_discard_removes_only_unreferenced_new_blobs(book, order, tmp_path) -> None:
    kept = stage(book, tmp_path, {"a.txt": b"delivered"})
    delivery.redeliver(book, REF, kept.files, "v1", confirmed=False)
    refused = stage(book, tmp_path / "2", {"a.txt": b"delivered", "b.txt": b"new"},
                    folder="other")
    store = delivery.file_store(book)
    assert [f.sha256 for f in refused.files if f.relative_path == "other/b.txt"] \
        == refused.created
    removed = delivery.discard(book, [refused])
    assert removed == refused.created
    assert store.has(kept.files[0].sha256)
    assert not store.has(refused.created[0])


def test_verify_delivered_files_finds_a_corrupted_copy(book, order, tmp_path) -> None:
    result = stage(book, tmp_path, {"a.txt": b"alpha", "b.txt": b"beta"})
    delivery.redeliver(book, REF, result.files, "Ready", confirmed=False)
    assert delivery.verify_delivered_files(book.db) == []
    victim = result.files[0]
    Path(victim.stored_path).write_bytes(b"bit rot")
    problems = delivery.verify_delivered_files(book.db)
    assert [(p.sha256, p.problem) for p in problems] == [(victim.sha256, "altered")]


@pytest.mark.skipif(os.name != "posix", reason="folders can be synced on POSIX only")
def test_redeliver_makes_the_files_durable(book, order, tmp_path, monkeypatch) -> None:
    result = stage(book, tmp_path, {"logo.svg": b"<svg/>", "logo.png": b"png"})
    synced = synced_inodes(monkeypatch)
    delivery.redeliver(book, REF, result.files, "Your logo is ready.", confirmed=False)
    for f in result.files:
        for path in (Path(f.stored_path), Path(f.stored_path).parent):
            st = path.stat()
            assert (st.st_dev, st.st_ino) in synced


def test_a_delivery_whose_files_cannot_be_synced_is_not_recorded(book, order, tmp_path,
                                                                 monkeypatch) -> None:
    result = stage(book, tmp_path, {"logo.svg": b"<svg/>"})

    def failing_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(filestore.os, "fsync", failing_fsync)
    with pytest.raises(LifecycleError, match="Input/output error"):
        delivery.redeliver(book, REF, result.files, "Your logo is ready.", confirmed=False)
    assert book.get(REF).deliveries == [] and book.get(REF).status is Status.IN_PROGRESS
