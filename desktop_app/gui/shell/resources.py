"""Where icons and other shipped files live, from a source checkout or a frozen bundle.

A PyInstaller one-folder bundle unpacks its data beside the executable
(sys._MEIPASS, the `_internal` folder); build.spec copies resources/ there
under the same name, so one relative path works in both cases.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ICON = "app"


def resource_root() -> Path:
    """The folder that holds resources/ and ui/: the bundle, or the repository root."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[3]


def resource_path(*parts: str) -> Path:
    """A path under resources/, e.g. resource_path("icons", "new.svg")."""
    return resource_root().joinpath("resources", *parts)


def icon(name: str) -> QIcon:
    """The SVG icon resources/icons/NAME.svg; a missing icon is a bug, so it raises."""
    path = resource_path("icons", f"{name}.svg")
    if not path.is_file():
        raise FileNotFoundError(f"No icon named '{name}' (looked for {path})")
    return QIcon(str(path))


def app_icon() -> QIcon:
    return icon(APP_ICON)
