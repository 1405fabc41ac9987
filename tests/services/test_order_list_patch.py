"""Patching a change set into the order list's index gives the index a full rebuild gives.

The window never rebuilds after a sync pull or an import: it patches. So the patched
sorts, status codes, search texts, views and counts must be exactly those of an index
built from scratch on the same rows, ties included (they sort by row, as the rebuild's
stable sort does).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.order import Status
from desktop_app.services.order_list.columns import NAMES, NO_TIME, SORT_KEYS
from desktop_app.services.order_list.index import FILTERS, OrderIndex, ViewSpec
from desktop_app.services.order_list.patch import row_positions
from desktop_app.services.order_list.query import OrderColumns

NOW_DB = "2026-11-20T12:00:00.000000Z"
NOW_MICROS = 1_795_176_000_000_000  # NOW_DB as microseconds since the epoch
# Few distinct values: ties in every sort column are the hard case.
_STAMP = st.sampled_from([NO_TIME, NOW_MICROS - 10**9, NOW_MICROS, NOW_MICROS + 10**9])
_ROW = st.fixed_dictionaries({
    "ref": st.sampled_from(["FO1", "FO2", "FO3", "FOA"]),
    "buyer": st.sampled_from(["ann", "bob", "Cleo"]),
    "gig": st.sampled_from(["logo", "podcast edit"]),
    "status": st.sampled_from([s.value for s in Status]),
    "due_at": _STAMP,
    "price_minor": st.sampled_from([0, 500, 12_000]),
    "currency": st.just("USD"),
    "revisions_used": st.integers(0, 2),
    "revisions_included": st.sampled_from([None, 1, 2]),
    "last_activity_at": _STAMP,
    "notes": st.sampled_from(["", "rush", "vip podcast"]),
    "open_request": st.none(),
    "request_expires_at": st.none(),
    "marketplace": st.sampled_from(["fiverr", "upwork"]),
})


def columns(rows: list[dict]) -> OrderColumns:
    return OrderColumns(*(tuple(row[name] for row in rows) for name in NAMES))


def with_ids(rows: list[dict], first: int) -> list[dict]:
    return [{**row, "id": f"id{first + n:04d}"} for n, row in enumerate(rows)]


def assert_same(patched: OrderIndex, rebuilt: OrderIndex) -> None:
    assert patched.cols == rebuilt.cols
    assert patched.status_codes == rebuilt.status_codes
    assert patched.haystack == rebuilt.haystack
    for column in range(len(SORT_KEYS)):
        assert patched.permutation(column) == rebuilt.permutation(column), SORT_KEYS[column]
        assert patched._perm_codes[column] == rebuilt._perm_codes[column]
        for key, _label in FILTERS:
            for needle in ("", "podcast", "fo1"):
                for marketplace in ("", "upwork"):
                    spec = ViewSpec(key, needle, column, False, marketplace)
                    assert patched.visible(spec, NOW_DB) == rebuilt.visible(spec, NOW_DB)
    assert patched.counts(NOW_DB) == rebuilt.counts(NOW_DB)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ROW, max_size=30), st.data())
def test_a_patched_index_equals_one_rebuilt_from_scratch(rows, data):
    rows = with_ids(rows, 0)
    index = OrderIndex(columns(rows), sort_columns=range(len(SORT_KEYS)))
    for _round in range(data.draw(st.integers(1, 3))):
        edited = data.draw(st.lists(st.sampled_from(range(len(rows))), unique=True)) \
            if rows else []
        changes = [{**data.draw(_ROW), "id": rows[i]["id"]} for i in edited]
        added = with_ids(data.draw(st.lists(_ROW, max_size=5)), len(rows))
        changes += added
        changes = data.draw(st.permutations(changes))  # a change set comes in any order
        for change in changes:
            at = next((i for i, row in enumerate(rows) if row["id"] == change["id"]), None)
            if at is None:
                rows.append(change)
            else:
                rows[at] = change
        before = index
        index = before.patched(columns(changes))
        assert_same(index, OrderIndex(columns(rows), sort_columns=()))
        assert len(before) == len(rows) - len(added)  # the input is left as it was


def test_the_index_it_was_patched_from_is_left_as_it_was():
    row = {"ref": "FO1", "buyer": "ann", "gig": "logo", "status": "in_progress",
           "due_at": NOW_MICROS, "price_minor": 500, "currency": "USD", "revisions_used": 0,
           "revisions_included": 2, "last_activity_at": NO_TIME, "notes": "",
           "open_request": None, "request_expires_at": None, "marketplace": "fiverr"}
    rows = with_ids([{**row, "price_minor": n * 100} for n in range(5)], 0)
    index = OrderIndex(columns(rows), sort_columns=range(len(SORT_KEYS)))
    perms = [index.permutation(c)[:] for c in range(len(SORT_KEYS))]
    shown = index.visible(ViewSpec("in_progress"), NOW_DB)
    patched = index.patched(columns([{**rows[2], "status": "cancelled", "price_minor": 1},
                                     {**rows[0], "id": "new"}]))
    assert len(index) == 5 and len(patched) == 6
    assert [index.permutation(c) for c in range(len(SORT_KEYS))] == perms
    assert index.visible(ViewSpec("in_progress"), NOW_DB) == shown
    assert index.cols["status"][2] == "in_progress"
    assert patched.counts(NOW_DB)["cancelled"] == 1


@given(st.lists(st.integers(0, 40), unique=True), st.lists(st.integers(0, 60)),
       st.integers(1, 7))
def test_changed_ids_are_found_whatever_slices_the_scan_takes(rows, wanted, slice_rows):
    ids = [f"id{n}" for n in rows]
    found = row_positions(ids, (f"id{n}" for n in wanted), slice_rows)
    assert found == {order_id: i for i, order_id in enumerate(ids)
                     if int(order_id[2:]) in wanted}
