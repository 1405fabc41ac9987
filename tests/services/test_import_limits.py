"""Every hostile import file of tests/attacks/attack_imports.py is refused by the import
service (one line naming the field, database unchanged) and the valid ones are imported;
a representative set goes through the real command line too."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop_app.services.interchange import ImportError_, export_file, import_file
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.attacks.attack_imports import CASES, base_documents, document, dump, judge

BY_NAME = {case.name: case for case in CASES}
# Through the real CLI: one of each family (nested field, limit, JSON reader, CSV reader,
# history collision, path-shaped ref) and a valid file.
CLI_SAMPLE = ("matched_item_list", "price_1e17_minor", "lone_surrogate", "duplicate_orders_key",
              "json_depth_100000", "csv_superscript_digit", "csv_cell_over_131072",
              "history_id_in_database", "event_id_object", "ref_path_json_1",
              "ref_path_csv_0", "scope_million_items", "valid_history_order")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return base_documents(tmp_path_factory.mktemp("base"))


def write_case(case, base, folder):
    shutil.copytree(base["seed_dir"], folder / "data")
    path = folder / f"import{case.suffix}"
    content = case.build(base)
    path.write_bytes(content.encode("utf-8", "surrogatepass") if isinstance(content, str)
                     else content)
    return folder / "data", path


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_each_case_through_the_service(name, base, tmp_path, clock):
    case = BY_NAME[name]
    data_dir, path = write_case(case, base, tmp_path)
    book = OrderBook(Database(data_dir), clock=clock)
    before = dump(data_dir)
    try:
        if case.words is None:
            result = import_file(book, path)
            assert result.created == 1
            out = tmp_path / f"again{case.suffix}"
            export_file(book, out)  # what was imported exports, and imports unchanged
            assert import_file(book, out).unchanged == 2
            return
        with pytest.raises(ImportError_) as refused:
            import_file(book, path)
    finally:
        book.db.dispose()
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"import{case.suffix}: ")
    assert case.words in message
    assert dump(data_dir) == before


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_a_sample_through_the_command_line(name, base, tmp_path):
    data_dir, path = write_case(BY_NAME[name], base, tmp_path)
    case_name, ok, detail = judge(BY_NAME[name], data_dir, path)
    assert ok, detail


def test_every_listed_hostile_input_has_a_case():
    """The inputs the limits were written for, each kept as a named case."""
    wanted = {"price_1e17_minor", "revisions_2_63", "device_seq_2_63", "price_5000_digits",
              "lone_surrogate", "year_1_offset", "year_9999_offset", "json_depth_1000",
              "csv_superscript_digit", "csv_cell_over_131072", "history_colliding_ids",
              "valid_history_repeated_seqs", "event_id_object", "currency_xyz", "currency_btc",
              "kwd_four_decimals", "ugx_with_decimals", "price_arabic_indic", "price_fullwidth",
              "nul_in_notes", "version_true", "price_json_number", "duplicate_orders_key",
              "duplicate_price_key", "due_year_9999", "scope_million_items",
              "matched_item_list", "reordered_as_path", "history_snapshot_ref_path",
              "csv_reordered_as_path", "valid_kwd_three_decimals"}
    assert wanted <= set(BY_NAME)


def test_a_history_that_does_not_follow_the_stored_one_names_order_and_field(base, tmp_path,
                                                                             clock):
    data_dir, path = write_case(BY_NAME["valid_history_order"], base, tmp_path)
    book = OrderBook(Database(data_dir), clock=clock)
    try:
        import_file(book, path)
        order = json.loads(path.read_text(encoding="utf-8"))["orders"][0]
        last = order["history"][-1]
        order["history"].append({**last, "id": "0" * 8 + last["id"][8:],
                                 "device_seq": last["device_seq"] + 100})  # answers again
        path.write_text(document(order), encoding="utf-8")
        before = dump(data_dir)
        with pytest.raises(ImportError_) as refused:
            import_file(book, path)
        assert str(refused.value).startswith(
            "import.json: order 1 (FO1001): field 'history': ")
        assert dump(data_dir) == before
    finally:
        book.db.dispose()


def test_repeated_device_seqs_import(base, tmp_path, clock):
    """A restored database numbers again from the backup's seq: its export repeats
    (device, seq) pairs for different events, and still imports whole."""
    data_dir, path = write_case(BY_NAME["valid_history_order"], base, tmp_path)
    book = OrderBook(Database(data_dir), clock=clock)
    try:
        order = json.loads(path.read_text(encoding="utf-8"))["orders"][0]
        first = order["history"][0]
        order["history"][2]["device_id"] = first["device_id"]
        order["history"][2]["device_seq"] = first["device_seq"]
        path.write_text(document(order), encoding="utf-8")
        import_file(book, path)
        assert len(book.history(order["ref"])) == len(order["history"])
    finally:
        book.db.dispose()

