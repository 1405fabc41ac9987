"""Hostile files, paths and refs against a fresh data dir: `attack(work)` runs them all.

Not collected by pytest (no test_ prefix): a harness imports it and reads the tuples
(case, handled correctly, detail). Everything runs for real: the `gigdesk` command in
subprocesses, the delivery service in process, one SQLite file, files under `work`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path, PureWindowsPath

Case = tuple[str, bool, str]
REFS = [f"FOATK{i:02d}" for i in range(20)]


def attack(work: Path) -> list[Case]:
    work = Path(work)
    data = work / "data"
    results: list[Case] = []
    _import(data, work, REFS)
    for case in (_path_refs_in_import, _old_database_refs, _recorded_escaping_paths,
                 _non_utf8_name, _windows_shaped_names, _drive_named_folder, _deep_folder,
                 _looping_links, _oversized_drop, _concurrent_delivers, _killed_delivery,
                 _torn_copy):
        try:
            results.extend(case(data, work))
        except Exception as exc:  # noqa: BLE001 - a crash of a case is a failed case
            results.append((case.__name__.strip("_"), False, f"crashed: {exc!r}"))
    return results


# --- helpers -------------------------------------------------------------------


def gigdesk(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)


def _order(ref: str) -> dict:
    placed = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
    stamp = placed.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"ref": ref, "buyer": "maria_k", "gig": "I will design a logo", "package": "Basic",
            "price": "60.00", "currency": "USD", "ordered_at": stamp, "requirements_at": stamp,
            "due_at": "2099-01-01T00:00:00Z", "revisions_included": 2, "scope": ["1 logo"],
            "status": "in_progress"}


def _import(data: Path, work: Path, refs: list[str], **extra) -> subprocess.CompletedProcess:
    doc = {"format": "gigdesk.orders", "version": 1,
           "orders": [{**_order(r), **extra} for r in refs]}
    path = work / f"import-{refs[0].replace('/', '_').replace('.', '_')[:20]}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return gigdesk(data, "import", str(path))


def _victim(work: Path, name: str) -> Path:
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wedding.jpg").write_bytes(b"precious")
    return folder


def _intact(folder: Path) -> bool:
    return sorted(p.name for p in folder.iterdir()) == ["wedding.jpg"] and \
        (folder / "wedding.jpg").read_bytes() == b"precious"


def _blobs(data: Path) -> set[str]:
    return {p.name for p in (data / "files").glob("??/*")}


def _tmp(data: Path) -> list[str]:
    tmp = data / "files" / "tmp"
    return sorted(p.name for p in tmp.iterdir()) if tmp.exists() else []


def _refused(proc: subprocess.CompletedProcess, data: Path, blobs: set[str]) -> tuple[bool, str]:
    """Exit 2, one line, no traceback, no new blob, no temp left."""
    err = proc.stderr.strip()
    ok = proc.returncode == 2 and "\n" not in err and "Traceback" not in err \
        and _blobs(data) == blobs and _tmp(data) == []
    return ok, f"exit {proc.returncode}: {err[:160]}"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _book(data: Path):
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    return OrderBook(Database(data))


# --- the cases -----------------------------------------------------------------


def _path_refs_in_import(data: Path, work: Path) -> list[Case]:
    out = []
    photos = _victim(work, "Photos")
    for name, ref in [("absolute ref", str(photos)), ("relative ref", "../../../Photos"),
                      ("windows ref", "C:\\Users\\seller\\Photos")]:
        proc = _import(data, work, [ref])
        ok = proc.returncode == 2 and "ref" in proc.stderr and _intact(photos)
        out.append((f"import refuses {name}", ok, proc.stderr.strip()[:160]))
    return out


def _plant(data: Path, ref: str, new_ref: str | None = None, paths: list[str] | None = None):
    """Rewrite a stored order as an old database could hold it (no check on the way)."""
    conn = sqlite3.connect(data / "gigdesk.sqlite")
    with conn:
        (state,) = conn.execute("SELECT state FROM orders WHERE ref = ?", (ref,)).fetchone()
        state = json.loads(state)
        if paths is not None:
            first = state["deliveries"][0]["files"][0]
            state["deliveries"][0]["files"] = [dict(first, path=p) for p in paths]
        state["ref"] = new_ref or ref
        conn.execute("UPDATE orders SET ref = ?, state = ? WHERE ref = ?",
                     (state["ref"], json.dumps(state), ref))
    conn.close()


def _deliver_one(data: Path, work: Path, ref: str) -> subprocess.CompletedProcess:
    src = _write(work / "src" / ref / "final" / "logo.png", os.urandom(512))
    return gigdesk(data, "deliver", ref, "-m", "Here it is.", str(src.parent))


def _old_database_refs(data: Path, work: Path) -> list[Case]:
    from desktop_app.services import delivery

    out = []
    deliveries = (data / "deliveries").resolve()
    for i, (name, make) in enumerate([
            ("absolute", lambda v: str(v)),
            ("relative", lambda v: os.path.relpath(v, deliveries)),
            ("dot-dot", lambda v: "..")]):
        ref = REFS[i]
        victim = _victim(work, f"OldPhotos{i}")
        proc = _deliver_one(data, work, ref)
        bad = make(victim)
        _plant(data, ref, new_ref=bad)
        try:
            folder = delivery.open_folder(_book(data), bad, 1)
            ok = proc.returncode == 0 and _intact(victim) and \
                folder.resolve().is_relative_to(deliveries)
            detail = f"laid out in {folder.relative_to(deliveries)}"
        except Exception as exc:  # noqa: BLE001
            ok, detail = _intact(victim), f"refused: {exc}"
        out.append((f"open folder of a stored {name} ref stays in deliveries/", ok, detail))
    return out


def _recorded_escaping_paths(data: Path, work: Path) -> list[Case]:
    from desktop_app.domain.errors import LifecycleError
    from desktop_app.services import delivery

    out = []
    ref = REFS[3]
    _deliver_one(data, work, ref)
    for path in ["../../../escaped.txt", "/tmp/escaped.txt", "C:/Windows/escaped.txt"]:
        _plant(data, ref, paths=[path])
        book = _book(data)
        try:
            delivery.open_folder(book, ref, 1)
            ok, detail = False, "laid out"
        except LifecycleError as exc:
            ok, detail = True, str(exc)
        try:
            delivery.export_zip(book, ref, 1, work / "escaped.zip")
            ok = False
        except LifecycleError:
            pass
        escaped = [p for p in work.rglob("escaped.txt")]
        out.append((f"recorded path {path} is not laid out or zipped", ok and not escaped,
                    detail[:160]))
    return out


def _non_utf8_name(data: Path, work: Path) -> list[Case]:
    if os.name != "posix":
        return []
    folder = work / "latin1"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.png")).write_bytes(b"png")
    blobs = _blobs(data)
    ok, detail = _refused(gigdesk(data, "deliver", REFS[4], "-m", "Hi.", str(folder)), data,
                          blobs)
    return [("non-UTF-8 file name refused, nothing staged", ok and "UTF-8" in detail, detail)]


def _windows_shaped_names(data: Path, work: Path) -> list[Case]:
    if os.name != "posix":
        return []
    from desktop_app.services import delivery

    folder = work / "winnames"
    names = ["logo\\final.png", "logo.png:hidden", "CON.txt", "a?b.png"]
    for i, name in enumerate(names):
        _write(folder / name, bytes([i]) * 10)
    proc = gigdesk(data, "deliver", REFS[5], "-m", "Here it is.", str(folder))
    book = _book(data)
    laid = delivery.open_folder(book, REFS[5], 1)
    written = sorted(p.relative_to(laid).as_posix() for p in laid.rglob("*") if p.is_file())
    with zipfile.ZipFile(delivery.export_zip(book, REFS[5], 1, work / "win.zip")) as zf:
        zipped = sorted(zf.namelist())
    portable = all(":" not in n and "\\" not in n and not PureWindowsPath(n).drive
                   and PureWindowsPath(n).stem.upper() != "CON" for n in written)
    ok = proc.returncode == 0 and len(written) == 4 and portable and zipped == written
    return [("backslash, ADS colon, CON names lay out and zip portably", ok, ", ".join(written))]


def _drive_named_folder(data: Path, work: Path) -> list[Case]:
    if os.name != "posix":
        return []
    drive = _write(work / "drive" / "C:" / "Windows" / "x.txt", b"x").parents[1]
    blobs = _blobs(data)
    ok, detail = _refused(gigdesk(data, "deliver", REFS[6], "-m", "Hi.", str(drive)), data, blobs)
    return [("a dropped folder named C: (C:/Windows/x.txt) is refused", ok, detail)]


def _deep_folder(data: Path, work: Path) -> list[Case]:
    top = folder = work / "deep"
    folder.mkdir()
    for _ in range(1200):
        folder = folder / "n"
        folder.mkdir()
    (folder / "x.txt").write_bytes(b"deep")
    from desktop_app.services import delivery
    from desktop_app.storage.tempdirs import remove_tree

    proc = gigdesk(data, "deliver", REFS[7], "-m", "Deep.", str(top))
    for _ in range(2):  # laid out, then laid out again over the first
        laid = delivery.open_folder(_book(data), REFS[7], 1)
    ok = proc.returncode == 0 and "Recursion" not in proc.stderr and \
        Path(laid, "deep", *["n"] * 1200, "x.txt").read_bytes() == b"deep"
    remove_tree(laid)  # shutil.rmtree, as a harness cleans up with, would recurse
    remove_tree(top)
    return [("folder nested 1,200 levels deep, delivered and laid out twice", ok,
             (proc.stdout or proc.stderr).strip()[:160])]


def _looping_links(data: Path, work: Path) -> list[Case]:
    if os.name != "posix":
        return []
    folder = work / "loops"
    _write(folder / "logo.png", b"png")
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    proc = gigdesk(data, "deliver", REFS[8], "-m", "Here it is.", str(folder))
    loops = [line for line in proc.stderr.splitlines() if "loops back" in line]
    ok = proc.returncode == 0 and len(loops) == 3 and "outside" not in proc.stderr
    return [("symlink loops reported as loops, by path", ok, "; ".join(loops)[:200])]


def _oversized_drop(data: Path, work: Path) -> list[Case]:
    big = work / "huge.bin"
    with open(big, "wb") as f:
        f.truncate(6 * 1024**3)  # sparse: 6 GB planned
    blobs = _blobs(data)
    started = time.monotonic()
    ok, detail = _refused(gigdesk(data, "deliver", REFS[9], "-m", "Hi.", str(big)), data, blobs)
    took = time.monotonic() - started
    big.unlink()
    return [("6 GB drop refused from its plan, before copying", ok and took < 20,
             f"{detail} ({took:.1f} s)")]


def _concurrent_delivers(data: Path, work: Path) -> list[Case]:
    out = []
    for i, ref in enumerate(REFS[10:14]):
        srcs = [_write(work / "race" / f"{i}{n}" / "logo.png", os.urandom(100_000)).parent
                for n in "ab"]
        procs = [subprocess.Popen([sys.executable, "-m", "desktop_app", "--data-dir", str(data),
                                   "deliver", ref, "-m", "Here it is.", str(s)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for s in srcs]
        done = [(p.wait(120), p.stderr.read()) for p in procs]
        order = _book(data).get(ref)
        referenced = {f.sha256 for o in [order] for d in o.deliveries for f in d.files}
        staged = {_sha(s / "logo.png") for s in srcs}
        leftover = (staged & _blobs(data)) - referenced
        ok = sorted(c for c, _ in done) == [0, 2] and len(order.deliveries) == 1 \
            and not leftover and _tmp(data) == [] and not any("UNIQUE" in e for _, e in done)
        out.append((f"two delivers at once, round {i + 1}", ok,
                    f"exits {[c for c, _ in done]}, {len(leftover)} blobs left"))
    return out


def _sha(path: Path) -> str:
    from desktop_app.storage.filestore import sha256_of

    return sha256_of(path)


def _killed_delivery(data: Path, work: Path) -> list[Case]:
    from desktop_app.storage.tempdirs import LOCK_GRACE_S

    big = work / "video.bin"
    with open(big, "wb") as f:
        f.truncate(2 * 1024**3)
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "--data-dir", str(data),
                             "deliver", REFS[14], "-m", "Hi.", str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list((data / "files" / "tmp").rglob("*.part")):
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    left = _tmp(data)
    time.sleep(LOCK_GRACE_S + 0.5)
    after = _deliver_one(data, work, REFS[15])
    big.unlink()
    ok = bool(left) and after.returncode == 0 and _tmp(data) == []
    return [("temps of a killed deliver are swept at the next one", ok,
             f"{len(left)} left by the kill, {len(_tmp(data))} after the next deliver")]


def _torn_copy(data: Path, work: Path) -> list[Case]:
    from desktop_app.domain.errors import LifecycleError
    from desktop_app.services import delivery

    video = work / "torn.bin"
    with open(video, "wb") as f:
        f.truncate(1024**3)
    book = _book(data)
    blobs = _blobs(data)
    tmp = data / "files" / "tmp"

    def cut_short() -> None:  # the exporter truncates the file while it is copied
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(tmp.rglob("*.part")):
            time.sleep(0.005)
        with open(video, "r+b") as f:
            f.truncate(67 * 1024**2)

    cutter = threading.Thread(target=cut_short)
    cutter.start()
    try:
        result = delivery.stage(book, [video])
    except LifecycleError as exc:
        return [("file cut short mid-copy is not stored torn", False, str(exc))]
    finally:
        cutter.join()
    stored = [f.size for f in result.files]
    reasons = [why for _, why in result.unreadable]
    ok = (not stored and reasons and "changed" in reasons[0] and _blobs(data) == blobs) \
        or stored == [1024**3]
    video.unlink()
    return [("file cut short mid-copy is not stored torn", bool(ok),
             (reasons or [f"stored {stored}"])[0][:160])]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp_dir:
        started = time.monotonic()
        for name, passed, detail in attack(Path(tmp_dir)):
            print(f"{'ok  ' if passed else 'FAIL'} {name}: {detail}")
        print(f"{time.monotonic() - started:.1f} s")
