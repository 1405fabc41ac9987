"""Budget: importing a 1 GB delivery folder (copy + hash) runs at >= 80% of a plain copy's speed.

Usage: python benchmarks/bench_staging.py [--size-mb 1024] [--rounds 3] [--no-cold]
Prints one JSON object. Per round, a plain copy (shutil.copyfile, as a file manager
would) and a staging of the same folder are timed in turn; medians are reported, with
each round's own ratio (the shared machine is noisy).

- warm: the source is in the page cache (one plain copy warms it first);
- cold: before each timed phase the source folder's pages are evicted from the page
  cache (posix_fadvise DONTNEED, Linux), so it is read from disk as a seller's files
  are, while the running program stays in memory as a running app does; elsewhere
  "cold" is null and "cold_skipped" says why.

Neither phase includes durability: the plain copy leaves its data to writeback, and so
does staging (it fsyncs only when a delivery is recorded). `durable_s` is what that
costs later: FileStore.make_durable on the staged blobs, against `plain_sync_s`, an
os.sync() right after the plain copy. `round_other_cpu_s` is, per round, the CPU time
every other task (other processes, kernel I/O threads) used during the plain copy and
during the staging (Linux): high values mean the machine was busy, and staging, which
needs every core, then had fewer.
The GUI-stall part of the budget is measured by bench_staging_gui.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.storage.filestore import FileStore, StageResult  # noqa: E402
from desktop_app.storage.staging_run import usable_cores  # noqa: E402

MB = 1024 * 1024


def make_folder(root: Path, size_mb: int, seed: int = 1) -> tuple[int, int]:
    """3 large files (~88% of the size) plus small files of 10-100 KB (1,000 at 1 GB)."""
    rng = random.Random(seed)
    folder = root / "final"
    (folder / "small").mkdir(parents=True)
    n_small = max(10, 1000 * size_mb // 1024)
    small_sizes = [rng.randint(10, 100) * 1024 for _ in range(n_small)]
    large = max(1, (size_mb * MB - sum(small_sizes)) // 3)
    total = 0
    for i in range(3):
        total += _write_random(folder / f"video_{i}.mov", large)
    for i, size in enumerate(small_sizes):
        total += _write_random(folder / "small" / f"asset_{i:04d}.png", size)
    return total, 3 + n_small


def _write_random(path: Path, size: int) -> int:
    # Random content: every file (and chunk) is distinct, so dedup cannot help staging.
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 8 * MB)
            f.write(os.urandom(n))
            left -= n
    return size


def plain_copy(src: Path, dest: Path) -> None:
    for dirpath, _dirs, names in os.walk(src):
        out = dest / Path(dirpath).relative_to(src.parent)
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copyfile(os.path.join(dirpath, name), out / name)


def stage_folder_in_thread(store: FileStore, folder: Path, **kwargs) -> StageResult:
    """Stage on a worker thread as the GUI will (the calling thread stays free)."""
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = store.stage([folder], **kwargs)
        except BaseException as exc:  # re-raised on the caller's thread
            box["error"] = exc

    t = threading.Thread(target=work, name="stage")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def cold_cache_unavailable() -> str | None:
    """Why the source cannot be evicted from the page cache here, or None when it can."""
    if sys.platform != "linux" or not hasattr(os, "posix_fadvise"):
        return f"evicting files from the page cache needs Linux, not {sys.platform}"
    return None


def settle(cold: bool, folder: Path) -> None:
    """Before a timed phase: no writeback left over; for a cold phase, the source folder
    out of the page cache (its pages are clean once synced, so the kernel drops them)."""
    os.sync()
    if cold:
        for path in folder.rglob("*"):
            if path.is_file():
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)


def _machine_busy_s() -> float | None:
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], object]) -> tuple[float, float | None]:
    """Wall seconds of fn(), and CPU seconds other processes used meanwhile (Linux)."""
    busy0, own0 = _machine_busy_s(), os.times()
    start = time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    busy1, own1 = _machine_busy_s(), os.times()
    if busy0 is None or busy1 is None:
        return wall, None
    own = own1.user - own0.user + own1.system - own0.system
    return wall, max(0.0, busy1 - busy0 - own)


def summary(total: int, plain: list[float], stage: list[float],
            other: list[tuple[float | None, float | None]]) -> dict[str, object]:
    plain_s, stage_s = statistics.median(plain), statistics.median(stage)
    return {
        "plain_copy_s": round(plain_s, 3), "stage_s": round(stage_s, 3),
        "plain_mb_s": round(total / plain_s / MB, 1), "stage_mb_s": round(total / stage_s / MB, 1),
        "ratio": round(plain_s / stage_s, 3),
        "round_ratios": [round(p / s, 3) for p, s in zip(plain, stage, strict=True)],
        "round_plain_s": [round(p, 3) for p in plain],
        "round_stage_s": [round(s, 3) for s in stage],
        # per round: (during the plain copy, during the staging)
        "round_other_cpu_s": [[None if o is None else round(o, 2) for o in pair]
                              for pair in other],
    }


def run_rounds(tmp: Path, folder: Path, total: int, rounds: int, cold: bool,
               durable: dict[str, list[float]]) -> dict[str, object]:
    plain, stage, other = [], [], []
    for _ in range(rounds):
        settle(cold, folder)
        wall, busy = timed(lambda: plain_copy(folder, tmp / "plain"))
        plain.append(wall)
        if not cold:
            durable["plain_sync_s"].append(timed(os.sync)[0])
        shutil.rmtree(tmp / "plain")
        wall, busy_staging = stage_round(FileStore(tmp / "store"), folder, cold, durable)
        stage.append(wall)
        other.append((busy, busy_staging))
        shutil.rmtree(tmp / "store")
    return summary(total, plain, stage, other)


def stage_round(store: FileStore, folder: Path, cold: bool,
                durable: dict[str, list[float]]) -> tuple[float, float | None]:
    """Time one staging into `store` (its shard folders were made before, untimed)."""
    settle(cold, folder)
    box: list[StageResult] = []
    wall, busy = timed(lambda: box.append(stage_folder_in_thread(store, folder)))
    if not cold:
        hashes = [f.sha256 for f in box[0].files]
        durable["durable_s"].append(timed(lambda: store.make_durable(hashes))[0])
    return wall, busy


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs; medians reported")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-cache rounds")
    args = ap.parse_args()
    cold_skipped = "--no-cold" if args.no_cold else cold_cache_unavailable()
    durable: dict[str, list[float]] = {"plain_sync_s": [], "durable_s": []}
    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-") as tmp:
        tmp_path = Path(tmp)
        total, files = make_folder(tmp_path / "src", args.size_mb)
        folder = tmp_path / "src" / "final"
        plain_copy(folder, tmp_path / "warm")  # warm the page cache
        shutil.rmtree(tmp_path / "warm")
        warm = run_rounds(tmp_path, folder, total, args.rounds, False, durable)
        cold = None if cold_skipped else run_rounds(tmp_path, folder, total, args.rounds,
                                                    True, durable)
    report: dict[str, object] = {
        "bytes": total, "files": files, "cpus": os.cpu_count(), "workers": usable_cores(),
        "rounds": args.rounds, "ratio": warm["ratio"],
        "cold_ratio": cold["ratio"] if cold else None, "warm": warm, "cold": cold,
    }
    if cold_skipped:
        report["cold_skipped"] = cold_skipped
    report.update({k: round(statistics.median(v), 3) for k, v in durable.items()})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
