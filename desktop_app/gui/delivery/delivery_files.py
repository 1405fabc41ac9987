"""`deliveryFiles`: the staged files with size, type icon, change tag and check markers.

Each warning that names files puts a "⚠ …" marker on them (tooltip: the full sentence,
with the suggested rename for Windows names). Files the previous delivery had and this
one lacks are listed greyed out as "removed", so the diff is visible per file.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QMimeDatabase, Qt
from PySide6.QtGui import QBrush, QIcon, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop_app.domain.delivery_checks import DeliveryReport, Issue, StagedFile, format_size
from desktop_app.gui.shell.resources import icon

PATH_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("File", "Size", "Change", "Checks")
_SHORT = {"large_file": "large file", "empty_file": "empty (0 bytes)",
          "duplicate_content": "same content as another file",
          "duplicate_name": "same name as another file", "windows_name": "Windows name"}
_TAGS = {"added": "new", "changed": "changed", "unchanged": "unchanged"}


def markers(report: DeliveryReport | None) -> dict[str, list[Issue]]:
    """relative path -> the warnings that name it (only per-file checks)."""
    by_path: dict[str, list[Issue]] = defaultdict(list)
    for issue in report.warnings if report else []:
        if issue.code in _SHORT:
            for path in issue.paths:
                by_path[path].append(issue)
    return by_path


def marker_text(issues: list[Issue]) -> tuple[str, str]:
    """(cell text, tooltip) for one file's warnings."""
    labels = []
    for issue in issues:
        label = _SHORT[issue.code]
        if issue.suggestion:
            label = f"rename to {issue.suggestion.rsplit('/', 1)[-1]} (Windows)"
        labels.append(label)
    return "⚠ " + "; ".join(labels), "\n".join(i.message for i in issues)


def change_tags(report: DeliveryReport | None) -> dict[str, str]:
    diff = report.diff if report else None
    if diff is None:
        return {}
    return {**{p: _TAGS["added"] for p in diff.added},
            **{p: _TAGS["changed"] for p in diff.changed},
            **{p: _TAGS["unchanged"] for p in diff.unchanged}}


class DeliveryFileList(QTreeWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deliveryFiles")
        self.setAccessibleName("Files of this delivery")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # shares the room
        header.setStretchLastSection(False)
        self._mime = QMimeDatabase()
        self._icons: dict[str, QIcon] = {}
        self._fallback = icon("file")

    def show_files(self, files: list[StagedFile], report: DeliveryReport | None) -> None:
        flagged = markers(report)
        tags = change_tags(report)
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            items = [self._item(f, flagged.get(f.relative_path, []), tags.get(f.relative_path))
                     for f in sorted(files, key=lambda f: f.relative_path.casefold())]
            # Before any file is added, "everything removed" would only alarm.
            removed = report.diff.removed if files and report and report.diff else []
            items += [self._removed_item(path) for path in removed]
            self.addTopLevelItems(items)
        finally:
            self.setUpdatesEnabled(True)

    def selected_paths(self) -> list[str]:
        return [i.data(0, PATH_ROLE) for i in self.selectedItems() if i.data(0, PATH_ROLE)]

    def paths(self) -> list[str]:
        return [self.topLevelItem(i).data(0, PATH_ROLE) for i in range(self.topLevelItemCount())
                if self.topLevelItem(i).data(0, PATH_ROLE)]

    def _type_icon(self, name: str) -> QIcon:
        mime = self._mime.mimeTypeForFile(name, QMimeDatabase.MatchMode.MatchExtension)
        key = mime.iconName()
        if key not in self._icons:
            generic = mime.genericIconName()
            self._icons[key] = QIcon.fromTheme(key, QIcon.fromTheme(generic, self._fallback))
        return self._icons[key]

    def _item(self, f: StagedFile, issues: list[Issue], tag: str | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f.relative_path, format_size(f.size), tag or "", ""])
        item.setData(0, PATH_ROLE, f.relative_path)
        item.setIcon(0, self._type_icon(f.relative_path))
        item.setToolTip(0, f"{f.relative_path}\nfrom {f.source}\nSHA-256 {f.sha256}")
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if issues:
            text, tip = marker_text(issues)
            item.setText(3, text)
            item.setToolTip(3, tip)
        return item

    def _removed_item(self, path: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([path, "", "removed", ""])
        item.setToolTip(0, f"{path} was in the previous delivery and is not in this one.")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: nothing to remove
        grey = QBrush(self.palette().color(QPalette.ColorGroup.Disabled,
                                           QPalette.ColorRole.Text))
        for column in range(len(COLUMNS)):
            item.setForeground(column, grey)
        return item
