"""Sync server, first release: accounts, devices, orders, events, files.

Revision ID: s0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None

Position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("pushes", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seen_at", sa.String(27), nullable=False),
    )
    op.create_index("ix_devices_account", "devices", ["account_id"])
    op.create_table(
        "orders",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("ref", sa.String(200)),
        sa.Column("state", sa.Text),
        sa.UniqueConstraint("account_id", "ref", name="uq_orders_account_ref"),
    )
    op.create_table(
        "events",
        sa.Column("position", Position, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("order_id", sa.String(64), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("device_seq", sa.BigInteger, nullable=False),
        sa.Column("conflict", sa.Text),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
        sa.UniqueConstraint("account_id", "id", name="uq_events_account_id"),
    )
    op.create_index("ix_events_account_position", "events", ["account_id", "position"])
    op.create_index("ix_events_order", "events", ["order_id", "kind"])
    op.create_table(
        "files",
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("received", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("files", "events", "orders", "devices", "accounts"):
        op.drop_table(table)
