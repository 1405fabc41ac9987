"""The selected order: its facts, its notes, and the actions its status allows now.

Actions the lifecycle does not allow are hidden (never offered, then refused).
Every action is a QAction with a shortcut (the window's Order menu shows them)
and a button with a mnemonic.

Notes saves and actions are written on the window's write runner: a save while a
sync page or an import holds SQLite's lock waits there, never on the GUI thread.
One save per order is in flight at a time; text typed meanwhile is saved right
after it, on top of what it stored.

Signals:
    order_changed(str): an action or a notes save changed this order id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import events as ev
from desktop_app.domain.derived import WAITING_WORDS, due_text, revisions_left
from desktop_app.domain.lifecycle import allowed_actions
from desktop_app.domain.money import Money
from desktop_app.domain.order import CANCELLED_BY, Order
from desktop_app.domain.timeutil import local_text, utc_now
from desktop_app.gui.orders.notes_conflict import ask_merge
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services.feedback import record_rating, record_tip
from desktop_app.services.orders import NotesConflict, OrderBook

# (event kind, button text with mnemonic, shortcut, what the action does)
ACTIONS = (
    (ev.REQUIREMENTS_RECEIVED, "Record &requirements", "Ctrl+R",
     "The buyer sent the requirements: the order starts"),
    (ev.DELIVERED, "Mark &delivered…", "Ctrl+D", "Record a delivery with its message"),
    (ev.REVISION_REQUESTED, "Record revision re&quest…", "Ctrl+Shift+R",
     "The buyer asked for a revision"),
    (ev.COMPLETED, "Mark &completed", "Ctrl+Shift+C", "The buyer accepted the delivery"),
    (ev.CANCELLED, "Cance&l order…", "Ctrl+Shift+X", "Record a cancellation"),
    (ev.TIP_RECEIVED, "Record &tip…", "Ctrl+Shift+T", "The buyer tipped (order currency)"),
    (ev.RATED, "Record rat&ing…", "Ctrl+Shift+G",
     "The buyer's rating of the completed order (a new one replaces it)"),
)
_FIELDS = ("Buyer", "Gig", "Package", "Price", "Ordered", "Due", "Delivered", "Revisions")


class OrderDetail(QWidget):
    order_changed = Signal(str)

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 tasks: Tasks | None = None):
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self.setAccessibleName("Order details")
        self._book = book
        self._writes = (tasks or Tasks(self)).writes
        self._in_flight: str | None = None  # the order id whose notes are being saved
        self._next: tuple[Order, str, str] | None = None  # (order, text, base) to save after
        self.order: Order | None = None
        # The stored notes the editor's text started from, and whose: a save compares
        # them with the stored ones, so an edit made elsewhere is never overwritten.
        self._notes_base = ""
        self._notes_of: str | None = None
        self.actions_by_kind: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        # Actions that have a whole pane elsewhere (set by the workspace): kind -> opener.
        self.pane_for: dict[str, object] = {}
        self._build()
        self.show_order(None)

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel(objectName="orderTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for name in _FIELDS + ("Scope",):
            value = QLabel(wordWrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(name)
            self.values[name] = value
            form.addRow(f"{name}:", value)
        layout.addLayout(form)
        layout.addLayout(self._build_actions())
        layout.addLayout(self._build_notes())

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for kind, text, shortcut, tip in ACTIONS:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.triggered.connect(self._on_action)
            action.setData(kind)
            button = QPushButton(text, self)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.setToolTip(f"{tip} ({shortcut})")
            button.setObjectName(f"action_{kind}")
            button.clicked.connect(action.trigger)
            self.actions_by_kind[kind] = action
            self.buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_notes(self) -> QVBoxLayout:
        box = QVBoxLayout()
        header = QHBoxLayout()
        label = QLabel("&Notes (saved when you leave the field or press Ctrl+S):")
        self.saved_label = QLabel("", objectName="notesSaved")
        header.addWidget(label)
        header.addStretch(1)
        header.addWidget(self.saved_label)
        self.notes = QPlainTextEdit(objectName="orderNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Private notes about this order")
        self.notes.installEventFilter(self)
        label.setBuddy(self.notes)
        self.save_notes_action = QAction("&Save notes", self)
        self.save_notes_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_notes_action.triggered.connect(self.save_notes)
        box.addLayout(header)
        box.addWidget(self.notes, 1)
        return box

    def focus_chain(self) -> list[QWidget]:
        return [self.buttons[kind] for kind, *_ in ACTIONS] + [self.notes]

    # -- showing -----------------------------------------------------------
    def show_order(self, order_id: str | None) -> None:
        if self.order is not None and order_id != self.order.id:
            self.save_notes()
        self.order = self._book.get_by_id(order_id) if order_id else None
        self._fill(self.order)

    def _fill(self, order: Order | None) -> None:
        allowed = set(allowed_actions(order)) if order else set()
        for kind, action in self.actions_by_kind.items():
            action.setVisible(kind in allowed)
            action.setEnabled(kind in allowed)
            self.buttons[kind].setVisible(kind in allowed)
        self.notes.setEnabled(order is not None)
        self.save_notes_action.setEnabled(order is not None)
        self.saved_label.clear()
        if order is None:
            self.title.setText("Select an order to see its details")
            for value in self.values.values():
                value.clear()
            self.notes.setPlainText("")
            self._notes_base, self._notes_of = "", None
            return
        rated = f" · rated {order.rating.stars}/5" if order.rating else ""
        self.title.setText(f"{order.ref} · {order.status.label}{rated}")
        for name, text in _facts(order).items():
            self.values[name].setText(text)
        self._fill_notes(order)

    def _fill_notes(self, order: Order) -> None:
        """The stored notes, unless the seller is editing this order's: their unsaved
        text stays (and its base, so the save compares both versions)."""
        editing = self._notes_of == order.id and self.notes.toPlainText() != self._notes_base
        if editing:
            if order.notes != self._notes_base:
                self.saved_label.setText("Changed elsewhere: your unsaved text is kept; "
                                         "saving shows both")
            return
        if self.notes.toPlainText() != order.notes:
            self.notes.setPlainText(order.notes)
        self._notes_base, self._notes_of = order.notes, order.id

    # -- notes -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.save_notes()
        return super().eventFilter(watched, event)

    @Slot()
    def save_notes(self) -> None:
        """Queue the notes on the write runner when they differ from what was stored."""
        order = self.order
        text = self.notes.toPlainText()
        if order is None or text == self._notes_base:
            return
        if self._in_flight is not None:
            self._next = (order, text, self._notes_base)
            return
        self._write_notes(order, text, self._notes_base)

    @property
    def saving(self) -> bool:
        return self._in_flight is not None

    def _write_notes(self, order: Order, text: str, base: str) -> None:
        self._in_flight = order.id
        self.saved_label.setText("Saving…")
        self._writes.run(partial(self._book.edit_notes, order.ref, text, base=base),
                         partial(self._on_notes_saved, text),
                         partial(self._on_notes_failed, order, text))

    def _on_notes_saved(self, text: str, saved: Order) -> None:
        self._in_flight = None
        if self.order is not None and self.order.id == saved.id:
            self.order = saved
            if self._notes_of == saved.id:
                self._notes_base = saved.notes
            if self.notes.toPlainText() == text:
                self.saved_label.setText("Saved")
                QTimer.singleShot(2500, self._clear_saved)
        self._save_next(saved)
        self.order_changed.emit(saved.id)

    def _on_notes_failed(self, order: Order, text: str, exc: BaseException) -> None:
        self._in_flight = None
        showing = self.order is not None and self.order.id == order.id
        if isinstance(exc, NotesConflict):
            merged = ask_merge(self, exc)
            if merged is not None:
                if showing:
                    self.notes.setPlainText(merged)
                self._next = None  # the merge holds what was typed meanwhile
                self._write_notes(order, merged, exc.stored)
                return
            message = "Not saved: the notes changed elsewhere"
        else:  # shown to the seller once; the text stays in the editor
            report(self, exc)
            message = "Not saved"
        if showing:
            self.saved_label.setText(message)
        self._save_next(None)

    def _save_next(self, saved: Order | None) -> None:
        if self._next is None:
            return
        order, text, base = self._next
        self._next = None
        if saved is not None and saved.id == order.id:
            base = saved.notes  # typed on top of the save that just ended
        if text != base:
            self._write_notes(order, text, base)

    @Slot()
    def _clear_saved(self) -> None:
        if self.saved_label.text() == "Saved":
            self.saved_label.clear()

    # -- actions -----------------------------------------------------------
    @Slot()
    def _on_action(self) -> None:
        action = self.sender()
        order = self.order
        if order is None or not isinstance(action, QAction):
            return
        self.save_notes()
        opener = self.pane_for.get(action.data())
        if opener is not None:
            opener()
            return
        write = self._perform(action.data(), order)
        if write is not None:  # after the notes: the same runner keeps them in order
            self._writes.run(write, self._on_performed, partial(report, self))

    def _on_performed(self, updated: Order | None) -> None:
        if updated is None:
            return
        if self.order is not None and self.order.id == updated.id:
            self.order = updated
            self._fill(updated)
        self.order_changed.emit(updated.id)

    def _perform(self, kind: str, order: Order) -> Callable[[], Order] | None:
        """Ask what the action needs (on the GUI thread); the write it makes, or None."""
        book, ref = self._book, order.ref
        if kind == ev.REQUIREMENTS_RECEIVED:
            return partial(book.record_requirements, ref)
        if kind == ev.COMPLETED:
            return partial(book.complete, ref)
        if kind == ev.DELIVERED:
            message = messages.ask_text(self, f"Deliver {ref}", "Message to the buyer:",
                                        multiline=True)
            return partial(book.deliver, ref, message) if message is not None else None
        if kind == ev.REVISION_REQUESTED:
            text = messages.ask_text(self, f"Revision request for {ref}",
                                     "What did the buyer ask for? (paste their message)",
                                     multiline=True)
            return partial(book.record_revision, ref, text, []) if text is not None else None
        if kind == ev.CANCELLED:
            return self._cancel(order)
        if kind == ev.TIP_RECEIVED:
            amount = messages.ask_text(self, f"Tip on {ref}",
                                       f"Amount of the tip ({order.price.currency}):")
            return partial(record_tip, book, ref, amount) if amount is not None else None
        if kind == ev.RATED:
            return self._rate(order)
        return None

    def _rate(self, order: Order) -> Callable[[], Order] | None:
        stars = messages.ask_choice(self, f"Rating of {order.ref}", "Stars the buyer gave:",
                                    ["5", "4", "3", "2", "1"])
        if stars is None:
            return None
        text = messages.ask_text(self, f"Rating of {order.ref}", "The buyer's review "
                                 "(optional):", multiline=True)
        if text is None:
            return None
        return partial(record_rating, self._book, order.ref, stars, text)

    def _cancel(self, order: Order) -> Callable[[], Order] | None:
        by = messages.ask_choice(self, f"Cancel {order.ref}", "Who cancelled the order?",
                                 list(CANCELLED_BY))
        if by is None:
            return None
        reason = messages.ask_text(self, f"Cancel {order.ref}", "Reason (optional):")
        if reason is None:
            return None
        return partial(self._book.cancel, order.ref, by, reason)


def _due(order: Order) -> str:
    due = due_text(order, utc_now())
    if due == WAITING_WORDS:  # no date yet: the marketplace's clock has not started
        return f"{order.days} day{'s' if order.days != 1 else ''}; the clock {due}"
    return f"{local_text(order.due_at)}  ({due})" if due else local_text(order.due_at)


def _facts(order: Order) -> dict[str, str]:
    left = revisions_left(order)
    included = "unlimited" if order.revisions_included is None else order.revisions_included
    revisions = f"{order.revisions_used} used of {included}" + \
        ("" if left is None else f" ({left} left)")
    price = order.total_price.display()
    if order.extras_minor:
        price += f" (incl. extras; base {order.price.display()})"
    if order.tips_minor:
        price += f" + {Money(order.tips_minor, order.price.currency).display()} in tips"
    scope = "\n".join(f"• {item}" for item in order.scope) or "—"
    return {
        "Buyer": order.buyer, "Gig": order.gig, "Package": order.package or "—",
        "Price": price, "Ordered": local_text(order.ordered_at),
        "Due": _due(order),
        "Delivered": local_text(order.delivered_at) if order.delivered_at else "—",
        "Revisions": revisions, "Scope": scope,
    }
