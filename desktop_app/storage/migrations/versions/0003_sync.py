"""Sync bookkeeping: where the server placed each event, and its conflict mark.

A separate table, so the append-only events table is never updated.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_events",
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("server_pos", sa.Integer),
        sa.Column("conflict", sa.Text),
    )
    op.create_index("ix_sync_events_server_pos", "sync_events", ["server_pos"])
    op.create_index("ix_sync_events_conflict", "sync_events", ["conflict"])


def downgrade() -> None:
    op.drop_table("sync_events")
