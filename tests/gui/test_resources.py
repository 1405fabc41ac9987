"""Shipped icons are found from a checkout and from a frozen bundle, and really render."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from desktop_app.gui.shell import resources

ICON_NAMES = ["app", "new", "edit", "import", "export", "deliver", "revision", "complete",
              "cancel", "search", "sync", "warning", "file"]


def _painted_pixels(image: QImage) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).alpha() > 0)


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_renders_through_the_svg_plugin(qapp, name):
    pixmap = resources.icon(name).pixmap(QSize(24, 24))
    assert not pixmap.isNull()
    assert _painted_pixels(pixmap.toImage()) > 10  # drawn, not a blank square


def test_app_icon_scales_for_a_taskbar(qapp):
    image = resources.app_icon().pixmap(QSize(256, 256)).toImage()
    assert image.width() == 256
    assert image.pixelColor(128, 40).name() == "#0f766e"  # the brand teal


def test_unknown_icon_is_an_error(qapp):
    with pytest.raises(FileNotFoundError, match="nope"):
        resources.icon("nope")


def test_resource_path_from_a_checkout():
    assert resources.resource_path("icons", "app.svg").is_file()


def test_resource_path_inside_a_pyinstaller_bundle(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "new.svg") == tmp_path / "resources/icons/new.svg"
