"""The seller's settings, kept in the database's meta table (they travel with backups)."""

from __future__ import annotations

import json
from typing import Any

from desktop_app.domain import bounds
from desktop_app.domain.errors import FieldError
from desktop_app.domain.money import Money, MoneyError, check_currency
from desktop_app.storage.db import Database
from desktop_app.storage.meta_rows import get_meta, set_meta

DEFAULTS: dict[str, Any] = {
    "hourly_rate": "25.00",       # decimal string in the seller's currency
    "currency": "USD",
    "reminders": True,
    "sync_server": "",
    # Top Rated, Pro or Seller Plus on Fiverr: earnings clear in the profile's faster period.
    "fast_clearance": False,
}


def _checked(key: str, value: Any, currency: str) -> Any:
    """The value as stored, or FieldError naming the setting: every reader trusts it."""
    try:
        if key == "hourly_rate":
            minor = Money.parse(str(value), currency).minor
            bounds.amount(minor, currency, key)
            return str(value).strip()
        if key == "currency":
            return check_currency(value)
    except MoneyError as exc:
        raise FieldError(key, str(exc)) from None
    if key in ("reminders", "fast_clearance") and not isinstance(value, bool):
        raise FieldError(key, "must be true or false")
    if key == "sync_server" and not isinstance(value, str):
        raise FieldError(key, "must be text")
    return value


class Settings:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> Any:
        with self.db.transaction() as conn:
            raw = get_meta(conn, f"setting:{key}")
        return DEFAULTS.get(key) if raw is None else json.loads(raw)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"Unknown setting '{key}'")
        row_key = f"setting:{key}"
        encoded = json.dumps(_checked(key, value, str(self.get("currency"))))
        with self.db.transaction() as conn:
            set_meta(conn, row_key, encoded)
