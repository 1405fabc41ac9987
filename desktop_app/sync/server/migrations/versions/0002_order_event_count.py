"""Orders count their events, so a pull can tell when a page holds a whole history.

Revision ID: s0002
Revises: s0001
"""

import sqlalchemy as sa
from alembic import op

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("event_count", sa.BigInteger, nullable=False,
                                   server_default="0"))
    op.execute("UPDATE orders SET event_count = (SELECT count(*) FROM events "
               "WHERE events.order_id = orders.id)")


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("event_count")
