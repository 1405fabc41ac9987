# Generated from ui/resolution_option.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_option.ui'
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
from PySide6.QtWidgets import (QApplication, QComboBox, QDateTimeEdit, QFormLayout,
    QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QRadioButton, QSizePolicy,
    QSpacerItem, QSpinBox, QStackedWidget, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_ResolutionOptionPage(object):
    def setupUi(self, optionPage):
        if not optionPage.objectName():
            optionPage.setObjectName(u"optionPage")
        self.optionLayout = QVBoxLayout(optionPage)
        self.optionLayout.setObjectName(u"optionLayout")
        self.optionGroup = QGroupBox(optionPage)
        self.optionGroup.setObjectName(u"optionGroup")
        self.optionButtons = QGridLayout(self.optionGroup)
        self.optionButtons.setObjectName(u"optionButtons")
        self.optionExtension = QRadioButton(self.optionGroup)
        self.optionExtension.setObjectName(u"optionExtension")

        self.optionButtons.addWidget(self.optionExtension, 0, 0, 1, 1)

        self.optionExtra = QRadioButton(self.optionGroup)
        self.optionExtra.setObjectName(u"optionExtra")

        self.optionButtons.addWidget(self.optionExtra, 0, 1, 1, 1)

        self.optionPartialRefund = QRadioButton(self.optionGroup)
        self.optionPartialRefund.setObjectName(u"optionPartialRefund")

        self.optionButtons.addWidget(self.optionPartialRefund, 1, 0, 1, 1)

        self.optionCancellation = QRadioButton(self.optionGroup)
        self.optionCancellation.setObjectName(u"optionCancellation")

        self.optionButtons.addWidget(self.optionCancellation, 1, 1, 1, 1)

        self.optionDetails = QRadioButton(self.optionGroup)
        self.optionDetails.setObjectName(u"optionDetails")

        self.optionButtons.addWidget(self.optionDetails, 2, 0, 1, 1)

        self.optionSupport = QRadioButton(self.optionGroup)
        self.optionSupport.setObjectName(u"optionSupport")

        self.optionButtons.addWidget(self.optionSupport, 2, 1, 1, 1)


        self.optionLayout.addWidget(self.optionGroup)

        self.detailsGroup = QGroupBox(optionPage)
        self.detailsGroup.setObjectName(u"detailsGroup")
        self.detailsGroupLayout = QVBoxLayout(self.detailsGroup)
        self.detailsGroupLayout.setObjectName(u"detailsGroupLayout")
        self.optionStack = QStackedWidget(self.detailsGroup)
        self.optionStack.setObjectName(u"optionStack")
        self.extensionPage = QWidget()
        self.extensionPage.setObjectName(u"extensionPage")
        self.extensionForm = QFormLayout(self.extensionPage)
        self.extensionForm.setObjectName(u"extensionForm")
        self.extensionForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.extensionDaysLabel = QLabel(self.extensionPage)
        self.extensionDaysLabel.setObjectName(u"extensionDaysLabel")

        self.extensionForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.extensionDaysLabel)

        self.extensionDaysRow = QHBoxLayout()
        self.extensionDaysRow.setObjectName(u"extensionDaysRow")
        self.extensionByDaysRadio = QRadioButton(self.extensionPage)
        self.extensionByDaysRadio.setObjectName(u"extensionByDaysRadio")
        self.extensionByDaysRadio.setChecked(True)

        self.extensionDaysRow.addWidget(self.extensionByDaysRadio)

        self.extensionDaysSpin = QSpinBox(self.extensionPage)
        self.extensionDaysSpin.setObjectName(u"extensionDaysSpin")
        self.extensionDaysSpin.setMinimum(1)
        self.extensionDaysSpin.setMaximum(90)
        self.extensionDaysSpin.setValue(2)

        self.extensionDaysRow.addWidget(self.extensionDaysSpin)

        self.extensionByDateRadio = QRadioButton(self.extensionPage)
        self.extensionByDateRadio.setObjectName(u"extensionByDateRadio")

        self.extensionDaysRow.addWidget(self.extensionByDateRadio)

        self.extensionDateEdit = QDateTimeEdit(self.extensionPage)
        self.extensionDateEdit.setObjectName(u"extensionDateEdit")
        self.extensionDateEdit.setCalendarPopup(True)

        self.extensionDaysRow.addWidget(self.extensionDateEdit)

        self.extensionRowSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.extensionDaysRow.addItem(self.extensionRowSpacer)


        self.extensionForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.extensionDaysRow)

        self.extensionResultCaption = QLabel(self.extensionPage)
        self.extensionResultCaption.setObjectName(u"extensionResultCaption")

        self.extensionForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.extensionResultCaption)

        self.extensionResult = QLabel(self.extensionPage)
        self.extensionResult.setObjectName(u"extensionResult")

        self.extensionForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.extensionResult)

        self.extensionReasonLabel = QLabel(self.extensionPage)
        self.extensionReasonLabel.setObjectName(u"extensionReasonLabel")

        self.extensionForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.extensionReasonLabel)

        self.extensionReasonEdit = QLineEdit(self.extensionPage)
        self.extensionReasonEdit.setObjectName(u"extensionReasonEdit")

        self.extensionForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.extensionReasonEdit)

        self.extensionRule = QLabel(self.extensionPage)
        self.extensionRule.setObjectName(u"extensionRule")
        self.extensionRule.setWordWrap(True)

        self.extensionForm.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.extensionRule)

        self.optionStack.addWidget(self.extensionPage)
        self.extraPage = QWidget()
        self.extraPage.setObjectName(u"extraPage")
        self.extraForm = QFormLayout(self.extraPage)
        self.extraForm.setObjectName(u"extraForm")
        self.extraForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.extraPriceLabel = QLabel(self.extraPage)
        self.extraPriceLabel.setObjectName(u"extraPriceLabel")

        self.extraForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.extraPriceLabel)

        self.extraPriceEdit = QLineEdit(self.extraPage)
        self.extraPriceEdit.setObjectName(u"extraPriceEdit")

        self.extraForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.extraPriceEdit)

        self.extraDaysLabel = QLabel(self.extraPage)
        self.extraDaysLabel.setObjectName(u"extraDaysLabel")

        self.extraForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.extraDaysLabel)

        self.extraDaysSpin = QSpinBox(self.extraPage)
        self.extraDaysSpin.setObjectName(u"extraDaysSpin")
        self.extraDaysSpin.setMaximum(90)

        self.extraForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.extraDaysSpin)

        self.extraItemsLabel = QLabel(self.extraPage)
        self.extraItemsLabel.setObjectName(u"extraItemsLabel")

        self.extraForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.extraItemsLabel)

        self.extraItemsEdit = QPlainTextEdit(self.extraPage)
        self.extraItemsEdit.setObjectName(u"extraItemsEdit")
        self.extraItemsEdit.setTabChangesFocus(True)

        self.extraForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.extraItemsEdit)

        self.extraRule = QLabel(self.extraPage)
        self.extraRule.setObjectName(u"extraRule")
        self.extraRule.setWordWrap(True)

        self.extraForm.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.extraRule)

        self.optionStack.addWidget(self.extraPage)
        self.refundPage = QWidget()
        self.refundPage.setObjectName(u"refundPage")
        self.refundForm = QFormLayout(self.refundPage)
        self.refundForm.setObjectName(u"refundForm")
        self.refundForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.refundAmountLabel = QLabel(self.refundPage)
        self.refundAmountLabel.setObjectName(u"refundAmountLabel")

        self.refundForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.refundAmountLabel)

        self.refundAmountEdit = QLineEdit(self.refundPage)
        self.refundAmountEdit.setObjectName(u"refundAmountEdit")

        self.refundForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.refundAmountEdit)

        self.refundLimits = QLabel(self.refundPage)
        self.refundLimits.setObjectName(u"refundLimits")
        self.refundLimits.setWordWrap(True)

        self.refundForm.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.refundLimits)

        self.refundReasonLabel = QLabel(self.refundPage)
        self.refundReasonLabel.setObjectName(u"refundReasonLabel")

        self.refundForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.refundReasonLabel)

        self.refundReasonEdit = QLineEdit(self.refundPage)
        self.refundReasonEdit.setObjectName(u"refundReasonEdit")

        self.refundForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.refundReasonEdit)

        self.refundRule = QLabel(self.refundPage)
        self.refundRule.setObjectName(u"refundRule")
        self.refundRule.setWordWrap(True)

        self.refundForm.setWidget(3, QFormLayout.ItemRole.SpanningRole, self.refundRule)

        self.optionStack.addWidget(self.refundPage)
        self.cancellationPage = QWidget()
        self.cancellationPage.setObjectName(u"cancellationPage")
        self.cancellationForm = QFormLayout(self.cancellationPage)
        self.cancellationForm.setObjectName(u"cancellationForm")
        self.cancellationForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.cancelReasonLabel = QLabel(self.cancellationPage)
        self.cancelReasonLabel.setObjectName(u"cancelReasonLabel")

        self.cancellationForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.cancelReasonLabel)

        self.cancelReasonEdit = QLineEdit(self.cancellationPage)
        self.cancelReasonEdit.setObjectName(u"cancelReasonEdit")

        self.cancellationForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.cancelReasonEdit)

        self.cancelByLabel = QLabel(self.cancellationPage)
        self.cancelByLabel.setObjectName(u"cancelByLabel")

        self.cancellationForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.cancelByLabel)

        self.cancelByCombo = QComboBox(self.cancellationPage)
        self.cancelByCombo.setObjectName(u"cancelByCombo")

        self.cancellationForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.cancelByCombo)

        self.cancelRule = QLabel(self.cancellationPage)
        self.cancelRule.setObjectName(u"cancelRule")
        self.cancelRule.setWordWrap(True)

        self.cancellationForm.setWidget(2, QFormLayout.ItemRole.SpanningRole, self.cancelRule)

        self.optionStack.addWidget(self.cancellationPage)
        self.detailsPage = QWidget()
        self.detailsPage.setObjectName(u"detailsPage")
        self.detailsLayout = QVBoxLayout(self.detailsPage)
        self.detailsLayout.setObjectName(u"detailsLayout")
        self.detailsInfo = QLabel(self.detailsPage)
        self.detailsInfo.setObjectName(u"detailsInfo")
        self.detailsInfo.setWordWrap(True)

        self.detailsLayout.addWidget(self.detailsInfo)

        self.detailsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.detailsLayout.addItem(self.detailsSpacer)

        self.optionStack.addWidget(self.detailsPage)
        self.supportPage = QWidget()
        self.supportPage.setObjectName(u"supportPage")
        self.supportLayout = QVBoxLayout(self.supportPage)
        self.supportLayout.setObjectName(u"supportLayout")
        self.supportInfo = QLabel(self.supportPage)
        self.supportInfo.setObjectName(u"supportInfo")
        self.supportInfo.setWordWrap(True)

        self.supportLayout.addWidget(self.supportInfo)

        self.supportSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.supportLayout.addItem(self.supportSpacer)

        self.optionStack.addWidget(self.supportPage)

        self.detailsGroupLayout.addWidget(self.optionStack)


        self.optionLayout.addWidget(self.detailsGroup)

        self.optionError = QLabel(optionPage)
        self.optionError.setObjectName(u"optionError")
        self.optionError.setWordWrap(True)

        self.optionLayout.addWidget(self.optionError)

