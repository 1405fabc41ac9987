"""New ids are version-7 UUIDs: unique, and later ones sort later. event_of builds events fast."""

import threading
import uuid

from desktop_app.domain.events import new_id, uuid7


def test_new_ids_are_unique_and_sort_in_the_order_they_were_made():
    ids = [new_id() for _ in range(20_000)]  # many within one millisecond
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids} == {7}
    assert {uuid.UUID(i).variant for i in ids} == {uuid.RFC_4122}


def test_ids_made_on_several_threads_never_collide():
    made: list[list[str]] = [[] for _ in range(4)]

    def make(out: list[str]) -> None:
        out.extend(new_id() for _ in range(5_000))

    threads = [threading.Thread(target=make, args=(out,)) for out in made]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for out in made for i in out]
    assert len(set(every)) == len(every)
    assert all(out == sorted(out) for out in made)


def test_uuid7_lays_out_the_fields_of_rfc_9562():
    text = uuid7((0x0123456789AB << 12) | 0xCDE, (1 << 62) - 1)
    assert text == "01234567-89ab-7cde-bfff-ffffffffffff"
    assert uuid.UUID(text).version == 7
    assert uuid7(0, 1 << 62) == "00000000-0000-7000-8000-000000000000"  # tail masked


def test_event_of_makes_the_event_the_constructor_makes():
    from datetime import UTC, datetime

    from desktop_app.domain.events import Event, event_of

    at = datetime(2026, 11, 1, tzinfo=UTC)
    made = event_of("o1", "delivered", at, {"message": "hi"}, "e1", "dev", 7)
    assert made == Event("o1", "delivered", at, {"message": "hi"}, "e1", "dev", 7)
    assert vars(made) == vars(Event("o1", "delivered", at, {"message": "hi"}, "e1", "dev", 7))
