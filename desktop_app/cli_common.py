"""What every command shares: the data dir, the order book, refusals, --at."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

EXIT_REFUSED = 2


class CliError(Exception):
    """A refusal to report as one line on stderr."""


def default_data_dir() -> Path:
    env = os.environ.get("GIGDESK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("GigDesk", "GigDesk"))


def parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    from desktop_app.domain.timeutil import TimestampError, parse_ts

    try:
        return parse_ts(text)
    except TimestampError as exc:
        raise CliError(f"--at: {exc}") from None


def open_book(data_dir: Path):
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    book = OrderBook(Database(data_dir))
    book.apply_timeouts()  # silence that passed while the app was closed has answered
    return book
