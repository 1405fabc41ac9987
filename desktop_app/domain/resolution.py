"""Before the Resolution Center: the checklist, the least damaging option, the messages.

Pure rules over an order's own data, used by the wizard and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.money import Money
from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import profile_for
from desktop_app.domain.tone import check as tone_check

SITUATIONS = {
    "out_of_scope": "The buyer asks for work outside the scope",
    "more_time": "I need more time",
    "no_answer": "The buyer does not answer",
    "unhappy": "The buyer is unhappy with the delivery",
    "agreed_cancel": "We agreed to cancel",
    "other": "Something else",
}
OPTIONS = {
    "extension": "Extend the delivery date",
    "extra": "Add an extra / modify the order",
    "partial_refund": "Offer a partial refund",
    "cancellation": "Request a cancellation",
    "details": "Ask the buyer for details",
    "support": "Escalate to customer support",
}


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    done: bool
    hint: str


def checklist(order: Order) -> list[CheckItem]:
    """What a calm seller does before opening a request, read from the order's data."""
    last_request = order.revision_requests[-1] if order.revision_requests else None
    judged = last_request is not None and bool(last_request.points)
    out_of_scope = [p for p in last_request.points if p.verdict == "out_of_scope"] \
        if last_request else []
    offered = any(r.kind == "extra" for r in order.requests)
    redelivered = last_request is not None and bool(order.deliveries) and \
        order.deliveries[-1].delivered_at > last_request.received_at
    sent = [d.message for d in order.deliveries] + [r.message for r in order.requests]
    pressure = [f for text in sent for f in tone_check(text) if f.kind == "rating_pressure"]
    return [
        CheckItem("understood", "Feedback understood", judged,
                  "Record the buyer's revision request and judge each point."),
        CheckItem("scope", "Scope clarified", judged and (not out_of_scope or offered),
                  "Answer the out-of-scope points or offer them as an extra."),
        CheckItem("redelivered", "Revised work redelivered", redelivered,
                  "Redeliver the revised files before asking the buyer for anything."),
        CheckItem("no_pressure", "No rating pressure in what was sent", not pressure,
                  "Never mention ratings or reviews; it breaks marketplace rules."),
    ]


def recommend(order: Order, situation: str) -> tuple[str, str]:
    """(option, why): the least damaging option that fits the situation."""
    if situation == "out_of_scope":
        return "extra", "New work is sold as an extra: the order stays and earns more."
    if situation == "more_time":
        return "extension", ("An extension keeps the order alive; silence for 48 hours "
                             "accepts it.")
    if situation == "unhappy":
        if order.status is not Status.AWAITING_REQUIREMENTS and _refund_may_fit(order):
            return "partial_refund", ("A partial refund the buyer accepts keeps the order "
                                      "completed and does not lower the completion rate.")
        return "details", "Ask what exactly to change before anything else."
    if situation == "no_answer":
        if order.status is Status.AWAITING_REQUIREMENTS:
            return "cancellation", ("Without requirements, a cancellation by the buyer is "
                                    "not counted; ask them to cancel.")
        return "extension", "Extend the date while you wait; it costs nothing."
    if situation == "agreed_cancel":
        return "cancellation", ("A mutual cancellation still counts unless the buyer "
                                "reorders within 14 days: suggest a reorder if it fits.")
    return "details", "Ask the buyer for details before choosing."


def _refund_may_fit(order: Order) -> bool:
    """The order is over its marketplace's partial-refund floor, compared in the floor's
    own currency only: an order in another currency is left to the rate the seller
    enters, so a partial refund stays a candidate there."""
    profile = profile_for(order.marketplace)
    floor = profile.refund_min_order_minor
    if floor is None:
        return False  # the marketplace publishes no partial refund rules
    if order.price.currency != profile.reference_currency:
        return True
    return order.price.compare(Money(floor, profile.reference_currency)) > 0


TEMPLATES = {
    "extension": ("Hi {buyer}, thank you for your patience. To deliver work that fully meets "
                  "your requirements I need {days} more day(s); I have sent an extension "
                  "request. Reason: {reason}. I will keep you updated."),
    "extra": ("Hi {buyer}, thanks for the new ideas! {items} go beyond the original package, "
              "so I have sent an offer of {amount} for them ({days} extra day(s)). Everything "
              "in the original scope stays included."),
    "partial_refund": ("Hi {buyer}, I am sorry the delivery did not fully meet your "
                       "expectations. I have offered a partial refund of {amount}. Reason: "
                       "{reason}."),
    "cancellation": ("Hi {buyer}, as discussed, I have sent a cancellation request. Reason: "
                     "{reason}. Thank you for your understanding."),
    "details": ("Hi {buyer}, thank you for your message. Could you tell me exactly which parts "
                "you would like changed, and how? Examples or references help a lot."),
    "support": ("Hi {buyer}, I have asked customer support to help us find the best solution "
                "for this order."),
}


def draft_message(option: str, order: Order, **fields: object) -> str:
    values = {"buyer": order.buyer, "days": "", "reason": "", "amount": "", "items": ""}
    values.update({k: v for k, v in fields.items() if v is not None})
    return TEMPLATES[option].format(**values)
