"""No path is built from an order's text without staying inside GigDesk's own folders.

A ref stored before refs were checked (an old database, an old sync) must not make
"Open folder" delete or write anything outside `deliveries/`; recorded file names
must not make a lay-out or a zip leave their folder.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import update

from desktop_app.domain.errors import LifecycleError
from desktop_app.services import delivery
from desktop_app.storage.schema import orders
from tests.conftest import order_fields

REF = "FO5F2A91C3"


@pytest.fixture
def delivered(book, tmp_path):
    """An order with one delivery of final/logo.png."""
    book.create_order(order_fields(status="in_progress", requirements_at="2026-11-01T10:00:00Z"))
    src = tmp_path / "src" / "final" / "logo.png"
    src.parent.mkdir(parents=True)
    src.write_bytes(b"png")
    result = delivery.stage(book, [src.parent])
    delivery.redeliver(book, REF, result.files, "Here it is.", confirmed=True)
    return book


def plant(book, ref: str | None = None, paths: list[str] | None = None) -> str:
    """Rewrite the stored order as an old database could hold it: no check on the way."""
    with book.db.transaction() as conn:
        state = json.loads(conn.execute(orders.select()).one().state)
        if paths is not None:
            files = state["deliveries"][0]["files"]
            state["deliveries"][0]["files"] = [dict(files[0], path=p) for p in paths]
        state["ref"] = ref or state["ref"]
        conn.execute(update(orders).values(ref=state["ref"], state=json.dumps(state)))
    return state["ref"]


def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "Photos"
    folder.mkdir()
    (folder / "wedding.jpg").write_bytes(b"precious")
    return folder


@pytest.mark.parametrize("kind", ["absolute", "relative", "dots", "windows"])
def test_a_path_shaped_ref_never_lays_out_outside_deliveries(delivered, tmp_path, kind) -> None:
    photos = victim(tmp_path)
    data = delivered.db.data_dir
    ref = {"absolute": str(photos),
           "relative": os.path.relpath(photos, data / "deliveries"),
           "dots": "..",
           "windows": "CON"}[kind]
    plant(delivered, ref=ref)
    folder = delivery.open_folder(delivered, ref, 1)
    assert (photos / "wedding.jpg").read_bytes() == b"precious"
    assert sorted(p.name for p in photos.iterdir()) == ["wedding.jpg"]
    assert folder.resolve().is_relative_to((data / "deliveries").resolve())
    assert folder.parent.name.startswith("order-")
    assert (folder / "final" / "logo.png").read_bytes() == b"png"


def test_a_plain_ref_keeps_its_own_folder(delivered) -> None:
    folder = delivery.open_folder(delivered, REF, 1)
    assert folder == (delivered.db.data_dir / "deliveries" / REF / "1").resolve()


def test_a_link_planted_in_deliveries_is_refused_not_followed(delivered, tmp_path) -> None:
    photos = victim(tmp_path)
    root = delivered.db.data_dir / "deliveries"
    root.mkdir(parents=True, exist_ok=True)
    (root / REF).symlink_to(photos, target_is_directory=True)
    with pytest.raises(LifecycleError, match="link"):
        delivery.open_folder(delivered, REF, 1)
    assert sorted(p.name for p in photos.iterdir()) == ["wedding.jpg"]


@pytest.mark.parametrize("path", ["../../evil.txt", "/tmp/evil.txt", "C:/Windows/x.txt",
                                  "final//x", "final/./x", "\\\\server\\share\\x"])
def test_a_recorded_escaping_path_is_refused_by_open_folder_and_zip(delivered, tmp_path,
                                                                    path) -> None:
    plant(delivered, paths=[path])
    with pytest.raises(LifecycleError, match="was not laid out"):
        delivery.open_folder(delivered, REF, 1)
    root = delivered.db.data_dir / "deliveries"
    assert [p for p in root.rglob("*") if p.is_file()] == []
    with pytest.raises(LifecycleError):
        delivery.export_zip(delivered, REF, 1, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists() and not (tmp_path / "out.zip.part").exists()


@pytest.mark.parametrize(("path", "laid_out"), [
    ("logo\\final.png", "logo_final.png"),
    ("logo.png:hidden", "logo.png_hidden"),
    ("final/CON.txt", "final/CON_.txt"),
    ("what?.png", "what_.png"),
])
def test_windows_unfriendly_names_lay_out_and_zip_under_the_suggested_name(
        delivered, tmp_path, path, laid_out) -> None:
    plant(delivered, paths=[path])
    folder = delivery.open_folder(delivered, REF, 1)
    assert [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()] == [laid_out]
    out = delivery.export_zip(delivered, REF, 1, tmp_path / "out.zip")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == [laid_out]


def test_a_link_planted_inside_the_fresh_folder_is_not_followed(book, tmp_path) -> None:
    store = delivery.file_store(book)
    src = tmp_path / "a.txt"
    src.write_bytes(b"x")
    sha = store.stage([src]).files[0].sha256
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ValueError, match="link"):
        store.lay_out([("sub/a.txt", sha)], dest)
    assert list(outside.iterdir()) == []
