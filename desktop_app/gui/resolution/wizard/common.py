"""Small pieces the wizard pages and the request banner share: words, times, error labels."""

from __future__ import annotations

from desktop_app.domain.money import Money
from desktop_app.domain.order import Order, ResolutionRequest
from desktop_app.domain.requests import KIND_LABELS
from desktop_app.domain.timeutil import local_text

KIND_WORDS = {kind: label.capitalize() for kind, label in KIND_LABELS.items()}
BY_WORDS = {"seller": "me (the seller)", "buyer": "the buyer", "mutual": "both of us"}
SILENCE_WORDS = {"extension": "silence = accepted", "cancellation": "silence = order cancelled"}


def camel(key: str) -> str:
    """'partial_refund' -> 'PartialRefund', the suffix of the widget's objectName."""
    return "".join(part.capitalize() for part in key.split("_"))


def order_line(order: Order) -> str:
    return (f"<b>{order.ref}</b> · {order.buyer} · {order.total_price.display()} · "
            f"{order.status.label} · due {local_text(order.due_at)}")


def request_details(order: Order, request: dict) -> list[str]:
    """Plain lines saying what a request asks for (review page, banner)."""
    kind, cur = request["kind"], order.price.currency
    lines = []
    if request.get("days"):
        lines.append(f"{request['days']} more day(s)")
    if request.get("amount"):
        lines.append(Money.parse(str(request["amount"]), cur).display())
    if request.get("items"):
        lines.append("new work: " + "; ".join(request["items"]))
    if kind == "cancellation":
        lines.append(f"initiated by {BY_WORDS.get(request.get('by') or 'seller')}")
    if request.get("reason"):
        lines.append(f"reason: {request['reason']}")
    return lines


def as_request_dict(request: ResolutionRequest, currency: str) -> dict:
    amount = Money(request.amount_minor, currency).amount_str() \
        if request.amount_minor is not None else None
    return {"kind": request.kind, "days": request.days, "amount": amount,
            "items": request.items, "by": request.by, "reason": request.reason}


def outcome_text(order: Order, request: ResolutionRequest) -> str:
    """What an answer did to the order, in the seller's words."""
    kind = KIND_WORDS[request.kind]
    if request.status == "declined":
        text = f"The buyer declined the {kind.lower()} request."
    elif request.status == "withdrawn":
        text = f"The {kind.lower()} request was withdrawn."
    elif request.kind == "extension":
        text = f"Extension accepted: the order is now due {local_text(order.due_at)}."
    elif request.kind == "extra":
        text = f"Extra accepted: the order is now {order.total_price.display()}, " \
               f"due {local_text(order.due_at)}."
    elif request.kind == "partial_refund":
        amount = Money(request.amount_minor or 0, order.price.currency).display()
        text = f"Partial refund of {amount} accepted: the order stays in your completion rate."
    else:
        text = "Cancellation accepted: the order is cancelled."
    if request.by_timeout:
        text = "No answer within 48 hours, so by the marketplace's rule: " + text[0].lower() + \
            text[1:]
    return text
