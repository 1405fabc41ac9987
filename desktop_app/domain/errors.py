"""Domain errors, worded for the seller."""

from __future__ import annotations

from typing import Any

_SHOWN_CHARS = 40


class LifecycleError(ValueError):
    """An action the order's state or the marketplace rules do not allow."""


class FieldError(ValueError):
    """A bad value, naming the field that holds it."""

    def __init__(self, field: str, message: str):
        # One line whatever the message quotes: a refusal is one sentence on stderr.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def shown(value: Any) -> str:
    """A value from a file as an error message may quote it: on one line, short, and
    safe for any value (a 5,000-digit number or a list nested a thousand deep has no
    repr worth printing, or none at all)."""
    if isinstance(value, str):
        return repr(value[:_SHOWN_CHARS] + ("…" if len(value) > _SHOWN_CHARS else ""))
    if value is None or isinstance(value, bool | float):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if abs(value) < 10**_SHOWN_CHARS else "a number too long to show"
    return {dict: "an object", list: "a list"}.get(type(value), "a value")
