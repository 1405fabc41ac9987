# Generated from ui/order_dialog.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'order_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_OrderDialog(object):
    def setupUi(self, orderDialog):
        if not orderDialog.objectName():
            orderDialog.setObjectName(u"orderDialog")
        orderDialog.resize(520, 660)
        self.mainLayout = QVBoxLayout(orderDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.marketplaceLabel = QLabel(orderDialog)
        self.marketplaceLabel.setObjectName(u"marketplaceLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.marketplaceLabel)

        self.marketplaceCombo = QComboBox(orderDialog)
        self.marketplaceCombo.setObjectName(u"marketplaceCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.marketplaceCombo)

        self.refLabel = QLabel(orderDialog)
        self.refLabel.setObjectName(u"refLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.refLabel)

        self.refEdit = QLineEdit(orderDialog)
        self.refEdit.setObjectName(u"refEdit")
        self.refEdit.setMaxLength(64)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.refEdit)

        self.refError = QLabel(orderDialog)
        self.refError.setObjectName(u"refError")
        self.refError.setWordWrap(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.refError)

        self.buyerLabel = QLabel(orderDialog)
        self.buyerLabel.setObjectName(u"buyerLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.buyerLabel)

        self.buyerEdit = QLineEdit(orderDialog)
        self.buyerEdit.setObjectName(u"buyerEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.buyerEdit)

        self.buyerError = QLabel(orderDialog)
        self.buyerError.setObjectName(u"buyerError")
        self.buyerError.setWordWrap(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.buyerError)

        self.gigLabel = QLabel(orderDialog)
        self.gigLabel.setObjectName(u"gigLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.gigLabel)

        self.gigEdit = QLineEdit(orderDialog)
        self.gigEdit.setObjectName(u"gigEdit")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.gigEdit)

        self.gigError = QLabel(orderDialog)
        self.gigError.setObjectName(u"gigError")
        self.gigError.setWordWrap(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.gigError)

        self.packageLabel = QLabel(orderDialog)
        self.packageLabel.setObjectName(u"packageLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.packageLabel)

        self.packageEdit = QLineEdit(orderDialog)
        self.packageEdit.setObjectName(u"packageEdit")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.packageEdit)

        self.priceLabel = QLabel(orderDialog)
        self.priceLabel.setObjectName(u"priceLabel")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.priceLabel)

        self.priceLayout = QHBoxLayout()
        self.priceLayout.setObjectName(u"priceLayout")
        self.priceEdit = QLineEdit(orderDialog)
        self.priceEdit.setObjectName(u"priceEdit")
        self.priceEdit.setAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)

        self.priceLayout.addWidget(self.priceEdit)

        self.currencyCombo = QComboBox(orderDialog)
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.addItem("")
        self.currencyCombo.setObjectName(u"currencyCombo")

        self.priceLayout.addWidget(self.currencyCombo)


        self.formLayout.setLayout(8, QFormLayout.ItemRole.FieldRole, self.priceLayout)

        self.priceError = QLabel(orderDialog)
        self.priceError.setObjectName(u"priceError")
        self.priceError.setWordWrap(True)

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.priceError)

        self.orderedAtLabel = QLabel(orderDialog)
        self.orderedAtLabel.setObjectName(u"orderedAtLabel")

        self.formLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.orderedAtLabel)

        self.orderedAtEdit = QDateTimeEdit(orderDialog)
        self.orderedAtEdit.setObjectName(u"orderedAtEdit")
        self.orderedAtEdit.setCalendarPopup(True)

        self.formLayout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.orderedAtEdit)

        self.deliveryDaysLabel = QLabel(orderDialog)
        self.deliveryDaysLabel.setObjectName(u"deliveryDaysLabel")

        self.formLayout.setWidget(11, QFormLayout.ItemRole.LabelRole, self.deliveryDaysLabel)

        self.deliveryDaysLayout = QHBoxLayout()
        self.deliveryDaysLayout.setObjectName(u"deliveryDaysLayout")
        self.deliveryDaysSpin = QSpinBox(orderDialog)
        self.deliveryDaysSpin.setObjectName(u"deliveryDaysSpin")
        self.deliveryDaysSpin.setMinimum(1)
        self.deliveryDaysSpin.setMaximum(365)
        self.deliveryDaysSpin.setValue(3)

        self.deliveryDaysLayout.addWidget(self.deliveryDaysSpin)

        self.clockHint = QLabel(orderDialog)
        self.clockHint.setObjectName(u"clockHint")
        self.clockHint.setWordWrap(True)

        self.deliveryDaysLayout.addWidget(self.clockHint)


        self.formLayout.setLayout(11, QFormLayout.ItemRole.FieldRole, self.deliveryDaysLayout)

        self.dueAtLabel = QLabel(orderDialog)
        self.dueAtLabel.setObjectName(u"dueAtLabel")

        self.formLayout.setWidget(12, QFormLayout.ItemRole.LabelRole, self.dueAtLabel)

        self.dueAtEdit = QDateTimeEdit(orderDialog)
        self.dueAtEdit.setObjectName(u"dueAtEdit")
        self.dueAtEdit.setCalendarPopup(True)

        self.formLayout.setWidget(12, QFormLayout.ItemRole.FieldRole, self.dueAtEdit)

        self.dueAtError = QLabel(orderDialog)
        self.dueAtError.setObjectName(u"dueAtError")
        self.dueAtError.setWordWrap(True)

        self.formLayout.setWidget(13, QFormLayout.ItemRole.FieldRole, self.dueAtError)

        self.revisionsLabel = QLabel(orderDialog)
        self.revisionsLabel.setObjectName(u"revisionsLabel")

        self.formLayout.setWidget(14, QFormLayout.ItemRole.LabelRole, self.revisionsLabel)

        self.revisionsLayout = QHBoxLayout()
        self.revisionsLayout.setObjectName(u"revisionsLayout")
        self.revisionsSpin = QSpinBox(orderDialog)
        self.revisionsSpin.setObjectName(u"revisionsSpin")
        self.revisionsSpin.setMaximum(99)
        self.revisionsSpin.setValue(1)

        self.revisionsLayout.addWidget(self.revisionsSpin)

        self.unlimitedRevisionsCheck = QCheckBox(orderDialog)
        self.unlimitedRevisionsCheck.setObjectName(u"unlimitedRevisionsCheck")

        self.revisionsLayout.addWidget(self.unlimitedRevisionsCheck)

        self.revisionsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.revisionsLayout.addItem(self.revisionsSpacer)


        self.formLayout.setLayout(14, QFormLayout.ItemRole.FieldRole, self.revisionsLayout)

        self.scopeLabel = QLabel(orderDialog)
        self.scopeLabel.setObjectName(u"scopeLabel")

        self.formLayout.setWidget(15, QFormLayout.ItemRole.LabelRole, self.scopeLabel)

        self.scopeEdit = QPlainTextEdit(orderDialog)
        self.scopeEdit.setObjectName(u"scopeEdit")
        self.scopeEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(15, QFormLayout.ItemRole.FieldRole, self.scopeEdit)

        self.notesLabel = QLabel(orderDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.formLayout.setWidget(16, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notesEdit = QPlainTextEdit(orderDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(16, QFormLayout.ItemRole.FieldRole, self.notesEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.formError = QLabel(orderDialog)
        self.formError.setObjectName(u"formError")
        self.formError.setWordWrap(True)

        self.mainLayout.addWidget(self.formError)

        self.buttonBox = QDialogButtonBox(orderDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.marketplaceLabel.setBuddy(self.marketplaceCombo)
        self.refLabel.setBuddy(self.refEdit)
        self.buyerLabel.setBuddy(self.buyerEdit)
        self.gigLabel.setBuddy(self.gigEdit)
        self.packageLabel.setBuddy(self.packageEdit)
        self.priceLabel.setBuddy(self.priceEdit)
        self.orderedAtLabel.setBuddy(self.orderedAtEdit)
        self.deliveryDaysLabel.setBuddy(self.deliveryDaysSpin)
        self.dueAtLabel.setBuddy(self.dueAtEdit)
        self.revisionsLabel.setBuddy(self.revisionsSpin)
        self.scopeLabel.setBuddy(self.scopeEdit)
        self.notesLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.marketplaceCombo, self.refEdit)
        QWidget.setTabOrder(self.refEdit, self.buyerEdit)
        QWidget.setTabOrder(self.buyerEdit, self.gigEdit)
        QWidget.setTabOrder(self.gigEdit, self.packageEdit)
        QWidget.setTabOrder(self.packageEdit, self.priceEdit)
        QWidget.setTabOrder(self.priceEdit, self.currencyCombo)
        QWidget.setTabOrder(self.currencyCombo, self.orderedAtEdit)
        QWidget.setTabOrder(self.orderedAtEdit, self.deliveryDaysSpin)
        QWidget.setTabOrder(self.deliveryDaysSpin, self.dueAtEdit)
        QWidget.setTabOrder(self.dueAtEdit, self.revisionsSpin)
        QWidget.setTabOrder(self.revisionsSpin, self.unlimitedRevisionsCheck)
        QWidget.setTabOrder(self.unlimitedRevisionsCheck, self.scopeEdit)
        QWidget.setTabOrder(self.scopeEdit, self.notesEdit)

        self.retranslateUi(orderDialog)
        self.buttonBox.rejected.connect(orderDialog.reject)
    # setupUi

    def retranslateUi(self, orderDialog):
        orderDialog.setWindowTitle(QCoreApplication.translate("OrderDialog", u"New order", None))
#if QT_CONFIG(accessibility)
        orderDialog.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Order details", None))
#endif // QT_CONFIG(accessibility)
        self.marketplaceLabel.setText(QCoreApplication.translate("OrderDialog", u"M&arketplace:", None))
#if QT_CONFIG(accessibility)
        self.marketplaceCombo.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Marketplace", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.marketplaceCombo.setToolTip(QCoreApplication.translate("OrderDialog", u"Whose rules the order follows: its delivery clock, review and answer windows, fees", None))
#endif // QT_CONFIG(tooltip)
        self.refLabel.setText(QCoreApplication.translate("OrderDialog", u"&Order number:", None))
#if QT_CONFIG(accessibility)
        self.refEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Order number", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.refEdit.setToolTip(QCoreApplication.translate("OrderDialog", u"The marketplace order number, e.g. FO5F2A91C3", None))
#endif // QT_CONFIG(tooltip)
        self.refEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"FO5F2A91C3", None))
#if QT_CONFIG(accessibility)
        self.refError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Order number problem", None))
#endif // QT_CONFIG(accessibility)
        self.buyerLabel.setText(QCoreApplication.translate("OrderDialog", u"&Buyer:", None))
#if QT_CONFIG(accessibility)
        self.buyerEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Buyer", None))
#endif // QT_CONFIG(accessibility)
        self.buyerEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"The buyer's username", None))
