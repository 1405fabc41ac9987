from __future__ import annotations

import errno
import hashlib
import os
import threading
import zipfile
from pathlib import Path

import pytest

from desktop_app.storage import filestore
from desktop_app.storage.filestore import (
    CHUNK,
    FileStore,
    StagingCancelled,
    StagingFailed,
    VerifyProblem,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder under the store root, to prove a failed staging changed nothing."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "store")


def disk_full_at_write(monkeypatch, nth: int, counted=lambda view: True) -> None:
    """The nth chunk write that `counted` selects fails as a full disk does."""
    real = filestore._write_chunk
    calls = {"n": 0}

    def write_chunk(dst, view):
        if counted(view):
            calls["n"] += 1
            if calls["n"] == nth:
                raise OSError(errno.ENOSPC, "No space left on device")
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", write_chunk)


def synced_inodes(monkeypatch) -> set[tuple[int, int]]:
    """Record (device, inode) of everything os.fsync is called on from now on."""
    synced: set[tuple[int, int]] = set()
    real = os.fsync

    def fsync(fd):
        st = os.fstat(fd)
        synced.add((st.st_dev, st.st_ino))
        real(fd)

    monkeypatch.setattr(filestore.os, "fsync", fsync)
    return synced


def inode(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino


def mixed_folder(root: Path) -> Path:
    """Multi-chunk, exact-chunk, small, empty and duplicate files, in a nested folder."""
    folder = root / "final"
    write(folder / "video.mov", os.urandom(CHUNK * 2 + 17))
    write(folder / "exact.bin", os.urandom(CHUNK))
    write(folder / "empty.txt", b"")
    for i in range(8):
        write(folder / "small" / f"asset_{i}.png", os.urandom(100 + i * 997))
    write(folder / "small" / "copy_of_0.png", (folder / "small" / "asset_0.png").read_bytes())
    return folder


def test_unicode_names_are_staged_under_their_names(store: FileStore, tmp_path: Path) -> None:
    folder = tmp_path / "drop" / "final"
    names = ["logo final v2.svg", "café crème.png", "ロゴ 最終.ai"]
    for i, name in enumerate(names):
        write(folder / name, f"content {i}".encode())
    result = store.stage([folder])
    assert sorted(f.relative_path for f in result.files) == sorted(f"final/{n}" for n in names)
    for f in result.files:
        assert Path(f.stored_path) == store.path_of(f.sha256)
        assert Path(f.stored_path).read_bytes() == Path(f.source).read_bytes()
        assert f.sha256 == sha(Path(f.source).read_bytes())
    assert list((store.root / "tmp").iterdir()) == []


def test_folder_tree_skips_junk_and_keeps_paths(store: FileStore, tmp_path: Path) -> None:
    folder = tmp_path / "final"
    write(folder / "logo.svg", b"<svg/>")
    write(folder / "sub" / "x.png", b"png")
    for junk in [".DS_Store", "sub/Thumbs.db", "desktop.ini", "._logo.svg", "__MACOSX/a.png"]:
        write(folder / junk, b"junk")
    single = write(tmp_path / "notes.txt", b"notes")
    result = store.stage([folder, single])
    assert [f.relative_path for f in result.files] == [
        "final/logo.svg", "final/sub/x.png", "notes.txt"
    ]
    assert sorted(result.skipped_junk) == sorted(
        ["final/.DS_Store", "final/sub/Thumbs.db", "final/desktop.ini", "final/._logo.svg",
         "final/__MACOSX"]
    )


def test_empty_file_and_duplicates(store: FileStore, tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    a = write(tmp_path / "a.png", b"same bytes")
    b = write(tmp_path / "b.png", b"same bytes")
    result = store.stage([empty, a, b])
    by_name = {f.relative_path: f for f in result.files}
    assert by_name["empty.txt"].size == 0
    assert by_name["empty.txt"].sha256 == sha(b"")
    assert by_name["a.png"].sha256 == by_name["b.png"].sha256
    assert by_name["a.png"].stored_path == by_name["b.png"].stored_path
    blobs = [p for p in store._stored_files()]
    assert len(blobs) == 2  # the empty file and one copy of the duplicate


def test_multi_chunk_file_hash_matches(store: FileStore, tmp_path: Path) -> None:
    data = os.urandom(CHUNK * 2 + 123)
    exact = os.urandom(CHUNK * 2)  # a size that is an exact multiple of the chunk
    result = store.stage([write(tmp_path / "big.bin", data), write(tmp_path / "ex.bin", exact)])
    assert [f.sha256 for f in result.files] == [sha(data), sha(exact)]
    assert store.path_of(sha(data)).read_bytes() == data


class ShortWriter:
    """A raw file that takes at most `most` bytes per call, recording each call's length."""

    def __init__(self, most: int) -> None:
        self.most, self.calls, self.data = most, [], bytearray()

    def write(self, view: memoryview) -> int:
        taken = bytes(view[: self.most])
        self.calls.append(len(view))
        self.data += taken
        return len(taken)


def test_chunks_are_written_in_plain_copy_pieces_even_when_writes_come_up_short() -> None:
    chunk = os.urandom(CHUNK)
    dst = ShortWriter(most=filestore.WRITE_PIECE - 1)
    filestore._write_chunk(dst, memoryview(chunk))
    assert bytes(dst.data) == chunk
    assert max(dst.calls) <= filestore.WRITE_PIECE
    assert len(dst.calls) > CHUNK // filestore.WRITE_PIECE  # the short writes were resumed


def test_missing_path_is_reported(store: FileStore, tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.txt", b"ok")
    result = store.stage([tmp_path / "nope.txt", ok])
    assert result.missing == [str(tmp_path / "nope.txt")]
    assert [f.relative_path for f in result.files] == ["ok.txt"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs")
def test_links_outside_are_not_followed(store: FileStore, tmp_path: Path) -> None:
    secret = write(tmp_path / "home" / "secret.txt", b"private")
    folder = tmp_path / "final"
    write(folder / "real.txt", b"real")
    (folder / "outside.txt").symlink_to(secret)
    (folder / "outside_dir").symlink_to(secret.parent, target_is_directory=True)
    (folder / "inside.txt").symlink_to(folder / "real.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "pipe")
    result = store.stage([folder])
    assert sorted(f.relative_path for f in result.files) == ["final/inside.txt", "final/real.txt"]
    assert sorted(result.skipped_links) == ["final/outside.txt", "final/outside_dir"]
    assert result.looping_links == ["final/loop"]
    assert result.unreadable == [("final/pipe", "not a regular file")]
    assert not store.has(sha(b"private"))


def test_progress_reports_totals(store: FileStore, tmp_path: Path) -> None:
    files = [write(tmp_path / f"f{i}.bin", os.urandom(1000 * (i + 1))) for i in range(3)]
    seen = []
    store.stage(files, progress=seen.append)
    last = seen[-1]
    assert (last.bytes_done, last.bytes_total) == (6000, 6000)
    assert (last.files_done, last.files_total) == (3, 3)


def _cancel_on_write(monkeypatch, event: threading.Event, at_call: int) -> None:
    real = filestore._write_chunk
    calls = {"n": 0}

    def write_chunk(dst, view):
        calls["n"] += 1
        if calls["n"] == at_call:
            event.set()
        real(dst, view)

    monkeypatch.setattr(filestore, "_write_chunk", write_chunk)


def test_cancel_leaves_store_as_before(store: FileStore, tmp_path: Path, monkeypatch) -> None:
    kept = write(tmp_path / "kept.txt", b"already stored")
    store.stage([kept])
    before = snapshot(store.root)
    folder = tmp_path / "final"
    write(folder / "a.txt", b"small new file")  # fully stored before the cancel
    write(folder / "b.txt", b"already stored")  # dedup against an older blob
    write(folder / "c.bin", os.urandom(CHUNK * 3))  # cancelled mid-copy
    cancel = threading.Event()
    _cancel_on_write(monkeypatch, cancel, at_call=3)  # first chunk of c.bin
    with pytest.raises(StagingCancelled):
        store.stage([folder], cancel=cancel)
    assert snapshot(store.root) == before
    assert store.has(sha(b"already stored"))


def test_failure_mid_copy_raises_and_cleans_up(
    store: FileStore, tmp_path: Path, monkeypatch
) -> None:
    before = snapshot(store.root)
    folder = tmp_path / "final"
    write(folder / "a.txt", b"first")
    big = write(folder / "b.bin", os.urandom(CHUNK * 3))
    disk_full_at_write(monkeypatch, 3)
    with pytest.raises(StagingFailed) as info:
        store.stage([folder])
    assert info.value.path == str(big)
    assert "No space left" in info.value.reason
    assert snapshot(store.root) == before


def test_failed_rename_raises_and_cleans_up(
    store: FileStore, tmp_path: Path, monkeypatch
) -> None:
    before = snapshot(store.root)
    src = write(tmp_path / "a.txt", b"data")

    def broken_replace(a, b):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filestore.os, "replace", broken_replace)
    with pytest.raises(StagingFailed) as info:
        store.stage([src])
    assert info.value.path == str(src)
    monkeypatch.undo()
    assert snapshot(store.root) == before


def test_verify_finds_altered_and_missing(store: FileStore, tmp_path: Path) -> None:
    result = store.stage([write(tmp_path / "a.txt", b"alpha"), write(tmp_path / "b.txt", b"beta")])
    assert store.verify() == []
    a, b = result.files
    Path(a.stored_path).write_bytes(b"tampered")
    Path(b.stored_path).unlink()
    assert store.verify() == [VerifyProblem(a.sha256, a.stored_path, "altered")]
    assert store.verify_files([a.sha256, b.sha256]) == sorted(
        [VerifyProblem(a.sha256, a.stored_path, "altered"),
         VerifyProblem(b.sha256, b.stored_path, "missing")],
        key=lambda p: p.sha256,
    )


def test_path_of_rejects_non_hashes(store: FileStore) -> None:
    with pytest.raises(ValueError):
        store.path_of("../../etc/passwd")
    assert not store.has("0" * 64)


def test_lay_out_and_zip_round_trip(store: FileStore, tmp_path: Path) -> None:
    folder = tmp_path / "final"
    contents = {"final/logo.svg": b"<svg/>", "final/sub/ロゴ.png": b"png", "final/e.txt": b""}
    for rel, data in contents.items():
        write(tmp_path / rel, data)
    pairs = [(f.relative_path, f.sha256) for f in store.stage([folder]).files]

    out = store.lay_out(pairs, tmp_path / "out")
    assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} == (
        contents
    )
    zip_path = store.export_zip(pairs, tmp_path / "delivery.zip")
    with zipfile.ZipFile(zip_path) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == contents
    assert not (tmp_path / "delivery.zip.part").exists()


def test_lay_out_renames_same_named_files(store: FileStore, tmp_path: Path) -> None:
    a = store.stage([write(tmp_path / "a" / "logo.png", b"one")]).files[0]
    b = store.stage([write(tmp_path / "b" / "logo.png", b"two")]).files[0]
    out = store.lay_out([("logo.png", a.sha256), ("logo.png", b.sha256)], tmp_path / "out")
    assert (out / "logo.png").read_bytes() == b"one"
    assert (out / "logo (2).png").read_bytes() == b"two"


def test_lay_out_refuses_escaping_paths(store: FileStore, tmp_path: Path) -> None:
    f = store.stage([write(tmp_path / "a.txt", b"x")]).files[0]
    with pytest.raises(ValueError):
        store.lay_out([("../evil.txt", f.sha256)], tmp_path / "out")
    with pytest.raises(FileNotFoundError):
        store.lay_out([("gone.txt", "0" * 64)], tmp_path / "out2")


@pytest.mark.skipif(os.name != "posix", reason="folders can be synced on POSIX only")
def test_staging_leaves_durability_to_make_durable(store: FileStore, tmp_path: Path,
                                                   monkeypatch) -> None:
    synced = synced_inodes(monkeypatch)
    result = store.stage([mixed_folder(tmp_path)])
    assert synced == set()  # like a plain copy: the data goes to disk with writeback
    store.make_durable(f.sha256 for f in result.files)
    blobs = {Path(f.stored_path) for f in result.files}
    assert {inode(b) for b in blobs} <= synced
    assert {inode(b.parent) for b in blobs} <= synced  # the renames too
    synced.clear()
    store.make_durable(f.sha256 for f in result.files)
    assert synced == set()  # already durable: not synced again
    with pytest.raises(FileNotFoundError):
        store.make_durable(["0" * 64])


def test_dedup_replaces_a_stored_blob_cut_short(store: FileStore, tmp_path: Path) -> None:
    data = os.urandom(CHUNK + 1000)
    first = store.stage([write(tmp_path / "a" / "video.mov", data)])
    blob = store.path_of(sha(data))
    os.truncate(blob, 4096)  # what a power cut before make_durable can leave
    again = store.stage([write(tmp_path / "b" / "video.mov", data)])
    assert blob.read_bytes() == data
    assert again.files[0].sha256 == first.files[0].sha256
    assert again.created == []  # a repair, not a new blob: discard() never removes it
    assert store.verify() == []


@pytest.mark.skipif(os.name != "posix", reason="folders can be synced on POSIX only")
def test_a_repaired_blob_is_made_durable_again(store: FileStore, tmp_path: Path,
                                               monkeypatch) -> None:
    data = os.urandom(5000)
    first = store.stage([write(tmp_path / "a.bin", data)])
    store.make_durable([first.files[0].sha256])
    os.truncate(store.path_of(sha(data)), 10)  # damaged after all (a disk lying about sync)
    store.stage([write(tmp_path / "b.bin", data)])
    synced = synced_inodes(monkeypatch)
    store.make_durable([first.files[0].sha256])
    assert inode(store.path_of(sha(data))) in synced


def test_dedup_trusts_a_stored_blob_of_the_right_size(store: FileStore, tmp_path: Path) -> None:
    data = b"same bytes"
    store.stage([write(tmp_path / "a.txt", data)])
    before = inode(store.path_of(sha(data)))
    result = store.stage([write(tmp_path / "b.txt", data)])
    assert inode(store.path_of(sha(data))) == before  # not rewritten
    assert result.created == []
