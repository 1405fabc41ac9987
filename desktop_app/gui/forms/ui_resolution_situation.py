# Generated from ui/resolution_situation.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_situation.ui'
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
from PySide6.QtWidgets import (QApplication, QGroupBox, QLabel, QRadioButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget,
    QWizardPage)

class Ui_ResolutionSituationPage(object):
    def setupUi(self, situationPage):
        if not situationPage.objectName():
            situationPage.setObjectName(u"situationPage")
        self.situationLayout = QVBoxLayout(situationPage)
        self.situationLayout.setObjectName(u"situationLayout")
        self.orderSummary = QLabel(situationPage)
        self.orderSummary.setObjectName(u"orderSummary")
        self.orderSummary.setWordWrap(True)
        self.orderSummary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.situationLayout.addWidget(self.orderSummary)

        self.situationGroup = QGroupBox(situationPage)
        self.situationGroup.setObjectName(u"situationGroup")
        self.situationButtons = QVBoxLayout(self.situationGroup)
        self.situationButtons.setObjectName(u"situationButtons")
        self.situationOutOfScope = QRadioButton(self.situationGroup)
        self.situationOutOfScope.setObjectName(u"situationOutOfScope")

        self.situationButtons.addWidget(self.situationOutOfScope)

        self.situationMoreTime = QRadioButton(self.situationGroup)
        self.situationMoreTime.setObjectName(u"situationMoreTime")

        self.situationButtons.addWidget(self.situationMoreTime)

        self.situationNoAnswer = QRadioButton(self.situationGroup)
        self.situationNoAnswer.setObjectName(u"situationNoAnswer")

        self.situationButtons.addWidget(self.situationNoAnswer)

        self.situationUnhappy = QRadioButton(self.situationGroup)
        self.situationUnhappy.setObjectName(u"situationUnhappy")

        self.situationButtons.addWidget(self.situationUnhappy)

        self.situationAgreedCancel = QRadioButton(self.situationGroup)
        self.situationAgreedCancel.setObjectName(u"situationAgreedCancel")

        self.situationButtons.addWidget(self.situationAgreedCancel)

        self.situationOther = QRadioButton(self.situationGroup)
        self.situationOther.setObjectName(u"situationOther")

        self.situationButtons.addWidget(self.situationOther)


        self.situationLayout.addWidget(self.situationGroup)

        self.situationSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.situationLayout.addItem(self.situationSpacer)


        self.retranslateUi(situationPage)
    # setupUi

    def retranslateUi(self, situationPage):
        situationPage.setTitle(QCoreApplication.translate("ResolutionSituationPage", u"What is happening with this order?", None))
        situationPage.setSubTitle(QCoreApplication.translate("ResolutionSituationPage", u"Pick the situation closest to yours. The next pages steer you to the option that costs you least.", None))
#if QT_CONFIG(accessibility)
        situationPage.setAccessibleName(QCoreApplication.translate("ResolutionSituationPage", u"Situation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.orderSummary.setAccessibleName(QCoreApplication.translate("ResolutionSituationPage", u"Order", None))
#endif // QT_CONFIG(accessibility)
        self.situationGroup.setTitle(QCoreApplication.translate("ResolutionSituationPage", u"Situation", None))
        self.situationOutOfScope.setText(QCoreApplication.translate("ResolutionSituationPage", u"The buyer asks for work outside the scope", None))
        self.situationMoreTime.setText(QCoreApplication.translate("ResolutionSituationPage", u"I need more time", None))
        self.situationNoAnswer.setText(QCoreApplication.translate("ResolutionSituationPage", u"The buyer does not answer", None))
        self.situationUnhappy.setText(QCoreApplication.translate("ResolutionSituationPage", u"The buyer is unhappy with the delivery", None))
        self.situationAgreedCancel.setText(QCoreApplication.translate("ResolutionSituationPage", u"We agreed to cancel", None))
        self.situationOther.setText(QCoreApplication.translate("ResolutionSituationPage", u"Something else", None))
    # retranslateUi
