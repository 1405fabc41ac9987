"""The server's tables. Every row belongs to one account; queries always filter by it.

Positions are the server's global order of events: the order every device
replays. Timestamps are the same fixed-width UTC text as on a device.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
Position = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(27), nullable=False),
    Column("pushes", BigInteger, nullable=False, default=0),  # bumped to lock the account
    Column("token_expires_at", String(27)),  # null: the token does not expire
    Column("token_revoked_at", String(27)),  # set: refused until `token rotate`
)

devices = Table(
    "devices", metadata,
    Column("id", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("last_seen_at", String(27), nullable=False),
    # SHA-256 of the device's key (issued at registration): only the device that holds
    # the key pushes or pulls as it. Null for a device from before keys (s0004): the
    # first registration from its own account claims it.
    Column("key_hash", String(64)),
    Index("ix_devices_account", "account_id"),
)

# Order ids are the devices' own uuids: scoped by account (the key is both), so no
# account can take an id another account's devices will push later.
orders = Table(
    "orders", metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("ref", String(200)),
    Column("state", Text),  # null while no event created it
    # How many of the account's events are this order's (refused ones included): a pull
    # page holding that many has the order's whole history, so it can carry the state.
    Column("event_count", BigInteger, nullable=False, default=0, server_default="0"),
    UniqueConstraint("account_id", "ref", name="uq_orders_account_ref"),
)

events = Table(
    "events", metadata,
    Column("position", Position, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("id", String(64), nullable=False),
    Column("order_id", String(64), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("at", String(27), nullable=False),
    Column("data", Text, nullable=False),
    # The device that pushed the event, and the event's place in what that device sent
    # (increasing, never reused: a device whose database went back registers anew).
    Column("device_id", String(64), ForeignKey("devices.id"), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("conflict", Text),
    UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
    UniqueConstraint("account_id", "id", name="uq_events_account_id"),
    ForeignKeyConstraint(["account_id", "order_id"], ["orders.account_id", "orders.id"],
                         name="fk_events_order"),
    Index("ix_events_account_position", "account_id", "position"),
    Index("ix_events_account_order", "account_id", "order_id", "kind"),
)

files = Table(
    "files", metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False),  # == size once complete and verified
    Column("complete", Integer, nullable=False, default=0),
)
