"""The main window's menus, toolbar and status bar: what the seller can reach, and where.

Kept apart from the window's behaviour so the window reads as what it does; every
action calls a window slot (or a pane's), so the menus hold no logic of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar

from desktop_app.gui.earnings.earnings_actions import EarningsActions
from desktop_app.gui.resolution.resolution_actions import ResolutionActions

if TYPE_CHECKING:
    from desktop_app.gui.shell.main_window import MainWindow


def action(window: MainWindow, text: str, shortcut: QKeySequence | str | None, slot,
           tip: str = "") -> QAction:
    made = QAction(text, window)
    if shortcut is not None:
        made.setShortcut(QKeySequence(shortcut))
    made.setStatusTip(tip)
    made.triggered.connect(slot)
    return made


def build_menus(window: MainWindow) -> None:
    """The File, Order, Sync and View menus and the toolbar; sets the window's actions."""
    w = window
    w.resolution = ResolutionActions(w)
    w.earnings = EarningsActions(w)
    w.new_action = action(w, "&New order…", "Ctrl+N", w.new_order,
                          "Record an order you received")
    w.edit_action = action(w, "&Edit order…", "Ctrl+E", w.edit_order,
                           "Change the selected order's details")
    w.import_action = action(w, "&Import orders…", "Ctrl+I", w.import_orders,
                             "Import orders from a GigDesk JSON or CSV file")
    w.sample_action = action(w, "Try with &sample data", None, w.load_sample,
                             "Fill an empty database with sample orders")
    quit_action = action(w, "&Quit", QKeySequence.StandardKey.Quit, w.close)
    find = action(w, "&Find", QKeySequence.StandardKey.Find, w.orders.focus_search,
                  "Search orders by ref, buyer, gig or notes")
    refresh = action(w, "&Refresh", QKeySequence.StandardKey.Refresh, w.orders.reload)
    menu = w.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([w.new_action, w.import_action, w.sample_action])
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    order_menu = menu.addMenu("&Order")
    order_menu.addAction(w.edit_action)
    order_menu.addSeparator()
    order_menu.addActions(list(w.detail.actions_by_kind.values()))
    order_menu.addSeparator()
    order_menu.addAction(w.resolution.wizard_action)
    order_menu.addAction(w.detail.save_notes_action)
    sync_menu = menu.addMenu("&Sync")
    sync_menu.addActions(w.sync.actions)
    view_menu = menu.addMenu("&View")
    view_menu.addActions([find, refresh, w.resolution.metrics_action,
                          w.earnings.earnings_action])
    toolbar = w.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([w.new_action, w.edit_action, w.import_action,
                        w.resolution.wizard_action, w.resolution.metrics_action])
    w.edit_action.setEnabled(False)


def build_status_bar(window: MainWindow) -> None:
    """Order counts, reminders, a busy bar, the sync indicator and where the data lives."""
    w = window
    w.counts_label = QLabel("Loading orders…", objectName="statusCounts")
    w.counts_label.setAccessibleName("Order counts")
    w.busy = QProgressBar(maximumWidth=120, textVisible=False)
    w.busy.setRange(0, 0)
    w.busy.setAccessibleName("Working")
    w.busy.hide()
    location = QLabel(f"Data: {w.data_dir}", objectName="dataLocation")
    location.setAccessibleName("Data location")
    location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.reminder_label = QLabel("", objectName="reminderNotice")
    w.reminder_label.setAccessibleName("Reminders")
    bar = w.statusBar()
    bar.addWidget(w.counts_label)
    bar.addWidget(w.reminder_label, 1)
    bar.addPermanentWidget(w.busy)
    bar.addPermanentWidget(w.sync.indicator)
    bar.addPermanentWidget(location)