#if QT_CONFIG(accessibility)
        self.buyerError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Buyer problem", None))
#endif // QT_CONFIG(accessibility)
        self.gigLabel.setText(QCoreApplication.translate("OrderDialog", u"&Gig:", None))
#if QT_CONFIG(accessibility)
        self.gigEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Gig", None))
#endif // QT_CONFIG(accessibility)
        self.gigEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"I will design a minimalist logo", None))
#if QT_CONFIG(accessibility)
        self.gigError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Gig problem", None))
#endif // QT_CONFIG(accessibility)
        self.packageLabel.setText(QCoreApplication.translate("OrderDialog", u"Pac&kage:", None))
#if QT_CONFIG(accessibility)
        self.packageEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Package", None))
#endif // QT_CONFIG(accessibility)
        self.packageEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"Basic, Standard or Premium", None))
        self.priceLabel.setText(QCoreApplication.translate("OrderDialog", u"&Price:", None))
#if QT_CONFIG(accessibility)
        self.priceEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Price", None))
#endif // QT_CONFIG(accessibility)
        self.priceEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"120.00", None))
        self.currencyCombo.setItemText(0, QCoreApplication.translate("OrderDialog", u"USD", None))
        self.currencyCombo.setItemText(1, QCoreApplication.translate("OrderDialog", u"EUR", None))
        self.currencyCombo.setItemText(2, QCoreApplication.translate("OrderDialog", u"GBP", None))
        self.currencyCombo.setItemText(3, QCoreApplication.translate("OrderDialog", u"CAD", None))
        self.currencyCombo.setItemText(4, QCoreApplication.translate("OrderDialog", u"AUD", None))
        self.currencyCombo.setItemText(5, QCoreApplication.translate("OrderDialog", u"INR", None))
        self.currencyCombo.setItemText(6, QCoreApplication.translate("OrderDialog", u"JPY", None))
        self.currencyCombo.setItemText(7, QCoreApplication.translate("OrderDialog", u"CHF", None))
        self.currencyCombo.setItemText(8, QCoreApplication.translate("OrderDialog", u"SEK", None))
        self.currencyCombo.setItemText(9, QCoreApplication.translate("OrderDialog", u"PLN", None))
        self.currencyCombo.setItemText(10, QCoreApplication.translate("OrderDialog", u"BRL", None))

