"""The server's database: engine, automatic migrations, accounts and their tokens.

Tokens are random (256 bits) and shown once; only their SHA-256 is stored, so
a leaked database does not leak a usable token. An account has one token at a
time: `rotate_token` replaces it (the old one stops working at once),
`revoke_token` stops it until the next rotation, and either may set an expiry.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.engine import make_url

from desktop_app.domain.timeutil import to_stored, utc_now
from desktop_app.storage.db import PAGE_SIZE, migration_transaction
from desktop_app.storage.tuning import BULK_WAL_BYTES
from desktop_app.sync.server.errors import Unauthorized
from desktop_app.sync.server.schema import accounts

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "gigdesk_server_version"


class AccountError(ValueError):
    """An account cannot be created (empty or taken name)."""


def default_url() -> str:
    return "sqlite:///gigdesk-server.sqlite"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new database only (as on a device)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    # 64 MiB of page cache kept between requests: pushes insert into uuid-keyed
    # indexes, whose pages a 2 MiB cache would read back from disk at every batch.
    cur.execute("PRAGMA cache_size=-65536")
    # A first sync commits batch after batch into the same index pages: checkpoint
    # rarely (the app's Checkpointer thread does it beside the commits meanwhile).
    page = cur.execute("PRAGMA page_size").fetchone()[0]  # an older file keeps 4 KiB
    cur.execute(f"PRAGMA wal_autocheckpoint={BULK_WAL_BYTES // page}")
    cur.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to head; a no-op when it is current."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(
            conn, opts={"version_table": VERSION_TABLE}).get_current_revision()
    if current == head:
        return
    with migration_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token(days: float | None) -> tuple[str, dict]:
    """A fresh token and the account columns that make it the account's only one."""
    if days is not None and days <= 0:
        raise AccountError("The expiry must be a positive number of days")
    token = secrets.token_urlsafe(32)
    expires = to_stored(utc_now() + timedelta(days=days)) if days is not None else None
    return token, {"token_hash": hash_token(token), "token_expires_at": expires,
                   "token_revoked_at": None}


def add_account(engine: Engine, name: str, expires_in_days: float | None = None) -> str:
    """Create an account; return its token (the only time it exists in clear)."""
    name = name.strip()
    if not name:
        raise AccountError("The account name must not be empty")
    token, columns = _new_token(expires_in_days)
    with engine.begin() as conn:
        if conn.execute(select(accounts.c.id).where(accounts.c.name == name)).first():
            raise AccountError(f"An account named {name!r} exists already")
        conn.execute(insert(accounts).values(name=name, created_at=to_stored(utc_now()),
                                             pushes=0, **columns))
    return token


def rotate_token(engine: Engine, name: str, expires_in_days: float | None = None) -> str:
    """Give the account a new token (returned once); the old one stops working."""
    token, columns = _new_token(expires_in_days)
    _change_account(engine, name, columns)
    return token


def revoke_token(engine: Engine, name: str) -> None:
    """Refuse the account's token from now on (until `rotate_token`)."""
    _change_account(engine, name, {"token_revoked_at": to_stored(utc_now())})


def _change_account(engine: Engine, name: str, columns: dict) -> None:
    with engine.begin() as conn:
        changed = conn.execute(update(accounts).where(accounts.c.name == name.strip())
                               .values(**columns)).rowcount
    if not changed:
        raise AccountError(f"There is no account named {name.strip()!r}")


def account_for_token(engine: Engine, token: str, now: datetime | None = None) -> int:
    """The token's account id; Unauthorized (saying why) for an unknown, revoked or
    expired token."""
    with engine.connect() as conn:
        row = conn.execute(select(accounts.c.id, accounts.c.token_expires_at,
                                  accounts.c.token_revoked_at).where(
            accounts.c.token_hash == hash_token(token))).first()
    if row is None:
        raise Unauthorized("This token is not valid for any account")
    if row.token_revoked_at is not None:
        raise Unauthorized("This token was revoked; ask the server's owner for a new one")
    if row.token_expires_at is not None and row.token_expires_at <= to_stored(now or utc_now()):
        raise Unauthorized(f"This token expired at {row.token_expires_at}; "
                           "ask the server's owner for a new one")
    return row.id
