"""A partial refund on an order in another currency than its marketplace's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.domain.errors import LifecycleError
from desktop_app.services.interchange import order_document
from tests.conftest import NOW, order_fields
from tests.services.test_interchange import dump


def yen_order(book, price: str):
    book.create_order(order_fields("FO1", price=price, currency="JPY"),
                      at=NOW - timedelta(days=10))
    book.record_requirements("FO1", at=NOW - timedelta(days=10))


def test_a_yen_refund_needs_the_rate_and_is_judged_in_dollars(book):
    yen_order(book, "6000")  # about $40: Fiverr's partial refunds need an order over $50
    before = dump(book.db)
    with pytest.raises(LifecycleError, match=r"1 JPY = \? USD"):
        book.open_request("FO1", {"kind": "partial_refund", "amount": "1000", "reason": "late"})
    with pytest.raises(LifecycleError, match=r"over \$50.00 \(¥7,463\); this order is ¥6,000 "
                                             r"\(about \$40.20\)"):
        book.open_request("FO1", {"kind": "partial_refund", "amount": "1000", "reason": "late",
                                  "rate": "0.0067"})
    with pytest.raises(LifecycleError, match="Rate"):
        book.open_request("FO1", {"kind": "partial_refund", "amount": "1000", "reason": "late",
                                  "rate": "-1"})
    assert dump(book.db) == before


def test_the_rate_is_kept_on_the_request_and_survives_export(book):
    yen_order(book, "9000")  # $60.30 at 0.0067
    with pytest.raises(LifecycleError, match="at most 60%"):
        book.open_request("FO1", {"kind": "partial_refund", "amount": "5401", "reason": "x",
                                  "rate": "0.0067"})
    order = book.open_request("FO1", {"kind": "partial_refund", "amount": "5400",
                                      "reason": "late", "rate": "0.0067"})
    assert (order.open_request.amount_minor, order.open_request.rate) == (5400, "0.0067")
    assert book.get("FO1").open_request.rate == "0.0067"
    exported = order_document(book, "FO1")
    assert exported["requests"][0]["rate"] == "0.0067"
