"""Push bodies written as JSON text, byte by byte: what parse_push accepts, what it
refuses (one line naming the field), and that whatever a body holds it answers
one of the two, never another exception."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.services import demo
from desktop_app.services import sync_local as local
from desktop_app.sync.server import wire
from desktop_app.sync.server.errors import Invalid
from desktop_app.sync.server.models import MAX_EVENTS_PER_PUSH, MAX_SEQ
from tests.conftest import NOW


def outcome(body: bytes) -> tuple | str:
    """parse_push's result, or its refusal's message."""
    try:
        return wire.parse_push(body)
    except Invalid as exc:
        assert exc.message.startswith("body") and "\n" not in exc.message, exc.message
        return exc.message


FIELDS_TEXT = {"id": '"e1"', "order_id": '"o1"', "kind": '"order_created"',
               "at": '"2026-11-01T10:00:00.000000Z"', "data": '{"order":{"ref":"FO1"}}',
               "device_seq": "1"}
EVENT = ",".join(f'"{name}":{text}' for name, text in FIELDS_TEXT.items())


def raw(event: str = EVENT, device_id: str = '"dev-1"') -> bytes:
    return f'{{"device_id":{device_id},"events":[{{{event}}}]}}'.encode()


def with_field(name: str, text: str) -> bytes:
    """A body of one event: EVENT with one field's JSON text replaced (or added)."""
    fields = {**FIELDS_TEXT, name: text}
    return raw(",".join(f'"{name}":{text}' for name, text in fields.items()))


def nested(depth: int) -> bytes:
    return with_field("data", '{"k":' + "[" * depth + "]" * depth + "}")


# Bodies parse_push accepts, as json.loads reads them.
ACCEPTED = [
    raw(),
    raw(EVENT + ',"base":null'),
    raw(EVENT + ',"base":0'),
    with_field("base", str(MAX_SEQ)),
    with_field("device_seq", str(MAX_SEQ)),
    raw(EVENT + ',"id":"e2"'),  # duplicate key: the last wins in both
    raw(EVENT + ',"data":{"a":1,"b":2,"a":3}'),
    raw(EVENT, '"dev-1","device_id":"dev-2"'),
    raw(EVENT.replace('"id"', '"\\u0069d"')),  # an escaped key
    with_field("data", f'{{"big":{2**70},"neg":{-(2**70)},"u64":{2**64}}}'),
    with_field("data", '{"z":-0,"fz":-0.0,"inf":1e400,"ninf":-1e999,"tiny":1e-400,'
                       '"max":1.7976931348623157e308,"sub":5e-324,"e":1E5,"p":0.1}'),
    with_field("data", '{"s":"\\u00e9\\/\\b\\f\\n\\r\\t\\"\\\\\\ud83d\\ude00\\u0000\x7f"}'),
    with_field("data", json.dumps({"東京": "é 😀 \u2028"}, ensure_ascii=False)),
    with_field("data", '{"k":' + "[" * 50 + "]" * 50 + "}"),
    with_field("at", '"2026-11-01T10:00:00+02:00"'),
    with_field("at", '"2026-11-01T10:00:00Z"'),
    with_field("at", '"2026-11-01T10:00:00.000000+00:00"'),
    with_field("at", '"2026-11-01 10:00:00.000000Z"'),
    with_field("at", '"2026-11-01T10:00:00.000000Z "'),  # parse_ts strips it
    with_field("at", '"2026-11-01T10:00:00.000000Z\\n"'),
    with_field("at", '"2026-W44-7T10:00:00Z"'),
    with_field("at", json.dumps("2026-11-01T10:00:00Z" + "\u3000" * 20)),  # 40 characters
    with_field("at", '"1900-01-01T00:00:00.000000Z"'),
    with_field("at", '"2999-12-31T23:59:59.999999Z"'),
    with_field("id", '"' + "x" * 64 + '"'),
    with_field("id", '"A-b.c:d_9"'),
    b' \r\n\t{"device_id":"dev-1","events":[]} \n',
    # JSON Schema integers written as floats, and what json.loads reads beyond RFC 8259
    with_field("device_seq", "2.0"),
    with_field("device_seq", "1e0"),
    with_field("base", "0.0"),
    with_field("data", '{"n":NaN}'),
    with_field("data", '{"n":Infinity,"m":-Infinity}'),
    with_field("data", '{"s":"\\ud800"}'),
    with_field("data", '{"s":"\\udc00\\ud800"}'),
    with_field("data", '{"s":"?"}').replace(b"?", "\ud800".encode("utf-8", "surrogatepass")),
    b"\xef\xbb\xbf" + raw(),
    raw().decode().encode("utf-16"),
    raw(EVENT + ',"device_seq":2.0'),  # a duplicate msgspec reads as it goes
    raw(EVENT, '"dev 1","device_id":"dev-1"'),
]

