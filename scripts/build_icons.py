"""Render resources/icons/app.svg into the platform app icons build.spec uses.

Windows wants an .ico and macOS an .icns for the executable; Qt writes both
through its image-format plugins, so no extra tool is needed. Commit the results.

    QT_QPA_PLATFORM=offscreen python scripts/build_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "app.svg"
TARGETS = {"app.ico": 256, "app.icns": 1024, "app.png": 512}


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    icon = QIcon(str(SOURCE))
    for name, size in TARGETS.items():
        target = ROOT / "resources" / name
        image = icon.pixmap(QSize(size, size)).toImage()
        if image.isNull() or not image.save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
