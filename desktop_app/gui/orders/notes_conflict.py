"""Notes changed elsewhere while the seller edited them: both texts, side by side.

The save was refused (services: OrderBook.edit_notes compares the notes the editor
started from inside the write), so nothing is lost: the seller sees the stored
version and their own, edits the merged text (both, to begin with) and saves it,
or goes back to editing and is asked again at the next save.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from desktop_app.gui.shell import messages
from desktop_app.services.orders import NotesConflict

TITLE = "Notes changed elsewhere"


def merged_start(conflict: NotesConflict) -> str:
    """Both texts, the stored one first: nothing is dropped until the seller drops it."""
    if not conflict.stored.strip():
        return conflict.mine
    return f"{conflict.stored.rstrip()}\n\n{conflict.mine.lstrip()}"


def explanation(conflict: NotesConflict) -> str:
    return (f"The notes of order {conflict.ref} were changed in another program (or window) "
            "while you were editing them. Nothing was overwritten: compare both versions, "
            "edit the merged text below and save it.")


class NotesConflictDialog(QDialog):
    def __init__(self, conflict: NotesConflict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notesConflict")
        self.setAccessibleName(TITLE)
        self.setWindowTitle(f"{TITLE} — {conflict.ref}")
        self.resize(760, 480)
        grid = QGridLayout(self)
        intro = QLabel(explanation(conflict), wordWrap=True, objectName="notesConflictText")
        grid.addWidget(intro, 0, 0, 1, 2)
        for column, (caption, text, name) in enumerate((
                ("Saved elsewhere (stored now)", conflict.stored, "notesTheirs"),
                ("Yours (not saved)", conflict.mine, "notesMine"))):
            grid.addWidget(QLabel(caption), 1, column)
            edit = QPlainTextEdit(text, readOnly=True, objectName=name)
            edit.setAccessibleName(caption)
            grid.addWidget(edit, 2, column)
        label = QLabel("&Merged notes (saved when you press Save):")
        self.merged = QPlainTextEdit(merged_start(conflict), objectName="notesMerged")
        label.setBuddy(self.merged)
        grid.addWidget(label, 3, 0, 1, 2)
        self.merged.setAccessibleName("Merged notes")
        grid.addWidget(self.merged, 4, 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Keep editing")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        grid.addWidget(buttons, 5, 0, 1, 2)


def ask_merge(parent: QWidget | None, conflict: NotesConflict) -> str | None:
    """The merged notes to save, or None to keep editing (asked again at the next save)."""
    if messages.noninteractive():
        answer = messages.scripted_question(TITLE, explanation(conflict))
        return merged_start(conflict) if answer is True else answer
    dialog = NotesConflictDialog(conflict, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.merged.toPlainText()
    finally:
        dialog.deleteLater()
