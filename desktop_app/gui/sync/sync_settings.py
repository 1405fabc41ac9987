"""Sync settings: the server's address and the account token.

The token goes to the system keyring (service "GigDesk", user = server URL), never
to the database. GIGDESK_SYNC_TOKEN, when set, wins over the keyring; where the
system has no keyring backend the dialog says so and points to that variable.
Plain http:// to another machine is refused unless the seller confirms.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.shell import messages
from desktop_app.gui.shell.theme import error_style, show_problem
from desktop_app.services import sync
from desktop_app.services.session import DataFolder
from desktop_app.sync.client import (
    KEYRING_SERVICE,
    TOKEN_ENV,
    SyncError,
    check_url,
    is_loopback,
    save_token,
)

EXAMPLE_URL = "https://sync.example.com"


def keyring_backend_name() -> str | None:
    """The keyring backend that would keep the token, or None when there is none usable."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    return getattr(backend, "name", type(backend).__name__)


def env_token() -> str:
    return os.environ.get(TOKEN_ENV, "").strip()


def saved_token_exists(server_url: str) -> bool:
    try:
        import keyring

        return bool(keyring.get_password(KEYRING_SERVICE, server_url))
    except Exception:  # noqa: BLE001 - a locked or broken keyring: just "not known"
        return False


def is_plain_http_to_another_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "http" and bool(parts.hostname) and not is_loopback(parts.hostname)


class SyncSettingsDialog(QDialog):
    """Server URL and token; `accept()` validates, stores, and only then closes."""

    def __init__(self, db: DataFolder, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("syncSettings")
        self.setAccessibleName("Sync settings")
        self.setWindowTitle("Sync settings")
        self.setMinimumWidth(520)
        self._saved_url, self._insecure_ok = sync.configured_server(db)
        self.saved_url: str | None = None  # set by a successful accept()
        self._build()
        self._show_token_source()

    def _build(self) -> None:
        intro = QLabel("Sync keeps your orders the same on every computer you use, through "
                       "a GigDesk server that you or your agency run. Without it, GigDesk "
                       "works fully offline.", wordWrap=True)
        self.server_edit = QLineEdit(self._saved_url or "", objectName="syncServer")
        self.server_edit.setAccessibleName("Sync server address")
        self.server_edit.setPlaceholderText(EXAMPLE_URL)
        self.server_edit.textChanged.connect(self._show_token_source)
        self.token_edit = QLineEdit(objectName="syncToken")
        self.token_edit.setAccessibleName("Sync token")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_note = QLabel(objectName="syncTokenNote", wordWrap=True)
        self.token_note.setAccessibleName("Where the token is kept")
        self.problem = QLabel(objectName="syncProblem", wordWrap=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Server:", self.server_edit)
        form.addRow("&Token:", self.token_edit)
        form.addRow("", self.token_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    # -- where the token comes from ------------------------------------------
    def token_source(self) -> str:
        """'env', 'keyring' or 'none' (no backend: only the variable can give a token)."""
        if env_token():
            return "env"
        return "keyring" if keyring_backend_name() else "none"

    def _show_token_source(self) -> None:
        source = self.token_source()
        self.token_edit.setEnabled(source == "keyring")
        self.token_note.setStyleSheet("")
        if source == "env":
            self.token_edit.clear()
            self.token_edit.setPlaceholderText(f"token from {TOKEN_ENV}")
            self.token_note.setText(f"Using the token from {TOKEN_ENV}: while that "
                                    "environment variable is set it wins over a saved token.")
        elif source == "none":
            self.token_edit.setPlaceholderText("cannot be saved on this system")
            self.token_note.setText(
                "No keyring backend is available on this system, so GigDesk cannot keep the "
                f"token safely. Set the environment variable {TOKEN_ENV} to your token "
                "before starting GigDesk (for example in your login profile or the "
                "shortcut that starts it).")
            self.token_note.setStyleSheet(error_style())
        else:
            url = self.server_edit.text().strip().rstrip("/")
            saved = bool(url) and saved_token_exists(url)
            self.token_edit.setPlaceholderText(
                "saved — type a new token to replace it" if saved
                else "the token printed by gigdesk-server add-account")
            self.token_note.setText(f"Kept in the system keyring ({keyring_backend_name()}), "
                                    "never in the GigDesk database.")

    # -- saving ----------------------------------------------------------------
    def accept(self) -> None:
        text = self.server_edit.text().strip()
        if not text:
            return self._refuse(f"Enter the sync server's address, e.g. {EXAMPLE_URL}")
        allow = False
        if is_plain_http_to_another_machine(text):
            allow = self._confirm_insecure(text)
            if not allow:
                return self._refuse(f"{text} is plain http:// to another machine. Use an "
                                    "https:// address, or press Save again and confirm "
                                    "that your orders may travel unencrypted.")
        try:
            url = check_url(text, allow)
            token = self.token_edit.text().strip()
            if token and self.token_source() == "keyring":
                save_token(url, token)
        except SyncError as exc:
            return self._refuse(str(exc))
        if self.token_source() == "keyring" and not token and not saved_token_exists(url):
            return self._refuse("Paste the token for this server (gigdesk-server "
                                "add-account prints it).")
        sync.configure(self.db, url, allow_insecure=allow)
        self.saved_url = url
        return super().accept()

    def _confirm_insecure(self, url: str) -> bool:
        if self._insecure_ok and url.rstrip("/") == self._saved_url:
            return True
        return messages.confirm(
            self, "Sync without encryption?",
            f"{url} uses plain http:// to another machine: your token and your orders "
            "would travel unencrypted, readable by anyone on the network between you. "
            "Use this address anyway?", default=False)

    def _refuse(self, text: str) -> None:
        show_problem(self.problem, text)