# Bodies parse_push refuses.
REFUSED = [
    # The fields the server fills in itself are not part of a pushed event.
    with_field("moment", "null"),
    with_field("moment", '"2026-11-01T10:00:00Z"'),
    with_field("at_db", "null"),
    with_field("at_db", '"2026-11-01T10:00:00.000000Z"'),
    with_field("id", '"e1\\n"'),
    with_field("order_id", '"o1\\n"'),
    with_field("kind", '"order_created\\n"'),
    raw(device_id='"dev-1\\n"'),
    with_field("id", '"é1"'),
    with_field("id", '"e\u0661"'),
    with_field("order_id", '"ｏ1"'),
    with_field("id", '"' + "x" * 65 + '"'),
    with_field("id", '""'),
    with_field("id", '"-e1"'),
    with_field("kind", '"order created"'),
    with_field("device_seq", "true"),
    with_field("base", "false"),
    with_field("device_seq", "0"),
    with_field("device_seq", "-0"),
    with_field("device_seq", str(MAX_SEQ + 1)),
    with_field("device_seq", str(2**70)),
    with_field("base", "-1"),
    with_field("data", "null"),
    with_field("data", "[]"),
    with_field("data", '{"big":' + "7" * 4301 + "}"),
    with_field("at", '"2026-11-01T10:00:00"'),
    with_field("at", '"2026-02-30T10:00:00.000000Z"'),
    with_field("at", '"２０２６-11-01T10:00:00.000000Z"'),
    with_field("at", '"1900-01-01T00:30:00+01:00"'),  # 1899 in UTC
    with_field("at", '"2999-12-31T23:30:00-01:00"'),  # 3000 in UTC
    with_field("at", '"1899-12-31T23:59:59.999999Z"'),
    with_field("at", '"1899-12-31T23:30:00-01:00"'),  # 1900 in UTC, but written 1899
    with_field("at", '"3000-01-01T00:30:00+01:00"'),  # 2999 in UTC, but written 3000
    with_field("at", '" 2026-11-01T10:00:00Z"'),  # parse_ts strips it
    with_field("at", '"20261101T100000Z"'),
    with_field("at", json.dumps("2026-11-01T10:00:00Z" + " " * 21)),  # 41 characters
    with_field("at", "20261101"),
    raw(EVENT + ',"extra":1'),
    raw(EVENT + ',"id":"bad id"'),  # the last of duplicates is checked
    raw('"id":"e1"'),
    nested(100_000),
    b"[]", b'"x"', b"1", b"null", b"", b"{", raw() + b"x", raw() + b"\x00",
    b'{"device_id":"dev-1","events":{}}',
    b'{"device_id":"dev-1","events":null}',
    b'{"device_id":"dev-1","events":[1]}',
    b'{"device_id":"dev-1"}',
    b'{"device_id":"dev-1","events":[],"more":1}',
    b'{"device_id":"dev-1","events":[' + b",".join([b"{" + EVENT.encode() + b"}"]
                                                  * (MAX_EVENTS_PER_PUSH + 1)) + b"]}",
]


@pytest.mark.parametrize("body", ACCEPTED)
def test_accepted_bodies(body):
    assert not isinstance(outcome(body), str)


@pytest.mark.parametrize("body", REFUSED)
def test_refused_bodies(body):
    assert isinstance(outcome(body), str)


