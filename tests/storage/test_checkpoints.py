"""WAL checkpoints from a thread of their own while another connection commits."""

import asyncio
import time

import sqlalchemy as sa

from desktop_app.storage.checkpoints import Checkpointer
from desktop_app.storage.db import Database
from desktop_app.sync.server.app import create_app
from desktop_app.sync.server.db import make_engine, migrate


def test_the_database_file_fills_while_the_writer_never_checkpoints(tmp_path):
    db = Database(tmp_path / "data")
    path = tmp_path / "data" / "gigdesk.sqlite"
    checkpoints = Checkpointer(db.engine, interval=0.02).start()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")  # the writer never does
        conn.exec_driver_sql("CREATE TABLE bulk (text TEXT)")
        conn.commit()
        before = path.stat().st_size
        for _ in range(20):
            conn.exec_driver_sql("INSERT INTO bulk VALUES (?)", ("x" * 50_000,))
            conn.commit()
            time.sleep(0.01)
        deadline = time.monotonic() + 5
        while path.stat().st_size < before + 500_000 and time.monotonic() < deadline:
            time.sleep(0.02)
    checkpoints.stop()
    assert checkpoints.passes > 0
    assert path.stat().st_size >= before + 500_000  # a million bytes copied from the WAL
    assert checkpoints._thread is None  # stopped and joined
    db.dispose()


def test_nothing_runs_for_another_database():
    engine = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    checkpoints = Checkpointer(engine).start()
    assert checkpoints._thread is None
    checkpoints.stop()


def test_the_server_checkpoints_while_it_serves(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    migrate(engine)
    app = create_app(engine, tmp_path / "files")
    alive = []

    async def serve() -> None:  # what uvicorn runs when it starts, then stops
        async with app.router.lifespan_context(app):
            alive.append(app.state.checkpoints._thread.is_alive())

    asyncio.run(serve())
    assert alive == [True]
    assert app.state.checkpoints._thread is None
    engine.dispose()
