"""Every order names its marketplace and keeps its delivery time in days.

The orders table gets a `marketplace` column (every order so far is a Fiverr one), indexed
for the list's marketplace filter. Each order's state JSON gets `marketplace` and
`delivery_days`: the whole days from its order to its due date, rounded up, at least one,
so the delivery clock can start again from the requirements. Every row is kept; a state
that names them already keeps its own values.

Revision ID: 0006
Revises: 0005
"""

import json
import math
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MAX_DAYS = 365  # domain.limits.MAX_DAYS when this was written; a migration keeps its own


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("marketplace", sa.String, nullable=False,
                                   server_default="fiverr"))
        batch.create_index("ix_orders_marketplace", ["marketplace"])
    _fill_states()


def delivery_days(ordered_at: str, due_at: str) -> int:
    """Whole days from the stored order time to the stored due time, rounded up, 1 to 365."""
    span = datetime.fromisoformat(due_at) - datetime.fromisoformat(ordered_at)
    return min(max(math.ceil(span.total_seconds() / 86400), 1), MAX_DAYS)


def _fill_states() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, ordered_at, due_at, state FROM orders")).fetchall()
    updates = []
    for order_id, ordered_at, due_at, state in rows:
        data = json.loads(state)
        data.setdefault("marketplace", "fiverr")
        data.setdefault("delivery_days", delivery_days(ordered_at, due_at))
        updates.append({"i": order_id, "m": data["marketplace"],
                        "s": json.dumps(data, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":"))})
    if updates:
        bind.execute(sa.text("UPDATE orders SET state = :s, marketplace = :m WHERE id = :i"),
                     updates)


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, state FROM orders")).fetchall()
    for order_id, state in rows:
        data = json.loads(state)
        data.pop("marketplace", None)
        data.pop("delivery_days", None)
        bind.execute(sa.text("UPDATE orders SET state = :s WHERE id = :i"),
                     {"s": json.dumps(data, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")), "i": order_id})
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_marketplace")
        batch.drop_column("marketplace")
