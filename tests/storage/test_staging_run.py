"""Staging on several workers: planned order, rollback on failure and cancel, skipped files."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_app.storage import filestore, staging_run
from desktop_app.storage.filestore import CHUNK, FileStore, StagingCancelled, StagingFailed
from tests.storage.test_filestore import (
    disk_full_at_write,
    mixed_folder,
    sha,
    snapshot,
    write,
)


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "store")


@pytest.fixture
def parallel(monkeypatch) -> None:
    """Stage even small drops on 4 workers, whatever this machine's core count."""
    monkeypatch.setattr(staging_run, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(staging_run.os, "cpu_count", lambda: 4)


def test_parallel_staging_keeps_the_planned_order(store: FileStore, tmp_path: Path,
                                                  parallel, monkeypatch) -> None:
    folder = mixed_folder(tmp_path)
    # The first writes of two different threads meet here: this fails unless 2 workers copy
    # at the same time.
    meeting = threading.Barrier(2, timeout=10)
    seen: set[int] = set()
    real = filestore._write_chunk

    def write_chunk(dst, view):
        me = threading.get_ident()
        if me not in seen and len(seen) < 2:
            seen.add(me)
            meeting.wait()
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", write_chunk)
    result = store.stage([folder])
    planned = sorted(str(p.relative_to(tmp_path).as_posix()) for p in folder.rglob("*")
                     if p.is_file())
    assert [f.relative_path for f in result.files] == planned  # the walk's order: sorted
    for f in result.files:
        assert f.sha256 == sha(Path(f.source).read_bytes())
        assert Path(f.stored_path).read_bytes() == Path(f.source).read_bytes()
    assert result.created == sorted({f.sha256 for f in result.files})
    assert list(store.tmp_dir.iterdir()) == []


def test_parallel_failure_mid_copy_rolls_back(store: FileStore, tmp_path: Path, parallel,
                                              monkeypatch) -> None:
    store.stage([write(tmp_path / "kept.txt", b"already stored")])
    before = snapshot(store.root)
    folder = mixed_folder(tmp_path)
    # only video.mov and exact.bin write whole chunks: the third of those fails
    disk_full_at_write(monkeypatch, 3, counted=lambda view: len(view) == CHUNK)
    with pytest.raises(StagingFailed) as info:
        store.stage([folder])
    assert info.value.path in {str(folder / "video.mov"), str(folder / "exact.bin")}
    assert "No space left" in info.value.reason
    assert snapshot(store.root) == before


def test_parallel_cancel_rolls_back(store: FileStore, tmp_path: Path, parallel,
                                    monkeypatch) -> None:
    before = snapshot(store.root)
    cancel = threading.Event()
    real = filestore._write_chunk

    def cancel_at_first_whole_chunk(dst, view):
        if len(view) == CHUNK:
            cancel.set()
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", cancel_at_first_whole_chunk)
    with pytest.raises(StagingCancelled):
        store.stage([mixed_folder(tmp_path)], cancel=cancel)
    assert snapshot(store.root) == before


def test_a_file_gone_before_its_copy_is_reported_and_skipped(
    store: FileStore, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "final"
    write(folder / "a.txt", b"first")
    victim = write(folder / "b.txt", b"deleted by the seller meanwhile")
    write(folder / "c.txt", b"third")
    real = filestore._write_chunk

    def delete_victim(dst, view):
        victim.unlink(missing_ok=True)  # planned already, not copied yet
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", delete_victim)
    result = store.stage([folder])
    assert [f.relative_path for f in result.files] == ["final/a.txt", "final/c.txt"]
    assert [rel for rel, _reason in result.unreadable] == ["final/b.txt"]
    assert list(store.tmp_dir.iterdir()) == []
