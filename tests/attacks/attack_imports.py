"""Hostile import files thrown at the real command line: `attack(work)` returns one
(case, passed, detail) per file.

A hostile file passes when `gigdesk import` refuses it cleanly: exit 2, one line on
stderr naming the field, no traceback, and the database exactly as it was. A valid
file among them (the control cases) passes when it is imported. The cases live here
once; tests/services/test_import_limits.py runs them through the service as well.

Not collected by pytest (no test_ prefix): `python -m tests.attacks.attack_imports`.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.storage.db import DB_NAME

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
SHA = "ab" * 32
PATH_REFS = ("/home/seller/Photos", "../../../Photos", "C:\\x", "a/b")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[dict], str | bytes]  # the base documents -> the file's content
    words: str | None  # what the refusal must name (None: a valid file, to be imported)
    suffix: str = ".json"


def base_documents(work: Path) -> dict:
    """The documents the cases start from, and a seeded data dir they are imported into.

    "order": an order with a rich history (as export writes it), new to the seed;
    "plain": an order without history, with every nested record; "seed": the export of
    the seed's own order, whose ids and seqs the collision cases reuse."""
    from desktop_app.services.interchange import export_file
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    fields = {"buyer": "maria_k", "gig": "I will design a minimalist logo",
              "package": "Standard", "price": "120.00", "currency": "USD",
              "ordered_at": "2026-11-01T09:30:00Z", "due_at": "2026-11-04T09:30:00Z",
              "revisions_included": 2, "status": "awaiting_requirements",
              "scope": ["3 logo concepts", "Vector source file", "High-resolution PNG"]}
    source = OrderBook(Database(work / "source"), clock=lambda: AT + timedelta(days=6))
    source.create_order({"ref": "FO1001", **fields}, at=AT)
    source.record_requirements("FO1001", at=AT + timedelta(hours=1))
    source.deliver("FO1001", "First version", [{"path": "v1/logo.svg", "size": 120,
                                                "sha256": SHA}], at=AT + timedelta(days=1))
    source.record_revision("FO1001", "Darker blue", [
        {"text": "Darker blue", "verdict": "in_scope", "matched_item": 0, "reason": "refines",
         "overridden": False, "hours": "1.5"}], at=AT + timedelta(days=2))
    source.deliver("FO1001", "Revised", [], at=AT + timedelta(days=3))
    source.edit_notes("FO1001", "Prefers calls", at=AT + timedelta(days=3, hours=1))
    source.open_request("FO1001", {"kind": "extra", "amount": "40.00", "days": 2,
                                   "items": ["Social media kit"], "message": "Extra?"},
                        at=AT + timedelta(days=3, hours=2))
    source.answer_request("FO1001", "declined", at=AT + timedelta(days=3, hours=3))
    export_file(source, work / "source.json")
    source.db.dispose()
    seed = OrderBook(Database(work / "seed"), clock=lambda: AT + timedelta(days=6))
    seed.create_order({"ref": "SEED1", **fields}, at=AT)
    seed.record_requirements("SEED1", at=AT + timedelta(hours=1))
    export_file(seed, work / "seed.json")
    seed.db.dispose()
    order = json.loads((work / "source.json").read_text(encoding="utf-8"))["orders"][0]
    plain = {"ref": "FO1002", **fields, "status": "delivered",
             "requirements_at": "2026-11-01T10:00:00Z", "delivered_at": "2026-11-02T10:00:00Z",
             "notes": "", "extras": "10.00",
             "deliveries": [{"number": 1, "delivered_at": "2026-11-02T10:00:00Z",
                             "message": "Here", "files": [{"path": "a.svg", "size": 3,
                                                           "sha256": SHA}]}],
             "revision_requests": [{"received_at": "2026-11-02T11:00:00Z", "text": "Bluer",
                                    "points": [{"text": "Bluer", "verdict": "in_scope",
                                                "matched_item": 0, "reason": "",
                                                "overridden": False, "hours": None}]}],
             "requests": [{"id": "r1", "kind": "extension", "status": "declined",
                           "sent_at": "2026-11-02T12:00:00Z", "days": 1, "reason": "fonts",
                           "answered_at": "2026-11-02T13:00:00Z"}]}
    seeded = json.loads((work / "seed.json").read_text(encoding="utf-8"))["orders"][0]
    return {"order": order, "plain": plain, "seed": seeded, "seed_dir": work / "seed"}


