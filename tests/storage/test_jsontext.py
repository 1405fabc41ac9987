"""The stored JSON text is the text json.dumps gives with our settings, so rows
written by earlier versions and by this one compare equal."""

import json

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.codec import order_from_state, order_to_dict
from desktop_app.services.demo import generate
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.jsontext import canonical, parse


def _reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# Everything our event data and states hold: no floats (money is integer minor units).
_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@given(_values)
def test_canonical_is_the_text_json_dumps_gives(value):
    assert canonical(value) == _reference(value)


def test_escapes_and_key_order_match_json_dumps():
    value = {"b": "quote \" backslash \\ newline \n tab \t nul \x00 \x1f del \x7f",
             "a": "U+2028 \u2028 U+2029 \u2029 é 日本 😀", "é": 1, "Z": 2, "\uffff": 3,
             "\U00010000": 4, "nested": {"y": [1, {"b": None, "a": True}]}}
    assert canonical(value) == _reference(value)


def test_an_order_state_is_the_text_json_dumps_gives_of_its_interchange_dict(tmp_path):
    """state_json lets the encoder write the timestamps: the text stays the same."""
    db = Database(tmp_path / "data")
    generate(db, orders=400, seed=9)
    with db.transaction() as conn:
        stored = [parse(state) for _id, state in repo.all_states(conn)]
    orders = [order_from_state(state) for state in stored]
    assert any(order.deliveries and order.requests for order in orders)
    for order, state in zip(orders, stored, strict=True):
        order.id = state.get("id") or ""
        assert repo.state_json(order) == _reference(order_to_dict(order))
    db.dispose()
