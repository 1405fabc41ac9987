"""`among` and `insert_rows` give the same rows on SQLite and PostgreSQL, for any number
of values (more than SQLite takes as bound parameters)."""

import pytest
import sqlalchemy as sa

from desktop_app.storage.statements import among, insert_rows
from tests.sync.server_proc import database_for

METADATA = sa.MetaData()
ITEMS = sa.Table("items", METADATA, sa.Column("id", sa.Text, primary_key=True),
                 sa.Column("n", sa.Integer, nullable=False))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url, drop = database_for(request.param, tmp_path)
    engine = sa.create_engine(url)
    METADATA.create_all(engine)
    yield engine
    engine.dispose()
    drop()


def test_inserted_rows_are_found_among_many_values(engine):
    rows = [(f"id{i:05d}", i) for i in range(40_000)]
    wanted = [f"id{i:05d}" for i in range(0, 40_000, 3)] + ["absent"]
    with engine.begin() as conn:
        insert_rows(conn, ITEMS, ("id", "n"), rows)
        insert_rows(conn, ITEMS, ("id", "n"), [])  # nothing to write: no statement
        found = conn.execute(sa.select(ITEMS.c.n).where(among(conn, ITEMS.c.id, wanted))
                             .order_by(ITEMS.c.n)).scalars().all()
        none = conn.execute(sa.select(ITEMS.c.n).where(among(conn, ITEMS.c.id, []))).all()
    assert found == list(range(0, 40_000, 3))
    assert none == []
