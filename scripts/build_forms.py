"""Compile every Qt Designer form in ui/ into desktop_app/gui/forms/ with pyside6-uic.

The generated modules are committed: the app never loads .ui files at run time
(that fails in a frozen bundle), and tests/gui/test_forms_generated.py fails
when a committed module no longer matches its form.

    python scripts/build_forms.py              # regenerate in place
    python scripts/build_forms.py --out DIR    # write elsewhere (used by the test)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "desktop_app" / "gui" / "forms"
# uic writes its own version here; dropping it keeps a Qt upgrade from touching every form.
VERSION_LINE = "## Created by: Qt User Interface Compiler version"


def uic_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("pyside6-uic")
    found = str(beside_python) if beside_python.exists() else shutil.which("pyside6-uic")
    if not found:
        raise SystemExit("pyside6-uic not found: install PySide6-Essentials into this Python")
    return [found]


def module_name(ui_file: Path) -> str:
    return f"ui_{ui_file.stem}.py"


def compile_form(ui_file: Path) -> str:
    """The Python source of one form, with our do-not-edit header and no uic version."""
    generated = subprocess.run(
        [*uic_command(), "--no-autoconnection", str(ui_file)],
        check=True, capture_output=True, text=True,
    ).stdout
    body = "\n".join(line for line in generated.splitlines() if not line.startswith(VERSION_LINE))
    relative = ui_file.relative_to(ROOT).as_posix()
    header = (f"# Generated from {relative} by scripts/build_forms.py. Do not edit:\n"
              f"# change the form in Qt Designer and run `make forms`.\n")
    return header + body.rstrip("\n") + "\n"


def build_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target = out_dir / module_name(ui_file)
        target.write_text(compile_form(ui_file), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FORMS_DIR, help="where to write the modules")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
