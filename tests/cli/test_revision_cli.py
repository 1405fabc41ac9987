"""`gigdesk revision REF FILE|-`: the points, verdicts and reasons, and the recorded request."""

from __future__ import annotations

import io
import json

import pytest

from desktop_app.cli import main
from tests.conftest import order_fields
from tests.services.test_interchange import write_json

REQUEST = ("Hi!\n1. make the blue darker on concept 2\n2. can you also design a business card\n"
           "3. honestly it doesnt feel right\n4. I need 5 concepts total\nThanks!")


@pytest.fixture
def delivered(tmp_path):
    data = tmp_path / "data"
    path = write_json(tmp_path / "o.json", [order_fields(
        status="delivered", revisions_included=1, requirements_at="2026-11-01T10:00:00Z",
        delivered_at="2026-11-03T10:00:00Z")])
    assert main(["--data-dir", str(data), "import", str(path)]) == 0
    return data


def test_revision_from_stdin_prints_points_and_records(delivered, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(REQUEST))
    capsys.readouterr()
    assert main(["--data-dir", str(delivered), "revision", "FO5F2A91C3", "-"]) == 0
    out = capsys.readouterr().out
    assert "[in scope] make the blue darker" in out
    assert "a new deliverable: business card" in out
    assert "asks for 5 concepts; the package includes 3" in out
    assert "too vague to act on" in out
    main(["--data-dir", str(delivered), "show", "FO5F2A91C3", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "revision_requested" and shown["revisions_used"] == 1
    verdicts = [p["verdict"] for p in shown["revision_requests"][0]["points"]]
    assert verdicts == ["in_scope", "out_of_scope", "unclear", "out_of_scope"]



def test_revision_from_file_warns_when_none_left(delivered, tmp_path, capsys):
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    message = tmp_path / "msg.txt"
    message.write_text("Please make the text bigger", encoding="utf-8")
    args = ["--data-dir", str(delivered), "revision", "FO5F2A91C3", str(message)]
    assert main(args) == 0
    assert "warning" not in capsys.readouterr().err
    OrderBook(Database(delivered)).deliver("FO5F2A91C3", "Revised version")
    assert main(args) == 0
    assert "has no revisions left (1 of 1 used)" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "content", "words"), [
    ("missing.txt", None, "missing.txt: no such file"),
    ("empty.txt", "   \n", "The revision request is empty"),
])
def test_bad_revision_input_exits_2(delivered, tmp_path, capsys, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["--data-dir", str(delivered), "revision", "FO5F2A91C3", str(path)]) == 2
    assert words in capsys.readouterr().err
