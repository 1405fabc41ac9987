"""The local SQLite database: engine, pragmas, migrations with a backup first.

PRAGMA synchronous=NORMAL: in WAL mode a commit is durable against an app
crash and the file is never corrupted; a power cut may lose the last commits.
FULL would fsync every commit and slow a bulk import several times over for
a risk a desktop seller rarely meets; the backup before migrations and the
export command cover the rest.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from desktop_app.storage.meta_rows import get_meta, set_meta
from desktop_app.storage.sqlite_errors import SqliteProblem, sqlite_problem

DB_NAME = "gigdesk.sqlite"
MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration. Known here so that opening an up-to-date database needs no
# Alembic import (about 11 MB and tens of ms at every start); tests hold it to the
# migrations' real head.
SCHEMA_HEAD = "0006"


class StorageError(RuntimeError):
    """The database cannot be used: locked, read-only, full, or damaged."""


def describe_storage_error(exc: Exception) -> str:
    """One sentence for an environment error: locked, read-only, full, missing."""
    text = str(getattr(exc, "orig", None) or exc)
    problem = sqlite_problem(exc)
    if problem is SqliteProblem.BUSY:
        return "The database is locked by another program (is GigDesk open twice?); try again"
    if problem is SqliteProblem.READ_ONLY:
        return "The data folder is read-only: GigDesk cannot save changes there"
    if problem is SqliteProblem.FULL:
        return "The disk is full: free some space, nothing was saved"
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: no such file or folder"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return f"Database error: {text.splitlines()[0] if text else type(exc).__name__}"


# 16 KiB pages for a new database file (an existing one keeps its own: WAL mode fixes
# it): bulk inserts (an import, a first sync) split fewer pages and write fewer WAL
# frames than with 4 KiB, about 10% faster; an order's state fits in a page.
PAGE_SIZE = 16_384


def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA page_size={PAGE_SIZE}")  # before WAL; see PAGE_SIZE
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def alembic_config(connection: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction for migrations. On SQLite, foreign keys are off while it runs and
    checked whole before it commits: a migration that rebuilds a table (batch mode
    copies it and drops the old one) would otherwise fail on the rows pointing at it.
    SQLite's own procedure for schema changes; the pragma only works outside a
    transaction, hence a connection of its own."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()  # the pragma autobegan SQLAlchemy's transaction; end it
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StorageError(f"A migration left a row of {broken[0]} pointing "
                                           f"at a missing row of {broken[2]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


class Database:
    """One SQLite file in the data dir, migrated to head when opened."""

    def __init__(self, data_dir: Path, *, migrate: bool = True):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot create the data folder {self.data_dir}: "
                               f"{exc.strerror or exc}") from None
        self.engine: Engine = create_engine(f"sqlite:///{self.path}")
        event.listen(self.engine, "connect", _pragmas)
        if migrate:
            self.migrate()
        self._device_id: str | None = None

    def current_revision(self) -> str | None:
        """The schema's Alembic revision, None for a new database."""
        with self.engine.connect() as conn:
            try:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except OperationalError:  # no version table yet
                return None

    def migrate(self, revision: str = "head") -> Path | None:
        """Bring the schema to `revision`; back up first when rows would be touched."""
        current = self.current_revision()
        target = SCHEMA_HEAD if revision == "head" else revision
        if current == target:
            return None
        from alembic import command

        backup = self.backup(f"before-{target}") if current is not None else None
        with migration_transaction(self.engine) as conn:
            command.upgrade(alembic_config(conn), revision)
        return backup

    def backup(self, label: str) -> Path:
        """A consistent copy through SQLite's backup API, beside the database."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.data_dir / "backups" / f"gigdesk-{stamp}-{label}.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(self.path)
        try:
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return target

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction holding SQLite's write lock from its first statement on.

        For a use case that reads, judges, then writes (load an order, check the
        lifecycle, append its event): with the lock taken first, another process cannot
        change what was read before the write lands. Readers are not blocked (WAL);
        another writer waits up to the busy timeout.
        """
        with self.engine.begin() as conn:
            # pysqlite would begin only at the first write; begin now, immediately.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn

    def device_id(self) -> str:
        """This installation's id; created once, on first use."""
        if self._device_id is None:
            with self.write() as conn:  # two first opens at once must agree on one id
                found = get_meta(conn, "device_id")
                if found is None:
                    found = str(uuid.uuid4())
                    set_meta(conn, "device_id", found)
            self._device_id = found
        return self._device_id

    def adopt_device_id(self) -> str:
        """Give this installation a new id (its database went back, or its id is taken
        on the server). Events written under the old id keep it."""
        found = str(uuid.uuid4())
        with self.write() as conn:
            set_meta(conn, "device_id", found)
        self._device_id = found
        return found

    def dispose(self) -> None:
        self.engine.dispose()
