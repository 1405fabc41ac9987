"""An event's (device, seq) stamp may repeat; its id stays unique.

A database restored from a backup numbers its new events again from where the
backup stood, and events pulled from the sync server carry the pushing
device's send order: both may meet a stamp this database holds already. The
stamp stays indexed for numbering this device's next event.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", recreate="always") as batch:
        batch.drop_constraint("uq_events_device_seq", type_="unique")
        batch.create_index("ix_events_device_seq", ["device_id", "device_seq"])


def downgrade() -> None:
    with op.batch_alter_table("events", recreate="always") as batch:
        batch.drop_index("ix_events_device_seq")
        batch.create_unique_constraint("uq_events_device_seq", ["device_id", "device_seq"])
