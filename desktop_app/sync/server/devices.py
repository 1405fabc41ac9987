"""Devices of an account: registration, their keys, and who may act as which.

A device registers once per server and gets a key (random, shown once, only its
SHA-256 stored, as for tokens). Pushes and pulls name a device and carry its
key: a token holder cannot push as a sibling device, whose later events would
then be taken for ones the server had seen. An unknown device, another
account's and a wrong key all get the same answer, so none tells that an id
exists.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import Connection, Engine, insert, select, update

from desktop_app.domain.timeutil import to_stored
from desktop_app.sync.server.errors import ApiError, Conflict, NotFound
from desktop_app.sync.server.schema import devices

KEY_HEADER = "X-Device-Key"


class DeviceRefused(ApiError):
    status = 403
    code = "device_key"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def register(engine: Engine, account_id: int, device_id: str, now: datetime) -> str:
    """Register `device_id` in the account; return its key (the only time it is told).

    A device from before keys (no key yet) is claimed by its own account's first
    registration. An id already registered, here or elsewhere, is refused (409
    device_taken): the device picks a new id, it never shares one.
    """
    key = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(select(devices.c.account_id, devices.c.key_hash)
                           .where(devices.c.id == device_id)).first()
        if row is None:
            conn.execute(insert(devices).values(id=device_id, account_id=account_id,
                                                last_seq=0, last_seen_at=to_stored(now),
                                                key_hash=_hash(key)))
        elif row.account_id == account_id and row.key_hash is None:
            conn.execute(update(devices).where(devices.c.id == device_id)
                         .values(key_hash=_hash(key), last_seen_at=to_stored(now)))
        else:
            raise Conflict(f"The device id {device_id} is registered already; "
                           "register under a new id", code="device_taken")
    return key


def last_seq(conn: Connection, account_id: int, device_id: str, key: str | None) -> int:
    """The highest seq the device has pushed, once its key is checked (DeviceRefused)."""
    row = conn.execute(select(devices.c.account_id, devices.c.key_hash, devices.c.last_seq)
                       .where(devices.c.id == device_id)).first()
    if (row is None or row.account_id != account_id or row.key_hash is None or key is None
            or not secrets.compare_digest(row.key_hash, _hash(key))):
        raise DeviceRefused(f"Device {device_id} is not registered in this account with "
                            f"this key ({KEY_HEADER}); register it (POST /v1/devices)")
    return row.last_seq


def info(engine: Engine, account_id: int, device_id: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.id == device_id,
                                                 devices.c.account_id == account_id)).first()
    if row is None:
        raise NotFound(f"No device {device_id} in this account")
    return {"device_id": row.id, "acknowledged_seq": row.last_seq,
            "last_seen_at": row.last_seen_at}
