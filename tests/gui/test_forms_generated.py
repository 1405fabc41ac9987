"""Every Designer form in ui/ has a committed module that matches a fresh pyside6-uic run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "desktop_app" / "gui" / "forms"
UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def _normalised(text: str) -> list[str]:
    """Lines without what uic stamps per run or per Qt version."""
    return [line for line in text.splitlines()
            if not line.startswith(("## Created by:", "## Created:"))]


def test_there_are_forms():
    assert UI_FILES, "ui/ holds no Designer form"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_forms.py"), "--out", str(out)],
                   check=True, capture_output=True, text=True)
    return out


@pytest.mark.parametrize("ui_file", UI_FILES, ids=[f.name for f in UI_FILES])
def test_committed_module_matches_its_form(regenerated, ui_file):
    name = f"ui_{ui_file.stem}.py"
    committed = FORMS / name
    assert committed.exists(), f"{name} is missing: run `make forms`"
    fresh = (regenerated / name).read_text(encoding="utf-8")
    assert _normalised(committed.read_text(encoding="utf-8")) == _normalised(fresh), (
        f"{committed.relative_to(ROOT)} is out of date with {ui_file.relative_to(ROOT)}: "
        "run `make forms` (never edit the generated module)")


def test_generated_modules_say_they_are_generated():
    for module in FORMS.glob("ui_*.py"):
        first = module.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Generated from ui/") and "Do not edit" in first


def test_no_form_is_loaded_at_run_time():
    """QUiLoader / loadUiType break in a frozen bundle: forms are compiled modules only."""
    sources = (ROOT / "desktop_app").rglob("*.py")
    offenders = [p for p in sources
                 if "QUiLoader" in (text := p.read_text(encoding="utf-8"))
                 or "loadUiType" in text]
    assert offenders == []
