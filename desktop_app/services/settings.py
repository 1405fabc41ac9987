"""The seller's settings, kept in the database's meta table (they travel with backups)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select, update

from desktop_app.storage.db import Database
from desktop_app.storage.schema import meta

DEFAULTS: dict[str, Any] = {
    "hourly_rate": "25.00",       # decimal string in the seller's currency
    "currency": "USD",
    "reminders": True,
    "sync_server": "",
}


class Settings:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> Any:
        with self.db.transaction() as conn:
            raw = conn.execute(select(meta.c.value).where(meta.c.key == f"setting:{key}")).scalar()
        return DEFAULTS.get(key) if raw is None else json.loads(raw)

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"Unknown setting '{key}'")
        row_key = f"setting:{key}"
        encoded = json.dumps(value)
        with self.db.transaction() as conn:
            exists = conn.execute(select(meta.c.key).where(meta.c.key == row_key)).scalar()
            if exists:
                conn.execute(update(meta).where(meta.c.key == row_key).values(value=encoded))
            else:
                conn.execute(insert(meta).values(key=row_key, value=encoded))