def document(*orders: dict, **top) -> str:
    return json.dumps({"format": "gigdesk.orders", "version": 1, "orders": list(orders), **top})


def changed(which: str, change: Callable[[dict], object]) -> Callable[[dict], str]:
    """A file of one base order (deep-copied) after `change` edits it in place."""
    def build(base: dict) -> str:
        order = copy.deepcopy(base[which])
        change(order)
        return document(order)
    return build


def setting(which: str, path: str, value) -> Callable[[dict], str]:
    """`path` is dotted, with list indexes: "history.3.data.points.0.matched_item"."""
    def change(order: dict) -> None:
        *parents, last = path.split(".")
        target = order
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[int(last) if isinstance(target, list) else last] = value
    return changed(which, change)


def event_index(order: dict, kind: str) -> int:
    return next(i for i, e in enumerate(order["history"]) if e["kind"] == kind)


def in_event(kind: str, path: str, value) -> Callable[[dict], str]:
    def build(base: dict) -> str:
        return setting("order", f"history.{event_index(base['order'], kind)}.{path}",
                       value)(base)
    return build


def raw(text: str) -> Callable[[dict], str]:
    return lambda _base: text


def with_text(which: str, key: str, replace: str, by: str) -> Callable[[dict], str]:
    """A file whose JSON text has `replace` swapped for `by` (escapes json.dumps would not
    write: a lone surrogate, a duplicate key)."""
    def build(base: dict) -> str:
        return document(base[which]).replace(replace, by, 1)
    return build


def csv_file(*rows: dict) -> Callable[[dict], str]:
    def build(_base: dict) -> str:
        columns = ["ref", "buyer", "gig", "package", "price", "currency", "ordered_at",
                   "due_at", "revisions_included", "scope", "status", "revisions_used",
                   "notes", "reordered_as"]
        good = {"ref": "CSV1", "buyer": "maria_k", "gig": "Logo", "package": "Basic",
                "price": "50.00", "currency": "USD", "ordered_at": "2026-11-01T09:30:00Z",
                "due_at": "2026-11-04T09:30:00Z", "revisions_included": "2",
                "scope": "Logo;Source", "status": "awaiting_requirements",
                "revisions_used": "0", "notes": "", "reordered_as": ""}
        import csv
        import io
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**good, **row})
        return out.getvalue()
    return build


def _colliding_seq(base: dict) -> str:
    order = copy.deepcopy(base["order"])
    order["history"][1]["device_seq"] = order["history"][0]["device_seq"]
    return document(order)


def _colliding_id(base: dict) -> str:
    order = copy.deepcopy(base["order"])
    order["history"][1]["id"] = order["history"][0]["id"]
    return document(order)


def _seed_id(base: dict) -> str:
    order = copy.deepcopy(base["order"])
    order["history"][1]["id"] = base["seed"]["history"][0]["id"]
    return document(order)


def _seed_seq(base: dict) -> str:
    order = copy.deepcopy(base["order"])
    first = base["seed"]["history"][0]
    order["history"][1]["device_id"] = first["device_id"]
    order["history"][1]["device_seq"] = first["device_seq"]
    return document(order)


def _two_orders_one_id(base: dict) -> str:
    other = copy.deepcopy(base["order"])
    del other["id"]
    other["ref"] = "FO1003"
    other["history"][0]["data"]["order"]["ref"] = "FO1003"
    return document(base["order"], other)


def _deep(depth: int) -> Callable[[dict], str]:
    return with_text("plain", "notes", '"notes": ""', '"notes": ' + "[" * depth + "]" * depth)


