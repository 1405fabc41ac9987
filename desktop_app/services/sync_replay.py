"""Deterministic replay for sync, shared by the device and the reference server.

Both sides fold an order's events in the server's order, then (on a device)
the events it has not pushed yet. An event that does not apply is kept and
marked as a conflict instead of being dropped or stopping the replay:

- ``refused``: the lifecycle refused it (delivered after a cancellation ...);
  the order is as if it had not happened.
- ``ref``: it created an order whose ref another order of the account holds;
  it applies under the ref ``REF~<first 8 characters of the order id>``.
- ``notes``: a note edit made without seeing another device's note edit; it
  applies (last one wins) and the seller picks between the two versions.

The server decides the verdict of each event once; a device follows it, so
device and server agree whatever the devices' clocks say.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.events import Event
from desktop_app.domain.order import Order
from desktop_app.domain.profile import MarketplaceProfile

REFUSED = "refused"
REF = "ref"
NOTES = "notes"
APPLIES = {REF, NOTES}  # conflicts whose event still changes the order
SNAPSHOTS = (ev.ORDER_CREATED, ev.ORDER_REPLACED)

RefTaken = Callable[[str, str], bool]  # (ref, order id) -> another order holds the ref


def dumps(conflict: dict | None) -> str | None:
    return None if conflict is None else json.dumps(conflict, sort_keys=True)


def loads(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def renamed_ref(ref: str, order_id: str) -> str:
    """The ref an order keeps when another holds its own: the end of its id, which is
    random (the start of a version-7 id is the time it was made, shared by orders made
    in the same minute)."""
    return f"{ref}~{order_id[-8:]}"


def snapshot_ref(event: Event) -> str | None:
    order = event.data.get("order") if isinstance(event.data, dict) else None
    ref = order.get("ref") if isinstance(order, dict) else None
    return ref if isinstance(ref, str) else None


class OrderReplay:
    """One order folded event by event; a refused event leaves it as it was.

    Events are applied in place (fast); when one fails half-way the order is
    rebuilt from the starting state and the events accepted so far.
    """

    def __init__(self, start: Order | None, profile: MarketplaceProfile | None = None, *,
                 fresh_start: Callable[[], Order | None] | None = None):
        """`fresh_start`, when given, makes a new copy of the starting state (the
        server parses it from its stored JSON: cheaper than copying `start`)."""
        self.start = start
        self.profile = profile
        self._fresh_start = fresh_start or (lambda: None if start is None else _copy(start))
        self.order = self._fresh_start()
        self.accepted: list[Event] = []

    def step(self, event: Event, verdict: dict | None = None, *, decided: bool = False,
             ref_taken: RefTaken | None = None, notes_rival: str | None = None
             ) -> dict | None:
        """Apply one event; return its conflict mark (None when it simply applied).

        `decided`: the server already judged it and `verdict` is its mark, to follow.
        """
        if decided:
            return self._follow(event, verdict)
        if event.kind == ev.ORDER_CREATED and ref_taken is not None:
            ref = snapshot_ref(event)
            if ref is not None and ref_taken(ref, event.order_id):
                return self._rename(event, ref)
        if event.kind == ev.ORDER_REPLACED and ref_taken is not None:
            ref = snapshot_ref(event)
            if ref is not None and ref_taken(ref, event.order_id):
                return {"type": REFUSED, "reason": f"ref {ref} belongs to another order"}
        reason = self._apply(event)
        if reason is not None:
            return {"type": REFUSED, "reason": reason}
        if notes_rival is not None:
            return {"type": NOTES, "other": notes_rival,
                    "reason": "the notes were edited on two devices"}
        return None

    def _follow(self, event: Event, verdict: dict | None) -> dict | None:
        kind = (verdict or {}).get("type")
        if kind == REFUSED:
            return verdict
        if kind == REF:
            renamed = _with_ref(event, verdict.get("ref", ""))
            reason = self._apply(renamed)
        else:
            reason = self._apply(event)
        if reason is not None:  # the server applied it; only a bug or a bad copy gets here
            return {"type": REFUSED, "reason": reason}
        return verdict

    def _rename(self, event: Event, ref: str) -> dict:
        new_ref = renamed_ref(ref, event.order_id)
        reason = self._apply(_with_ref(event, new_ref))
        if reason is not None:
            return {"type": REFUSED, "reason": reason}
        return {"type": REF, "ref": new_ref,
                "reason": f"another order already has the ref {ref}; kept as {new_ref}"}

    def _apply(self, event: Event) -> str | None:
        try:
            self.order = lifecycle.apply_in_place(self.order, event, self.profile)
        except Exception as exc:  # noqa: BLE001 - any event that does not apply is a conflict
            self._rebuild()
            return str(exc) or type(exc).__name__
        self.accepted.append(event)
        return None

    def _rebuild(self) -> None:
        order = self._fresh_start()
        for event in self.accepted:
            order = lifecycle.apply(order, event, self.profile)
        self.order = order


def _with_ref(event: Event, ref: str) -> Event:
    data = dict(event.data)
    data["order"] = {**data.get("order", {}), "ref": ref}
    return replace(event, data=data)


def _copy(order: Order) -> Order:
    from desktop_app.domain.codec import order_from_dict, order_to_dict

    copied = order_from_dict(order_to_dict(order))
    copied.id = order.id
    return copied