#if QT_CONFIG(shortcut)
        self.extensionDaysLabel.setBuddy(self.extensionDaysSpin)
        self.extensionReasonLabel.setBuddy(self.extensionReasonEdit)
        self.extraPriceLabel.setBuddy(self.extraPriceEdit)
        self.extraDaysLabel.setBuddy(self.extraDaysSpin)
        self.extraItemsLabel.setBuddy(self.extraItemsEdit)
        self.refundAmountLabel.setBuddy(self.refundAmountEdit)
        self.refundReasonLabel.setBuddy(self.refundReasonEdit)
        self.cancelReasonLabel.setBuddy(self.cancelReasonEdit)
        self.cancelByLabel.setBuddy(self.cancelByCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.optionExtension, self.optionExtra)
        QWidget.setTabOrder(self.optionExtra, self.optionPartialRefund)
        QWidget.setTabOrder(self.optionPartialRefund, self.optionCancellation)
        QWidget.setTabOrder(self.optionCancellation, self.optionDetails)
        QWidget.setTabOrder(self.optionDetails, self.optionSupport)

        self.retranslateUi(optionPage)
    # setupUi

    def retranslateUi(self, optionPage):
        optionPage.setTitle(QCoreApplication.translate("ResolutionOptionPage", u"Choose the option and its details", None))
        optionPage.setSubTitle(QCoreApplication.translate("ResolutionOptionPage", u"The recommended option is selected; any other is one click away.", None))
