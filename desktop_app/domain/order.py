"""The order and the records it carries. Plain data; rules live in lifecycle."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from desktop_app.domain.limits import MAX_DAYS
from desktop_app.domain.money import Money


class Status(StrEnum):
    AWAITING_REQUIREMENTS = "awaiting_requirements"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    REVISION_REQUESTED = "revision_requested"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in (Status.COMPLETED, Status.CANCELLED)


STATUS_LABELS = {
    Status.AWAITING_REQUIREMENTS: "Awaiting requirements",
    Status.IN_PROGRESS: "In progress",
    Status.DELIVERED: "Delivered",
    Status.REVISION_REQUESTED: "Revision requested",
    Status.COMPLETED: "Completed",
    Status.CANCELLED: "Cancelled",
}

CANCELLED_BY = ("buyer", "seller", "mutual", "support")
REQUEST_KINDS = ("extension", "extra", "partial_refund", "cancellation")
REQUEST_STATUSES = ("open", "accepted", "declined", "withdrawn")
# A revision point's verdict: inside the package, new work (priced apart), or unclear.
IN_SCOPE = "in_scope"
OUT_OF_SCOPE = "out_of_scope"
UNCLEAR = "unclear"
VERDICTS = (IN_SCOPE, OUT_OF_SCOPE, UNCLEAR)


@dataclass
class DeliveredFile:
    path: str
    size: int
    sha256: str


@dataclass
class Delivery:
    number: int
    delivered_at: datetime
    message: str
    files: list[DeliveredFile] = field(default_factory=list)


@dataclass
class RevisionPoint:
    text: str
    verdict: str
    matched_item: int | None = None
    reason: str = ""
    overridden: bool = False
    hours: str | None = None  # decimal string, the seller's estimate


@dataclass
class RevisionRequest:
    received_at: datetime
    text: str
    points: list[RevisionPoint] = field(default_factory=list)


@dataclass
class ResolutionRequest:
    id: str
    kind: str
    status: str
    sent_at: datetime
    expires_at: datetime | None
    reason: str = ""
    message: str = ""
    days: int | None = None
    amount_minor: int | None = None
    items: list[str] = field(default_factory=list)
    by: str | None = None  # who initiated a cancellation
    answered_at: datetime | None = None
    by_timeout: bool = False
    # A partial refund on an order not in the profile's reference currency: the rate the
    # seller confirmed, "reference units per 1 order unit" as a decimal string.
    rate: str | None = None


@dataclass
class Cancellation:
    by: str
    reason: str = ""
    exempt: bool | None = None


@dataclass
class Rating:
    """The buyer's review of a completed order: 1 to 5 stars, its words, when it came."""
    stars: int
    text: str
    at: datetime


@dataclass
class Order:
    id: str
    ref: str
    buyer: str
    gig: str
    package: str
    price: Money
    ordered_at: datetime
    due_at: datetime
    revisions_included: int | None
    scope: list[str] = field(default_factory=list)
    status: Status = Status.AWAITING_REQUIREMENTS
    requirements_at: datetime | None = None
    delivered_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    revisions_used: int = 0
    notes: str = ""
    reordered_as: str | None = None
    cancellation: Cancellation | None = None
    extras_minor: int = 0
    refunded_minor: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    revision_requests: list[RevisionRequest] = field(default_factory=list)
    requests: list[ResolutionRequest] = field(default_factory=list)
    last_activity_at: datetime | None = None
    marketplace: str = "fiverr"  # a key of profile.PROFILES; its rules govern the order
    # The package's delivery time; None for an order built without one (see days_between).
    delivery_days: int | None = None
    rating: Rating | None = None
    tips_minor: int = 0
    fee_minor: int | None = None  # what the marketplace charged, when known; None: compute it
    cleared_at: datetime | None = None  # when the earnings cleared, when known

    @property
    def open_request(self) -> ResolutionRequest | None:
        return next((r for r in self.requests if r.status == "open"), None)

    @property
    def days(self) -> int:
        """The delivery time in days: as given, or what ordered_at..due_at spans."""
        if self.delivery_days is not None:
            return self.delivery_days
        return days_between(self.ordered_at, self.due_at)

    @property
    def total_price(self) -> Money:
        return Money(self.price.minor + self.extras_minor, self.price.currency)



def days_between(start: datetime, end: datetime) -> int:
    """Whole days from start to end, rounded up; at least 1, at most MAX_DAYS."""
    days = math.ceil((end - start) / timedelta(days=1))
    return min(max(days, 1), MAX_DAYS)
