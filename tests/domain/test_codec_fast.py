"""The codec's limits only ever refuse more, and its trusted reader builds the same orders.

`codec_reference` is the codec as it was before its fast paths and before the limits of
domain/limits.py (which dropped the fast paths of order_from_dict: one plain reader per
field). For every generated dict, valid or broken, an order the codec accepts is one the
reference accepted and built the same way (the limits lost no valid order and changed
none); and the trusted `order_from_state` builds that same order again.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.codec import order_from_dict, order_from_state, order_to_dict
from desktop_app.domain.money import Money
from desktop_app.domain.order import Rating
from desktop_app.domain.timeutil import (
    TimestampError,
    format_ts,
    parse_ts,
    to_stored,
    ts_from_stored,
)
from desktop_app.services.demo import Generator, UnitSpec
from tests.conftest import order_fields
from tests.domain import codec_reference as reference

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@functools.cache
def demo_dicts() -> tuple[dict, ...]:
    """Order states and creation snapshots of a few hundred demo orders (every story)."""
    gen = Generator(UnitSpec(1, 0, 0, NOW, 0, 400, tuple(f"FO{i:06d}" for i in range(400))))
    gen.build()
    states = [order_to_dict(o) for o in gen.orders]
    snapshots = [e.data["order"] for e in gen.events if e.kind == "order_created"]
    return tuple(states + snapshots + [order_fields()])


# Fields added after the frozen reference: it reads the rest, and these are read plainly
# here; the marketplace and delivery days are set aside on today's side (as_reference).
NEWER = ("rating", "tips", "fee", "cleared_at")
CLOCK = ("marketplace", "delivery_days")


def reference_from_dict(data: dict):
    newer = {key: data.pop(key) for key in NEWER if key in data}
    for key in CLOCK:
        data.pop(key, None)
    order = reference.order_from_dict(data)
    cur = order.price.currency
    rating = newer.get("rating")
    if rating is not None:
        order.rating = Rating(rating["stars"], rating.get("text") or "",
                              reference.parse_ts(rating["at"]))
    order.tips_minor = Money.parse(newer.get("tips", "0"), cur).minor
    fee = newer.get("fee")
    order.fee_minor = None if fee is None else Money.parse(fee, cur).minor
    cleared = newer.get("cleared_at")
    order.cleared_at = None if cleared is None else reference.parse_ts(cleared)
    return order


def reference_to_dict(order) -> dict:
    out = reference.order_to_dict(order)
    cur = order.price.currency
    if order.tips_minor:
        out["tips"] = Money(order.tips_minor, cur).amount_str()
    if order.fee_minor is not None:
        out["fee"] = Money(order.fee_minor, cur).amount_str()
    if order.cleared_at is not None:
        out["cleared_at"] = reference.format_ts(order.cleared_at)
    if order.rating is not None:
        out["rating"] = {"stars": order.rating.stars, "text": order.rating.text,
                         "at": reference.format_ts(order.rating.at)}
    return out


def outcome(parse, data) -> tuple[str, str]:
    try:
        return "order", repr(parse(copy.deepcopy(data)))
    except Exception as exc:  # noqa: BLE001 - the kind and words of any refusal must match
        return type(exc).__name__, str(exc)


def reference_outcome(data) -> tuple[str, str]:
    return outcome(reference_from_dict, data)


def as_reference(parse):
    def parsed(data):
        return dataclasses.replace(parse(data), marketplace="fiverr", delivery_days=None)
    return parsed


ODD_VALUES = st.sampled_from([
    None, "", "   ", "x", 0, -1, 1, 7, True, False, 2.5, [], {}, ["a", " ", ""], ["a", 3],
    {"path": "a", "size": 1, "sha256": "b"}, {"path": " ", "size": 1, "sha256": "b"},
    {"path": "a", "size": -1, "sha256": "b"}, {"path": "a", "size": True, "sha256": "b"},
    {"path": "a", "size": 1, "sha256": "b", "extra": 1},
    "2026-11-01T09:30:00", " 2026-11-01T09:30:00Z ", "2026-11-01T11:30:00+02:00",
    "2026-11-01T09:30:00.5Z", "2026-11-01 09:30:00Z", "2026-11-01T09:30:00-00:00",
    "1999-01-01T00:00:00Z", "2099-01-01T00:00:00+14:00", "not a time",
    "120", "120.5", "120.001", "120.000", "-5.00", " 12.00 ", "\uff11\uff12.00", "1e3", "0",
    "0.00", "007.50", "99999999999999999999.00", 12, "USD", "usd", "JPY", "EUR",
    "in_progress", "completed", "cancelled", "paused", "in_scope", "maybe", "buyer", "mutual",
    "extension", "partial_refund", "open", "accepted", "r9",
])


def odd(draw):
    return copy.deepcopy(draw(ODD_VALUES))  # a fresh copy: never a value inside itself


@st.composite
def mutated(draw) -> dict:
    """A demo dict with up to three changes: a value replaced, a key dropped or added."""
    data = copy.deepcopy(draw(st.sampled_from(demo_dicts())))
    for _ in range(draw(st.integers(0, 3))):
        slots = list(_slots(data))
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["set", "set", "set", "drop", "add"]))
        if action == "drop" and isinstance(container, dict):
            container.pop(key, None)
        elif action == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(["colour", "id", "notes", "extras", "refunded",
                                            "history", "exempt", "hours", "marketplace",
                                            "delivery_days", "tips", "fee", "cleared_at",
                                            "rating"]))] = odd(draw)
        else:
            container[key] = odd(draw)
    return data


def _slots(value):
    """(container, key) for every value inside `value`, the dict itself included."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, inner in list(items):
        yield value, key
        if isinstance(inner, (dict, list)) and inner:
            yield from _slots(inner)


SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(data=mutated())
def test_order_from_dict_refuses_more_than_the_reference_and_builds_the_same(data):
    got = outcome(order_from_dict, data)
    if got[0] == "order":  # valid: the reference and the trusted reader build the same order
        assert reference_outcome(data) == outcome(as_reference(order_from_dict), data)
        assert outcome(order_from_state, data) == got
    else:
        assert got[0] == "FieldError"


def test_every_demo_order_parses_the_same_three_ways():
    for data in demo_dicts():
        assert reference_outcome(data) == outcome(as_reference(order_from_dict), data)
        assert outcome(order_from_state, data) == outcome(order_from_dict, data)


def test_state_round_trip_is_exact():
    for data in demo_dicts():
        order = order_from_state(data)
        once = order_to_dict(order)
        assert order_to_dict(order_from_state(once)) == once
        assert order_to_dict(order_from_dict(once)) == once
        assert (once.pop("marketplace"), once.pop("delivery_days")) == (order.marketplace,
                                                                        order.days)
        assert once == reference_to_dict(order)


ZONES = st.builds(lambda minutes: timezone(timedelta(minutes=minutes)),
                  st.integers(-23 * 60 - 59, 23 * 60 + 59))
MOMENTS = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9999, 12, 30),
                       timezones=st.one_of(st.just(UTC), ZONES))


@settings(max_examples=500, deadline=None)
@given(moment=MOMENTS)
def test_timestamps_format_and_parse_as_before(moment):
    text = format_ts(moment)
    assert text == reference.format_ts(moment)
    for form in (text, moment.isoformat(), f" {moment.isoformat()} ",
                 moment.isoformat(timespec="microseconds")):
        assert repr(parse_ts(form)) == repr(reference.parse_ts(form))
    utc = moment.astimezone(UTC)
    assert ts_from_stored(to_stored(utc)) == text


@pytest.mark.parametrize("bad", [None, 5, "", "2026-11-01T09:30:00", "soon", " 2026-13-01Z"])
def test_bad_timestamps_are_refused_with_the_same_words(bad):
    with pytest.raises(TimestampError) as new:
        parse_ts(bad)
    with pytest.raises(TimestampError) as old:
        reference.parse_ts(bad)
    assert str(new.value) == str(old.value)
