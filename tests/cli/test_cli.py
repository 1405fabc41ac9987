"""The command line: each command, and refusals with exit 2 that change nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.cli import main
from desktop_app.domain.timeutil import format_ts
from tests.conftest import order_fields
from tests.services.test_interchange import dump, write_json


def run(data_dir, *args):
    return main(["--data-dir", str(data_dir), *args])


def imported(data_dir, tmp_path, **fields):
    path = write_json(tmp_path / "in.json", [order_fields(**fields)])
    assert run(data_dir, "import", str(path)) == 0
    return path


def test_import_prints_counts_and_is_idempotent(data_dir, tmp_path, capsys):
    path = imported(data_dir, tmp_path)
    assert "1 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert run(data_dir, "import", str(path)) == 0
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_bad_import_exits_2_with_one_line_and_writes_nothing(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path)
    from desktop_app.storage.db import Database
    before = dump(Database(data_dir))
    bad = write_json(tmp_path / "bad.json", [order_fields("FO2", price="-3")])
    assert run(data_dir, "import", str(bad)) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "bad.json: order 1 (FO2): field 'price'" in err
    assert dump(Database(data_dir)) == before


def test_lifecycle_from_the_command_line(data_dir, tmp_path, capsys):
    # Recent dates: the command line runs on the real clock, and 48 h deadlines matter.
    placed = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=5)
    imported(data_dir, tmp_path, ordered_at=format_ts(placed),
             due_at=format_ts(placed + timedelta(days=3)))
    assert run(data_dir, "requirements", "FO5F2A91C3", "--at",
               format_ts(placed + timedelta(hours=1))) == 0
    assert run(data_dir, "request", "FO5F2A91C3", "extend", "--days", "2", "--reason", "fonts",
               "--at", format_ts(placed + timedelta(hours=2))) == 0
    assert run(data_dir, "answer", "FO5F2A91C3", "accepted", "--at",
               format_ts(placed + timedelta(hours=3))) == 0
    capsys.readouterr()
    assert run(data_dir, "show", "FO5F2A91C3", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    # 3 days from the requirements (the clock starts there), then 2 more by the extension
    assert shown["due_at"] == format_ts(placed + timedelta(hours=1, days=5))
    assert [e["kind"] for e in shown["history"]] == [
        "order_created", "requirements_received", "request_opened", "request_answered"]


def test_past_request_whose_deadline_passed_gets_its_timeout_at_once(data_dir, tmp_path,
                                                                     capsys):
    imported(data_dir, tmp_path, status="in_progress", requirements_at="2026-11-01T10:00:00Z")
    assert run(data_dir, "request", "FO5F2A91C3", "cancel", "--reason", "no reply",
               "--at", "2026-11-05T10:00:00Z") == 0
    assert "cancellation request accepted by timeout" in capsys.readouterr().out
    run(data_dir, "show", "FO5F2A91C3", "--json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "cancelled"
    assert shown["requests"][0]["by_timeout"] is True


@pytest.mark.parametrize(("args", "words"), [
    (("complete", "FO5F2A91C3"), "it cannot be marked completed now"),
    (("show", "NOPE"), "No order NOPE"),
    (("request", "FO5F2A91C3", "refund", "--amount", "100", "--reason", "x"), "at most 60%"),
    (("request", "FO5F2A91C3", "extend", "--days", "0", "--reason", "x"),
     "--days: must be from 1 to 365, not 0"),
    (("answer", "FO5F2A91C3", "accepted"), "no open request"),
    (("complete", "FO5F2A91C3", "--at", "yesterday"), "--at: 'yesterday' is not an ISO"),
    (("import", "missing.json"), "missing.json: no such file"),
])
def test_refusals_exit_2_and_change_nothing(data_dir, tmp_path, capsys, args, words):
    imported(data_dir, tmp_path)
    from desktop_app.storage.db import Database
    before = dump(Database(data_dir))
    assert run(data_dir, *args) == 2
    assert words in capsys.readouterr().err
    assert dump(Database(data_dir)) == before


def test_stats_json_has_the_contract_keys(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path, status="completed", completed_at="2026-11-10T10:00:00Z")
    capsys.readouterr()
    assert run(data_dir, "stats", "--json", "--at", "2026-11-20T00:00:00Z") == 0
    stats = json.loads(capsys.readouterr().out)
    for key in ("completion_rate", "window_days", "completed", "cancelled_counted",
                "cancelled_exempt", "on_time_rate", "active", "late", "very_late",
                "revision_rate"):
        assert key in stats
    assert stats["completion_rate"] == 1.0 and stats["window_days"] == 60


def test_check_reports_a_tampered_projection(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path)
    assert run(data_dir, "check") == 0
    assert "OK: 1 orders, 1 events and 0 stored files checked" in capsys.readouterr().out
    import sqlite3
    conn = sqlite3.connect(data_dir / "gigdesk.sqlite")
    conn.execute("UPDATE orders SET state = replace(state, 'maria_k', 'someone')")
    conn.commit()
    conn.close()
    assert run(data_dir, "check") == 1
    assert "differs from its replayed events" in capsys.readouterr().out


def test_real_entry_point_uses_gigdesk_data_dir(tmp_path):
    env = {**os.environ, "GIGDESK_DATA_DIR": str(tmp_path / "env-data")}
    done = subprocess.run([sys.executable, "-m", "desktop_app", "stats", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["completion_rate"] is None
    assert (tmp_path / "env-data" / "gigdesk.sqlite").exists()


def test_import_takes_the_marketplace_and_delivery_days_and_show_tells_them(data_dir, tmp_path,
                                                                              capsys):
    imported(data_dir, tmp_path, marketplace="upwork", delivery_days=4)
    capsys.readouterr()
    assert run(data_dir, "show", "FO5F2A91C3") == 0
    assert "  delivery  4 days on Upwork" in capsys.readouterr().out
    assert run(data_dir, "show", "FO5F2A91C3", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["marketplace"], shown["delivery_days"]) == ("upwork", 4)


def test_an_unknown_marketplace_is_refused_by_field(data_dir, tmp_path, capsys):
    bad = write_json(tmp_path / "bad.json", [order_fields(marketplace="etsy")])
    assert run(data_dir, "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert "field 'marketplace'" in err and "fiverr" in err


def test_a_refund_on_a_yen_order_takes_the_rate(data_dir, tmp_path, capsys):
    imported(data_dir, tmp_path, price="9000", currency="JPY", status="in_progress",
             requirements_at="2026-11-01T10:00:00Z")
    refund = ("request", "FO5F2A91C3", "refund", "--amount", "5400", "--reason", "late")
    assert run(data_dir, *refund) == 2
    assert "Enter the rate you see on Fiverr (1 JPY = ? USD)" in capsys.readouterr().err
    assert run(data_dir, *refund, "--rate", "a lot") == 2
    assert "Rate: 'a lot' is not a positive decimal" in capsys.readouterr().err
    assert run(data_dir, *refund, "--rate", "0.0067") == 0
    capsys.readouterr()
    run(data_dir, "show", "FO5F2A91C3", "--json")
    assert json.loads(capsys.readouterr().out)["requests"][0]["rate"] == "0.0067"
