"""After delivering: lay a delivery out as a folder, zip it, copy its message.

A delivery may be 5 GB: copying or deflating it on the GUI thread froze the
window for minutes. Both run on the window's file runner (tasks.files) through
LongTask: a progress dialog after a moment, and Cancel, which leaves the folder
laid out before (or no ZIP at all), never half of one.

Signals:
    notice(str, bool): a line for the pane's notice area, and whether it is a problem.
    laid_out(object): the folder `open_folder` laid out (a Path).
    exported(object): the ZIP `export_zip` wrote (a Path).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop_app.domain.delivery_checks import format_size
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.order import Order
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report as report_bug
from desktop_app.gui.shell.long_work import LongTask
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services import delivery
from desktop_app.services.orders import OrderBook


def copied_words(verb: str, done: int, total: int | None) -> str:
    if not total:
        return f"{verb}…"
    return f"{verb}: {format_size(done)} of {format_size(total)}"


class DeliveryExports(QObject):
    notice = Signal(str, bool)
    laid_out = Signal(object)
    exported = Signal(object)

    def __init__(self, book: OrderBook, tasks: Tasks, parent: QWidget):
        super().__init__(parent)
        self.book = book
        self.tasks = tasks
        self.pane = parent
        self.task: LongTask | None = None  # the one running now, if any

    @property
    def busy(self) -> bool:
        return self.task is not None

    def open_folder(self, order: Order | None, number: int | None) -> LongTask | None:
        """Lay delivery `number` out afresh, then show it in the file manager."""
        if order is None or number is None:
            return None
        ref = order.ref
        work = partial(_lay_out, self.book, ref, number)
        return self._start("Open the delivery folder",
                           f"Laying out delivery #{number} of {ref}…", work, "Copying",
                           self._on_laid_out, "Could not open the delivery folder",
                           "Cancelled: the delivery folder was left as it was.")

    def ask_and_export(self, order: Order | None, number: int | None) -> LongTask | None:
        """Ask where, then zip delivery `number` there."""
        if order is None or number is None:
            return None
        suggested = str(Path.home() / f"{order.ref}-delivery-{number}.zip")
        target = messages.ask_save_file(self.pane, "Export the delivery as ZIP", suggested,
                                        "ZIP files (*.zip)")
        return self.export_zip(order.ref, number, Path(target)) if target else None

    def copy_message(self, order: Order | None, number: int | None) -> None:
        if order is None or number is None:
            return
        message = next(d.message for d in order.deliveries if d.number == number)
        QGuiApplication.clipboard().setText(message)
        self.notice.emit(f"The message of delivery #{number} is on the clipboard.", False)

    def export_zip(self, ref: str, number: int, target: Path) -> LongTask | None:
        work = partial(_zip, self.book, ref, number, Path(target))
        return self._start("Export the delivery as ZIP", f"Writing {Path(target).name}…",
                           work, "Compressing", self._on_exported, "Could not export the ZIP",
                           "Export cancelled: no ZIP was written.")

    def _start(self, title: str, label: str, work, verb: str, on_done, failure: str,
               cancelled: str) -> LongTask | None:
        if self.task is not None:
            self.notice.emit("Wait for the folder or ZIP being written, or cancel it.", True)
            return None
        self.task = LongTask(self.tasks, self.tasks.files, self.pane, title, label,
                             partial(copied_words, verb))
        self.task.start(work, on_done, partial(self._on_failed, failure),
                        partial(self._on_cancelled, cancelled))
        return self.task

    def _on_laid_out(self, folder: Path) -> None:
        self.task = None
        _reveal(self.pane, folder)
        self.laid_out.emit(folder)

    def _on_exported(self, path: Path) -> None:
        self.task = None
        self.notice.emit(f"Saved {path.name} ({format_size(path.stat().st_size)}).", False)
        self.exported.emit(path)

    def _on_failed(self, title: str, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, OSError | LifecycleError):
            messages.show_error(self.pane, title, str(exc))
        else:
            report_bug(self.pane, exc)

    def _on_cancelled(self, text: str) -> None:
        self.task = None
        self.notice.emit(text, False)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.request_cancel()


def _lay_out(book: OrderBook, ref: str, number: int, progress, cancel) -> Path:
    return delivery.open_folder(book, ref, number, progress=progress, cancel=cancel)


def _zip(book: OrderBook, ref: str, number: int, target: Path, progress, cancel) -> Path:
    return delivery.export_zip(book, ref, number, target, progress=progress, cancel=cancel)


def _reveal(parent: QWidget, folder: Path) -> None:
    """Open the folder in the file manager (just reported when nobody can look)."""
    if messages.noninteractive():
        messages.show_info(parent, "Delivery folder", str(folder))
        return
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