#if QT_CONFIG(accessibility)
        self.currencyCombo.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Currency", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.priceError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Price problem", None))
#endif // QT_CONFIG(accessibility)
        self.orderedAtLabel.setText(QCoreApplication.translate("OrderDialog", u"Or&dered at:", None))
#if QT_CONFIG(accessibility)
        self.orderedAtEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Ordered at", None))
#endif // QT_CONFIG(accessibility)
        self.orderedAtEdit.setDisplayFormat(QCoreApplication.translate("OrderDialog", u"yyyy-MM-dd HH:mm", None))
        self.deliveryDaysLabel.setText(QCoreApplication.translate("OrderDialog", u"Deli&very time:", None))
#if QT_CONFIG(accessibility)
        self.deliveryDaysSpin.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Delivery time in days", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.deliveryDaysSpin.setToolTip(QCoreApplication.translate("OrderDialog", u"The package's delivery time; the due date follows from it", None))
#endif // QT_CONFIG(tooltip)
        self.deliveryDaysSpin.setSuffix(QCoreApplication.translate("OrderDialog", u" days", None))
#if QT_CONFIG(accessibility)
        self.clockHint.setAccessibleName(QCoreApplication.translate("OrderDialog", u"When the delivery clock starts", None))
#endif // QT_CONFIG(accessibility)
        self.dueAtLabel.setText(QCoreApplication.translate("OrderDialog", u"D&ue at:", None))
