"""Request and response bodies of the sync API (they make its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, field_validator

from desktop_app.domain.timeutil import TimestampError, parse_ts

MAX_EVENTS_PER_PUSH = 50_000
MAX_PULL = 50_000
MAX_SEQ = 2**53 - 1  # exact in every JSON implementation, fits a 64-bit column
ID = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
KIND = r"^[a-z][a-z_]{0,63}$"
SHA256 = r"^[0-9a-f]{64}$"
YEARS = r"^(19|2[0-9])[0-9]{2}-"


def _integral(value: Any) -> Any:
    """2.0 is an integer as JSON Schema means it; anything else is left to StrictInt,
    which refuses booleans (lax pydantic took `false` for 0) and strings."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


JsonInt = Annotated[StrictInt, BeforeValidator(_integral)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every 4xx answer: a stable code for programs and one sentence for people."""

    error: ErrorDetail


class PushEvent(Strict):
    id: str = Field(pattern=ID)
    order_id: str = Field(pattern=ID)
    kind: str = Field(pattern=KIND)
    at: str = Field(max_length=40, pattern=YEARS, json_schema_extra={"format": "date-time"},
                    description="RFC 3339 with a zone, years 1900-2999")
    data: dict[str, Any]
    device_seq: int = Field(ge=1, le=MAX_SEQ)
    base: int | None = Field(default=None, ge=0, le=MAX_SEQ,
                             description="the device's pull cursor when it made this event")

    @field_validator("at")
    @classmethod
    def _zoned(cls, value: str) -> str:
        try:
            moment = parse_ts(value)
        except TimestampError as exc:
            raise ValueError(str(exc)) from None
        if not 1900 <= moment.year <= 2999:
            raise ValueError("the year must be between 1900 and 2999")
        return value

    def parsed_at(self) -> datetime:
        return parse_ts(self.at)


class PushRequest(Strict):
    device_id: str = Field(pattern=ID)
    events: list[PushEvent] = Field(max_length=MAX_EVENTS_PER_PUSH)


class Verdict(BaseModel):
    id: str
    device_seq: int
    position: int
    conflict: dict[str, Any] | None


class PushResponse(BaseModel):
    acknowledged_seq: int
    results: list[Verdict]


class PullRequest(Strict):
    device_id: str = Field(pattern=ID)
    cursor: JsonInt = Field(default=0, ge=0, le=MAX_SEQ)
    limit: JsonInt = Field(default=5000, ge=1, le=MAX_PULL)


class PulledEvent(BaseModel):
    position: int
    id: str
    order_id: str
    kind: str
    at: str
    data: dict[str, Any]
    device_id: str
    device_seq: int
    conflict: dict[str, Any] | None


class PullResponse(BaseModel):
    events: list[PulledEvent]
    cursor: int
    more: bool
    acknowledged_seq: int
    states: dict[str, str] = Field(
        default_factory=dict,
        description="order id -> the server's state of the order (JSON text), for orders "
        "created in this page whose every event is in it; a device with no events of its "
        "own for such an order may store it instead of replaying the page's events")


class RegisterRequest(Strict):
    device_id: str = Field(pattern=ID)


class Registered(BaseModel):
    device_id: str
    device_key: str = Field(description="sent as X-Device-Key with every push and pull; "
                            "shown only once")


class DeviceInfo(BaseModel):
    device_id: str
    acknowledged_seq: int
    last_seen_at: str


class OrderInfo(BaseModel):
    id: str
    ref: str | None
    state: dict[str, Any] | None
    events: int
    conflicts: int
    history: list[PulledEvent] | None = None


class FileStatus(BaseModel):
    sha256: str
    size: int
    received: int
    complete: bool


class Health(BaseModel):
    status: str
    version: str
