"""Draft a calm answer to a revision request from its judged points.

The draft thanks the buyer, lists what will be revised, explains new work with
an effort breakdown and an extra at a suggested price, and asks specific
questions about unclear points. It never mentions ratings; the tests hold every
draft to `tone.check`.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal

from desktop_app.domain import tone
from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR
from desktop_app.domain.scope import RequestPoint

# Words a buyer uses for parts of the work; a question names the one they mentioned.
_ASPECTS = (
    "colour",
    "color",
    "font",
    "text",
    "layout",
    "icon",
    "image",
    "music",
    "voice",
    "tone",
    "title",
    "spacing",
    "size",
    "style",
    "wording",
    "design",
)


def suggest_extra_price_minor(hours: Decimal, hourly_rate_minor: int, step_minor: int) -> int:
    """hours × rate, rounded up to the marketplace's price step (all in minor units)."""
    if hours < 0 or hourly_rate_minor < 0:
        raise ValueError("hours and the hourly rate cannot be negative")
    if step_minor <= 0:
        raise ValueError("the price step must be positive")
    steps = (Decimal(hours) * hourly_rate_minor / step_minor).to_integral_value(ROUND_CEILING)
    return int(steps) * step_minor


def draft_reply(
    buyer: str,
    points: list[RequestPoint],
    scope_items: list[str],
    *,
    extra_price: str | None = None,
    hours: dict[int, Decimal] | None = None,
) -> str:
    """A reply draft the seller edits before sending.

    `points` come from `scope.compare` (possibly overridden by the seller);
    `hours` maps an index into `points` to the estimated effort of that
    out-of-scope point; `extra_price` is the display price of the extra, e.g.
    "$40.00" (format it with `money.Money.display`).
    """
    hours = hours or {}
    sections = [f"Hi {buyer},", "Thank you for your feedback on the delivery."]
    sections += _revised(points)
    sections += _new_work(points, scope_items, extra_price, hours)
    sections += _questions(points, scope_items)
    sections.append(_closing(points))
    return "\n\n".join(sections) + "\n"


def _by_verdict(points: list[RequestPoint], verdict: str) -> list[tuple[int, RequestPoint]]:
    return [(i, p) for i, p in enumerate(points) if p.verdict == verdict]


def _quote(index: int, text: str) -> str:
    """The buyer's words, calmed down; a neutral reference if they would still trip tone.check."""
    calm = re.sub(r"!+", "", text).strip().rstrip(".?")
    if any(f.kind == "shouting" for f in tone.check(calm)):
        calm = calm.lower()
    return f'"{calm}"' if not tone.check(calm) else f"your point {index + 1}"


def _revised(points: list[RequestPoint]) -> list[str]:
    chosen = _by_verdict(points, IN_SCOPE)
    if not chosen:
        return []
    lines = [f"- {_quote(i, p.text)}" for i, p in chosen]
    return ["Included in this order, I will revise:\n" + "\n".join(lines)]


def _hours_text(value: Decimal) -> str:
    amount = format(value.normalize(), "f")
    return f"about {amount} hour" + ("" if value == 1 else "s")


def _new_work(points, scope_items, extra_price, hours) -> list[str]:
    chosen = _by_verdict(points, OUT_OF_SCOPE)
    if not chosen:
        return []
    package = "; ".join(scope_items) if scope_items else "the package as ordered"
    lines = []
    for i, p in chosen:
        effort = f" ({_hours_text(hours[i])})" if i in hours else ""
        lines.append(f"- {_quote(i, p.text)}: {p.reason}{effort}")
    text = f"These requests are new work beyond the original package ({package}):\n" + "\n".join(
        lines
    )
    total = sum((hours[i] for i, _ in chosen if i in hours), Decimal(0))
    if total:
        text += f"\nIn total that is {_hours_text(total)} of work."
    if extra_price:
        text += (
            f"\nI would be glad to do this as an extra for {extra_price}. "
            "If that works for you, I will send the offer here in the order."
        )
    else:
        text += "\nI would be glad to quote this as an extra if you would like to add it."
    return [text]


def _questions(points: list[RequestPoint], scope_items: list[str]) -> list[str]:
    chosen = _by_verdict(points, UNCLEAR)
    if not chosen:
        return []
    lines = [f"- {_question(i, p, scope_items)}" for i, p in chosen]
    return ["So I get the rest exactly right, could you tell me a bit more?\n" + "\n".join(lines)]


def _question(index: int, point: RequestPoint, scope_items: list[str]) -> str:
    words = {w.removesuffix("s") for w in re.findall(r"[a-z]+", point.text.lower())}
    aspect = next((a for a in _ASPECTS if a in words), None)
    if aspect:
        ask = (
            f"what would you like the {aspect} to look or sound like instead? "
            "An example you like would help a lot."
        )
    elif point.matched_item is not None and point.matched_item < len(scope_items):
        ask = (
            f"which part of '{scope_items[point.matched_item]}' should change, "
            "and in what direction?"
        )
    else:
        ask = (
            "which part should change (for example the colours, the layout or the "
            "wording), and could you share an example of a style you like?"
        )
    return f"About {_quote(index, point.text)}: {ask}"


def _closing(points: list[RequestPoint]) -> str:
    if any(p.verdict == UNCLEAR for p in points):
        return "As soon as I hear back, I will get started on the revision.\n\nBest wishes"
    if any(p.verdict == IN_SCOPE for p in points):
        return "I will start on the revision right away and keep you posted.\n\nBest wishes"
    return "Let me know how you would like to proceed.\n\nBest wishes"
