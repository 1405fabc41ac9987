"""`gigdesk tip`, `gigdesk rate` and `gigdesk earnings`; refusals name the field and
change nothing."""

from __future__ import annotations

import json

import pytest

from desktop_app.storage.db import Database
from tests.cli.test_cli import imported, run
from tests.conftest import order_fields
from tests.services.test_interchange import dump, write_json

REF = "FO5F2A91C3"
DONE = dict(status="completed", requirements_at="2026-11-01T10:00:00Z",
            delivered_at="2026-11-03T10:00:00Z", completed_at="2026-11-05T10:00:00Z")


def test_tip_and_rating_on_a_completed_order(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path, **DONE)
    assert run(data_dir, "tip", REF, "10.00", "--at", "2026-11-06T00:00:00Z") == 0
    assert run(data_dir, "tip", REF, "2.50", "--at", "2026-11-06T01:00:00Z") == 0
    assert run(data_dir, "rate", REF, "4", "--text", "Good", "--at",
               "2026-11-06T02:00:00Z") == 0
    assert run(data_dir, "rate", REF, "5", "--text", "Great after all", "--at",
               "2026-11-07T00:00:00Z") == 0  # a second rating replaces the first
    capsys.readouterr()
    assert run(data_dir, "show", REF, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["tips"] == "12.50"
    assert shown["rating"] == {"stars": 5, "text": "Great after all",
                               "at": "2026-11-07T00:00:00Z"}
    kinds = [e["kind"] for e in shown["history"]]
    assert kinds.count("tip_received") == 2 and kinds.count("rated") == 2


@pytest.mark.parametrize(("args", "field"), [
    (["rate", REF, "0"], "stars"), (["rate", REF, "6"], "stars"),
    (["rate", REF, "five"], "stars"), (["rate", REF, "4.5"], "stars"),
    (["tip", REF, "-5.00"], "amount"), (["tip", REF, "0"], "amount"),
    (["tip", REF, "lots"], "amount"), (["tip", REF, "1.234"], "amount"),
])
def test_bad_input_names_the_field_and_writes_nothing(data_dir, tmp_path, capsys, args, field):
    imported(data_dir, tmp_path, **DONE)
    before = dump(Database(data_dir))
    capsys.readouterr()
    assert run(data_dir, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and field in err
    assert dump(Database(data_dir)) == before


def test_rating_needs_a_completed_order_and_tips_a_delivered_one(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path)
    before = dump(Database(data_dir))
    assert run(data_dir, "rate", REF, "5") == 2
    assert "cannot be rated now" in capsys.readouterr().err
    assert run(data_dir, "tip", REF, "5.00") == 2
    assert "cannot receive a tip now" in capsys.readouterr().err
    assert dump(Database(data_dir)) == before


def test_earnings_json_per_currency(data_dir, tmp_path, capsys):
    path = write_json(tmp_path / "in.json", [
        order_fields(REF, **DONE, tips="10.00"),
        order_fields("FO2", **DONE, currency="EUR", price="50.00")])
    assert run(data_dir, "import", str(path)) == 0
    capsys.readouterr()
    assert run(data_dir, "earnings", "--json", "--at", "2026-11-10T00:00:00Z") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["month"] == "2026-11"
    assert out["currencies"]["USD"]["pending_clearance"] == "104.00"  # 130 less 20%
    assert out["currencies"]["USD"]["available"] == "0.00"
    assert out["currencies"]["EUR"]["month_net"] == "40.00"
    assert run(data_dir, "earnings", "--at", "2026-11-30T00:00:00Z", "--month",
               "2026-10") == 0
    text = capsys.readouterr().out
    assert "USD: pending clearance $0.00, available $104.00, 2026-10 net $0.00" in text


@pytest.mark.parametrize("bad", ["2026-13", "Nov", "2026/11", ""])
def test_earnings_refuses_a_bad_month_in_one_line(data_dir, capsys, bad):
    assert run(data_dir, "earnings", "--month", bad) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--month" in err and "YYYY-MM" in err