def _formula_round_trip(_base: dict) -> str:
    return csv_file({"ref": "CSV9", "notes": "=HYPERLINK(\"http://x\",\"y\")",
                     "buyer": "+cmd|' /C calc'!A0", "gig": "@SUM(A1:A9)",
                     "package": "-2+3"})(_base)


def _cases() -> list[Case]:
    order, plain = "order", "plain"
    cases = [
        # control: valid files are imported
        Case("valid_history_order", changed(order, lambda o: None), None),
        Case("valid_plain_order", changed(plain, lambda o: None), None),
        Case("valid_kwd_three_decimals", changed(plain, lambda o: o.update(
            currency="KWD", price="12.345", extras="0.125")), None),
        Case("valid_csv_formula_cells", _formula_round_trip, None, ".csv"),
        # item 9: nested fields
        Case("matched_item_list", in_event("revision_requested", "data.points.0.matched_item",
                                           [1, 2]), "matched_item"),
        Case("plain_matched_item_list", setting(plain, "revision_requests.0.points.0"
                                                ".matched_item", [0]), "matched_item"),
        Case("hours_object", in_event("revision_requested", "data.points.0.hours", {"h": 1}),
             "hours"),
        Case("reason_number", setting(plain, "revision_requests.0.points.0.reason", 7),
             "reason"),
        Case("file_size_text", setting(plain, "deliveries.0.files.0.size", "3"), "size"),
        Case("file_size_in_event", in_event("delivered", "data.files.0.size", -1), "size"),
        Case("sha256_path", setting(plain, "deliveries.0.files.0.sha256", "../../etc/passwd"),
             "sha256"),
        Case("delivery_number_huge", setting(plain, "deliveries.0.number", 2**63), "number"),
        Case("extras_number", setting(plain, "extras", 10), "extras"),
        Case("request_by_unknown", setting(plain, "requests.0.by", "hacker"), "by"),
        Case("event_data_list", in_event("note_edited", "data", ["x"]), "data"),
        Case("event_data_unknown_key", in_event("requirements_received", "data",
                                                {"x": 1}), "data.x"),
        Case("event_id_object", setting(order, "history.1.id", {"a": 1}), "history[1].id"),
        Case("event_kind_unknown", setting(order, "history.1.kind", "hacked"), "kind"),
        Case("event_at_no_zone", setting(order, "history.1.at", "2026-11-01T10:00:00"), "at"),
        Case("device_id_path", setting(order, "history.1.device_id", "../x"), "device_id"),
        Case("device_seq_2_63", setting(order, "history.1.device_seq", 2**63), "device_seq"),
        Case("device_seq_negative", setting(order, "history.1.device_seq", -1), "device_seq"),
        Case("request_opened_amount_number", in_event("request_opened", "data.request.amount",
                                                      40), "amount"),
        # item 10: limits
        Case("price_1e17_minor", setting(plain, "price", "1000000000000000.00"), "price"),
        Case("price_5000_digits", setting(plain, "price", "9" * 5000 + ".00"), "price"),
        Case("price_json_number", setting(plain, "price", 120), "price"),
        Case("price_nan", with_text(plain, "price", '"price": "120.00"', '"price": NaN'),
             "NaN"),
        Case("price_arabic_indic", setting(plain, "price", "١٢٠.٠٠"), "price"),
        Case("price_fullwidth", setting(plain, "price", "１２０.００"), "price"),
        Case("revisions_2_63", setting(plain, "revisions_included", 2**63),
             "revisions_included"),
        Case("revisions_used_2_63", setting(plain, "revisions_used", 2**63), "revisions_used"),
        Case("revisions_5000_digits", with_text(plain, "r", '"revisions_included": 2',
                                                '"revisions_included": ' + "9" * 5000),
             "JSON"),
        Case("lone_surrogate", with_text(plain, "buyer", '"buyer": "maria_k"',
                                         '"buyer": "maria\\ud800"'), "buyer"),
        Case("nul_in_notes", setting(plain, "notes", "a\x00b"), "notes"),
        Case("year_1_offset", setting(plain, "ordered_at", "0001-01-01T00:00:00+01:00"),
             "ordered_at"),
        Case("year_9999_offset", setting(plain, "due_at", "9999-12-31T23:00:00-05:00"),
             "due_at"),
        Case("due_year_9999", setting(plain, "due_at", "9999-01-01T00:00:00Z"), "due_at"),
        Case("event_at_year_9999", setting(order, "history.2.at", "9999-01-01T00:00:00Z"),
             "history[2].at"),
        Case("json_depth_100000", _deep(100_000), "nested"),
        Case("json_depth_1000", _deep(1_000), "nested"),
        Case("json_depth_500", _deep(500), "notes"),
        Case("currency_xyz", setting(plain, "currency", "XYZ"), "currency"),
        Case("currency_btc", setting(plain, "currency", "BTC"), "currency"),
        Case("ugx_with_decimals", changed(plain, lambda o: o.update(currency="UGX",
                                                                    price="120.50")), "price"),
        Case("jpy_with_decimals", changed(plain, lambda o: o.update(currency="JPY",
                                                                    price="120.50")), "price"),
        Case("kwd_four_decimals", changed(plain, lambda o: o.update(currency="KWD",
                                                                    price="1.2345")), "price"),
        Case("version_true", lambda b: document(b["plain"], version=True), "version"),
        Case("version_float", lambda b: document(b["plain"]).replace('"version": 1',
                                                                     '"version": 1.0'),
             "version"),
        Case("duplicate_orders_key", lambda b: document(b["plain"]).replace(
            '"orders": [', '"orders": [], "orders": [', 1), "orders"),
        Case("duplicate_price_key", with_text(plain, "price", '"price": "120.00"',
                                              '"price": "120.00", "price": "1.00"'), "price"),
        Case("scope_million_items", setting(plain, "scope", ["x"] * 1_000_000), "scope"),
        Case("scope_item_huge", setting(plain, "scope", ["x" * 2_000]), "scope[0]"),
        Case("notes_huge", setting(plain, "notes", "x" * 200_000), "notes"),
        Case("history_colliding_ids", _colliding_id, "history[1].id"),
        # A (device, seq) pair may repeat (restored databases, pulled events): accepted.
        Case("valid_history_repeated_seqs", _colliding_seq, None),
        Case("history_id_in_database", _seed_id, "history[1].id"),
        Case("valid_history_seq_in_database", _seed_seq, None),
        Case("two_orders_same_event_ids", _two_orders_one_id, "history[0].id"),
        Case("two_orders_same_order_id", lambda b: document(
            b["order"], {**b["plain"], "id": b["order"]["id"]}), "'id'"),
        Case("order_id_in_database", lambda b: document({**b["plain"], "id": b["seed"]["id"]}),
             "'id'"),
        Case("unknown_key_newline", changed(plain, lambda o: o.update({"a\nb": 1})),
             "unknown field"),
        Case("ref_newline", setting(plain, "ref", "FO1\nFO2"), "'ref'"),
        Case("order_not_object", lambda b: document(5), "must be an object"),
        Case("orders_not_list", lambda b: document().replace('"orders": []', '"orders": {}'),
             "'orders' must be a list"),
        Case("history_empty", setting(order, "history", []), "history"),
        Case("history_too_long", lambda b: document({**b["order"], "history": b["order"][
            "history"] * 2_000}), "more than 10,000 events"),
        Case("history_snapshot_nested_history", in_event("order_created", "data.order.history",
                                                         []), "data.order.history"),
        Case("bad_json", raw('{"format": "gigdesk.orders", "version": 1, "orders": [}'),
             "JSON"),
        # CSV
        Case("csv_superscript_digit", csv_file({"revisions_used": "²"}), "revisions_used",
             ".csv"),
        Case("csv_arabic_indic_digit", csv_file({"revisions_included": "٣"}),
             "revisions_included", ".csv"),
        Case("csv_cell_over_131072", csv_file({"notes": "x" * 140_000}), "line 2", ".csv"),
        Case("csv_nul", csv_file({"notes": "a\x00b"}), "notes", ".csv"),
        Case("csv_price_fullwidth", csv_file({"price": "５０.００"}), "price", ".csv"),
        Case("csv_currency_btc", csv_file({"currency": "BTC"}), "currency", ".csv"),
        Case("csv_reordered_as_path", csv_file({"reordered_as": "../../../Photos"}),
             "reordered_as", ".csv"),
        # item 1: refs that name a path
        Case("history_snapshot_ref_path", in_event("order_created", "data.order.reordered_as",
                                                   "/home/seller/Photos"), "reordered_as"),
        Case("reordered_as_path", setting(plain, "reordered_as", "a/b"), "reordered_as"),
        Case("order_id_path", setting(plain, "id", "../../x"), "'id'"),
    ]
    for i, ref in enumerate(PATH_REFS):
        cases.append(Case(f"ref_path_json_{i}", setting(plain, "ref", ref), "ref"))
        cases.append(Case(f"ref_path_csv_{i}", csv_file({"ref": ref}), "ref", ".csv"))
    return cases


