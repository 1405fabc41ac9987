"""The stored and the exchange texts of a timestamp, and the shortcuts between them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.timeutil import (
    TimestampError,
    format_ts,
    from_stored,
    parse_ts,
    stored_from_ts,
    to_stored,
    ts_from_stored,
)

moments = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                                  timezone(-timedelta(hours=8))]))


@given(moments)
def test_the_stored_text_is_fixed_width_utc_and_reads_back(moment):
    text = to_stored(moment)
    assert len(text) == 27 and text.endswith("Z")
    assert from_stored(text) == moment and from_stored(text).tzinfo is UTC
    assert text == moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@given(moments)
def test_the_shortcuts_give_what_the_datetimes_give(moment):
    assert ts_from_stored(to_stored(moment)) == format_ts(moment)
    assert stored_from_ts(format_ts(moment)) == to_stored(parse_ts(format_ts(moment)))


def test_none_stays_none_and_naive_is_refused():
    assert to_stored(None) is None and from_stored(None) is None
    assert stored_from_ts(None) is None
    with pytest.raises(TimestampError):
        to_stored(datetime(2026, 1, 1))
