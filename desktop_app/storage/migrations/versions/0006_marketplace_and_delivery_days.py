"""Every order names its marketplace and keeps its delivery time in days.

The orders table gets a `marketplace` column (every order so far is a Fiverr one), indexed
for the list's marketplace filter. Each order's state JSON gets `marketplace` and
`delivery_days`: the whole days from its order to its due date as its creation (or last
replacement) snapshot gave them, rounded up, at least one, which is what replaying its
events gives now. Every row is kept; a state that names them already keeps its own values.

The delivery clock now starts at the requirements where the marketplace says so (Fiverr,
Upwork, Legiit). An order whose requirements came is due as its events now say, so that
`gigdesk check` and a sync replay agree with the stored row: its due date moves by the
time the buyer took to send them, unless a due date was set by hand after them.

Revision ID: 0006
Revises: 0005
"""

import json
import math
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MAX_DAYS = 365  # domain.limits.MAX_DAYS when this was written; a migration keeps its own


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("marketplace", sa.String, nullable=False,
                                   server_default="fiverr"))
        batch.create_index("ix_orders_marketplace", ["marketplace"])
    _fill_states()


def delivery_days(ordered_at: str, due_at: str) -> int:
    """Whole days from the stored order time to the stored due time, rounded up, 1 to 365."""
    span = datetime.fromisoformat(due_at) - datetime.fromisoformat(ordered_at)
    return min(max(math.ceil(span.total_seconds() / 86400), 1), MAX_DAYS)


def _fill_states() -> None:
    bind = op.get_bind()
    histories = _histories(bind)
    rows = bind.execute(sa.text("SELECT id, ordered_at, due_at, state FROM orders")).fetchall()
    updates = []
    for order_id, ordered_at, due_at, state in rows:
        data = json.loads(state)
        data.setdefault("marketplace", "fiverr")
        snapshot, shift = _replayed(histories.get(order_id, []), data["marketplace"])
        if "delivery_days" not in data:
            data["delivery_days"] = snapshot.get("delivery_days") or delivery_days(
                *((snapshot["ordered_at"], snapshot["due_at"]) if "due_at" in snapshot
                  and "ordered_at" in snapshot else (ordered_at, due_at)))
        if shift:
            due_at = _stored(datetime.fromisoformat(due_at) + shift)
            data["due_at"] = _format(datetime.fromisoformat(due_at))
        updates.append({"i": order_id, "m": data["marketplace"], "d": due_at,
                        "s": json.dumps(data, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":"))})
    if updates:
        bind.execute(sa.text("UPDATE orders SET state = :s, marketplace = :m, due_at = :d "
                             "WHERE id = :i"), updates)


_SNAPSHOTS = ("order_created", "order_replaced")
_REQUIREMENTS_CLOCK = ("fiverr", "upwork", "legiit")  # where the clock starts at requirements


def _histories(bind) -> dict[str, list[tuple[str, str, dict]]]:
    """Each order's snapshots, requirements and edits, in the order they were recorded."""
    rows = bind.execute(sa.text(
        "SELECT order_id, kind, at, data FROM events WHERE kind IN ('order_created',"
        " 'order_replaced', 'requirements_received', 'order_edited') ORDER BY position"))
    out: dict[str, list] = {}
    for order_id, kind, at, data in rows:
        out.setdefault(order_id, []).append((kind, at, json.loads(data)))
    return out


def _replayed(history: list[tuple[str, str, dict]], marketplace: str
              ) -> tuple[dict, timedelta | None]:
    """The order's last snapshot, and how far the requirements move its due date now."""
    last = max((i for i, (kind, _at, _d) in enumerate(history) if kind in _SNAPSHOTS),
               default=None)
    if last is None:
        return {}, None
    snapshot = history[last][2].get("order") or {}
    shift = None
    for kind, at, data in history[last + 1:]:
        if kind == "requirements_received" and "ordered_at" in snapshot and \
                marketplace in _REQUIREMENTS_CLOCK:
            shift = datetime.fromisoformat(at) - datetime.fromisoformat(snapshot["ordered_at"])
        elif kind == "order_edited" and "due_at" in data:
            shift = None  # a due date set by hand after the requirements stands
    return snapshot, shift


def _stored(moment: datetime) -> str:
    """The orders table's fixed-width UTC text."""
    moment = moment.astimezone(UTC)
    return f"{moment.isoformat()[:19]}.{moment.microsecond:06d}Z"


def _format(moment: datetime) -> str:
    """The state JSON's UTC text: microseconds only when present."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, state FROM orders")).fetchall()
    for order_id, state in rows:
        data = json.loads(state)
        data.pop("marketplace", None)
        data.pop("delivery_days", None)
        bind.execute(sa.text("UPDATE orders SET state = :s WHERE id = :i"),
                     {"s": json.dumps(data, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")), "i": order_id})
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_marketplace")
        batch.drop_column("marketplace")