#if QT_CONFIG(accessibility)
        optionPage.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Option and details", None))
#endif // QT_CONFIG(accessibility)
        self.optionGroup.setTitle(QCoreApplication.translate("ResolutionOptionPage", u"Option", None))
        self.optionExtension.setText(QCoreApplication.translate("ResolutionOptionPage", u"Extend the delivery &date", None))
        self.optionExtra.setText(QCoreApplication.translate("ResolutionOptionPage", u"Add an e&xtra / modify the order", None))
        self.optionPartialRefund.setText(QCoreApplication.translate("ResolutionOptionPage", u"Offer a partial &refund", None))
        self.optionCancellation.setText(QCoreApplication.translate("ResolutionOptionPage", u"Request a &cancellation", None))
        self.optionDetails.setText(QCoreApplication.translate("ResolutionOptionPage", u"Ask the buyer for de&tails", None))
        self.optionSupport.setText(QCoreApplication.translate("ResolutionOptionPage", u"Escalate to customer &support", None))
        self.detailsGroup.setTitle(QCoreApplication.translate("ResolutionOptionPage", u"Details", None))
#if QT_CONFIG(accessibility)
        self.optionStack.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Option details", None))
#endif // QT_CONFIG(accessibility)
        self.extensionDaysLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"Extend &by:", None))
        self.extensionByDaysRadio.setText(QCoreApplication.translate("ResolutionOptionPage", u"days", None))
