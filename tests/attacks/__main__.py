"""Rerun the attack cases: `python -m tests.attacks [--only AREA] [--work DIR]`.

Each `attack_<area>.py` beside this file exposes `attack(work) -> [(case, clean, detail)]`:
it runs real hostile input (import files, path-shaped refs and file names, oversized and
chunked bodies, impersonated devices, squatted ids) against a fresh data dir or a server
on 127.0.0.1 under `work`, and says for each case whether it was refused cleanly (or
handled without loss). This prints every case that was not, then one JSON line with the
counts, and exits 1 when any case was not handled cleanly.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).parent


def areas() -> list[str]:
    return sorted(m.name.removeprefix("attack_") for m in pkgutil.iter_modules([str(HERE)])
                  if m.name.startswith("attack_"))


def run_area(area: str, work: Path) -> list[tuple[str, bool, str]]:
    module = importlib.import_module(f"tests.attacks.attack_{area}")
    work.mkdir(parents=True, exist_ok=True)
    try:
        return list(module.attack(work))
    except Exception:  # noqa: BLE001 - an attack that crashes is itself a finding
        return [(f"{area}: the attack run itself", False, traceback.format_exc(limit=3))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attacks")
    parser.add_argument("--only", choices=areas(), action="append",
                        help="run only this area (repeatable)")
    parser.add_argument("--work", type=Path, help="keep the data dirs here (default: temp)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gigdesk-attacks-") as temp:
        work = args.work or Path(temp)
        summary: dict[str, dict] = {}
        for area in args.only or areas():
            started = time.monotonic()
            cases = run_area(area, work / area)
            failed = [c for c in cases if not c[1]]
            for name, _clean, detail in failed:
                print(f"NOT CLEAN {area}: {name}: {detail}", file=sys.stderr)
            summary[area] = {"tried": len(cases), "refused_cleanly": len(cases) - len(failed),
                             "seconds": round(time.monotonic() - started, 1)}
    total = {"tried": sum(s["tried"] for s in summary.values()),
             "refused_cleanly": sum(s["refused_cleanly"] for s in summary.values()),
             "areas": summary}
    print(json.dumps(total))
    return 0 if total["tried"] == total["refused_cleanly"] else 1


if __name__ == "__main__":
    sys.exit(main())
