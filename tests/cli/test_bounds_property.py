"""Property: any value typed for a numeric option gives exit 0, or exit 2 with one line
that changes nothing; never 1 (a crash)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.cli import main
from desktop_app.storage.db import Database
from tests.conftest import order_fields
from tests.services.test_interchange import dump, write_json

REF = "FO5F2A91C3"
NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-10**40, max_value=10**40).map(str),
    st.sampled_from(["0", "1", "365", "366", "3000000", "1e9", "nan", "inf", "-inf", "1.5",
                     "٣", "0x10", " 7 ", "+5", "", "9" * 5000]),
    st.text(max_size=12),
)
TIMES = st.one_of(
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.sampled_from(["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2999-12-31T23:59:59Z",
                     "1900-01-01T00:00:00Z", "2026-11-02T00:00:00+14:00", "yesterday"]),
    st.text(max_size=12),
)
# Each numeric option, as the command line that carries it.
OPTIONS = {
    "demo --orders": lambda v: ["demo", "--orders", v],
    "demo --seed": lambda v: ["demo", "--orders", "1", "--seed", v],
    "extend --days": lambda v: ["request", REF, "extend", "--days", v, "--reason", "x"],
    "extra --days": lambda v: ["request", REF, "extra", "--price", "10", "--days", v,
                               "--item", "x"],
    "extra --price": lambda v: ["request", REF, "extra", "--price", v, "--item", "x"],
    "refund --amount": lambda v: ["request", REF, "refund", "--amount", v, "--reason", "x"],
    "sync --timeout": lambda v: ["sync", "--server", "http://127.0.0.1:9", "--timeout", v],
}
TIMED = {
    "stats --at": lambda v: ["stats", "--at", v],
    "requirements --at": lambda v: ["requirements", REF, "--at", v],
    "extend --at": lambda v: ["request", REF, "extend", "--days", "3", "--reason", "x",
                              "--at", v],
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("bounds") / "data"
    path = write_json(data.parent / "in.json", [order_fields(
        REF, status="in_progress", requirements_at="2026-11-01T10:00:00Z", price="900.00")])
    assert main(["--data-dir", str(data), "import", str(path)]) == 0
    return data


def check(data_dir, capsys, argv):
    before = dump(Database(data_dir))
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *argv])
    err = capsys.readouterr().err
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("gigdesk: "), err
        assert dump(Database(data_dir)) == before


@pytest.mark.parametrize("option", sorted(OPTIONS))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=NUMBERS)
def test_numeric_options_exit_0_or_2_with_one_line(data_dir, capsys, option, value):
    if option == "demo --orders":  # a valid count fills the database: keep those small
        digits = value.strip().lstrip("+")
        assume(not (digits.isascii() and digits.isdigit() and len(digits) <= 7
                    and int(digits) > 20))
    check(data_dir, capsys, OPTIONS[option](value))


@pytest.mark.parametrize("option", sorted(TIMED))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=TIMES)
def test_time_options_exit_0_or_2_with_one_line(data_dir, capsys, option, value):
    check(data_dir, capsys, TIMED[option](value))


@settings(max_examples=25, deadline=None)
@given(value=NUMBERS)
def test_a_setting_is_stored_in_bounds_or_refused_naming_it(tmp_path_factory, value):
    from desktop_app.domain.errors import FieldError
    from desktop_app.services.settings import Settings

    db = Database(tmp_path_factory.mktemp("settings"))
    settings_ = Settings(db)
    try:
        settings_.set("hourly_rate", value)
    except FieldError as exc:
        assert exc.field == "hourly_rate" and "\n" not in exc.message
        assert settings_.get("hourly_rate") == "25.00"
    else:
        from decimal import Decimal
        assert 0 <= Decimal(settings_.get("hourly_rate")) <= 10**9
    db.dispose()
