"""Order ids scoped by account, and device keys.

Order ids were one global key: an account could push an event with an id that
another account's device would push later, and every sync of that account then
failed. The key becomes (account, id). Devices get a key issued at registration
(only its hash is stored), so a device can push and pull only as itself.

Revision ID: s0004
Revises: s0003
"""

import sqlalchemy as sa
from alembic import op

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None

# SQLite's constraints have no names: batch mode names them by this convention.
_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


def _names() -> tuple[str, str]:
    """(the events -> orders foreign key, the orders primary key) as this database calls them."""
    found = sa.inspect(op.get_bind())
    fk = next((f["name"] for f in found.get_foreign_keys("events")
               if f["referred_table"] == "orders"), None)
    pk = found.get_pk_constraint("orders").get("name")
    return fk or "fk_events_order_id_orders", pk or "pk_orders"


def _rekey(order_key: list[str], event_fk: tuple[list[str], list[str]]) -> None:
    fk, pk = _names()
    with op.batch_alter_table("events", naming_convention=_NAMES) as batch:
        batch.drop_constraint(fk, type_="foreignkey")
    with op.batch_alter_table("orders", naming_convention=_NAMES, recreate="auto") as batch:
        batch.drop_constraint(pk, type_="primary")
        batch.create_primary_key("pk_orders", order_key)
    with op.batch_alter_table("events", naming_convention=_NAMES) as batch:
        batch.create_foreign_key("fk_events_order", "orders", *event_fk)


def upgrade() -> None:
    _rekey(["account_id", "id"], (["account_id", "order_id"], ["account_id", "id"]))
    op.drop_index("ix_events_order", table_name="events")
    op.create_index("ix_events_account_order", "events", ["account_id", "order_id", "kind"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("key_hash", sa.String(64)))


def downgrade() -> None:
    op.drop_index("ix_events_account_order", table_name="events")
    op.create_index("ix_events_order", "events", ["order_id", "kind"])
    _rekey(["id"], (["order_id"], ["id"]))
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("key_hash")
