"""An edit is read with the same field checks as an import, wherever it comes from."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import LifecycleError
from tests.conftest import order_fields
from tests.services.test_interchange import dump


@pytest.mark.parametrize(("edit", "words"), [
    ({"revisions_included": "lots"}, "revisions_included: 'lots' is not a whole number"),
    ({"revisions_included": -1}, "revisions_included: must be from 0"),
    ({"revisions_included": 2.5}, "revisions_included: 2.5 is not a whole number"),
    ({"scope": "abc"}, "scope: must be a list of text items"),
    ({"scope": ["ok", 3]}, "scope[1]: must be text"),
    ({"buyer": ""}, "buyer: must not be empty"),
    ({"buyer": "   "}, "buyer: must not be empty"),
    ({"gig": ""}, "gig: must not be empty"),
    ({"price": "abc"}, "price: 'abc' is not a decimal amount"),
    ({"price": "1.234"}, "price: '1.234' has more than 2 decimals for USD"),
    ({"price": "-5.00"}, "price: must not be negative"),
    ({"due_at": "2026-11-05T10:00:00"}, "due_at:"),
    ({"due_at": "2026-10-01T10:00:00Z"}, "the due date cannot be before the order date"),
    ({"status": "completed"}, "status"),
])
def test_a_bad_edit_is_refused_by_field_and_changes_nothing(book, edit, words):
    book.create_order(order_fields("FO1"))
    before = dump(book.db)
    with pytest.raises(LifecycleError) as exc:
        book.edit_order("FO1", edit)
    assert words in str(exc.value)
    assert dump(book.db) == before


def test_a_good_edit_is_kept_as_import_would_keep_it(book):
    book.create_order(order_fields("FO1"))
    order = book.edit_order("FO1", {"scope": [" 2 logo concepts ", ""], "buyer": "Maria K",
                                    "revisions_included": None})
    assert (order.scope, order.buyer, order.revisions_included) == (
        ["2 logo concepts"], "Maria K", None)
