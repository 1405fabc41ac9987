"""First release: meta, orders projection, append-only events.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ref", sa.String, nullable=False, unique=True),
        sa.Column("buyer", sa.String, nullable=False),
        sa.Column("gig", sa.String, nullable=False),
        sa.Column("package", sa.String, nullable=False),
        sa.Column("price_minor", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("ordered_at", sa.String(27), nullable=False),
        sa.Column("due_at", sa.String(27), nullable=False),
        sa.Column("delivered_at", sa.String(27)),
        sa.Column("completed_at", sa.String(27)),
        sa.Column("cancelled_at", sa.String(27)),
        sa.Column("revisions_used", sa.Integer, nullable=False),
        sa.Column("revisions_included", sa.Integer),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("last_activity_at", sa.String(27)),
        sa.Column("state", sa.Text, nullable=False),
    )
    op.create_index("ix_orders_status", "orders", ["status"])
    op.create_index("ix_orders_due_at", "orders", ["due_at"])
    op.create_table(
        "events",
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("device_seq", sa.Integer, nullable=False),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
    )
    op.create_index("ix_events_order_id", "events", ["order_id", "position"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("orders")
    op.drop_table("meta")
