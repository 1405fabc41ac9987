"""The resolution wizard driven like a seller: every option, Back/Next, refusals, the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
    QWizard,
)

from desktop_app.domain.money import Money
from desktop_app.gui.resolution.wizard import ResolutionWizard
from desktop_app.gui.resolution.wizard.common import camel
from desktop_app.services.impact import earnings
from desktop_app.services.stats import compute_stats
from tests.conftest import NOW, order_fields
from tests.gui.conftest import child

REF = "FO-X"
Button = QWizard.WizardButton

# option -> (situation that recommends it or None, detail fields by objectName)
CASES = {
    "extension": ("more_time", {"extensionDaysSpin": 3, "extensionReasonEdit": "New fonts"}),
    "extra": ("out_of_scope", {"extraPriceEdit": "45.00", "extraDaysSpin": 2,
                               "extraItemsEdit": "Business card\nLetterhead"}),
    "partial_refund": ("unhappy", {"refundAmountEdit": "20.00",
                                   "refundReasonEdit": "One concept unused"}),
    "cancellation": ("agreed_cancel", {"cancelReasonEdit": "Plans changed",
                                       "cancelByCombo": "mutual"}),
    "details": ("other", {}),
    "support": (None, {}),
}


def active_order(book, ref=REF, **overrides):
    fields = order_fields(ref, ordered_at="2026-11-10T00:00:00Z", due_at="2026-11-25T00:00:00Z")
    fields.update(overrides)
    book.create_order(fields, at=NOW - timedelta(days=10))
    book.record_requirements(ref, at=NOW - timedelta(days=10))
    return book.get(ref)


def open_wizard(qtbot, book, clock, ref=REF) -> ResolutionWizard:
    wizard = ResolutionWizard(book, ref, clock=clock)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot, wizard, which) -> None:
    if which == Button.NextButton and page_name(wizard) == "impactPage":
        qtbot.waitUntil(wizard.currentPage().isComplete)  # counted on the CPU runner
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)
    if which == Button.FinishButton:  # recorded on the write runner: an answer or a refusal
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted
                        or bool(error_text(wizard, "reviewError")), timeout=5000)


def page_name(wizard) -> str:
    return wizard.currentPage().objectName()


def fill(wizard, fields: dict) -> None:
    for name, value in fields.items():
        widget = wizard.findChild(QWidget, name)
        if isinstance(widget, QSpinBox):
            widget.setValue(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def to_option_page(qtbot, wizard, situation="other") -> None:
    child(wizard, QRadioButton, f"situation{camel(situation)}").setChecked(True)
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "checklistPage"
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"


def message_page_of_a_details_request(qtbot, book, clock):
    """A wizard on an active order, past the option page with "details" chosen."""
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard)
    choose(wizard, "details", {})
    click(qtbot, wizard, Button.NextButton)
    return wizard


def choose(wizard, option, fields) -> None:
    child(wizard, QRadioButton, f"option{camel(option)}").setChecked(True)
    fill(wizard, fields)


def error_text(wizard, name="optionError") -> str:
    label = child(wizard, QLabel, name)
    return "" if label.isHidden() else label.text()


def record(qtbot, book, clock, option, fields=None):
    """Walk every page with an option and press Finish; the order as recorded."""
    situation, default_fields = CASES[option]
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, situation or "other")
    choose(wizard, option, default_fields if fields is None else fields)
    for expected in ("messagePage", "impactPage", "reviewPage"):
        click(qtbot, wizard, Button.NextButton)
        assert page_name(wizard) == expected, error_text(wizard)
    click(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted, error_text(wizard, "reviewError")
    return wizard


@pytest.mark.parametrize("option", list(CASES))
def test_every_option_is_recorded(qtbot, book, clock, option):
    active_order(book)
    situation, fields = CASES[option]
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, situation or "other")
    if situation is not None:  # the recommendation is preselected
        assert child(wizard, QRadioButton, f"option{camel(option)}").isChecked()
    choose(wizard, option, fields)
    click(qtbot, wizard, Button.NextButton)
    message = child(wizard, QPlainTextEdit, "requestMessageEdit").toPlainText()
    assert message.startswith("Hi maria_k")
    click(qtbot, wizard, Button.NextButton)
    click(qtbot, wizard, Button.NextButton)
    assert "maria_k" in wizard.page(5).ui.reviewSummary.toPlainText()
    click(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    order = book.get(REF)
    if option in ("details", "support"):
        assert order.open_request is None
        word = "Asked the buyer for details" if option == "details" else \
            "Escalated to customer support"
        assert order.notes == f"[2026-11-20] {word}: {message}" or \
            order.notes.endswith(f"] {word}: {message}")
        return
    request = order.open_request
    assert (request.kind, request.message) == (option, message)
    expected = {"extension": lambda r: (r.days, r.reason) == (3, "New fonts"),
                "extra": lambda r: (r.amount_minor, r.days, r.items) ==
                (4500, 2, ["Business card", "Letterhead"]),
                "partial_refund": lambda r: (r.amount_minor, r.reason) ==
                (2000, "One concept unused"),
                "cancellation": lambda r: (r.by, r.reason) == ("mutual", "Plans changed")}
    assert expected[option](request)
    window = book.profile.extension_answer_window
    assert request.expires_at == (NOW + window if option in ("extension", "cancellation")
                                  else None)


def test_situation_page_needs_a_choice(qtbot, book, clock):
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    assert not wizard.button(Button.NextButton).isEnabled()
    child(wizard, QRadioButton, "situationMoreTime").setChecked(True)
    assert wizard.button(Button.NextButton).isEnabled()


def test_back_and_next_keep_what_was_entered(qtbot, book, clock):
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "more_time")
    choose(wizard, "extra", CASES["extra"][1])  # the seller overrides the recommendation
    click(qtbot, wizard, Button.NextButton)
    edit = child(wizard, QPlainTextEdit, "requestMessageEdit")
    edit.setPlainText("Hi maria_k, my own words.")
    click(qtbot, wizard, Button.BackButton)
    assert child(wizard, QRadioButton, "optionExtra").isChecked()
    assert child(wizard, QLineEdit, "extraPriceEdit").text() == "45.00"
    assert child(wizard, QPlainTextEdit, "extraItemsEdit").toPlainText() == \
        "Business card\nLetterhead"
    click(qtbot, wizard, Button.BackButton)
    click(qtbot, wizard, Button.BackButton)
    assert child(wizard, QRadioButton, "situationMoreTime").isChecked()
    click(qtbot, wizard, Button.NextButton)
    click(qtbot, wizard, Button.NextButton)
    assert child(wizard, QRadioButton, "optionExtra").isChecked()  # same situation: kept
    assert child(wizard, QSpinBox, "extraDaysSpin").value() == 2
    click(qtbot, wizard, Button.NextButton)
    assert edit.toPlainText() == "Hi maria_k, my own words."  # same details: edits kept
    click(qtbot, wizard, Button.BackButton)
    child(wizard, QLineEdit, "extraPriceEdit").setText("50.00")
    click(qtbot, wizard, Button.NextButton)
    assert "$50.00" in edit.toPlainText()  # new details: a new draft
    click(qtbot, wizard, Button.BackButton)
    click(qtbot, wizard, Button.BackButton)
    click(qtbot, wizard, Button.BackButton)
    child(wizard, QRadioButton, "situationUnhappy").setChecked(True)
    click(qtbot, wizard, Button.NextButton)
    click(qtbot, wizard, Button.NextButton)
    assert child(wizard, QRadioButton, "optionPartialRefund").isChecked()  # new recommendation


@pytest.mark.parametrize(("fields", "says"), [
    ({"refundAmountEdit": "84.00", "refundReasonEdit": "Late"}, "at most 60%"),
    ({"refundAmountEdit": "4.00", "refundReasonEdit": "Late"}, "at least $5.00"),
    ({"refundAmountEdit": "", "refundReasonEdit": "Late"}, "Enter an amount"),
    ({"refundAmountEdit": "20.00", "refundReasonEdit": ""}, "needs a reason"),
])
def test_refund_refused_on_the_option_page(qtbot, book, clock, fields, says):
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "unhappy")
    assert "From $5.00 to $72.00" in child(wizard, QLabel, "refundLimits").text()
    choose(wizard, "partial_refund", fields)
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert says in error_text(wizard)
    assert book.get(REF).open_request is None


def test_refund_on_a_40_dollar_order_is_refused(qtbot, book, clock):
    active_order(book, price="40.00")
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "unhappy")
    assert "Not available" in child(wizard, QLabel, "refundLimits").text()
    choose(wizard, "partial_refund", {"refundAmountEdit": "10.00", "refundReasonEdit": "Late"})
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert "needs an order price over $50.00; this order is $40.00" in error_text(wizard)


def test_extension_to_a_date_before_the_due_date_is_refused(qtbot, book, clock):
    from desktop_app.gui.resolution.wizard.option_page import to_qt
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "more_time")
    child(wizard, QRadioButton, "extensionByDateRadio").setChecked(True)
    date_edit = wizard.page(2).ui.extensionDateEdit
    date_edit.setDateTime(to_qt(NOW - timedelta(days=1)))
    fill(wizard, {"extensionReasonEdit": "Fonts"})
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert "must be later than the current due date" in error_text(wizard)
    date_edit.setDateTime(to_qt(book.get(REF).due_at + timedelta(days=2, hours=3)))
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "messagePage"
    assert wizard.request["days"] == 3  # part of a day asks for the whole day


def test_extension_that_still_ends_in_the_past_is_refused(qtbot, book, clock):
    active_order(book, due_at="2026-11-15T00:00:00Z")  # five days late at NOW
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "more_time")
    choose(wizard, "extension", {"extensionDaysSpin": 2, "extensionReasonEdit": "Fonts"})
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert "already passed: ask for at least 6 day(s)" in error_text(wizard)


@pytest.mark.parametrize(("option", "fields", "says"), [
    ("extra", {"extraPriceEdit": "45.00", "extraItemsEdit": " "}, "at least one item"),
    ("extra", {"extraPriceEdit": "abc", "extraItemsEdit": "Card"}, "not a decimal amount"),
    ("cancellation", {"cancelReasonEdit": ""}, "needs a reason"),
    ("extension", {"extensionReasonEdit": ""}, "needs a reason"),
])
def test_other_details_refused_with_the_rule(qtbot, book, clock, option, fields, says):
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard)
    choose(wizard, option, fields)
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert says in error_text(wizard)


def test_empty_message_is_refused_on_the_message_page(qtbot, book, clock):
    wizard = message_page_of_a_details_request(qtbot, book, clock)
    child(wizard, QPlainTextEdit, "requestMessageEdit").setPlainText("  ")
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "messagePage"
    assert "Write a message" in error_text(wizard, "messageError")
    qtbot.mouseClick(child(wizard, QPushButton, "redraftButton"), Qt.MouseButton.LeftButton)
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "impactPage"


def test_tone_findings_show_while_typing(qtbot, book, clock):
    wizard = message_page_of_a_details_request(qtbot, book, clock)
    findings = child(wizard, QLabel, "toneFindings")
    assert not findings.isVisibleTo(wizard)
    child(wizard, QPlainTextEdit, "requestMessageEdit").setPlainText(
        "Please leave me a 5 star review!")
    assert findings.isVisibleTo(wizard) and "\u26a0" in findings.text()


def test_a_second_request_is_refused_while_one_is_open(qtbot, book, clock):
    active_order(book)
    book.open_request(REF, {"kind": "extension", "days": 2, "reason": "Fonts"})
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "agreed_cancel")
    fill(wizard, {"cancelReasonEdit": "Plans changed"})
    click(qtbot, wizard, Button.NextButton)
    assert "already has an open extension request" in error_text(wizard)


def seeded(book, completed=4):
    """`completed` completed orders in the window, plus the active FO-X."""
    start = NOW - timedelta(days=10)
    for n in range(completed):
        ref = f"FO-C{n}"
        book.create_order(order_fields(ref, ordered_at="2026-11-01T00:00:00Z",
                                       due_at="2026-11-05T00:00:00Z"), at=start)
        book.record_requirements(ref, at=start)
        book.deliver(ref, "done", at=start + timedelta(days=1))
        book.complete(ref, at=start + timedelta(days=2))
    active_order(book)


@pytest.mark.parametrize(("option", "completed", "warned"), [
    ("cancellation", 4, True), ("cancellation", 12, False), ("partial_refund", 4, False),
    ("extension", 4, False), ("extra", 4, False)])
def test_impact_after_equals_the_metrics_once_applied(qtbot, book, clock, option, completed,
                                                      warned):
    seeded(book, completed)
    wizard = record(qtbot, book, clock, option)
    page = wizard.page(4).ui
    assert page.rateNow.text() == "100.0%"
    assert (not page.impactWarning.isHidden()) is warned
    if warned:
        assert "below the 90%" in page.impactWarning.text()
    order = book.answer_request(REF, "accepted")
    stats = compute_stats(book.db, NOW)
    assert page.rateAfter.text() == f"{stats['completion_rate'] * 100:.1f}%"
    assert page.earningsAfter.text() == earnings(order).display()
    assert page.dueAfter.text() == ("— (the order ends)" if order.status.is_final else
                                    wizard.page(4).impact.due_after.astimezone()
                                    .strftime("%a %d %b %Y %H:%M"))
    if option == "partial_refund":
        assert order.refunded_minor == 2000
        assert page.earningsAfter.text() == Money(10000, "USD").display()


def test_a_yen_order_asks_for_the_rate_and_judges_in_dollars(qtbot, book, clock):
    active_order(book, price="6000", currency="JPY")
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "unhappy")
    rate = child(wizard, QLineEdit, "refundRateEdit")
    assert "limits are in USD" in child(wizard, QLabel, "refundLimits").text()
    choose(wizard, "partial_refund", {"refundAmountEdit": "1000", "refundReasonEdit": "Late"})
    assert rate.isVisible()
    click(qtbot, wizard, Button.NextButton)
    assert "Enter the rate you see on Fiverr (1 JPY = ? USD)" in error_text(wizard)
    rate.setText("0.0067")  # ¥6,000 is $40.20: not over $50
    click(qtbot, wizard, Button.NextButton)
    assert page_name(wizard) == "optionPage"
    assert "over $50.00 (¥7,463); this order is ¥6,000 (about $40.20)" in error_text(wizard)
    assert book.get(REF).open_request is None


def test_a_dollar_order_is_not_asked_for_a_rate(qtbot, book, clock):
    active_order(book)
    wizard = open_wizard(qtbot, book, clock)
    to_option_page(qtbot, wizard, "unhappy")
    choose(wizard, "partial_refund", {})
    assert not child(wizard, QLineEdit, "refundRateEdit").isVisible()
