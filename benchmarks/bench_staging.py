"""Budget: importing a 1 GB delivery folder (copy + hash) runs at >= 80% of a plain copy's speed.

Usage: python benchmarks/bench_staging.py [--size-mb 1024] [--keep-dir DIR]
Prints one JSON object. The page cache cannot be dropped without root, so a plain copy
runs once first to warm it; then the plain copy and the staging are timed in turn, --rounds times
(medians reported; the shared disk here is noisy).
The GUI-stall part of the budget is measured by the GUI team on top of
`stage_folder_in_thread`.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.storage.filestore import FileStore, StageResult  # noqa: E402

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


def _timed(fn) -> float:
    os.sync()  # leave no writeback from the previous phase to slow this one
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs; medians reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-") as tmp:
        tmp_path = Path(tmp)
        total, files = make_folder(tmp_path / "src", args.size_mb)
        folder = tmp_path / "src" / "final"
        plain_copy(folder, tmp_path / "warm")  # warm the page cache
        shutil.rmtree(tmp_path / "warm")
        plain_times, stage_times = [], []
        for _ in range(args.rounds):
            plain_times.append(_timed(lambda: plain_copy(folder, tmp_path / "plain")))
            shutil.rmtree(tmp_path / "plain")
            store = FileStore(tmp_path / "store")  # shard folders made here, not timed
            stage_times.append(_timed(lambda s=store: stage_folder_in_thread(s, folder)))
            shutil.rmtree(tmp_path / "store")
    plain_s, stage_s = statistics.median(plain_times), statistics.median(stage_times)
    plain_speed, stage_speed = total / plain_s, total / stage_s
    print(json.dumps({
        "bytes": total, "files": files,
        "plain_copy_s": round(plain_s, 3), "stage_s": round(stage_s, 3),
        "plain_mb_s": round(plain_speed / MB, 1), "stage_mb_s": round(stage_speed / MB, 1),
        "ratio": round(stage_speed / plain_speed, 3),
    }))


if __name__ == "__main__":
    main()