#if QT_CONFIG(accessibility)
        self.dueAtEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Due at", None))
#endif // QT_CONFIG(accessibility)
        self.dueAtEdit.setDisplayFormat(QCoreApplication.translate("OrderDialog", u"yyyy-MM-dd HH:mm", None))
#if QT_CONFIG(accessibility)
        self.dueAtError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Due date problem", None))
#endif // QT_CONFIG(accessibility)
        self.revisionsLabel.setText(QCoreApplication.translate("OrderDialog", u"&Revisions included:", None))
#if QT_CONFIG(accessibility)
        self.revisionsSpin.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Revisions included", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.unlimitedRevisionsCheck.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Unlimited revisions", None))
#endif // QT_CONFIG(accessibility)
        self.unlimitedRevisionsCheck.setText(QCoreApplication.translate("OrderDialog", u"Unli&mited", None))
        self.scopeLabel.setText(QCoreApplication.translate("OrderDialog", u"&Scope items:", None))
#if QT_CONFIG(accessibility)
        self.scopeEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Scope items, one per line", None))
#endif // QT_CONFIG(accessibility)
        self.scopeEdit.setPlaceholderText(QCoreApplication.translate("OrderDialog", u"One item per line, as the gig package lists them", None))
        self.notesLabel.setText(QCoreApplication.translate("OrderDialog", u"No&tes:", None))
#if QT_CONFIG(accessibility)
        self.notesEdit.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Notes", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.formError.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Order problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.buttonBox.setAccessibleName(QCoreApplication.translate("OrderDialog", u"Dialog buttons", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
