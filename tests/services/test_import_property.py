"""Generated hostile values thrown at import (JSON and CSV): each file is refused with
one line naming the field, or accepted as an order that round-trips through export.
Never another exception, never a half-written database."""

from __future__ import annotations

import copy
import csv
import io
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.errors import FieldError
from desktop_app.services.csvformat import FLAT
from desktop_app.services.interchange import (
    ImportError_,
    export_file,
    import_file,
    order_document,
)
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.attacks.attack_imports import PATH_REFS, base_documents, document, judge
from tests.attacks.attack_imports import Case as AttackCase

SPECIAL_TEXT = ["١٢٠.٠٠", "１２０.００", "²", "a\x00b", "x\ud800y", "9" * 5000, "x" * 200_000,
                *PATH_REFS, "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00",
                "9999-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-11-02T09:30:00Z",
                "2026-11-02T09:30:00", "120.00", "120.5", "12.345", "-5.00", "1e3", "XYZ", "BTC",
                "KWD", "JPY", "UGX", "in_scope", "buyer", "open", "extension", "r1",
                '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "'=x", " ",
                "", "FO9", "completed", "delivered"]
HOSTILE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False),
              st.integers(min_value=-2**70, max_value=2**70),
              st.sampled_from([2**63, 2**63 - 1, 10**17, 10**12 + 1, -1, 0, 1, 2, 499, 500]),
              st.text(max_size=30), st.sampled_from(SPECIAL_TEXT)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["text", "verdict", "x", "id"]),
                                            inner, max_size=3)),
    max_leaves=6)
SETTINGS = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_documents(tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="module")
def book(base, tmp_path_factory):
    """One data dir for every example: a refusal must leave it as it was anyway."""
    folder = tmp_path_factory.mktemp("book") / "data"
    shutil.copytree(base["seed_dir"], folder)
    book = OrderBook(Database(folder))
    yield book
    book.db.dispose()


def slots(value, path=()):
    """(path, container, key) for every value inside `value`."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, inner in list(items):
        yield path + (key,), value, key
        if isinstance(inner, dict | list) and inner:
            yield from slots(inner, path + (key,))


@st.composite
def hostile_orders(draw, base):
    """A base order (with history, or plain with nested records) with 1 to 3 values
    replaced by hostile ones, or an unknown key added."""
    order = copy.deepcopy(base[draw(st.sampled_from(["order", "plain"]))])
    for _ in range(draw(st.integers(1, 3))):
        _path, container, key = draw(st.sampled_from(list(slots(order))))
        if isinstance(container, dict) and draw(st.booleans()) and draw(st.booleans()):
            container[draw(st.sampled_from(["colour", "history", "id", "by_timeout"]))] = \
                draw(HOSTILE)
        else:
            container[key] = draw(HOSTILE)
    return order


def counts(book) -> tuple[int, int]:
    conn = sqlite3.connect(book.db.path)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("orders", "events"))
    finally:
        conn.close()


def import_or_refusal(book, path) -> str | None:
    """None when imported; the refusal's message when refused (any other error fails)."""
    before = counts(book)
    try:
        import_file(book, path)
    except ImportError_ as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(path.name + ": ")
        assert counts(book) == before
        return message
    return None


def assert_round_trips(book, ref: str, tmp_path) -> None:
    """An accepted order exports to what, imported again, changes nothing."""
    exported = order_document(book, ref)
    order_from_dict({k: v for k, v in exported.items() if k != "history"})
    again = tmp_path / "again.json"
    again.write_text(document(exported), encoding="utf-8")
    assert import_or_refusal(book, again) is None
    assert order_document(book, ref) == exported


@SETTINGS
@given(data=st.data())
def test_hostile_json_values_are_refused_or_round_trip(data, base, book, tmp_path):
    order = data.draw(hostile_orders(base))
    path = tmp_path / "hostile.json"
    path.write_bytes(document(order).encode("utf-8", "surrogatepass"))
    if import_or_refusal(book, path) is None:
        assert_round_trips(book, order["ref"], tmp_path)


CSV_CELL = st.one_of(st.text(max_size=20), st.sampled_from(SPECIAL_TEXT[:-8]))
GOOD_ROW = {"ref": "CSVP1", "buyer": "maria_k", "gig": "Logo", "package": "Basic",
            "price": "50.00", "currency": "USD", "ordered_at": "2026-11-01T09:30:00Z",
            "due_at": "2026-11-04T09:30:00Z", "revisions_included": "2", "scope": "Logo;Source",
            "status": "awaiting_requirements"}


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FLAT), CSV_CELL, min_size=1, max_size=3))
def test_hostile_csv_cells_are_refused_or_round_trip(changes, book, tmp_path):
    row = {**GOOD_ROW, **changes}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FLAT, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path = tmp_path / "hostile.csv"
    path.write_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
    if import_or_refusal(book, path) is None:
        ref = row["ref"].strip()
        assert_round_trips(book, ref, tmp_path)
        exported = tmp_path / "all.csv"  # and through the CSV writer: formulas escaped
        export_file(book, exported)
        assert import_or_refusal(book, exported) is None
        with exported.open(encoding="utf-8", newline="") as handle:
            for cells in csv.reader(handle):
                assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)


def test_order_from_dict_never_raises_anything_but_field_error(base):
    """The codec alone, many more examples: FieldError or an order, nothing else."""
    @settings(max_examples=1500, deadline=None)
    @given(data=st.data())
    def run(data):
        order = data.draw(hostile_orders(base))
        order.pop("history", None)
        try:
            order_from_dict(order)
        except FieldError as exc:
            assert "\n" not in str(exc)
    run()


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_command_line_refuses_a_sample_in_one_line(data, base, tmp_path_factory):
    order = data.draw(hostile_orders(base))
    text = document(order)
    folder = tmp_path_factory.mktemp("cli")
    shutil.copytree(base["seed_dir"], folder / "data")
    path = folder / "import.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    probe = OrderBook(Database(folder / "probe"))
    try:
        valid = import_or_refusal(probe, path) is None
    finally:
        probe.db.dispose()
    case = AttackCase("generated", lambda _b: text, None if valid else ": ")
    _name, ok, detail = judge(case, folder / "data", path)
    assert ok, detail