#if QT_CONFIG(accessibility)
        self.extensionByDaysRadio.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extend by a number of days", None))
#endif // QT_CONFIG(accessibility)
        self.extensionDaysSpin.setSuffix(QCoreApplication.translate("ResolutionOptionPage", u" day(s)", None))
#if QT_CONFIG(accessibility)
        self.extensionDaysSpin.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extra days", None))
#endif // QT_CONFIG(accessibility)
        self.extensionByDateRadio.setText(QCoreApplication.translate("ResolutionOptionPage", u"or to the &date", None))
#if QT_CONFIG(accessibility)
        self.extensionByDateRadio.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extend to a new date", None))
#endif // QT_CONFIG(accessibility)
        self.extensionDateEdit.setDisplayFormat(QCoreApplication.translate("ResolutionOptionPage", u"ddd dd MMM yyyy HH:mm", None))
#if QT_CONFIG(accessibility)
        self.extensionDateEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"New due date", None))
#endif // QT_CONFIG(accessibility)
        self.extensionResultCaption.setText(QCoreApplication.translate("ResolutionOptionPage", u"New due date:", None))
#if QT_CONFIG(accessibility)
        self.extensionResult.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"New due date", None))
#endif // QT_CONFIG(accessibility)
        self.extensionReasonLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"&Reason:", None))
