"""Tables, as SQLAlchemy Core: the event log and the orders projection.

Timestamps are stored as fixed-width UTC text (`2026-11-01T09:30:00.000000Z`):
always zoned, human-readable, and ordered correctly by plain string comparison,
which lets the list sort and filter by due date without parsing.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

orders = Table(
    "orders", metadata,
    Column("id", String(36), primary_key=True),
    Column("ref", String, nullable=False, unique=True),
    Column("buyer", String, nullable=False),
    Column("gig", String, nullable=False),
    Column("package", String, nullable=False, default=""),
    Column("price_minor", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String, nullable=False),
    Column("ordered_at", String(27), nullable=False),
    Column("due_at", String(27), nullable=False),
    Column("delivered_at", String(27)),
    Column("completed_at", String(27)),
    Column("cancelled_at", String(27)),
    Column("revisions_used", Integer, nullable=False, default=0),
    Column("revisions_included", Integer),
    Column("notes", Text, nullable=False, default=""),
    Column("last_activity_at", String(27)),
    Column("open_request", String),
    Column("request_expires_at", String(27)),
    Column("state", Text, nullable=False),
    # Migration 0006: whose rules the order follows; the list filters by it.
    Column("marketplace", String, nullable=False, server_default="fiverr"),
    Index("ix_orders_status", "status"),
    Index("ix_orders_marketplace", "marketplace"),
    Index("ix_orders_due_at", "due_at"),
    Index("ix_orders_request_expires_at", "request_expires_at"),
)

events = Table(
    "events", metadata,
    Column("position", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("order_id", String(36), ForeignKey("orders.id"), nullable=False),
    Column("kind", String, nullable=False),
    Column("at", String(27), nullable=False),
    Column("data", Text, nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("device_seq", Integer, nullable=False),
    # Not unique (0005): a restored database numbers again; pulled events carry the
    # pushing device's send order. The id is the event's identity.
    Index("ix_events_device_seq", "device_id", "device_seq"),
    Index("ix_events_order_id", "order_id", "position"),
)

# Sync bookkeeping (migration 0004): the server's position of each event once
# known, and its conflict mark (JSON, see services/sync_replay.py) when it has one.
# Keyed by the event's local position: marks of a first sync are appended in order.
sync_marks = Table(
    "sync_marks", metadata,
    Column("event_pos", Integer, ForeignKey("events.position"), primary_key=True,
           autoincrement=False),
    Column("server_pos", Integer),
    Column("conflict", Text),
    # Only the few events with a conflict are indexed: the conflicts view reads them.
    Index("ix_sync_marks_conflict", "event_pos", sqlite_where=text("conflict IS NOT NULL")),
)


