"""The New / Edit order dialog: inline validation, the interchange dict, edit mode."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop_app.domain.codec import order_from_dict
from desktop_app.gui.orders.order_dialog import OrderDialog
from tests.conftest import order_fields

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _qt(iso: str) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(datetime.fromisoformat(iso).timestamp()))


@pytest.fixture
def dialog(qtbot):
    dlg = OrderDialog(now=NOW)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def ok_button(dlg: OrderDialog):
    return dlg.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)


def fill_valid(qtbot, dlg: OrderDialog) -> None:
    ui = dlg.ui
    qtbot.keyClicks(ui.refEdit, "FO5F2A91C3")
    qtbot.keyClicks(ui.buyerEdit, "maria_k")
    qtbot.keyClicks(ui.gigEdit, "I will design a minimalist logo")
    qtbot.keyClicks(ui.packageEdit, "Standard")
    qtbot.keyClicks(ui.priceEdit, "120")
    ui.currencyCombo.setCurrentText("EUR")
    ui.orderedAtEdit.setDateTime(_qt("2026-11-01T09:30:00+00:00"))
    ui.deliveryDaysSpin.setValue(3)
    ui.revisionsSpin.setValue(2)
    ui.scopeEdit.setPlainText("3 logo concepts\n\n  Vector source file  \nHigh-resolution PNG\n")
    ui.notesEdit.setPlainText("Prefers teal")


def test_new_dialog_starts_quiet_with_ok_disabled(dialog):
    assert not ok_button(dialog).isEnabled()
    assert not dialog.ui.refError.isVisible()
    assert dialog.fields()["ordered_at"] == "2026-11-20T12:00:00Z"
    assert dialog.fields()["due_at"] == "2026-11-23T12:00:00Z"


def test_valid_order_is_accepted_and_fields_are_the_interchange_dict(qtbot, dialog):
    fill_valid(qtbot, dialog)
    assert ok_button(dialog).isEnabled()
    assert dialog.fields() == {
        "ref": "FO5F2A91C3", "buyer": "maria_k", "gig": "I will design a minimalist logo",
        "package": "Standard", "price": "120.00", "currency": "EUR",
        "ordered_at": "2026-11-01T09:30:00Z", "due_at": "2026-11-04T09:30:00Z",
        "revisions_included": 2,
        "scope": ["3 logo concepts", "Vector source file", "High-resolution PNG"],
        "notes": "Prefers teal", "marketplace": "fiverr", "delivery_days": 3,
    }
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_negative_price_is_refused_inline(qtbot, dialog):
    fill_valid(qtbot, dialog)
    dialog.ui.priceEdit.clear()
    qtbot.keyClicks(dialog.ui.priceEdit, "-5")
    assert not ok_button(dialog).isEnabled()
    assert dialog.ui.priceError.isVisible()
    assert "negative" in dialog.ui.priceError.text()


@pytest.mark.parametrize("currency, price", [("USD", "12.345"), ("JPY", "1200.5")])
def test_too_many_decimals_for_the_currency_is_refused(qtbot, dialog, currency, price):
    fill_valid(qtbot, dialog)
    dialog.ui.currencyCombo.setCurrentText(currency)
    dialog.ui.priceEdit.clear()
    qtbot.keyClicks(dialog.ui.priceEdit, price)
    assert not ok_button(dialog).isEnabled()
    assert "decimals" in dialog.ui.priceError.text()


def test_jpy_price_has_no_decimals(qtbot, dialog):
    fill_valid(qtbot, dialog)
    dialog.ui.currencyCombo.setCurrentText("JPY")
    dialog.ui.priceEdit.setText("15000")
    assert ok_button(dialog).isEnabled()
    assert dialog.fields()["price"] == "15000"


def test_a_new_orders_due_date_follows_the_order_date_and_the_delivery_time(qtbot, dialog):
    fill_valid(qtbot, dialog)
    assert dialog.ui.dueAtEdit.isReadOnly()
    dialog.ui.orderedAtEdit.setDateTime(_qt("2026-11-05T09:30:00+00:00"))
    assert dialog.fields()["due_at"] == "2026-11-08T09:30:00Z"
    dialog.ui.deliveryDaysSpin.setValue(7)
    assert (dialog.fields()["due_at"], dialog.fields()["delivery_days"]) == \
        ("2026-11-12T09:30:00Z", 7)
    assert ok_button(dialog).isEnabled()


def test_the_marketplace_is_chosen_by_name_and_fiverr_comes_first(qtbot, dialog):
    combo = dialog.ui.marketplaceCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Fiverr", "Upwork", "PeoplePerHour", "Legiit", "Freelancer.com"]
    assert combo.currentText() == "Fiverr" and dialog.fields()["marketplace"] == "fiverr"
    assert "requirements" in dialog.ui.clockHint.text()
    fill_valid(qtbot, dialog)
    combo.setCurrentIndex(combo.findText("PeoplePerHour"))
    assert dialog.fields()["marketplace"] == "peopleperhour"
    assert dialog.ui.clockHint.text() == \
        "On PeoplePerHour the clock starts when the order is placed."
    combo.setCurrentIndex(combo.findText("Upwork"))
    assert dialog.fields()["marketplace"] == "upwork"
    assert "Upwork" in dialog.ui.clockHint.text()


def test_edit_mode_shows_the_marketplace_and_days_without_changing_them(qtbot):
    order = order_from_dict(order_fields(marketplace="legiit", delivery_days=5,
                                         status="in_progress",
                                         due_at="2026-11-09T09:30:00Z"))
    dlg = OrderDialog(order=order, now=NOW)
    qtbot.addWidget(dlg)
    assert dlg.ui.marketplaceCombo.currentText() == "Legiit"
    assert not dlg.ui.marketplaceCombo.isEnabled() and not dlg.ui.deliveryDaysSpin.isEnabled()
    assert dlg.ui.deliveryDaysSpin.value() == 5
    assert not dlg.ui.dueAtEdit.isReadOnly()
    assert "marketplace" not in dlg.fields() and "delivery_days" not in dlg.fields()
    dlg.ui.dueAtEdit.setDateTime(_qt("2026-11-01T08:30:00+00:00"))
    assert not ok_button(dlg).isEnabled()
    assert "before the order date" in dlg.ui.dueAtError.text()


def test_ref_with_spaces_and_missing_buyer_are_named(qtbot, dialog):
    fill_valid(qtbot, dialog)
    qtbot.keyClicks(dialog.ui.refEdit, " 2")
    dialog.ui.buyerEdit.selectAll()
    qtbot.keyClick(dialog.ui.buyerEdit, Qt.Key.Key_Delete)
    assert "spaces" in dialog.ui.refError.text() and dialog.ui.refError.isVisible()
    assert dialog.ui.buyerError.isVisible()
    assert not ok_button(dialog).isEnabled()


def test_ctrl_enter_accepts_only_a_valid_order(qtbot, dialog):
    qtbot.keyClick(dialog.ui.refEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.ui.refError.isVisible()  # refusing says why, even for untouched fields
    fill_valid(qtbot, dialog)
    qtbot.keyClick(dialog.ui.scopeEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_unlimited_revisions_gives_none(qtbot, dialog):
    fill_valid(qtbot, dialog)
    qtbot.mouseClick(dialog.ui.unlimitedRevisionsCheck, Qt.MouseButton.LeftButton)
    assert not dialog.ui.revisionsSpin.isEnabled()
    assert dialog.fields()["revisions_included"] is None


def test_edit_mode_is_prefilled_and_the_ref_is_read_only(qtbot):
    source = order_fields(revisions_included=None, price="99.50", currency="GBP",
                          notes="Second order", status="in_progress",
                          ordered_at="2026-11-01T09:30:00.123456Z")
    order = order_from_dict(source)
    dlg = OrderDialog(order=order, now=NOW)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.ui.refEdit.isReadOnly()
    assert ok_button(dlg).isEnabled()
    expected = {key: source[key] for key in dlg.fields()}
    assert dlg.fields() == expected  # untouched times keep their microseconds
    qtbot.keyClicks(dlg.ui.gigEdit, " (rush)")
    assert dlg.fields()["gig"] == "I will design a minimalist logo (rush)"


def test_every_field_has_an_accessible_name_and_labels_have_mnemonics(dialog):
    ui = dialog.ui
    fields = [ui.marketplaceCombo, ui.deliveryDaysSpin, ui.refEdit, ui.buyerEdit, ui.gigEdit,
              ui.packageEdit, ui.priceEdit,
              ui.currencyCombo, ui.orderedAtEdit, ui.dueAtEdit, ui.revisionsSpin,
              ui.unlimitedRevisionsCheck, ui.scopeEdit, ui.notesEdit]
    assert all(widget.accessibleName() for widget in fields)
    labels = [ui.marketplaceLabel, ui.deliveryDaysLabel, ui.refLabel, ui.buyerLabel,
              ui.gigLabel, ui.packageLabel, ui.priceLabel,
              ui.orderedAtLabel, ui.dueAtLabel, ui.revisionsLabel, ui.scopeLabel, ui.notesLabel]
    mnemonics = [label.text()[label.text().index("&") + 1].lower() for label in labels]
    assert len(set(mnemonics)) == len(mnemonics)
    assert all(label.buddy() is not None for label in labels)
    assert dialog.objectName() == "orderDialog"


def test_accepted_fields_create_the_order_through_the_book(qtbot, dialog, book):
    fill_valid(qtbot, dialog)
    dialog.ui.marketplaceCombo.setCurrentIndex(dialog.ui.marketplaceCombo.findText("Upwork"))
    order = book.create_order(dialog.fields())
    assert book.get(order.ref).price.amount_str() == "120.00"
    assert (book.get(order.ref).marketplace, book.get(order.ref).delivery_days) == ("upwork", 3)
    assert book.get(order.ref).notes == "Prefers teal"
