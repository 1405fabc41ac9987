"""What every command shares: the data dir, the order book, refusals, --at, bounds."""

from __future__ import annotations

import argparse
import math
import os
import sys
from datetime import datetime
from pathlib import Path

EXIT_REFUSED = 2


class CliError(Exception):
    """A refusal to report as one line on stderr."""


def refusal_line(message: str) -> str:
    """The one stderr line of a refusal: a value the seller typed may hold line breaks."""
    text = message.replace("\r", "\\r").replace("\n", "\\n")
    return f"gigdesk: {text}\n"


def whole_number(field: str, minimum: int, maximum: int):
    """An argparse type: a whole number from minimum to maximum, refused naming `field`."""
    def parse(text: str) -> int:
        from desktop_app.domain.bounds import whole
        from desktop_app.domain.errors import FieldError

        try:
            return whole(text, field, minimum, maximum)
        except FieldError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None
    return parse


def seconds(minimum: float, maximum: float):
    """An argparse type: a number of seconds from minimum to maximum (no nan, no inf)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
        if not (math.isfinite(value) and minimum <= value <= maximum):
            raise argparse.ArgumentTypeError(f"must be from {minimum:g} to {maximum:g} "
                                             "seconds")
        return value
    return parse


def default_data_dir() -> Path:
    env = os.environ.get("GIGDESK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("GigDesk", "GigDesk"))


def parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    from desktop_app.domain.bounds import moment
    from desktop_app.domain.errors import FieldError
    from desktop_app.domain.timeutil import TimestampError, parse_ts

    try:
        return moment(parse_ts(text), "--at")
    except TimestampError as exc:
        raise CliError(f"--at: {exc}") from None
    except FieldError as exc:
        raise CliError(str(exc)) from None


def open_book(data_dir: Path):
    """The order book, nothing written: a command that changes something records the
    answers silence gave (settle) only once it has succeeded, so a refusal writes nothing."""
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    return OrderBook(Database(data_dir))


def settle(book) -> None:
    """Silence that passed while the app was closed has answered: record it. An order
    whose answer cannot be applied is skipped and named, never fatal."""
    warn(book.apply_timeouts().failed)


def warn(failed: dict[str, str]) -> None:
    for ref, why in sorted(failed.items()):
        print(f"warning: order {ref}: {why}; skipped", file=sys.stderr)
