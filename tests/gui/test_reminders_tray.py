"""Tray reminders with an injected clock: each once, the setting respected, the fallback signal."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.gui.shell.reminders_tray import CHECK_EVERY_MS, RemindersTray
from desktop_app.services.settings import Settings
from tests.conftest import NOW
from tests.gui.test_wizard import REF, active_order


def tray_for(qtbot, db, clock) -> RemindersTray:
    tray = RemindersTray(db, clock=clock, tray_available=False)
    return tray


def test_deadline_reminder_once_through_the_signal(qtbot, book, db, clock):
    active_order(book)
    book.open_request(REF, {"kind": "extension", "days": 2, "reason": "Fonts"})
    tray = tray_for(qtbot, db, clock)
    received = []
    tray.reminded.connect(received.append)
    clock.now = NOW + timedelta(hours=30)
    assert tray.check() == [] and received == []  # 18 h left: not yet
    clock.now = NOW + timedelta(hours=43)
    with qtbot.waitSignal(tray.reminded) as signal:
        tray.check()
    (reminder,) = signal.args[0]
    assert reminder.ref == REF and reminder.title == f"{REF}: answer due in 5 h"
    clock.now += timedelta(minutes=5)
    assert tray.check() == []  # shown once
    tray.stop()


def test_a_new_tray_does_not_repeat_what_was_shown(qtbot, book, db, clock):
    active_order(book, due_at="2026-11-19T00:00:00Z")  # late at NOW
    assert [r.ref for r in tray_for(qtbot, db, clock).check()] == [REF]
    assert tray_for(qtbot, db, clock).check() == []  # as after a restart


def test_reminders_turned_off(qtbot, book, db, clock):
    active_order(book, due_at="2026-11-19T00:00:00Z")
    Settings(db).set("reminders", False)
    tray = tray_for(qtbot, db, clock)
    received = []
    tray.reminded.connect(received.append)
    tray.start()
    assert received == [] and tray.timer.isActive()
    assert tray.timer.interval() == CHECK_EVERY_MS
    Settings(db).set("reminders", True)
    tray.timer.timeout.emit()  # the next periodic check, without waiting five minutes
    assert [r.ref for r in received[0]] == [REF]
    tray.stop()
    assert not tray.timer.isActive()
