"""`gigdesk deliver` against hostile drops: every refusal exits 2 and leaves nothing.

Non-UTF-8 names, folders nested past the recursion limit, looping links, files that
change while copied, drops over the limit, leftovers of killed stagings, and two
deliveries to one order at once (real processes, one SQLite file).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.services import delivery
from desktop_app.storage import staging_run
from desktop_app.storage.tempdirs import remove_tree
from tests.cli.test_deliver_cli import REF, book, data_dir, refused, run, store_blobs, write

__all__ = ["data_dir"]

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX names, links and locks")


def tmp_entries(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "files" / "tmp").iterdir())


@posix_only
def test_a_non_utf8_name_is_refused_naming_the_file(data_dir, tmp_path, capsys) -> None:
    folder = tmp_path / "final"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.png")  # Latin-1, as old zips store it
    (folder / name).write_bytes(b"png")
    err = refused(data_dir, capsys, "-m", "Here it is.", str(folder))
    assert "final/caf\N{REPLACEMENT CHARACTER}.png" in err and "UTF-8" in err
    assert tmp_entries(data_dir) == []


def test_a_folder_nested_past_the_recursion_limit_is_delivered(data_dir, tmp_path,
                                                                capsys) -> None:
    top = folder = tmp_path / "d"
    parts = ["n"] * max(1200, sys.getrecursionlimit() + 200)
    folder.mkdir()
    for part in parts:  # os.makedirs itself recurses
        folder = folder / part
        folder.mkdir()
    (folder / "x.txt").write_bytes(b"deep")
    assert run(data_dir, "deliver", REF, "-m", "Deep work.", str(top)) == 0
    [recorded] = book(data_dir).get(REF).deliveries[0].files
    assert recorded.path == "/".join(["d", *parts, "x.txt"])
    for _ in range(2):  # the second time removes the first lay-out: no recursion either
        laid = delivery.open_folder(book(data_dir), REF, 1)
    assert Path(laid, recorded.path).read_bytes() == b"deep"
    remove_tree(laid)  # pytest's own clean-up recurses
    remove_tree(top)


def test_a_backslash_name_is_warned_then_laid_out_and_zipped(data_dir, tmp_path,
                                                             capsys) -> None:
    if os.name != "posix":
        pytest.skip("a backslash cannot be in a Windows file name")
    odd = write(tmp_path / "logo\\final.png", b"png")
    assert run(data_dir, "deliver", REF, "-m", "Here it is.", str(odd)) == 0
    assert "logo_final.png" in capsys.readouterr().err
    folder = delivery.open_folder(book(data_dir), REF, 1)
    assert (folder / "logo_final.png").read_bytes() == b"png"
    delivery.export_zip(book(data_dir), REF, 1, tmp_path / "out.zip")


@posix_only
def test_a_looping_link_is_reported_as_a_loop(data_dir, tmp_path, capsys) -> None:
    folder = tmp_path / "final"
    write(folder / "logo.png", b"png")
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    assert run(data_dir, "deliver", REF, "-m", "Here it is.", str(folder)) == 0
    err = capsys.readouterr().err
    for rel in ("final/again", "final/a", "final/b"):
        assert f"did not follow the link {rel} (it loops back into its own folder)" in err
    assert "outside" not in err


def test_a_file_that_changes_while_copied_is_refused(data_dir, tmp_path, capsys,
                                                     monkeypatch) -> None:
    video = write(tmp_path / "video.mp4", os.urandom(3 * staging_run.CHUNK))
    real = staging_run._read_source

    def truncated_by_its_writer(src, view):  # the exporter rewrites it mid-copy
        n = real(src, view)
        with open(video, "r+b") as f:
            f.truncate(staging_run.CHUNK // 2)
        return n

    monkeypatch.setattr(staging_run, "_read_source", truncated_by_its_writer)
    err = refused(data_dir, capsys, "-m", "Here it is.", str(video))
    assert "video.mp4" in err and "changed while it was being copied" in err


def test_a_drop_over_the_limit_is_refused_before_any_copy(data_dir, tmp_path, capsys,
                                                          monkeypatch) -> None:
    big = tmp_path / "huge.bin"
    with open(big, "wb") as f:
        f.truncate(6 * 1024**3)  # sparse: 6 GB planned, nothing to read
    copied = []
    monkeypatch.setattr(staging_run, "_read_source",
                        lambda src, view: copied.append(1) or 0)
    err = refused(data_dir, capsys, "-m", "Here it is.", str(big))
    assert "at most 5.0 GB" in err and copied == []


@posix_only
def test_temps_of_a_killed_staging_are_swept_and_live_ones_kept(data_dir, tmp_path) -> None:
    tmp = data_dir / "files" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    killed = subprocess.Popen(  # holds a staging folder, then is killed mid-copy
        [sys.executable, "-c", _HOLD_A_RUN_FOLDER, str(tmp)], stdout=subprocess.PIPE)
    assert killed.stdout.readline().strip() == b"ready"
    live = subprocess.Popen(
        [sys.executable, "-c", _HOLD_A_RUN_FOLDER, str(tmp)], stdout=subprocess.PIPE)
    assert live.stdout.readline().strip() == b"ready"
    killed.kill()
    killed.wait()
    try:
        old = time.time() - 60  # past the grace a just-made lock file gets
        for entry in tmp.iterdir():
            os.utime(entry / ".lock", (old, old))
        assert len(tmp_entries(data_dir)) == 2
        assert run(data_dir, "deliver", REF, "-m", "Here.", str(write(tmp_path / "a", b"a"))) == 0
        [kept] = tmp_entries(data_dir)
        assert (tmp / kept / "w" / "x.part").exists()  # the live one's temp is untouched
    finally:
        live.kill()
        live.wait()


_HOLD_A_RUN_FOLDER = """
import sys, time
from pathlib import Path
from desktop_app.storage.tempdirs import run_folder
with run_folder(Path(sys.argv[1])) as folder:
    (folder / "w").mkdir()
    (folder / "w" / "x.part").write_bytes(b"half a video")
    print("ready", flush=True)
    time.sleep(60)
"""


def deliver_process(data: Path, src: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop_app", "--data-dir", str(data),
                             "deliver", REF, "-m", "Here it is.", str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("round_", range(3))
def test_two_deliveries_at_once_one_wins_the_other_is_refused(data_dir, tmp_path,
                                                               round_) -> None:
    one = write(tmp_path / "one" / "logo.png", os.urandom(200_000))
    two = write(tmp_path / "two" / "logo.png", os.urandom(200_000))
    procs = [deliver_process(data_dir, one.parent), deliver_process(data_dir, two.parent)]
    outcomes = [(p.wait(60), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 2], outcomes
    assert not any("UNIQUE" in err or "Traceback" in err for _, err in outcomes)
    order = book(data_dir).get(REF)
    assert len(order.deliveries) == 1
    assert store_blobs(data_dir) == {f.sha256 for f in order.deliveries[0].files}
    assert tmp_entries(data_dir) == []
