"""The list's worker side on a real database: a change set, patched or (when it is a large
share of the orders) loaded afresh, gives the list a fresh load gives."""

from __future__ import annotations

import pytest

from desktop_app.domain.timeutil import to_stored
from desktop_app.services.order_list import source
from desktop_app.services.order_list.columns import SORT_KEYS
from desktop_app.services.order_list.index import ViewSpec
from tests.conftest import NOW, order_fields

SPEC = ViewSpec("active", "logo", SORT_KEYS.index("price_minor"), False)


def _fill(book, count: int) -> None:
    for n in range(count):
        book.create_order(order_fields(f"FO{n:05d}", price=f"{10 + n % 7}.00",
                                       gig="I will design a minimalist logo" if n % 2
                                       else "I will edit your podcast"))
        if n % 3:
            book.record_requirements(f"FO{n:05d}")


def _shown(index, spec=SPEC):
    return [index.cols["ref"][i] for i in index.visible(spec, to_stored(NOW))]


@pytest.mark.parametrize("changed", [3, 12], ids=["patched", "loaded afresh"])
def test_a_change_set_gives_what_a_fresh_load_gives(book, changed):
    _fill(book, 40)
    now = to_stored(NOW)
    base = source.load_index(book.db, now, SPEC).index
    ids = []
    for n in range(changed):
        ids.append(book.edit_order(f"FO{n * 3 + 1:05d}", {"price": f"{20 + n}.00"}).id)
    ids.append(book.create_order(order_fields("FONEW", price="9.00")).id)
    result = source.patch_index(book.db, base, ids, now, SPEC)
    fresh = source.load_index(book.db, now, SPEC)
    assert (result.index is not base) and len(base) == 40  # the shown index is left alone
    assert result.counts == fresh.counts
    for column in range(len(SORT_KEYS)):
        for spec in (SPEC, ViewSpec("all", "", column, True)):
            assert sorted(_shown(result.index, spec)) == sorted(_shown(fresh.index, spec))
    assert _shown(result.index) == _shown(fresh.index)  # ties too: rows keep the load order
    assert (len(ids) * source.RELOAD_SHARE > len(base)) == (changed == 12)


def test_the_first_page_of_one_marketplace_is_what_the_whole_load_shows_first(book):
    markets = ("fiverr", "upwork", "legiit")
    for n in range(30):
        book.create_order(order_fields(f"FOM{n:04d}", price=f"{10 + n}.00",
                                       marketplace=markets[n % 3]))
    now = to_stored(NOW)
    spec = ViewSpec("all", "", SORT_KEYS.index("price_minor"), True, "upwork")
    page = source.load_first_page(book.db, now, spec, page_rows=4)
    whole = source.load_index(book.db, now, spec)
    assert not page.complete
    assert _shown(page.index, spec) == _shown(whole.index, spec)[:4] == [
        "FOM0028", "FOM0025", "FOM0022", "FOM0019"]
    assert set(whole.index.cols["marketplace"]) == set(markets)
    assert len(_shown(whole.index, spec)) == 10
