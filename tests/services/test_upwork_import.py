"""Upwork's transaction-history CSV, both layouts: orders and earnings, all or nothing,
idempotent."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.services.earnings import compute_earnings, earnings_json
from desktop_app.services.interchange import ImportError_, import_file
from tests.services.test_interchange import dump

DATA = Path(__file__).parent.parent / "data" / "upwork"
OLDER = DATA / "transactions_older.csv"
NEWER = DATA / "transaction_history_newer.csv"
AFTER = datetime(2026, 1, 1, tzinfo=UTC)  # every fixture payment has cleared by then


def test_older_layout_makes_one_completed_upwork_order_per_payment(book):
    assert import_file(book, OLDER).summary() == "4 created, 0 updated, 0 unchanged"
    milestone = book.get("UW634001121")
    assert (milestone.marketplace, milestone.status.value, milestone.buyer) == (
        "upwork", "completed", "Northwind Bakery")
    assert (milestone.gig, milestone.package) == ("Logo and brand kit for a bakery",
                                                  "Milestone 2: Final logo files")
    assert milestone.price.amount_str() == "450.00"
    assert milestone.fee_minor == 45_00
    assert milestone.completed_at == datetime(2023, 12, 15, 12, tzinfo=UTC)
    # the Dec 1 refund belongs to the milestone paid on Nov 28, not the later one
    assert book.get("UW633402560").refunded_minor == 50_00
    assert milestone.refunded_minor == 0
    hourly = book.get("UW633850001")
    assert (hourly.tips_minor, hourly.fee_minor) == (40_00, 35_25)  # the bonus and its fee
    assert book.get("UW633100871").buyer == "Upwork client"  # no team named
    with pytest.raises(LookupError):
        book.get("UW634120957")  # a withdrawal is not an order


def test_newer_layout_and_its_earnings(book):
    assert import_file(book, NEWER).summary() == "3 created, 0 updated, 0 unchanged"
    audit = book.get("UW812210339")
    assert (audit.tips_minor, audit.fee_minor) == (75_00, 67_50)
    assert book.get("UW812377450").price.amount_str() == "1200.00"
    usd = earnings_json(compute_earnings(book.db, AFTER))["currencies"]["USD"]
    gross = 600_00 + 75_00 + 1200_00 + 487_50
    fees = 67_50 + 120_00 + 48_75
    assert usd["available"] == f"{(gross - fees) / 100:.2f}"
    assert usd["completed_orders"] == 3


def test_importing_again_changes_nothing_and_a_longer_file_updates(book, tmp_path):
    import_file(book, OLDER)
    before = dump(book.db)
    assert import_file(book, OLDER).summary() == "0 created, 0 updated, 4 unchanged"
    assert dump(book.db) == before
    longer = tmp_path / "longer.csv"
    shutil.copy(OLDER, longer)
    with longer.open("a", encoding="utf-8") as out:  # a second bonus on the same contract
        out.write('"Dec 20, 2023","634200001","Bonus","Bonus - WordPress maintenance, '
                  'monthly","","Amina Khan","Harbor & Pine Dental","Amina Khan","","$10.00",'
                  '"","","$272.50"\n')
    assert import_file(book, longer).summary() == "0 created, 1 updated, 3 unchanged"
    assert book.get("UW633850001").tips_minor == 50_00


@pytest.mark.parametrize("old, new, words", [
    ('"Dec 15, 2023","634001121"', '"15th of Dec","634001121"',
     "transactions_older.csv: line 5: Date: '15th of Dec' is not a date"),
    ('"$450.00"', '"about 450"', "line 5: Amount: 'about 450' is not an amount"),
    ('"Fixed Price","Invoice for Milestone 2', '"Lottery","Invoice for Milestone 2',
     "line 5: unknown transaction type 'Lottery'"),
    ('"634001121","Fixed Price"', '"63400112x","Fixed Price"',
     "line 5: the transaction id '63400112x' is not Upwork's number"),
    ('"634001121","Fixed Price"', '"633402560","Fixed Price"',
     "line 14: transaction 633402560 appears twice (first on line 5)"),
])
def test_a_bad_row_is_named_and_nothing_is_imported(book, tmp_path, old, new, words):
    import_file(book, NEWER)
    before = dump(book.db)
    bad = tmp_path / OLDER.name
    text = OLDER.read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ImportError_) as exc:
        import_file(book, bad)
    assert words in str(exc.value)
    assert dump(book.db) == before


def test_a_short_row_is_refused(book, tmp_path):
    bad = tmp_path / "short.csv"
    bad.write_text(NEWER.read_text(encoding="utf-8") + '"Nov 25, 2025",812399999,Hourly\n',
                   encoding="utf-8")
    with pytest.raises(ImportError_, match=r"short.csv: line 12: 3 cells, the header has 6"):
        import_file(book, bad)
