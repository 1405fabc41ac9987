"""Order creation and edits refuse a ref that could name a path, naming the field.

And the device's event seq is taken under the write lock: two connections appending at
once never take the same number.
"""

from __future__ import annotations

import threading

import pytest

from desktop_app.domain.errors import LifecycleError
from desktop_app.services.orders import OrderBook
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from tests.conftest import order_fields

BAD_REFS = ["/home/seller/Photos", "../../../Photos", "..", "FO1/../../x", "C:\\Windows",
            "FO1\\x", "FO1\x00", "", " FO1", "x" * 81, "ФО123", "FO 1"]


@pytest.mark.parametrize("ref", BAD_REFS)
def test_create_order_refuses_a_path_shaped_ref(book, ref) -> None:
    with pytest.raises(LifecycleError, match=r"^ref: "):
        book.create_order(order_fields(ref=ref))
    assert book.db.engine.connect().exec_driver_sql("SELECT count(*) FROM events").scalar() == 0


def test_an_edit_cannot_change_the_ref(book) -> None:
    book.create_order(order_fields())
    before = book.history("FO5F2A91C3")
    with pytest.raises(LifecycleError, match="'ref' cannot be edited"):
        book.edit_order("FO5F2A91C3", {"ref": "../../Photos"})
    assert book.history("FO5F2A91C3") == before


@pytest.mark.parametrize("ref", [r for r in BAD_REFS if r])  # "" clears the reorder
def test_an_edit_refuses_a_path_shaped_reorder_ref(book, ref) -> None:
    book.create_order(order_fields())
    before = book.history("FO5F2A91C3")
    with pytest.raises(LifecycleError, match=r"^reordered_as: "):
        book.edit_order("FO5F2A91C3", {"reordered_as": ref})
    assert book.history("FO5F2A91C3") == before


def test_an_edit_keeps_a_good_reorder_ref(book) -> None:
    book.create_order(order_fields())
    assert book.edit_order("FO5F2A91C3", {"reordered_as": "FO77AB"}).reordered_as == "FO77AB"


def test_seqs_taken_at_once_from_two_databases_never_collide(tmp_path) -> None:
    """Two Database objects (as two processes have) on one file, appending together."""
    OrderBook(Database(tmp_path)).create_order(order_fields())
    taken: list[int] = []
    start = threading.Barrier(2)

    def take() -> None:
        db = Database(tmp_path)
        start.wait()
        for _ in range(50):
            with db.transaction() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM events").scalar()  # a read first
                taken.append(repo.next_device_seq(conn, "device-1"))

    threads = [threading.Thread(target=take) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 101))
