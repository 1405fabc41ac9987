"""Sync in the window against a real server on 127.0.0.1: settings, rounds, offline, conflicts."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop_app.gui.shell import messages
from desktop_app.gui.sync.sync_panel import SyncController
from desktop_app.gui.sync.sync_settings import SyncSettingsDialog
from desktop_app.services import sync
from desktop_app.storage.schema import meta
from tests.conftest import order_fields
from tests.sync.conftest import Device
from tests.sync.server_proc import Server

TOKEN_ENV = "GIGDESK_SYNC_TOKEN"
FAST_CLIENT = {"timeout": 5.0, "attempts": 1, "base_delay": 0.01, "max_delay": 0.05}


@pytest.fixture
def server(sqlite_server):  # the window tests need only the SQLite one
    return sqlite_server


@pytest.fixture
def token(server, monkeypatch) -> str:
    value = server.add_account("alice")
    monkeypatch.setenv(TOKEN_ENV, value)
    return value


@pytest.fixture
def host(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def make_controller(book, host):
    made: list[SyncController] = []

    def make(**options) -> SyncController:
        options.setdefault("client_options", FAST_CLIENT)
        controller = SyncController(book, host, **options)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.stop()


@pytest.fixture
def laptop(tmp_path, server, token):
    device = Device(tmp_path / "laptop", server.url, token, attempts=1)
    yield device
    device.close()


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend (keyring's own interface) that keeps passwords in a dict."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


def text_of(controller: SyncController) -> str:
    return controller.indicator.text()


def wait_text(qtbot, controller, fragment: str, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: fragment in text_of(controller), timeout=timeout)


def wait_idle(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: not controller.busy and not controller.state.running,
                    timeout=15000)


def save_settings(qtbot, controller, url: str, token_text: str = "") -> SyncSettingsDialog:
    dialog = controller.open_settings()
    dialog.server_edit.setText(url)
    if token_text:
        dialog.token_edit.setText(token_text)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    return dialog


# -- settings ------------------------------------------------------------------------------

def test_not_set_up_means_no_round_ever(qtbot, book, make_controller):
    controller = make_controller(debounce_ms=50)
    controller.start()
    assert text_of(controller) == "Sync: not set up"
    assert controller.indicator.objectName() == "syncStatus"
    assert controller.indicator.accessibleName() == "Sync status"
    assert not controller.sync_action.isEnabled()
    assert controller.sync_now() is False
    book.create_order(order_fields("FO1"))
    qtbot.wait(200)
    assert not controller.debounce.isActive() and not controller.state.running
    assert text_of(controller) == "Sync: not set up"


def test_settings_saved_and_token_from_the_environment(qtbot, book, server, token,
                                                       make_controller):
    controller = make_controller()
    dialog = controller.open_settings()
    assert not dialog.token_edit.isEnabled()
    assert dialog.token_edit.placeholderText() == "token from GIGDESK_SYNC_TOKEN"
    assert TOKEN_ENV in dialog.token_note.text()
    dialog.reject()
    book.create_order(order_fields("FO1"))
    save_settings(qtbot, controller, server.url + "/")
    assert sync.configured_server(book.db) == (server.url, False)
    wait_text(qtbot, controller, "Synced just now")  # saving starts a round
    assert controller.state.last_round.startswith("pushed 1,")


def test_without_a_keyring_backend_the_dialog_says_so(qtbot, db, host, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = SyncSettingsDialog(db, host)
        note = dialog.token_note.text()
        assert "No keyring backend" in note and TOKEN_ENV in note
        assert not dialog.token_edit.isEnabled()
        dialog.server_edit.setText("https://sync.example.com")
        dialog.accept()  # the address is still kept; the token comes from the variable
        assert dialog.result() == dialog.DialogCode.Accepted
        assert sync.configured_server(db) == ("https://sync.example.com", False)
    finally:
        keyring.set_keyring(previous)


def test_the_token_is_kept_in_the_keyring_and_used(qtbot, book, server, make_controller,
                                                   memory_keyring, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    secret = server.add_account("bob")
    controller = make_controller()
    dialog = controller.open_settings()
    assert dialog.token_edit.isEnabled() and "system keyring" in dialog.token_note.text()
    dialog.server_edit.setText(server.url)
    dialog.accept()  # no token yet: refused, nothing stored
    assert dialog.problem.isVisible() and "Paste the token" in dialog.problem.text()
    assert sync.configured_server(book.db) == (None, False)
    dialog.reject()
    book.create_order(order_fields("FO1"))
    save_settings(qtbot, controller, server.url, token_text=secret)
    assert memory_keyring.passwords == {("GigDesk", server.url): secret}
    wait_text(qtbot, controller, "Synced just now")
    assert sync.status(book.db)["pending"] == 0
    with book.db.transaction() as conn:  # the token never goes to the database
        assert not [v for v in conn.execute(select(meta.c.value)).scalars() if secret in v]


def test_plain_http_to_another_machine_only_when_confirmed(qtbot, db, host, token):
    dialog = SyncSettingsDialog(db, host)
    dialog.server_edit.setText("http://sync.example.com")
    messages.queue_answers(False)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "plain http://" in dialog.problem.text()
    assert messages.shown[-1][0] == "confirm" and "unencrypted" in messages.shown[-1][2]
    assert sync.configured_server(db) == (None, False)
    messages.queue_answers(True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert sync.configured_server(db) == ("http://sync.example.com", True)
    again = SyncSettingsDialog(db, host)  # the same address: not asked twice
    again.accept()
    assert again.result() == again.DialogCode.Accepted
    messages.shown.clear()
    loopback = SyncSettingsDialog(db, host)
    loopback.server_edit.setText("http://127.0.0.1:8765")
    loopback.accept()  # this machine: no question
    assert loopback.result() == loopback.DialogCode.Accepted and messages.shown == []
    assert sync.configured_server(db) == ("http://127.0.0.1:8765", False)


# -- rounds --------------------------------------------------------------------------------

def test_sync_now_pushes_and_the_indicator_says_synced(qtbot, book, server, token, laptop,
                                                       make_controller):
    sync.configure(book.db, server.url)
    book.create_order(order_fields("FO1"))
    book.create_order(order_fields("FO2"))
    controller = make_controller()
    controller.start(sync_at_start=False)
    wait_text(qtbot, controller, "Sync: 2 pending")
    assert controller.sync_action.shortcut().toString() == "Ctrl+Shift+S"
    shown = []
    controller.state_changed.connect(lambda indicator: shown.append(indicator.text))
    controller.sync_action.trigger()
    assert text_of(controller).startswith("Syncing")
    wait_text(qtbot, controller, "Synced just now")
    assert "Syncing… 2 of 2 changes sent" in shown  # the round's progress, as it went
    assert laptop.sync().pulled == 2
    assert {laptop.book.get(r).ref for r in ("FO1", "FO2")} == {"FO1", "FO2"}
    laptop.book.edit_notes("FO1", "from the laptop")
    laptop.sync()
    with qtbot.waitSignal(controller.synced, timeout=15000) as pulled:
        controller.sync_now()
    assert pulled.args[0] == [book.get("FO1").id]
    assert book.get("FO1").notes == "from the laptop"


def test_changes_start_one_debounced_round(qtbot, book, server, token, make_controller):
    sync.configure(book.db, server.url)
    controller = make_controller(debounce_ms=400)
    controller.start(sync_at_start=False)
    wait_text(qtbot, controller, "Not synced yet")
    for ref in ("FO1", "FO2", "FO3"):
        book.create_order(order_fields(ref))
    wait_text(qtbot, controller, "Sync: 3 pending")
    assert controller.debounce.isActive()
    wait_text(qtbot, controller, "Synced just now")
    assert controller.state.last_round.startswith("pushed 3,")  # one round for the three


def test_offline_keeps_everything_and_the_next_round_syncs(qtbot, book, server, token,
                                                           laptop, make_controller):
    sync.configure(book.db, server.url)
    # retries wait 0.3 s, 0.6 s, ... up to the periodic interval (2 s here, 5 min by default)
    controller = make_controller(debounce_ms=100, retry_ms=300, interval_ms=2000)
    controller.start()  # a first round at start
    wait_text(qtbot, controller, "Synced just now")
    server.stop()
    book.create_order(order_fields("FO1"))
    wait_text(qtbot, controller, "Offline — 1 pending (retrying)")
    assert controller.indicator.styleSheet()  # the warning colour
    assert "did not answer" in controller.indicator.toolTip()
    book.create_order(order_fields("FO2"))  # offline, the book works as before
    wait_text(qtbot, controller, "Offline — 2 pending (retrying)")
    assert {book.get("FO1").ref, book.get("FO2").ref} == {"FO1", "FO2"}
    restarted = Server(server.database, server.files, port=server.port).start()
    try:
        wait_text(qtbot, controller, "Synced just now")  # a timer (retry, else periodic), no click
        assert sync.status(book.db)["pending"] == 0
        assert laptop.sync().pulled == 2
    finally:
        restarted.stop()


# -- conflicts -----------------------------------------------------------------------------

def test_a_notes_conflict_is_shown_and_resolved_from_the_dialog(qtbot, book, server, token,
                                                                laptop, make_controller):
    sync.configure(book.db, server.url)
    book.create_order(order_fields("FO8"))
    controller = make_controller(debounce_ms=100)
    controller.start()
    wait_text(qtbot, controller, "Synced")
    laptop.sync()
    laptop.book.edit_notes("FO8", "buyer prefers email")
    laptop.sync()
    controller.debounce.setInterval(60_000)  # no automatic round while we set the scene
    book.edit_notes("FO8", "call on Monday")
    controller.sync_now()
    wait_text(qtbot, controller, "1 conflict")
    wait_idle(qtbot, controller)
    assert controller.indicator.styleSheet() and controller.conflicts_action.isEnabled()
    dialog = controller.show_conflicts()
    assert dialog.list.count() == 1 and "FO8" in dialog.list.item(0).text()
    shown = [edit.toPlainText() for edit in dialog.versions]
    assert shown == ["buyer prefers email", "call on Monday"]
    controller.debounce.setInterval(100)
    with qtbot.waitSignal(dialog.resolved, timeout=10000):  # on the write runner
        qtbot.mouseClick(dialog.keep_buttons[0], Qt.MouseButton.LeftButton)
    assert book.get("FO8").notes == "buyer prefers email"
    assert dialog.list.count() == 0 and dialog.empty.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: "conflict" not in text_of(controller)
                    and "Synced" in text_of(controller), timeout=15000)
    laptop.sync()
    assert laptop.book.get("FO8").notes == "buyer prefers email"
    assert sync.conflicts(laptop.db) == [] and sync.conflicts(book.db) == []


def test_indicator_wording():
    from datetime import timedelta

    from desktop_app.domain.timeutil import format_ts, utc_now
    from desktop_app.gui.sync.sync_status import SyncState, describe

    now = utc_now()
    two_min = format_ts(now - timedelta(minutes=2, seconds=5))
    url = "https://sync.example.com"
    assert describe(SyncState(url, 0, two_min), now).text == "Synced 2 min ago"
    assert describe(SyncState(url, 3, two_min), now).text == "Sync: 3 pending"
    offline = describe(SyncState(url, 5, two_min, offline=True, error="no answer"), now)
    assert (offline.text, offline.warn) == ("Offline — 5 pending (retrying)", True)
    assert offline.tooltip.startswith("no answer\n")
    assert describe(SyncState(url, 0, None), now).text == "Not synced yet"
    assert describe(SyncState(None)).text == "Sync: not set up"
    sending = SyncState(url, 498_869, None, running=True, progress=("sent", 40_000, 498_869))
    assert describe(sending).text == "Syncing… 40,000 of 498,869 changes sent"
    receiving = SyncState(url, 0, None, running=True, progress=("received", 120_000, None))
    assert describe(receiving).text == "Syncing… 120,000 changes received"
    assert describe(SyncState(url, 4, None, running=True)).text == "Syncing 4 changes…"
    assert describe(SyncState(url, 99_524, None, running=True)).text == "Syncing 99,524 changes…"
