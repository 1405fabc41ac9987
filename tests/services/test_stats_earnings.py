"""Stats over imported orders, ratings, buyers, earnings and the level checklist; and the
last activity of an imported order."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.services.interchange import import_file
from desktop_app.services.orders import OrderBook
from desktop_app.services.stats import compute_stats, seller_stats
from desktop_app.storage.db import Database
from tests.conftest import order_fields
from tests.services.test_interchange import write_json

AT = datetime(2026, 11, 20, tzinfo=UTC)


def book_with(tmp_path, *orders) -> OrderBook:
    book = OrderBook(Database(tmp_path / "data"))
    import_file(book, write_json(tmp_path / "in.json", list(orders)))
    return book


def done(ref, **fields):
    base = dict(status="completed", requirements_at="2026-11-01T10:00:00Z",
                delivered_at="2026-11-03T09:00:00Z", completed_at="2026-11-05T10:00:00Z")
    return order_fields(ref, **{**base, **fields})


def test_an_imported_delivered_at_without_deliveries_counts_as_delivered(tmp_path):
    book = book_with(tmp_path, done("FO1"), done("FO2", delivered_at="2026-11-06T09:00:00Z",
                                                 completed_at="2026-11-07T00:00:00Z"))
    stats = compute_stats(book.db, AT)
    assert stats["delivered_in_window"] == 2
    assert stats["on_time_rate"] == 0.5  # due 4 Nov: the first on time, the second late


def test_last_activity_is_the_orders_own_latest_moment_not_the_import(tmp_path):
    book = book_with(tmp_path, done("FO1"), order_fields("FO2"),
                     done("FO3", last_activity_at="2026-11-09T00:00:00Z"))
    assert book.get("FO1").last_activity_at == datetime(2026, 11, 5, 10, tzinfo=UTC)
    assert book.get("FO2").last_activity_at == datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    assert book.get("FO3").last_activity_at == datetime(2026, 11, 9, tzinfo=UTC)


def test_last_activity_of_an_imported_order_survives_the_integrity_check(tmp_path):
    from desktop_app.services.check import check_database

    book = book_with(tmp_path, done("FO1"))
    assert check_database(book.db).ok


def test_rating_buyers_earnings_and_level(tmp_path):
    rated = {"text": "", "at": "2026-11-06T00:00:00Z"}
    book = book_with(
        tmp_path,
        done("FO1", rating={"stars": 5, **rated}, price="100.00"),
        done("FO2", rating={"stars": 4, **rated}, buyer="ana", price="100.00"),
        done("FO3", buyer="ana", currency="EUR", price="50.00"),
        order_fields("FO4", buyer="zed"))
    stats = seller_stats(book.db, AT)
    assert stats["completion_rate"] == 1.0  # the existing keys are kept
    assert stats["average_rating"] == 4.5
    assert stats["unique_buyers"] == 2
    assert stats["earnings"] == {"EUR": "40.00", "USD": "160.00"}
    level = stats["level"]
    assert level["source"] == "Fiverr Help Center: Fiverr's level system"
    one = level["levels"]["level_1"]
    assert one["checks"]["rating"] == {"needs": "4.4", "has": 4.5, "met": True}
    assert one["checks"]["earned"]["has"] == "160.00" and not one["checks"]["earned"]["met"]
    assert one["checks"]["response_rate"]["note"] == "not tracked yet"
    assert one["lacks"] == ["2 more completed order(s)", "1 more unique buyer(s)",
                            "$240.00 more earned"]
    assert "EUR" in level["not_counted"]
    assert "cannot be computed offline" in level["cannot_compute_offline"]
    top = level["levels"]["top_rated"]
    assert top["checks"]["rating"]["met"] is False and top["lacks"][0].startswith(
        "an average rating of 4.7")


def test_no_ratings_give_a_null_average(tmp_path):
    book = book_with(tmp_path, done("FO1"))
    stats = seller_stats(book.db, AT)
    assert stats["average_rating"] is None
    assert stats["level"]["not_counted"] is None


def test_the_stored_state_reader_gives_the_facts_of_the_orders(tmp_path):
    import json

    from desktop_app.domain.codec import order_from_state
    from desktop_app.domain.earnings import EarningFacts
    from desktop_app.services.demo import generate
    from desktop_app.services.earnings import earning_facts
    from desktop_app.storage.queries import iter_states

    db = Database(tmp_path / "demo")
    generate(db, orders=300, seed=3, now=AT)
    book = book_with(tmp_path, done("FOX1", fee="0.00", cleared_at="2026-11-08T00:00:00Z",
                                    tips="3.00", extras="10.00", refunded="5.00"),
                     done("FOX2", currency="JPY", price="5000", tips="300"))
    for database in (db, book.db):
        with database.transaction() as conn:
            orders = [order_from_state(s) for s in iter_states(conn)]
        expected = [EarningFacts.of(o) for o in sorted(orders, key=lambda o: o.ref)
                    if o.status.value == "completed"]
        assert earning_facts(database) == expected
    facts = earning_facts(db)
    assert any(f.stars for f in facts) and any(f.tips_minor for f in facts)
    assert json.dumps(seller_stats(db, AT))  # all of it writes as JSON
