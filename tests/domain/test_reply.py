from __future__ import annotations

import re
from decimal import Decimal

import pytest

from desktop_app.domain import tone
from desktop_app.domain.money import Money
from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR
from desktop_app.domain.profile import FIVERR
from desktop_app.domain.reply import draft_reply, suggest_extra_price_minor
from desktop_app.domain.scope import compare, with_override

LOGO = ["3 logo concepts", "Vector source file", "High-resolution PNG", "2 revisions"]
STEP = FIVERR.price_step_minor


# ---------------------------------------------------------------- price


@pytest.mark.parametrize(
    ("hours", "rate", "expected"),
    [
        (Decimal("2"), 20_00, 40_00),  # exact multiple of the step stays
        (Decimal("1.5"), 25_00, 40_00),  # 37.50 rounds up to 40.00
        (Decimal("0.1"), 30_00, 5_00),  # any work costs at least one step
        (Decimal("0"), 30_00, 0),
        (Decimal("3.33"), 17_50, 60_00),  # 58.275 -> 60.00
    ],
)
def test_extra_price_rounds_up_to_the_step(hours, rate, expected):
    assert suggest_extra_price_minor(hours, rate, STEP) == expected


def test_extra_price_is_an_int_and_rejects_bad_input():
    assert isinstance(suggest_extra_price_minor(Decimal("1"), 1234, STEP), int)
    with pytest.raises(ValueError):
        suggest_extra_price_minor(Decimal("-1"), 20_00, STEP)
    with pytest.raises(ValueError):
        suggest_extra_price_minor(Decimal("1"), 20_00, 0)


# ---------------------------------------------------------------- draft


MIXES = {
    "all kinds": "1. the green is too light\n2. I need 5 concepts\n3. MAKE IT POP!!\n"
    "4. also design a business card\n5. the colors look weird",
    "only fixes": "fix the typo in the tagline. move the icon to the left",
    "only new work": "we also need a letterhead. and 4 more concepts please",
    "only vague": "i dont like it. something is off",
    "buyer shouting": "THE FONT IS TOO THIN!! and also WE NEED A FLYER AS WELL",
    "buyer off platform": "the phone number +1 415 555 0199 is wrong. pay me back on paypal",
    "buyer asks about ratings": "fix the typo and I will leave 5 stars",
}


def _draft(text: str) -> tuple[list, str]:
    points = compare(LOGO, text)
    out = [i for i, p in enumerate(points) if p.verdict == OUT_OF_SCOPE]
    hours = {i: Decimal("1.5") for i in out}
    price = Money(
        suggest_extra_price_minor(sum(hours.values(), Decimal(0)), 25_00, STEP), "USD"
    ).display()
    return points, draft_reply("maria_k", points, LOGO, extra_price=price, hours=hours)


@pytest.mark.parametrize("name", MIXES)
def test_draft_never_trips_the_tone_check(name):
    _, text = _draft(MIXES[name])
    assert tone.check(text) == [], text


@pytest.mark.parametrize("name", MIXES)
def test_draft_never_talks_about_ratings(name):
    _, text = _draft(MIXES[name])
    assert not re.search(r"\b(?:rating|ratings|stars?|tip|tips)\b", text, re.I), text


def test_draft_thanks_lists_fixes_new_work_and_questions():
    points, text = _draft(MIXES["all kinds"])
    assert [p.verdict for p in points] == [IN_SCOPE, OUT_OF_SCOPE, UNCLEAR, OUT_OF_SCOPE, UNCLEAR]
    assert text.startswith("Hi maria_k,")
    assert "Thank you" in text
    assert '"the green is too light"' in text
    assert "asks for 5 concepts; the package includes 3 (about 1.5 hours)" in text
    assert "a new deliverable: business card (about 1.5 hours)" in text
    assert "In total that is about 3 hours" in text
    assert "$75.00" in text  # 3 h at $25 = $75, already on a $5 step
    assert text.count("About ") == 2  # one clarifying question per unclear point
    assert "the color to" in text.split("the colors look weird")[1]  # asks about what they named


def test_draft_without_price_offers_to_quote():
    points = compare(LOGO, "also design a business card")
    text = draft_reply("sam", points, LOGO)
    assert "quote this as an extra" in text
    assert "hour" not in text


def test_draft_follows_seller_overrides():
    [point] = compare(LOGO, "make it pop")
    text = draft_reply("sam", [with_override(point, IN_SCOPE)], LOGO)
    assert "I will revise" in text and "could you tell me" not in text


def test_shouting_buyer_is_quoted_calmly():
    _, text = _draft(MIXES["buyer shouting"])
    assert "THE FONT" not in text and "!!" not in text
    assert "the font is too thin" in text
