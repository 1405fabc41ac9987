"""Property: any recorded file path is either refused cleanly or laid out strictly inside.

Generated hostile paths (absolute, "..", backslashes, drive letters, ADS colons, NUL,
undecodable bytes, very long names, reserved Windows names) go through the delivery
checks, `lay_out` and `export_zip`. The portable name is judged as a POSIX and as a
Windows path, so the property holds for every OS while the test runs on one.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.delivery_checks import (
    MAX_COMPONENT_BYTES,
    MAX_COMPONENT_UNITS,
    StagedFile,
    check_delivery,
    path_problem,
    portable_path,
    windows_name_problem,
)
from desktop_app.domain.profile import DEFAULT_PROFILE
from desktop_app.storage.filestore import FileStore, UnsafePath

HOSTILE_PARTS = ["", ".", "..", "...", "C:", "c:", "\\\\srv\\share", "\\", "con", "CON.txt",
                 "aux .png", "NUL", "com1", "lpt9.doc", "a:b", "logo.png:hidden",
                 "logo.png::$DATA", "a\\..\\b", "..\\..\\x", "tab\tname", "nul\x00byte",
                 "caf\udce9.png", "half\ud800pair", "x" * 300, "é" * 200 + ".png", "ロゴ" * 90,
                 "trail. ", "ok.png", "final", " lead", "a?b*c", "<x>", 'q"t', "pipe|d"]
part = st.one_of(st.sampled_from(HOSTILE_PARTS),
                 st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
                 st.text(alphabet="aZ.:\\/ \x00\x1f", max_size=6))
hostile_path = st.builds(
    lambda prefix, parts, sep: prefix + sep.join(parts),
    st.sampled_from(["", "", "/", "C:/", "C:", "\\\\", "//", "\\"]),
    st.lists(part, min_size=1, max_size=5),
    st.sampled_from(["/", "/", "\\"]),
)

STORE_DIR = Path(tempfile.mkdtemp(prefix="gigdesk-layout-"))
STORE = FileStore(STORE_DIR / "files")


@pytest.fixture(scope="module")
def blob() -> str:
    src = STORE_DIR / "src.txt"
    src.write_bytes(b"content")
    return STORE.stage([src]).files[0].sha256


def assert_portable(name: str) -> None:
    for flavour in (PurePosixPath(name), PureWindowsPath(name)):
        assert not flavour.is_absolute() and not flavour.drive and not flavour.root
        assert ".." not in flavour.parts
    for component in name.split("/"):
        assert component not in ("", ".", "..")
        assert windows_name_problem(component) is None, component  # no ':', '\\', CON...
        assert len(component.encode("utf-8")) <= MAX_COMPONENT_BYTES
        assert len(component.encode("utf-16-le")) // 2 <= MAX_COMPONENT_UNITS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rel=hostile_path)
def test_hostile_paths_are_refused_or_laid_out_inside(blob, rel) -> None:
    staged = StagedFile(rel, 7, blob, "/src", "/stored")
    report = check_delivery([staged], "Here it is.", status_allows_delivery=True,
                            status_reason="", previous_files=None, profile=DEFAULT_PROFILE)
    out = Path(tempfile.mkdtemp(dir=STORE_DIR))
    problem = path_problem(rel)
    win = PureWindowsPath(rel)
    if win.drive or win.root or rel.startswith("/") or {"", ".", ".."} & set(rel.split("/")):
        assert problem  # "C:/x", "\\\\srv\\x", "/etc", "a/../b": never laid out at all
    if problem:
        assert "unsafe_name" in [b.code for b in report.blocks]
        with pytest.raises(UnsafePath):
            STORE.lay_out([(rel, blob)], out / "dest")
        with pytest.raises(UnsafePath):
            STORE.export_zip([(rel, blob)], out / "d.zip")
        assert list(out.iterdir()) == []  # nothing written, not even a folder
        return
    assert report.can_deliver
    name = portable_path(rel)
    assert_portable(name)
    dest = STORE.lay_out([(rel, blob)], out / "dest").resolve()
    [written] = [p for p in dest.rglob("*") if p.is_file()]
    assert written.resolve().is_relative_to(dest)
    assert written.relative_to(dest).as_posix() == name
    with zipfile.ZipFile(STORE.export_zip([(rel, blob)], out / "d.zip")) as zf:
        assert zf.namelist() == [name]
