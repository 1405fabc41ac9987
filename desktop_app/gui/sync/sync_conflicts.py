"""Sync conflicts: what two computers did differently, and the seller's choice.

Nothing was dropped: each conflict is an event kept in the history. Notes edited
on two computers show both versions side by side with "Keep this version"; any
other conflict (a change that no longer applies, a ref taken twice) is explained
and acknowledged, the order staying as it is. Each choice is a compensating event
(services.sync.resolve) that syncs to the other computers like any change.

Signals:
    resolved(str): the event id of the conflict just resolved.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.timeutil import parse_ts
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services import sync
from desktop_app.services.orders import OrderBook
from desktop_app.services.sync import SyncConflict

EXPLAIN = {
    "notes": "The notes were edited on two computers before they synced. Both versions "
             "are kept; the one that reached the server last shows now. Keep the one you "
             "want: every computer will show it after the next sync.",
    "refused": "This change was made on one computer while another had already changed the "
               "order in a way that rules it out. The change is kept in the history but does "
               "not apply; the order stays as it is.",
    "ref": "Two computers created an order with the same order number. Both orders are "
           "kept; this one was given a temporary number.",
}


def headline(conflict: SyncConflict) -> str:
    what = "notes edited on two computers" if conflict.type == "notes" else \
        f"{conflict.kind.replace('_', ' ')}: {conflict.reason}"
    return f"{conflict.ref} — {what}"


class SyncConflictsDialog(QDialog):
    resolved = Signal(str)

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 tasks: Tasks | None = None):
        super().__init__(parent)
        self.book = book
        self._writes = (tasks or Tasks(self)).writes  # the window's one database writer
        self.conflicts: list[SyncConflict] = []
        self.setObjectName("syncConflicts")
        self.setAccessibleName("Sync conflicts")
        self.setWindowTitle("Sync conflicts")
        self.resize(760, 460)
        self._build()
        self.reload()

    def _build(self) -> None:
        self.list = QListWidget(objectName="syncConflictList")
        self.list.setAccessibleName("Conflicts")
        self.list.currentRowChanged.connect(self._show)
        self.explain = QLabel(objectName="conflictExplanation", wordWrap=True)
        self.explain.setAccessibleName("What happened")
        self.versions = [QPlainTextEdit(objectName=f"conflictVersion{s}", readOnly=True)
                         for s in "AB"]
        self.version_labels = [QLabel(), QLabel()]
        self.keep_buttons = [QPushButton("&Keep this version", objectName="keepVersionA"),
                             QPushButton("K&eep this version", objectName="keepVersionB")]
        for index, (edit, button) in enumerate(zip(self.versions, self.keep_buttons,
                                                   strict=True)):
            edit.setAccessibleName(f"Notes version {index + 1}")
            button.setAccessibleName(f"Keep notes version {index + 1}")
            button.clicked.connect(partial(self.keep_version, index))
        self.acknowledge = QPushButton("Keep the order as it is", objectName="acknowledgeConflict")
        self.acknowledge.setAccessibleName("Keep the order as it is")
        self.acknowledge.clicked.connect(self.acknowledge_current)
        self.empty = QLabel("No conflicts: everything synced cleanly.", objectName="noConflicts")
        detail = QWidget()
        grid = QGridLayout(detail)
        grid.addWidget(self.explain, 0, 0, 1, 2)
        for column in range(2):
            grid.addWidget(self.version_labels[column], 1, column)
            grid.addWidget(self.versions[column], 2, column)
            grid.addWidget(self.keep_buttons[column], 3, column)
        grid.addWidget(self.acknowledge, 4, 0, 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.setRowStretch(2, 1)
        self.detail = detail
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setSizes([90, 370])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        layout.addWidget(close)

    def reload(self) -> None:
        self.conflicts = sync.conflicts(self.book.db)
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(headline(conflict))
            item.setToolTip(f"{conflict.reason} ({_local(conflict.at)})")
            self.list.addItem(item)
        self.empty.setVisible(not self.conflicts)
        self.detail.setVisible(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(0)

    @property
    def current(self) -> SyncConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    @Slot(int)
    def _show(self, _row: int) -> None:
        conflict = self.current
        if conflict is None:
            return
        notes = conflict.type == "notes" and len(conflict.versions) == 2
        self.explain.setText(EXPLAIN.get(conflict.type, conflict.reason) +
                             ("" if notes else f"\n\nWhat was refused: {conflict.reason}."))
        for widgets in (self.versions, self.version_labels, self.keep_buttons):
            for widget in widgets:
                widget.setVisible(notes)
        self.acknowledge.setVisible(not notes)
        if notes:
            captions = ("Version 1 (reached the server first)",
                        "Version 2 (reached the server last — shown now)")
            for index, (_event_id, text) in enumerate(conflict.versions):
                self.versions[index].setPlainText(text)
                self.version_labels[index].setText(captions[index])

    def keep_version(self, index: int, _checked: bool = False) -> None:
        conflict = self.current
        if conflict is not None:
            self._resolve(conflict, conflict.versions[index][0])

    @Slot()
    def acknowledge_current(self) -> None:
        conflict = self.current
        if conflict is not None:
            self._resolve(conflict, None)

    def _resolve(self, conflict: SyncConflict, keep: str | None) -> None:
        """Written on the write runner (a sync round may hold the database meanwhile)."""
        self.setEnabled(False)
        self._writes.run(partial(sync.resolve, self.book, conflict.event_id, keep=keep),
                         partial(self._on_resolved, conflict.event_id),
                         partial(self._on_refused, conflict.event_id))

    def _on_resolved(self, event_id: str, _result) -> None:
        self.setEnabled(True)
        self.reload()
        self.resolved.emit(event_id)

    def _on_refused(self, event_id: str, exc: BaseException) -> None:
        # e.g. resolved meanwhile on another computer: say so, show what is left
        messages.show_error(self, "Conflict not resolved", str(exc))
        self._on_resolved(event_id, None)


def _local(stamp: str) -> str:
    return f"{parse_ts(stamp).astimezone():%d %b %Y %H:%M}"