def test_what_our_devices_send_is_accepted(db):
    demo.generate(db, orders=40, now=NOW, workers=1)
    with db.transaction() as conn:
        texts = [e.json.decode() for e in local.outgoing(conn, 0, 7, 10**6, 10**9)]
    body = f'{{"device_id":"{db.device_id()}","events":[{",".join(texts)}]}}'.encode()
    device_id, pushed = wire.parse_push(body)
    assert device_id == db.device_id() and len(pushed) == len(texts) > 100
    assert all(e.moment.tzinfo is UTC and e.at_db == e.at for e in pushed)


# Generated bodies: JSON text built by hand, so keys can repeat and values be odd.
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-(2**80), 2**80)
           | st.floats() | st.text(max_size=4)
           | st.sampled_from(["\ud800", "\udfff", "é", "\x00", "\u2028"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8)
IDS = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,3}\Z") | st.sampled_from(
    ["e1\n", "bad id", "x" * 65, "é", ""]) | SCALARS
KINDS = st.from_regex(r"\A[a-z][a-z_]{0,5}\Z") | st.sampled_from(["Order", "k\n"]) | SCALARS
MOMENTS = st.datetimes(datetime(1899, 12, 31), datetime(3000, 1, 2),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=5)),
                                                  timezone(timedelta(hours=-3))]))
TIMES = (MOMENTS.map(lambda m: m.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
         | MOMENTS.map(datetime.isoformat)
         | st.sampled_from(["2026-11-01T10:00:00", "tomorrow", "2026-02-30T00:00:00.000000Z",
                            "2026-11-01T10:00:00Z" + " " * 21]) | SCALARS)
SEQS = st.integers(0, 3) | st.sampled_from([MAX_SEQ, MAX_SEQ + 1, 2.0, 1.5, True, "3"]) | SCALARS
FIELDS = {"id": IDS, "order_id": IDS, "kind": KINDS, "at": TIMES, "data":
          st.dictionaries(st.text(max_size=3), VALUES, max_size=3) | VALUES,
          "device_seq": SEQS, "base": st.none() | SEQS}


def _text(value, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


USUAL = {"id": st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,8}\Z"),
         "kind": st.from_regex(r"\A[a-z][a-z_]{0,8}\Z"),
         "at": MOMENTS.filter(lambda m: 1900 <= m.astimezone(UTC).year <= 2999).map(
             lambda m: m.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
         "device_seq": st.integers(1, MAX_SEQ), "base": st.none() | st.integers(0, MAX_SEQ),
         "data": st.dictionaries(st.text(max_size=3), VALUES, max_size=3)}
USUAL["order_id"] = USUAL["id"]


@st.composite
def events(draw) -> str:
    """Mostly the usual event, often with one odd field, a field missing, or repeated."""
    ascii_only = draw(st.booleans())
    names = [n for n in FIELDS if n != "base" or draw(st.booleans())]
    odd = draw(st.sampled_from(names)) if draw(st.integers(0, 3)) == 0 else None
    if draw(st.integers(0, 19)) == 0:
        names.remove(draw(st.sampled_from(names)))
    if draw(st.integers(0, 5)) == 0:  # repeated keys (the last wins) or an extra one
        names += draw(st.lists(st.sampled_from([*FIELDS, "extra"]), min_size=1, max_size=2))
    pairs = []
    for name in names:
        odd_one = name == odd or name not in USUAL
        value = draw(FIELDS.get(name, VALUES) if odd_one else USUAL[name])
        pairs.append(f"{_text(name, ascii_only)}:{_text(value, ascii_only)}")
    return "{" + ",".join(pairs) + "}"


@st.composite
def bodies(draw) -> bytes:
    device = draw(st.sampled_from(['"dev-1"'] * 9 + ['"dev 1"', '"d\\n"', "1"]))
    items = draw(st.lists(events(), max_size=4))
    tail = draw(st.sampled_from([""] * 6 + [',"more":1', ',"events":[]', ',"device_id":"d2"']))
    return f'{{"device_id":{device},"events":[{",".join(items)}]{tail}}}'.encode(
        "utf-8", "surrogatepass")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_generated_bodies_are_accepted_or_refused_in_one_line(body):
    event("refused" if isinstance(outcome(body), str) else "accepted")
