"""The drop zone: files and folders dragged from Explorer, Finder or Nautilus.

Drops are always copies, never moves (a move could delete the seller's originals on
Windows). `dropEvent` only turns URLs into paths; the real work is deferred with
QTimer.singleShot(0, …) so the file manager's drag returns at once.

Signals:
    paths_dropped(list): local paths (pathlib.Path) of one drop, after the event returned.
    refused(str): a sentence saying why (part of) a drag was not accepted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QWidget


def local_paths(mime: QMimeData) -> tuple[list[Path], list[QUrl]]:
    """(local file paths, refused non-local URLs) of a drag's text/uri-list."""
    paths, refused = [], []
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            paths.append(Path(url.toLocalFile()))
        else:
            refused.append(url)
    return paths, refused


def refusal_text(urls: list[QUrl]) -> str:
    shown = ", ".join(u.toDisplayString() for u in urls[:2]) + ("…" if len(urls) > 2 else "")
    return (f"Only files on this computer can be added; {shown} is not one. "
            "Download it first, then drop the downloaded file here.")


class DropZone(QFrame):
    paths_dropped = Signal(list)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAccessibleName("Drop zone for delivery files")
        self.setAccessibleDescription("Drag files or folders here from your file manager")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._pending: list[list[Path]] = []
        self._set_hover(False)

    def _set_hover(self, hover: bool) -> None:
        border = "palette(highlight)" if hover else "palette(mid)"
        self.setStyleSheet(f"#dropZone {{ border: 2px dashed {border}; border-radius: 8px; }}")

    def _accept_copy(self, event: QDragEnterEvent | QDropEvent) -> tuple[list, list]:
        """(local paths, refused URLs); accepted as a copy (never a move) when any path."""
        paths, refused = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            if refused:
                self.refused.emit(refusal_text(refused))
            return paths, []
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return paths, refused

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._accept_copy(event)[0]:
            self._set_hover(True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._set_hover(False)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._set_hover(False)
        paths, refused = self._accept_copy(event)
        if not paths:
            return
        if refused:  # some URLs were fine, these were not: say so
            self.refused.emit(refusal_text(refused))
        self._pending.append(paths)
        QTimer.singleShot(0, self._emit_pending)

    @Slot()
    def _emit_pending(self) -> None:
        while self._pending:
            self.paths_dropped.emit(self._pending.pop(0))