CASES = _cases()


def dump(data_dir: Path) -> list[str]:
    """Every row of every table: the database "exactly as it was"."""
    path = data_dir / DB_NAME
    if not path.is_file():  # connecting would create it: say so instead
        return ["no database"]
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                               "PYTHONPATH": str(ROOT)})


def judge(case: Case, data_dir: Path, path: Path) -> tuple[str, bool, str]:
    """Import `path` into `data_dir` through the real CLI and say whether it went right."""
    before = dump(data_dir)
    done = run_cli(data_dir, "import", str(path))
    lines = done.stderr.strip().splitlines()
    after = dump(data_dir)
    if case.words is None:
        ok = done.returncode == 0 and after != before
        return case.name, ok, (done.stdout.strip() or done.stderr.strip())[:160]
    ok = (done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr
          and case.words in lines[0] and after == before)
    detail = lines[0] if lines else f"exit {done.returncode}, no message"
    return case.name, ok, f"exit {done.returncode}: {detail[:200]}"


def attack(work: Path) -> list[tuple[str, bool, str]]:
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    base = base_documents(work / "base")
    jobs = []
    for case in CASES:
        folder = work / case.name
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(base["seed_dir"], folder / "data")
        path = folder / f"import{case.suffix}"
        content = case.build(base)
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        path.write_bytes(content)
        jobs.append((case, folder / "data", path))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: judge(*job), jobs))
    results.append(_csv_round_trip(work, base))
    return results


