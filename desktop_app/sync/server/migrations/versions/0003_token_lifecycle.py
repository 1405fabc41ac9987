"""Tokens can expire and be revoked: an account keeps when its token stops working.

Revision ID: s0003
Revises: s0002
"""

import sqlalchemy as sa
from alembic import op

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("token_expires_at", sa.String(27)))
        batch.add_column(sa.Column("token_revoked_at", sa.String(27)))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("token_revoked_at")
        batch.drop_column("token_expires_at")
