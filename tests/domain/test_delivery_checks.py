from __future__ import annotations

import hashlib

import pytest

from desktop_app.domain.delivery_checks import (
    StagedFile,
    check_delivery,
    diff_files,
    format_size,
    is_system_junk,
    suggest_windows_name,
    windows_name_problem,
)
from desktop_app.domain.profile import FIVERR

GIB = 1024**3


def staged(path: str, size: int = 10, sha: str | None = None) -> StagedFile:
    sha = sha or hashlib.sha256(path.encode()).hexdigest()
    return StagedFile(path, size, sha, f"/src/{path}", f"/store/{sha[:2]}/{sha}")


def check(files, message="Here is your logo.", *, allows=True, reason="", previous=None):
    return check_delivery(files, message, status_allows_delivery=allows, status_reason=reason,
                          previous_files=previous, profile=FIVERR)


def codes(issues) -> list[str]:
    return [i.code for i in issues]


# --- junk and names ------------------------------------------------------------


@pytest.mark.parametrize("path", [
    ".DS_Store", "final/.ds_store", "THUMBS.DB", "a/desktop.ini", "__MACOSX/final/logo.png",
    "final/__macosx/x", "final/._logo.png", "final/__MACOSX/",
])
def test_junk(path: str) -> None:
    assert is_system_junk(path)


@pytest.mark.parametrize("path", ["logo.png", "final/DS_Store.txt", "__MACOSX", "a._b"])
def test_not_junk(path: str) -> None:
    assert not is_system_junk(path)


@pytest.mark.parametrize("name, suggestion", [
    ("CON", "CON_"),
    ("con.txt", "con_.txt"),
    ("Lpt9.tar.gz", "Lpt9_.tar.gz"),
    ("final/aux/logo.png", "final/aux_/logo.png"),
    ("COM1 .png", "COM1_.png"),
    ("logo.", "logo"),
    ("logo ", "logo"),
    ('what?<is>:this*|"', "what__is__this___"),
    ("tab\there.png", "tab_here.png"),
])
def test_windows_problems_and_suggestions(name: str, suggestion: str) -> None:
    assert windows_name_problem(name)
    assert suggest_windows_name(name) == suggestion
    assert windows_name_problem(suggestion) is None


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = "final/" + "ロ" * 300 + ".png"
    assert "longer" in windows_name_problem(name)
    fixed = suggest_windows_name(name)
    assert fixed.startswith("final/") and fixed.endswith(".png")
    assert len(fixed.split("/")[1]) == 255
    assert windows_name_problem(fixed) is None


@pytest.mark.parametrize("name", ["logo.png", "COM10.png", "console.txt", "final/café/ロゴ.ai"])
def test_windows_friendly_names(name: str) -> None:
    assert windows_name_problem(name) is None
    assert suggest_windows_name(name) == name


@pytest.mark.parametrize("n, text", [
    (0, "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (340 * 1024, "340 KB"),
    (1024 * 1024 - 1, "1.0 MB"), (int(1.2 * GIB), "1.2 GB"), (5 * GIB, "5.0 GB"),
    (3 * 1024**4, "3.0 TB"),
])
def test_format_size(n: int, text: str) -> None:
    assert format_size(n) == text


# --- blocks ----------------------------------------------------------------------


def test_clean_delivery_has_no_issues() -> None:
    report = check([staged("final/logo.png")])
    assert report.blocks == [] and report.warnings == []
    assert report.can_deliver and not report.needs_confirmation
    assert report.diff is None


@pytest.mark.parametrize("message", ["", "   \n\t"])
def test_empty_message_blocks(message: str) -> None:
    report = check([staged("a.png")], message)
    assert codes(report.blocks) == ["empty_message"]
    assert not report.can_deliver


def test_total_over_profile_max_blocks() -> None:
    files = [staged("a.mov", 3 * GIB), staged("b.mov", 2 * GIB + 1)]
    report = check(files)
    assert codes(report.blocks) == ["too_large"]
    assert "5.0 GB" in report.blocks[0].message
    assert check([staged("a.mov", FIVERR.max_delivery_bytes)]).blocks == []


def test_status_blocks_with_its_reason() -> None:
    report = check([staged("a.png")], allows=False, reason="The order is already completed.")
    assert codes(report.blocks) == ["status"]
    assert report.blocks[0].message == "The order is already completed."


# --- warnings --------------------------------------------------------------------


def test_large_single_file_warns() -> None:
    limit = FIVERR.large_file_warning_bytes
    report = check([staged("big.mov", limit + 1), staged("ok.mov", limit)])
    assert codes(report.warnings) == ["large_file"]
    assert report.warnings[0].paths == ("big.mov",)
    assert report.can_deliver


def test_empty_files_warn() -> None:
    report = check([staged("a.txt", 0), staged("b.txt", 0), staged("c.txt", 5)])
    assert codes(report.warnings) == ["empty_file"]
    assert report.warnings[0].paths == ("a.txt", "b.txt")


def test_duplicate_content_warns() -> None:
    same = "ab" * 32
    report = check([staged("a.png", sha=same), staged("copy of a.png", sha=same),
                    staged("b.png")])
    assert codes(report.warnings) == ["duplicate_content"]
    assert report.warnings[0].paths == ("a.png", "copy of a.png")


def test_same_name_warns() -> None:
    report = check([staged("logo.png"), staged("LOGO.png", sha="cd" * 32)])
    assert codes(report.warnings) == ["duplicate_name"]


def test_windows_name_warns_with_suggestion() -> None:
    report = check([staged("final/con.png")])
    assert codes(report.warnings) == ["windows_name"]
    assert report.warnings[0].suggestion == "final/con_.png"
    assert "con_.png" in report.warnings[0].message


def test_no_files_needs_confirmation() -> None:
    report = check([])
    assert codes(report.warnings) == ["no_files"]
    assert "false-delivery" in report.warnings[0].message
    assert report.can_deliver and report.needs_confirmation


# --- redelivery --------------------------------------------------------------------


def test_diff_files() -> None:
    previous = [("a.png", "1"), ("b.png", "2"), ("c.png", "3")]
    current = [("a.png", "1"), ("b.png", "changed"), ("d.png", "4")]
    diff = diff_files(previous, current)
    assert (diff.added, diff.changed, diff.unchanged, diff.removed) == (
        ["d.png"], ["b.png"], ["a.png"], ["c.png"]
    )
    assert not diff.nothing_changed
    assert diff_files(previous, list(reversed(previous))).nothing_changed


def test_identical_redelivery_warns_strongly() -> None:
    files = [staged("a.png"), staged("b.png")]
    previous = [(f.relative_path, f.sha256) for f in files]
    report = check(files, previous=previous)
    assert codes(report.warnings) == ["unchanged_redelivery"]
    assert report.needs_confirmation
    assert report.diff is not None and report.diff.unchanged == ["a.png", "b.png"]


@pytest.mark.parametrize("previous", [
    [("a.png", "x" * 64)],  # a file changed
    [("a.png", None)],  # placeholder replaced below: a file was added
    [("a.png", None), ("b.png", None), ("old.png", "9" * 64)],  # a file was removed
])
def test_changed_redelivery_does_not_warn(previous) -> None:
    files = [staged("a.png"), staged("b.png")]
    hashes = {f.relative_path: f.sha256 for f in files}
    previous = [(p, sha or hashes[p]) for p, sha in previous]
    report = check(files, previous=previous)
    assert report.warnings == []
    assert report.diff is not None and not report.diff.nothing_changed
