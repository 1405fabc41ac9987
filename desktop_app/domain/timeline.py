"""Events in plain words, for the timeline and `gigdesk show`."""

from __future__ import annotations

from desktop_app.domain import events as ev
from desktop_app.domain.events import Event
from desktop_app.domain.requests import KIND_LABELS


def _files(count: int) -> str:
    return "no files" if count == 0 else "1 file" if count == 1 else f"{count} files"


def describe_event(event: Event) -> str:
    data = event.data
    kind = event.kind
    if kind == ev.ORDER_CREATED:
        return f"Order placed by {data['order'].get('buyer', 'the buyer')}"
    if kind == ev.ORDER_REPLACED:
        return "Order updated from an imported file"
    if kind == ev.ORDER_EDITED:
        return "Order edited: " + ", ".join(name.replace("_", " ") for name in sorted(data))
    if kind == ev.REQUIREMENTS_RECEIVED:
        return "Buyer sent the requirements"
    if kind == ev.DELIVERED:
        return f"Delivered with {_files(len(data.get('files', [])))}"
    if kind == ev.REVISION_REQUESTED:
        points = len(data.get("points", []))
        if not points:
            return "Buyer asked for a revision"
        return f"Buyer asked for a revision ({points} point{'s' if points > 1 else ''})"
    if kind == ev.VERDICT_OVERRIDDEN:
        return f"Point {data['point'] + 1} judged {data['verdict'].replace('_', ' ')} by you"
    if kind == ev.REQUEST_OPENED:
        return _request_opened(data.get("request", {}))
    if kind == ev.REQUEST_ANSWERED:
        how = " (no answer within the deadline)" if data.get("by_timeout") else ""
        return f"Request {data.get('status')}{how}"
    if kind == ev.CANCELLED:
        reason = f": {data['reason']}" if data.get("reason") else ""
        return f"Cancelled by {data.get('by')}{reason}"
    if kind == ev.COMPLETED:
        return "Buyer accepted the delivery: completed"
    if kind == ev.NOTE_EDITED:
        return "Notes edited"
    if kind == ev.TIP_RECEIVED:
        return f"Buyer tipped {data.get('amount')}"
    if kind == ev.RATED:
        return f"Buyer rated the order {data.get('stars')} of 5"
    return kind.replace("_", " ").capitalize()


def _request_opened(request: dict) -> str:
    kind = request.get("kind", "")
    words = KIND_LABELS.get(kind, kind)
    if kind == "extension":
        return f"Extension of {request.get('days')} days requested"
    if kind == "extra":
        return f"Extra offered: {request.get('amount')} for {', '.join(request.get('items', []))}"
    if kind == "partial_refund":
        return f"Partial refund of {request.get('amount')} offered"
    return f"{words.capitalize()} requested"
