"""The scope pane, driven through its automation names over a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
)

from desktop_app.domain import tone
from desktop_app.domain.order import Status
from desktop_app.gui.scope.scope_extra import ExtraOfferDialog
from desktop_app.gui.scope.scope_pane import ScopePane
from desktop_app.gui.scope.scope_points import HOURS, VERDICT
from desktop_app.gui.shell import messages
from desktop_app.services.settings import Settings
from tests.conftest import order_fields
from tests.gui.conftest import child

REF = "FO5F2A91C3"
REQUEST = """Hi Anna,
1. can you make the blue a bit darker, its too light
2. Please also design a business card with the logo
3. I'd also need 2 more concepts in a different style
Thanks!"""
T0 = datetime(2026, 11, 1, 12, tzinfo=UTC)


def delivered(book, ref: str = REF, **overrides):
    book.create_order(order_fields(ref, **overrides))
    book.record_requirements(ref, at=T0)
    return book.deliver(ref, "Here are the concepts", at=T0 + timedelta(days=1))


@pytest.fixture
def pane(qtbot, book, db):
    widget = ScopePane(book, Settings(db))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def points_of(pane) -> list[tuple[str, str]]:
    model = child(pane, QTableView, "requestPoints").model()
    return [(model.index(r, 0).data(), model.index(r, VERDICT).data())
            for r in range(model.rowCount())]


def paste(qtbot, pane, text: str = REQUEST) -> None:
    child(pane, QPlainTextEdit, "revisionRequestEdit").setPlainText(text)
    qtbot.waitUntil(lambda: len(points_of(pane)) > 0, timeout=2000)  # after the debounce


def test_pasting_a_request_shows_its_points_with_verdict_words(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    assert points_of(pane) == [
        ("can you make the blue a bit darker, its too light", "\u2713 In scope"),
        ("Please also design a business card with the logo", "+ New work"),
        ("I'd also need 2 more concepts in a different style", "+ New work"),
    ]
    assert child(pane, QLabel, "pointsSummary").text().endswith(
        ": 1 in scope \u00b7 2 new work (+$50.00, 2 h)")
    assert child(pane, QPushButton, "recordRevision").isEnabled()
    assert child(pane, QPushButton, "offerExtra").isEnabled()


def test_without_an_order_nothing_can_be_recorded(pane):
    pane.set_order(None)
    assert not child(pane, QPlainTextEdit, "revisionRequestEdit").isEnabled()
    assert not child(pane, QPushButton, "recordRevision").isEnabled()
    assert not child(pane, QPushButton, "offerExtra").isEnabled()
    assert not child(pane, QPushButton, "copyReply").isEnabled()


def test_extra_price_is_the_hourly_rate_times_hours_rounded_up_to_five_dollars(
        qtbot, pane, book, db):
    Settings(db).set("hourly_rate", "22.00")
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    view = child(pane, QTableView, "requestPoints")
    model = view.model()
    assert model.index(1, HOURS + 1).data() == "$25.00"  # 1 h × $22 → $25
    view.setCurrentIndex(model.index(1, HOURS))
    view.edit(model.index(1, HOURS))
    editor = view.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "1.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: model.index(1, HOURS).data() == "1.5", timeout=1000)
    assert model.index(1, HOURS + 1).data() == "$35.00"  # $33 → $35
    assert model.index(0, HOURS + 1).data() == ""  # in scope: no price
    assert "$60.00" in child(pane, QPlainTextEdit, "replyDraft").toPlainText()  # 35 + 25


def test_override_in_the_pane_is_what_gets_recorded(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    view = child(pane, QTableView, "requestPoints")
    index = view.model().index(0, VERDICT)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.findChild(QComboBox, "verdictEditor")
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # In scope -> New work, committed on choice
    qtbot.waitUntil(lambda: points_of(pane)[0][1] == "+ New work", timeout=1000)
    view.setCurrentIndex(view.model().index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert [v for _, v in points_of(pane)] == ["+ New work", "+ New work", "? Unclear"]

    with qtbot.waitSignal(pane.recorded):
        qtbot.mouseClick(child(pane, QPushButton, "recordRevision"), Qt.MouseButton.LeftButton)
    stored = book.get(REF).revision_requests[-1].points
    assert [p.verdict for p in stored] == ["out_of_scope", "out_of_scope", "unclear"]
    assert stored[0].overridden and stored[0].reason == "set by the seller: new work"
    assert not stored[1].overridden


def test_recording_moves_the_order_counts_a_revision_and_fills_the_timeline(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    with qtbot.waitSignal(pane.recorded) as signal:
        qtbot.keyClick(pane.findChild(QPlainTextEdit, "revisionRequestEdit"), Qt.Key.Key_R,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert signal.args == [REF]
    order = book.get(REF)
    assert order.status is Status.REVISION_REQUESTED
    assert order.revisions_used == 1
    event = book.history(REF)[-1]
    assert event.kind == "revision_requested"
    assert event.data["text"] == REQUEST
    assert [p["verdict"] for p in event.data["points"]] == \
        ["in_scope", "out_of_scope", "out_of_scope"]
    assert event.data["points"][1]["hours"] == "1"
    record = child(pane, QPushButton, "recordRevision")
    assert not record.isEnabled()
    assert "revision requested" in child(pane, QLabel, "recordReason").text()


def test_after_recording_a_verdict_change_is_stored(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    with qtbot.waitSignal(pane.recorded):  # recorded on the writer thread
        pane.record()
    view = child(pane, QTableView, "requestPoints")
    view.setCurrentIndex(view.model().index(2, 0))
    with qtbot.waitSignal(pane.recorded):
        view.findChild(QAction, "mark_in_scope").trigger()  # the context menu's action
    point = book.get(REF).revision_requests[0].points[2]
    assert (point.verdict, point.overridden) == ("in_scope", True)
    assert book.history(REF)[-1].kind == "verdict_overridden"
    # Reopening the order shows the recorded request with the stored verdict.
    pane.set_order(None)
    pane.set_order(book.get(REF))
    assert points_of(pane)[2][1] == "\u2713 In scope"


def test_recording_is_refused_with_a_reason_before_delivery(qtbot, pane, book):
    book.create_order(order_fields())
    book.record_requirements(REF, at=T0)
    pane.set_order(book.get(REF))
    paste(qtbot, pane)
    assert not child(pane, QPushButton, "recordRevision").isEnabled()
    reason = child(pane, QLabel, "recordReason")
    assert reason.isVisible()
    assert reason.text() == f"Order {REF} is in progress: it cannot receive a revision request " \
                            "now (nothing has been delivered yet)"


def test_no_revisions_left_warns(qtbot, pane, book):
    pane.set_order(delivered(book, revisions_included=0))
    paste(qtbot, pane)
    messages.shown.clear()
    with qtbot.waitSignal(pane.recorded):  # recorded on the writer thread
        pane.record()
    assert book.get(REF).revisions_used == 1
    assert any("no revisions left" in text for _kind, _title, text in messages.shown)
    notice = child(pane, QLabel, "scopeNotice")
    assert notice.isVisible() and "no revisions left" in notice.text()


@pytest.mark.parametrize("request_text", [
    REQUEST,
    "MAKE IT POP!!! I don't like it. Also add a French version and 5 more pages.",
    "Hello, the font is wrong and also email me at buyer@example.com with 2 more concepts",
    "as I already said you must fix the colours. obviously the logo is too small",
])
def test_the_generated_reply_never_trips_the_tone_check(qtbot, pane, book, request_text):
    pane.set_order(delivered(book))
    paste(qtbot, pane, request_text)
    reply = child(pane, QPlainTextEdit, "replyDraft").toPlainText()
    assert reply.startswith("Hi maria_k,")
    assert tone.check(reply) == []
    assert not child(pane, QLabel, "toneFindings").isVisible()


def underlined_ranges(edit: QPlainTextEdit) -> list[tuple[int, int]]:
    block = edit.document().firstBlock()
    ranges = []
    while block.isValid():
        for fr in block.layout().formats():
            if fr.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                ranges.append((block.position() + fr.start, fr.length))
        block = block.next()
    return ranges


def test_tone_highlights_appear_while_the_seller_types(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    reply = child(pane, QPlainTextEdit, "replyDraft")
    assert underlined_ranges(reply) == []
    reply.moveCursor(reply.textCursor().MoveOperation.End)
    qtbot.keyClicks(reply, "please leave 5 stars")
    findings = child(pane, QLabel, "toneFindings")
    assert findings.isVisible()
    assert findings.text().startswith("\u26a0 Asking for ratings")
    assert "5 stars" in findings.text()
    text = reply.toPlainText()
    start = text.index("5 stars")
    assert any(s <= start < s + n for s, n in underlined_ranges(reply))


def test_an_edited_reply_survives_reanalysis_until_regenerate(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    reply = child(pane, QPlainTextEdit, "replyDraft")
    reply.setPlainText("My own words")
    paste(qtbot, pane, REQUEST + "\nThe font is too thin")
    qtbot.waitUntil(lambda: len(points_of(pane)) == 4)
    assert reply.toPlainText() == "My own words"
    qtbot.mouseClick(child(pane, QPushButton, "regenerateReply"), Qt.MouseButton.LeftButton)
    assert "The font is too thin" in reply.toPlainText()
    qtbot.mouseClick(child(pane, QPushButton, "copyReply"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == reply.toPlainText()


def test_selecting_a_point_highlights_its_scope_item(qtbot, pane, book):
    pane.set_order(delivered(book))
    paste(qtbot, pane)
    view = child(pane, QTableView, "requestPoints")
    items = child(pane, QListWidget, "scopeItems")
    view.setCurrentIndex(view.model().index(2, 0))  # "2 more concepts" -> "3 logo concepts"
    assert items.item(0).font().bold()
    assert not items.item(1).font().bold()
    assert "asks for 2 more concepts" in child(pane, QLabel, "pointReason").text()
    view.setCurrentIndex(view.model().index(1, 0))  # business card: matches nothing
    assert not any(items.item(i).font().bold() for i in range(items.count()))


def test_scope_items_are_edited_and_saved_while_active(qtbot, pane, book):
    pane.set_order(delivered(book))
    items = child(pane, QListWidget, "scopeItems")
    save = child(pane, QPushButton, "saveScope")
    assert not save.isEnabled()
    qtbot.mouseClick(child(pane, QPushButton, "addScopeItem"), Qt.MouseButton.LeftButton)
    items.item(3).setText("Social media kit")
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert book.get(REF).scope[-1] == "Social media kit"
    book.complete(REF)
    pane.set_order(book.get(REF))
    assert not child(pane, QPushButton, "addScopeItem").isEnabled()
    assert "completed" in child(pane, QLabel, "scopeEditHint").text()


def test_extra_offer_accepted_changes_price_scope_and_due_date(qtbot, pane, book):
    before = delivered(book)
    pane.set_order(before)
    paste(qtbot, pane)
    qtbot.mouseClick(child(pane, QPushButton, "offerExtra"), Qt.MouseButton.LeftButton)
    dialog = child(pane, ExtraOfferDialog, "extraOfferDialog")
    assert child(dialog, QLineEdit, "extraPrice").text() == "50.00"  # 2 × (1 h × $25)
    assert child(dialog, QPlainTextEdit, "extraItems").toPlainText().splitlines() == [
        "Please also design a business card with the logo",
        "I'd also need 2 more concepts in a different style"]
    child(dialog, QSpinBox, "extraDays").setValue(2)
    price = child(dialog, QLineEdit, "extraPrice")
    price.setText("abc")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and child(dialog, QLabel, "extraError").text()
    price.setText("45.00")
    with qtbot.waitSignal(pane.recorded):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    request = book.get(REF).open_request
    assert (request.kind, request.amount_minor, request.days) == ("extra", 4500, 2)
    assert not child(pane, QPushButton, "offerExtra").isEnabled()  # one open request at a time

    after = book.answer_request(REF, "accepted")
    assert after.total_price.minor == before.price.minor + 4500
    assert after.scope == before.scope + request.items
    assert after.due_at == before.due_at + timedelta(days=2)
