from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR, VERDICTS
from desktop_app.domain.scope import (
    RequestPoint,
    compare,
    most_significant,
    quantities,
    split_points,
    with_override,
)

LOGO = ["3 logo concepts", "Vector source file", "High-resolution PNG", "2 revisions"]
LABELLED = Path(__file__).parents[1] / "data" / "revision_points.json"


# ---------------------------------------------------------------- splitting


def test_numbered_lines_and_bullets_are_points():
    text = (
        "1. make the blue darker\n2) move the icon left\n- fix the typo\n* bigger text\n• new font"
    )
    assert split_points(text) == [
        "make the blue darker",
        "move the icon left",
        "fix the typo",
        "bigger text",
        "new font",
    ]


def test_sentences_are_points_but_abbreviations_do_not_split():
    text = "The blue is too light. Can you move the icon? Some names are wrong, e.g. Jonh."
    assert split_points(text) == [
        "The blue is too light.",
        "Can you move the icon?",
        "Some names are wrong, e.g. Jonh.",
    ]


@pytest.mark.parametrize(
    "courtesy",
    [
        "hi",
        "Hello there!",
        "Dear Anna,",
        "thanks!",
        "Thank you so much",
        "Regards,",
        "thanks for the quick work.",
        "Hey John!",
    ],
)
def test_greetings_and_thanks_are_not_points(courtesy):
    assert split_points(courtesy) == []
    assert split_points(f"{courtesy}\nmake the font bigger") == ["make the font bigger"]


def test_greeting_and_thanks_inside_a_line_are_stripped():
    assert split_points("Hi Sam, can you make the font bigger? thanks") == [
        "can you make the font bigger?"
    ]


def test_signature_after_sign_off_is_dropped():
    assert split_points("fix the typo\n\nBest regards,\nMaria Keller") == ["fix the typo"]


def test_list_intro_is_not_a_point():
    assert split_points("A few things:\n1. fix the typo") == ["fix the typo"]


def test_run_on_asks_are_split_where_both_halves_are_asks():
    text = "change the blue to navy and also design a matching business card"
    assert split_points(text) == ["change the blue to navy", "design a matching business card"]
    # a short tail is part of a list, not a second ask
    assert len(split_points("we need pages for blog, careers, and faq")) == 1


# ---------------------------------------------------------------- quantities


def test_quantities_parse_units_words_and_more():
    assert [(q.count, q.unit, q.more) for q in quantities("3 logo concepts")] == [
        (3, "concepts", False)
    ]
    assert [(q.count, q.unit) for q in quantities("1 article of 1000 words")] == [
        (1, "articles"),
        (1000, "words"),
    ]
    assert [(q.count, q.unit, q.more) for q in quantities("five more slides")] == [
        (5, "slides", True)
    ]
    assert [(q.count, q.unit, q.more) for q in quantities("another 1000 rows")] == [
        (1000, "rows", True)
    ]
    assert [(q.count, q.unit) for q in quantities("a 5-page website")] == [(5, "pages")]


@pytest.mark.parametrize("text", ["I need 5 concepts", "can you send 5 more concepts"])
def test_more_than_promised_is_out_of_scope(text):
    [point] = compare(LOGO, text)
    assert point.verdict == OUT_OF_SCOPE
    assert point.matched_item == 0
    assert "5" in point.reason and "the package includes 3" in point.reason


def test_exact_reason_for_extra_concepts():
    [point] = compare(LOGO, "I need 5 concepts")
    assert point.reason == "asks for 5 concepts; the package includes 3"


def test_within_promised_quantity_is_not_new_work():
    [point] = compare(LOGO, "can you redo 2 of the concepts with a darker blue")
    assert point.verdict == IN_SCOPE


def test_new_deliverable_is_named():
    [point] = compare(LOGO, "also could you design a business card")
    assert (point.verdict, point.reason) == (OUT_OF_SCOPE, "a new deliverable: business card")


def test_refinement_names_the_item():
    [point] = compare(LOGO, "the font on concept 2 is too thin")
    assert (point.verdict, point.matched_item) == (IN_SCOPE, 0)
    assert point.reason == "refines '3 logo concepts'"


