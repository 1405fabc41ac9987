"""Two data dirs and a real server: orders meet, edits converge, conflicts are kept."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from desktop_app.services import sync
from desktop_app.services.interchange import export_file
from desktop_app.storage import repo
from desktop_app.storage.schema import events, orders
from tests.conftest import order_fields
from tests.sync.conftest import at


def _import(device, tmp_path, refs: list[str]) -> None:
    from desktop_app.services.interchange import import_file

    path = tmp_path / f"{refs[0]}.json"
    path.write_text(json.dumps({"format": "gigdesk.orders", "version": 1,
                                "orders": [order_fields(r) for r in refs]}))
    import_file(device.book, path)


def _export(device, path) -> str:
    export_file(device.book, path)
    return path.read_text()


def _states(device) -> dict[str, str]:
    with device.db.transaction() as conn:
        return dict(conn.execute(select(orders.c.id, orders.c.state)).all())


def _event_ids(device) -> set[str]:
    with device.db.transaction() as conn:
        return set(conn.execute(select(events.c.id)).scalars())


def test_each_imports_different_orders_and_both_exports_are_identical(server, make_device,
                                                                      tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    _import(desk, tmp_path, ["FO100", "FO101", "FO102"])
    _import(laptop, tmp_path, ["FO200", "FO201"])
    laptop.book.record_requirements("FO200", at=at(2))
    rounds = [(desk.sync(), laptop.sync()) for _ in range(2)]
    assert [(r.pushed, r.pulled) for pair in rounds for r in pair] == [
        (3, 0), (3, 3), (0, 3), (0, 0)]
    assert _export(desk, tmp_path / "a.json") == _export(laptop, tmp_path / "b.json")
    with desk.db.transaction() as conn:
        assert repo.count_orders(conn) == 5
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 6


def test_edits_on_both_sides_converge(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    _import(desk, tmp_path, ["FO1", "FO2"])
    desk.sync()
    laptop.sync()
    desk.book.record_requirements("FO1", at=at(2))
    laptop.book.record_requirements("FO2", at=at(2))
    laptop.book.edit_order("FO1", {"buyer": "maria_k2"}, at=at(2, 13))
    desk.book.deliver("FO1", "Here it is", at=at(3))
    for _ in range(2):
        desk.sync()
        laptop.sync()
    assert _states(desk) == _states(laptop)
    assert _event_ids(desk) == _event_ids(laptop)
    assert desk.book.get("FO1").buyer == "maria_k2"
    assert laptop.book.get("FO1").status.value == "delivered"
    assert sync.conflicts(desk.db) == []


def test_an_event_that_no_longer_applies_is_kept_as_a_conflict(server, make_device,
                                                               tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    desk.book.create_order(order_fields("FO7"), at=at(1))
    desk.book.record_requirements("FO7", at=at(2))
    desk.sync()
    laptop.sync()
    desk.book.cancel("FO7", "mutual", "agreed", at=at(3))
    laptop.book.deliver("FO7", "Redelivered", at=at(3, 14))
    desk.sync()
    result = laptop.sync()
    desk.sync()
    assert result.conflicts == 1
    for device in (desk, laptop):
        assert device.book.get("FO7").status.value == "cancelled"
        (conflict,) = sync.conflicts(device.db)
        assert (conflict.kind, conflict.type, conflict.pending) == ("delivered", "refused",
                                                                    False)
    assert _event_ids(desk) == _event_ids(laptop)
    sync.resolve(laptop.book, conflict.event_id)
    laptop.sync()
    desk.sync()
    assert sync.conflicts(desk.db) == [] and sync.conflicts(laptop.db) == []
    assert _states(desk) == _states(laptop)


def test_notes_edited_on_two_devices_keep_both_versions(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    desk.book.create_order(order_fields("FO8"), at=at(1))
    desk.sync()
    laptop.sync()
    desk.book.edit_notes("FO8", "call on Monday", at=at(2))
    laptop.book.edit_notes("FO8", "buyer prefers email", at=at(2))
    desk.sync()
    laptop.sync()
    desk.sync()
    (conflict,) = sync.conflicts(desk.db)
    assert conflict.type == "notes"
    assert {text for _, text in conflict.versions} == {"call on Monday", "buyer prefers email"}
    assert sync.conflicts(laptop.db) == [conflict]
    desk_version = next(eid for eid, text in conflict.versions if text == "call on Monday")
    sync.resolve(laptop.book, conflict.event_id, keep=desk_version)
    laptop.sync()
    desk.sync()
    assert desk.book.get("FO8").notes == laptop.book.get("FO8").notes == "call on Monday"
    assert sync.conflicts(desk.db) == []


def test_the_same_ref_created_on_two_devices_keeps_both_orders(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    desk.book.create_order(order_fields("FO9"), at=at(1))
    laptop.book.create_order(order_fields("FO9", buyer="other"), at=at(1))
    desk.sync()
    laptop.sync()
    desk.sync()
    assert _states(desk) == _states(laptop)
    refs = sorted(o.ref for o in map(repo.order_from_dict, map(json.loads,
                                                               _states(desk).values())))
    assert refs[0] == "FO9" and refs[1].startswith("FO9~")
    assert [c.type for c in sync.conflicts(desk.db)] == ["ref"]


def test_three_orders_made_the_same_minute_with_one_ref_keep_three_refs(server, make_device):
    """The kept refs differ even though version-7 ids made together share their start."""
    token = server.add_account("alice")
    devices = [make_device(name, server.url, token) for name in ("desk", "laptop", "tablet")]
    for i, device in enumerate(devices):
        device.book.create_order(order_fields("FO7", buyer=f"buyer {i}"), at=at(1))
    for device in devices * 2:
        device.sync()
    assert _states(devices[0]) == _states(devices[1]) == _states(devices[2])
    refs = sorted(o.ref for o in map(repo.order_from_dict, map(json.loads,
                                                               _states(devices[0]).values())))
    assert len(refs) == len(set(refs)) == 3
    assert refs[0] == "FO7" and all(r.startswith("FO7~") for r in refs[1:])


def test_an_invalid_edit_pushed_is_refused_and_the_rest_is_kept(server, make_device):
    """An edit no check stopped on its device (an older GigDesk wrote it): the server's
    replay refuses it by field name, keeps the device's other events, and its order is
    unchanged."""
    from desktop_app.domain.events import Event

    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    order = desk.book.create_order(order_fields("FO8"), at=at(1))
    desk.sync()
    with desk.db.transaction() as conn:  # written past the checks, as an old version did
        device_id = desk.db.device_id()
        seq = repo.next_device_seq(conn, device_id)
        repo.append_events(conn, [repo.event_row(Event(
            order.id, "order_edited", at(2), {"revisions_included": "lots"},
            device_id=device_id, device_seq=seq))])
    desk.book.edit_notes("FO8", "call on Monday", at=at(3))
    result = desk.sync()
    assert result.conflicts == 1
    laptop.sync()
    (conflict,) = sync.conflicts(laptop.db)
    assert (conflict.kind, conflict.type) == ("order_edited", "refused")
    assert "revisions_included: 'lots' is not a whole number" in conflict.reason
    got = laptop.book.get("FO8")
    assert (got.notes, got.revisions_included) == ("call on Monday", 2)
