"""Every number of every marketplace profile, one assertion each, against the help-centre
wording in DESIGN.md: a changed number in marketplaces.json fails here, by name."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from desktop_app.domain.profile import (
    _DATA,
    DEFAULT_MARKETPLACE,
    MARKETPLACES,
    PROFILES,
    profile_for,
)

FIVERR, UPWORK = PROFILES["fiverr"], PROFILES["upwork"]
PPH, LEGIIT, FREELANCER = PROFILES["peopleperhour"], PROFILES["legiit"], PROFILES["freelancer"]
GB = 1024**3


def days(n: int) -> timedelta:
    return timedelta(days=n)


def test_the_five_marketplaces_fiverr_first_and_by_default():
    assert MARKETPLACES == ("fiverr", "upwork", "peopleperhour", "legiit", "freelancer")
    assert DEFAULT_MARKETPLACE == "fiverr"
    assert profile_for(None) is FIVERR and profile_for("") is FIVERR
    assert profile_for("upwork") is UPWORK
    assert [PROFILES[k].name for k in MARKETPLACES] == [
        "Fiverr", "Upwork", "PeoplePerHour", "Legiit", "Freelancer.com"]


# -- Fiverr ------------------------------------------------------------------------------

def test_fiverr_clock_starts_at_requirements():
    assert FIVERR.clock_starts == "requirements"


def test_fiverr_very_late_after_24_hours():
    assert FIVERR.very_late_after == timedelta(hours=24)


def test_fiverr_auto_completes_after_3_days():
    assert FIVERR.auto_complete_after == days(3)


def test_fiverr_revisions_within_3_days():
    assert FIVERR.revision_request_window == days(3)


def test_fiverr_extension_answered_within_48_hours():
    assert FIVERR.extension_answer_window == timedelta(hours=48)


def test_fiverr_cancellation_answered_within_48_hours():
    assert FIVERR.cancellation_answer_window == timedelta(hours=48)


def test_fiverr_refund_needs_an_order_over_50_dollars():
    assert (FIVERR.refund_min_order_minor, FIVERR.reference_currency) == (5000, "USD")


def test_fiverr_refund_from_5_dollars():
    assert FIVERR.refund_min_minor == 500


def test_fiverr_refund_up_to_60_percent():
    assert FIVERR.refund_max_minor(10_000) == 6_000


def test_fiverr_completion_rate_over_60_days():
    assert FIVERR.metrics_window == days(60)


def test_fiverr_reorder_within_14_days_is_exempt():
    assert FIVERR.reorder_exemption_window == days(14)


def test_fiverr_fee_20_percent_seller_earns_80():
    assert FIVERR.fee_percent == 20 and 100 - FIVERR.fee_percent == 80


def test_fiverr_no_fee_minimum():
    assert FIVERR.fee_minimum_minor == 0


def test_fiverr_clearance_14_days():
    assert FIVERR.clearance == days(14)


def test_fiverr_clearance_7_days_for_top_sellers():
    assert FIVERR.clearance_fast == days(7)


def test_fiverr_delivery_up_to_5_gb():
    assert FIVERR.max_delivery_bytes == 5 * GB


def test_fiverr_warns_above_1_gb_a_file():
    assert FIVERR.large_file_warning_bytes == GB


def test_fiverr_prices_in_5_dollar_steps():
    assert FIVERR.price_step_minor == 500


def test_fiverr_warns_below_90_percent_completion():
    assert FIVERR.completion_rate_warning == (90, 100)


# -- Upwork ------------------------------------------------------------------------------

def test_upwork_clock_starts_at_requirements():
    assert UPWORK.clock_starts == "requirements"


def test_upwork_14_day_review():
    assert UPWORK.auto_complete_after == days(14)
    assert UPWORK.revision_request_window == days(14)


def test_upwork_7_days_to_answer_a_refund_request():
    assert UPWORK.cancellation_answer_window == days(7)


def test_upwork_5_day_security_hold():
    assert UPWORK.clearance == days(5) and UPWORK.clearance_fast == days(5)


def test_upwork_disputes_filed_within_7_days():
    assert UPWORK.extra_rules["dispute_filing_window"] == days(7)


def test_upwork_dispute_answer_5_business_days():
    # kept as calendar days: 5 business days plus a weekend at the longest
    assert UPWORK.extra_rules["dispute_answer_window"] == days(7)
    assert json.loads(_DATA.read_text())["upwork"]["dispute_answer_window"][
        "business_days"] == 5


def test_upwork_fee_10_percent():
    assert UPWORK.fee_percent == 10 and UPWORK.fee_minimum_minor == 0


def test_upwork_unpublished_rules_are_none():
    assert UPWORK.very_late_after is None
    assert UPWORK.extension_answer_window is None
    assert UPWORK.metrics_window is None
    assert UPWORK.refund_min_order_minor is None and UPWORK.refund_min_minor is None


# -- PeoplePerHour -----------------------------------------------------------------------

def test_peopleperhour_clock_starts_at_the_order():
    assert PPH.clock_starts == "order"


def test_peopleperhour_7_days_for_offers_and_hourlies():
    assert PPH.auto_complete_after == days(7)


def test_peopleperhour_30_days_for_custom_jobs():
    assert PPH.extra_rules["auto_complete_after_custom"] == days(30)


def test_peopleperhour_fee_not_published():
    assert PPH.fee_percent is None
    assert PPH.source("fee").startswith("Not published: ")


def test_peopleperhour_reference_currency_gbp():
    assert PPH.reference_currency == "GBP"


# -- Legiit ------------------------------------------------------------------------------

def test_legiit_clock_starts_at_requirements():
    assert LEGIIT.clock_starts == "requirements"


def test_legiit_3_day_review():
    assert LEGIIT.auto_complete_after == days(3)
    assert LEGIIT.revision_request_window == days(3)


def test_legiit_5_day_escrow():
    assert LEGIIT.clearance == days(5)


def test_legiit_fee_15_percent():
    assert LEGIIT.fee_percent == 15


def test_legiit_buyer_may_cancel_as_soon_as_late():
    assert LEGIIT.very_late_after == timedelta(0)


# -- Freelancer.com ----------------------------------------------------------------------

def test_freelancer_clock_starts_at_the_award():
    assert FREELANCER.clock_starts == "order"


def test_freelancer_fee_10_percent_or_5_dollars():
    assert FREELANCER.fee_percent == 10 and FREELANCER.fee_minimum_minor == 500


def test_freelancer_dispute_answer_4_days_for_the_freelancer():
    assert FREELANCER.extra_rules["dispute_answer_window"] == days(4)
    assert FREELANCER.cancellation_answer_window == days(4)


def test_freelancer_dispute_answer_14_days_for_the_client():
    assert FREELANCER.extra_rules["dispute_answer_window_client"] == days(14)


def test_freelancer_no_auto_completion():
    assert FREELANCER.auto_complete_after is None


# -- sources -----------------------------------------------------------------------------

RAW = {k: v for k, v in json.loads(_DATA.read_text(encoding="utf-8")).items()
       if not k.startswith("_")}


@pytest.mark.parametrize(("key", "rule"), [(k, r) for k, d in RAW.items() for r, v in d.items()
                                            if isinstance(v, dict) and r != "status_labels"])
def test_every_rule_names_its_source_or_says_it_is_not_published(key, rule):
    data = RAW[key][rule]
    text = PROFILES[key].source(rule)
    if data.get("published") is False:
        assert data.get("note", "").strip() and text == f"Not published: {data['note']}"
    else:
        assert text == data["source"] and len(text) > 20
        assert text.startswith(("Not published: ", PROFILES[key].name.split(".")[0]))


@pytest.mark.parametrize("key", MARKETPLACES)
def test_every_status_has_a_label(key):
    assert set(PROFILES[key].status_labels) == {
        "awaiting_requirements", "in_progress", "delivered", "revision_requested", "completed",
        "cancelled"}
