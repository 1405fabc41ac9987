"""The server's database: engine, automatic migrations, accounts and their tokens.

Tokens are random (256 bits) and shown once; only their SHA-256 is stored, so
a leaked database does not leak a usable token.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url

from desktop_app.domain.timeutil import utc_now
from desktop_app.storage.checkpoints import BULK_WAL_BYTES
from desktop_app.storage.db import PAGE_SIZE
from desktop_app.storage.schema import to_db
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
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_account(engine: Engine, name: str) -> str:
    """Create an account; return its token (the only time it exists in clear)."""
    name = name.strip()
    if not name:
        raise AccountError("The account name must not be empty")
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        if conn.execute(select(accounts.c.id).where(accounts.c.name == name)).first():
            raise AccountError(f"An account named {name!r} exists already")
        conn.execute(insert(accounts).values(name=name, token_hash=hash_token(token),
                                             created_at=to_db(utc_now()), pushes=0))
    return token


def account_for_token(engine: Engine, token: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(accounts.c.id).where(
            accounts.c.token_hash == hash_token(token))).scalar()
