from __future__ import annotations

import pytest

from desktop_app.domain.tone import KINDS, check


def _hits(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in check(text)]


@pytest.mark.parametrize(
    ("text", "kind", "excerpt"),
    [
        (
            "If you are happy, please leave me a 5 star review.",
            "rating_pressure",
            "leave me a 5 star review",
        ),
        ("Five stars would mean a lot to me.", "rating_pressure", "Five stars"),
        ("A positive review helps my small business.", "rating_pressure", "positive review"),
        ("Please leave feedback when you can.", "rating_pressure", "leave feedback"),
        ("Do rate me well.", "rating_pressure", "rate me"),
        ("A tip is always appreciated.", "rating_pressure", "tip"),
        ("A good rating keeps me going.", "rating_pressure", "good rating"),
        (
            "Write to me at anna.k@example.com for faster answers.",
            "off_platform",
            "anna.k@example.com",
        ),
        ("Call me on +44 7700 900123.", "off_platform", "+44 7700 900123"),
        ("Message me on WhatsApp.", "off_platform", "WhatsApp"),
        ("I am on Telegram too.", "off_platform", "Telegram"),
        ("Add me on Skype.", "off_platform", "Skype"),
        ("Pay at paypal.me/annak instead.", "off_platform", "paypal.me/annak"),
        ("You can pay via Wise or Payoneer.", "off_platform", "via Wise"),
        ("As I already said, the price covers three concepts.", "pressure", "As I already said"),
        ("As I said before, the file is attached.", "pressure", "As I said before"),
        ("You must approve the order today.", "pressure", "You must"),
        ("The delay is not my fault.", "pressure", "not my fault"),
        ("Obviously the font is the one you chose.", "pressure", "Obviously"),
        ("You should have sent the text earlier.", "pressure", "You should have"),
        ("PLEASE READ THE BRIEF again.", "shouting", "PLEASE READ THE BRIEF"),
        ("This is IMPORTANT for the deadline.", "shouting", "IMPORTANT"),
        ("The files are attached!!", "shouting", "!!"),
    ],
)
def test_each_kind_is_found_with_its_span(text, kind, excerpt):
    assert (kind, excerpt) in _hits(text)


def test_findings_carry_a_teaching_reason_and_a_known_kind():
    findings = check("Leave me 5 stars!! Email me at a@b.co, AS I SAID BEFORE.")
    assert {f.kind for f in findings} == set(KINDS)
    for f in findings:
        assert f.reason.endswith(".") and len(f.reason.split()) >= 8


def test_spans_are_ordered_and_point_into_the_text():
    text = "Thanks! Contact me on Skype or WhatsApp. You must reply!!"
    findings = check(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)


POLITE = [
    "Thanks for your patience, I've attached the revised logo with the darker blue you asked for.",
    "Let me know if anything else needs adjusting.",
    "Please review the files and tell me what you think.",
    "Here are a few tips for the layout: keep the margins wide.",
    "I used multiple fonts in the PNG and SVG files.",
    "Otherwise I can adjust the HTML and CSS tomorrow.",
    "The revised delivery is due 2025-11-04 at 09:30 UTC.",
    "Order FO5F2A91C3 now includes the high-resolution PDF.",
    "Thank you for the kind feedback on the first draft!",
    "I have updated the SEO keywords and the URL slugs as discussed.",
    "Could you share an example of a style you like? That helps me get it right.",
    "The video is 9 minutes 40 seconds long, so it fits the 10-minute package.",
    "I re-recorded the last line with a warmer tone; the WAV file is attached.",
    "Pro tip: export the logo at 300 dpi for print.",
    "I reviewed the feedback and will fix the typo in the third paragraph.",
]


@pytest.mark.parametrize("message", POLITE)
def test_no_false_alarms_on_polite_messages(message):
    assert check(message) == []


def test_single_short_caps_and_acronyms_are_not_shouting():
    assert check("I AM sure the USA version is OK.") == []
    assert check("The MP4 and JPEG files are ready.") == []