def _csv_round_trip(work: Path, base: dict) -> tuple[str, bool, str]:
    """Formula cells go out escaped and come back as they were."""
    folder = work / "csv_export_round_trip"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(base["seed_dir"], folder / "data")
    source = folder / "formulas.csv"
    source.write_text(_formula_round_trip(base), encoding="utf-8")
    first = run_cli(folder / "data", "import", str(source))
    out = folder / "out.csv"
    second = run_cli(folder / "data", "export", str(out))
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    again = folder / "again"
    shutil.copytree(base["seed_dir"], again)
    third = run_cli(again, "import", str(out))
    back = folder / "back.csv"
    run_cli(again, "export", str(back))
    ok = (first.returncode == second.returncode == third.returncode == 0
          and "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text
          and "'-2+3" in text and back.exists() and back.read_text(encoding="utf-8") == text)
    return "csv_export_round_trip", ok, f"{text.count(chr(39) + '=')} escaped formula cell(s)"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        outcome = attack(Path(folder))
    for name, passed, detail in outcome:
        print(f"{'PASS' if passed else 'FAIL'} {name}: {detail}")
    print(f"{sum(p for _, p, _ in outcome)}/{len(outcome)} passed")
    sys.exit(0 if all(p for _, p, _ in outcome) else 1)
