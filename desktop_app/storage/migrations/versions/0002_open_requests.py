"""Open resolution requests on the projection, so deadlines are found by SQL.

Revision ID: 0002
Revises: 0001
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("open_request", sa.String))
        batch.add_column(sa.Column("request_expires_at", sa.String(27)))
        batch.create_index("ix_orders_request_expires_at", ["request_expires_at"])
    _fill_open_requests()


def _fill_open_requests() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, state FROM orders")).fetchall()
    for order_id, state in rows:
        open_ = [r for r in json.loads(state).get("requests", []) if r.get("status") == "open"]
        if not open_:
            continue
        expires = open_[0].get("expires_at")
        if expires:  # stored fixed-width UTC, like every other timestamp column
            moment = datetime.fromisoformat(expires).astimezone(UTC)
            expires = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        bind.execute(sa.text("UPDATE orders SET open_request = :k, request_expires_at = :e "
                             "WHERE id = :i"), {"k": open_[0]["kind"], "e": expires, "i": order_id})


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_request_expires_at")
        batch.drop_column("request_expires_at")
        batch.drop_column("open_request")
