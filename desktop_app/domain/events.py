"""Events: every change to an order is one, appended and never changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ORDER_CREATED = "order_created"
ORDER_REPLACED = "order_replaced"  # an import brought a newer snapshot
ORDER_EDITED = "order_edited"
REQUIREMENTS_RECEIVED = "requirements_received"
DELIVERED = "delivered"
REVISION_REQUESTED = "revision_requested"
VERDICT_OVERRIDDEN = "verdict_overridden"
REQUEST_OPENED = "request_opened"
REQUEST_ANSWERED = "request_answered"
CANCELLED = "cancelled"
COMPLETED = "completed"
NOTE_EDITED = "note_edited"

KINDS = (ORDER_CREATED, ORDER_REPLACED, ORDER_EDITED, REQUIREMENTS_RECEIVED, DELIVERED,
         REVISION_REQUESTED, VERDICT_OVERRIDDEN, REQUEST_OPENED, REQUEST_ANSWERED, CANCELLED,
         COMPLETED, NOTE_EDITED)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Event:
    order_id: str
    kind: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    device_id: str = ""
    device_seq: int = 0