#if QT_CONFIG(accessibility)
        self.extensionReasonEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extension reason", None))
#endif // QT_CONFIG(accessibility)
        self.extensionReasonEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"e.g. The buyer sent new material on day 2", None))
        self.extensionRule.setText(QCoreApplication.translate("ResolutionOptionPage", u"The buyer answers within 48 hours. If they stay silent, the extension is <b>accepted</b>.", None))
        self.extraPriceLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"&Price:", None))
#if QT_CONFIG(accessibility)
        self.extraPriceEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extra price", None))
#endif // QT_CONFIG(accessibility)
        self.extraPriceEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"25.00", None))
        self.extraDaysLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"Extra &days:", None))
        self.extraDaysSpin.setSuffix(QCoreApplication.translate("ResolutionOptionPage", u" day(s)", None))
#if QT_CONFIG(accessibility)
        self.extraDaysSpin.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Extra days", None))
#endif // QT_CONFIG(accessibility)
        self.extraItemsLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"New &work:", None))
#if QT_CONFIG(accessibility)
        self.extraItemsEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"New work items", None))
#endif // QT_CONFIG(accessibility)
        self.extraItemsEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"One item per line, e.g. Animated logo intro", None))
        self.extraRule.setText(QCoreApplication.translate("ResolutionOptionPage", u"The buyer accepts or declines the offer; there is no deadline. Accepted, it adds the price, the days and the items to the order.", None))
        self.refundAmountLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"&Amount:", None))
#if QT_CONFIG(accessibility)
        self.refundAmountEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Refund amount", None))
#endif // QT_CONFIG(accessibility)
        self.refundAmountEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"20.00", None))
#if QT_CONFIG(accessibility)
        self.refundLimits.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Refund limits", None))
#endif // QT_CONFIG(accessibility)
        self.refundReasonLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"&Reason:", None))
#if QT_CONFIG(accessibility)
        self.refundReasonEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Refund reason", None))
#endif // QT_CONFIG(accessibility)
        self.refundReasonEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"e.g. One concept was not used", None))
        self.refundRule.setText(QCoreApplication.translate("ResolutionOptionPage", u"An accepted partial refund keeps the order <b>completed</b>: your completion rate does not change.", None))
        self.cancelReasonLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"&Reason:", None))
#if QT_CONFIG(accessibility)
        self.cancelReasonEdit.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Cancellation reason", None))
#endif // QT_CONFIG(accessibility)
        self.cancelReasonEdit.setPlaceholderText(QCoreApplication.translate("ResolutionOptionPage", u"e.g. The buyer's plans changed", None))
        self.cancelByLabel.setText(QCoreApplication.translate("ResolutionOptionPage", u"Initiated &by:", None))
#if QT_CONFIG(accessibility)
        self.cancelByCombo.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Who initiated the cancellation", None))
#endif // QT_CONFIG(accessibility)
        self.cancelRule.setText(QCoreApplication.translate("ResolutionOptionPage", u"The other side answers within 48 hours. If they stay silent, the order is <b>cancelled</b>. A cancellation lowers your completion rate unless it is exempt: the buyer cancels before sending requirements, or a mutual cancellation is followed by a reorder within 14 days.", None))
        self.detailsInfo.setText(QCoreApplication.translate("ResolutionOptionPage", u"No Resolution Center request is opened. Send the message on the next page as a normal message to the buyer; GigDesk records it in the order notes, dated.", None))
        self.supportInfo.setText(QCoreApplication.translate("ResolutionOptionPage", u"Customer support can mediate, exempt a cancellation (fraud, ordered by mistake) or decide a dispute. Contact them on the marketplace; GigDesk records the step in the order notes, dated, with the message on the next page.", None))
#if QT_CONFIG(accessibility)
        self.optionError.setAccessibleName(QCoreApplication.translate("ResolutionOptionPage", u"Problem with the details", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
