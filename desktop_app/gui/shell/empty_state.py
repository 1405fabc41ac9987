"""What a first start with no orders shows: import your orders, or try sample data.

Signals:
    import_requested(): the seller wants to import a JSON or CSV file.
    sample_requested(): the seller wants to try the app with sample data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    import_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAccessibleName("No orders yet")
        title = QLabel("No orders yet", alignment=Qt.AlignmentFlag.AlignCenter)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        text = QLabel("Import the orders you track today (GigDesk JSON or CSV),\n"
                      "or look around with 200 realistic sample orders.",
                      alignment=Qt.AlignmentFlag.AlignCenter)
        self.import_button = QPushButton("&Import orders…", objectName="importButton")
        self.import_button.setAccessibleName("Import orders")
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button = QPushButton("Try with &sample data", objectName="sampleButton")
        self.sample_button.setAccessibleName("Try with sample data")
        self.sample_button.clicked.connect(self.sample_requested)
        self.progress = QProgressBar(objectName="sampleProgress")
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Working")
        self.progress.setTextVisible(False)
        self.progress.hide()
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(text)
        column.addSpacing(12)
        for widget in (self.import_button, self.sample_button, self.progress):
            column.addWidget(widget)
        box = QWidget(self)
        box.setLayout(column)
        box.setFixedWidth(440)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy)
        self.sample_button.setEnabled(not busy)
