"""Sync marks keyed by the event's local position instead of its uuid.

One mark per synced event: keyed by the integer position, a first sync appends
marks in order to one B-tree; keyed by the random uuid (0003) every mark was an
insert at a random place of two indexes, the costliest part of storing a pull.
The events table stays append-only: marks live beside it, as before.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_marks",
        sa.Column("event_pos", sa.Integer, sa.ForeignKey("events.position"),
                  primary_key=True, autoincrement=False),
        sa.Column("server_pos", sa.Integer),
        sa.Column("conflict", sa.Text),
    )
    op.create_index("ix_sync_marks_conflict", "sync_marks", ["event_pos"],
                    sqlite_where=sa.text("conflict IS NOT NULL"))
    op.execute("INSERT INTO sync_marks (event_pos, server_pos, conflict) "
               "SELECT events.position, sync_events.server_pos, sync_events.conflict "
               "FROM sync_events JOIN events ON events.id = sync_events.event_id "
               "ORDER BY events.position")
    op.drop_table("sync_events")


def downgrade() -> None:
    op.create_table(
        "sync_events",
        sa.Column("event_id", sa.String(36), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("server_pos", sa.Integer),
        sa.Column("conflict", sa.Text),
    )
    op.create_index("ix_sync_events_server_pos", "sync_events", ["server_pos"])
    op.create_index("ix_sync_events_conflict", "sync_events", ["conflict"])
    op.execute("INSERT INTO sync_events (event_id, server_pos, conflict) "
               "SELECT events.id, sync_marks.server_pos, sync_marks.conflict "
               "FROM sync_marks JOIN events ON events.position = sync_marks.event_pos")
    op.drop_table("sync_marks")
