"""Checkpointing a SQLite WAL from a thread of its own while bulk work commits.

SQLite copies the WAL back into the database file (a checkpoint) inside the
commit that crosses wal_autocheckpoint, and that commit waits for the copy and
its fsyncs: a sixth of a first sync's time. A PASSIVE checkpoint may run on
another connection while a writer goes on appending, and the sqlite3 module
lets go of the GIL while it runs, so here the copying overlaps the work. The
writer's own wal_autocheckpoint stays as a safety net: it finds the frames
copied already, and only restarts the WAL.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine

INTERVAL = 0.25  # seconds between two passes


class Checkpointer:
    """start() ... stop(): passes every INTERVAL on one connection of `engine`."""

    def __init__(self, engine: Engine, interval: float = INTERVAL):
        self.engine = engine
        self.interval = interval
        self.passes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Checkpointer:
        if self.engine.dialect.name == "sqlite" and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wal-checkpoints",
                                            daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        conn = self.engine.raw_connection()
        try:
            while not self._stop.wait(self.interval):
                cursor = conn.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                    self.passes += 1
                except sqlite3.Error:
                    pass  # busy or closing: the next pass, or the writer's own, does it
                finally:
                    cursor.close()
        finally:
            conn.close()