def test_plain_change_without_item():
    [point] = compare(LOGO, "change the colour to navy")
    assert point == RequestPoint(
        "change the colour to navy", IN_SCOPE, None, "a change to the delivered work"
    )


@pytest.mark.parametrize("text", ["I don't like it", "make it pop", "something is off"])
def test_vague_is_unclear(text):
    [point] = compare(LOGO, text)
    assert point.verdict == UNCLEAR
    assert point.reason == "too vague to act on: ask what to change"


def test_vague_with_a_concrete_ask_is_in_scope():
    [point] = compare(LOGO, "I don't like the font, make it bolder")
    assert point.verdict == IN_SCOPE


# ---------------------------------------------------------------- override


def test_override_sets_verdict_and_says_who():
    [point] = compare(LOGO, "make it pop")
    changed = with_override(point, IN_SCOPE)
    assert changed.verdict == IN_SCOPE
    assert changed.text == point.text
    assert "set by the seller" in changed.reason
    with pytest.raises(ValueError):
        with_override(point, "maybe")


def test_most_significant_prefers_new_work_then_fixes():
    points = compare(LOGO, "make it pop. fix the typo. also design a business card")
    assert [p.verdict for p in points] == [UNCLEAR, IN_SCOPE, OUT_OF_SCOPE]
    assert most_significant(points).verdict == OUT_OF_SCOPE
    assert most_significant([]) is None


@given(st.text(max_size=300))
def test_compare_never_fails_and_returns_known_verdicts(text):
    for point in compare(LOGO, text):
        assert point.verdict in VERDICTS
        assert point.matched_item is None or 0 <= point.matched_item < len(LOGO)


# ---------------------------------------------------------------- labelled set


def _confusion_table(confusion: Counter) -> str:
    header = "label \\ got".ljust(14) + "".join(v.rjust(14) for v in VERDICTS)
    rows = [header]
    for want in VERDICTS:
        rows.append(
            want.ljust(14) + "".join(str(confusion[want, got]).rjust(14) for got in VERDICTS)
        )
    return "\n".join(rows)


def test_labelled_set_accuracy():
    """Each labelled text is judged as a whole: split it, then take the most
    significant point (out_of_scope > in_scope > unclear), as a seller would."""
    items = json.loads(LABELLED.read_text(encoding="utf-8"))
    confusion: Counter = Counter()
    misses = []
    for item in items:
        top = most_significant(compare(item["scope"], item["text"]))
        got = top.verdict if top else UNCLEAR
        confusion[item["verdict"], got] += 1
        if got != item["verdict"]:
            misses.append(f"  {item['verdict']} -> {got}: {item['text']}")
    correct = sum(confusion[v, v] for v in VERDICTS)
    accuracy = correct / len(items)
    recall = {v: confusion[v, v] / sum(confusion[v, g] for g in VERDICTS) for v in VERDICTS}
    print(f"\nlabelled set: {len(items)} points, accuracy {accuracy:.3f}")
    print(_confusion_table(confusion))
    print("recall: " + ", ".join(f"{v} {r:.3f}" for v, r in recall.items()))
    print("\n".join(misses))
    assert accuracy >= 0.85
    assert all(r >= 0.70 for r in recall.values()), recall


def test_labelled_set_is_broad_and_balanced():
    items = json.loads(LABELLED.read_text(encoding="utf-8"))
    assert len(items) >= 70
    assert len({i["category"] for i in items}) >= 8
    counts = Counter(i["verdict"] for i in items)
    assert set(counts) == set(VERDICTS) and min(counts.values()) >= 20


def test_praise_alone_is_not_a_point():
    scope = ["3 logo concepts", "Vector source file"]
    assert compare(scope, "Hi! thanks for the concepts, I like the second one a lot.") == []
    points = compare(scope, "The logo looks amazing. Can you make the blue darker?")
    assert [p.text for p in points] == ["Can you make the blue darker?"]
    assert len(compare(scope, "I really like concept 2 but the font feels too thin")) == 1
