# Generated from ui/resolution_impact.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_impact.ui'
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
from PySide6.QtWidgets import (QApplication, QGridLayout, QGroupBox, QLabel,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget,
    QWizardPage)

class Ui_ResolutionImpactPage(object):
    def setupUi(self, impactPage):
        if not impactPage.objectName():
            impactPage.setObjectName(u"impactPage")
        self.impactLayout = QVBoxLayout(impactPage)
        self.impactLayout.setObjectName(u"impactLayout")
        self.impactGroup = QGroupBox(impactPage)
        self.impactGroup.setObjectName(u"impactGroup")
        self.impactGrid = QGridLayout(self.impactGroup)
        self.impactGrid.setObjectName(u"impactGrid")
        self.impactNowHeading = QLabel(self.impactGroup)
        self.impactNowHeading.setObjectName(u"impactNowHeading")

        self.impactGrid.addWidget(self.impactNowHeading, 0, 1, 1, 1)

        self.impactAfterHeading = QLabel(self.impactGroup)
        self.impactAfterHeading.setObjectName(u"impactAfterHeading")

        self.impactGrid.addWidget(self.impactAfterHeading, 0, 2, 1, 1)

        self.rateCaption = QLabel(self.impactGroup)
        self.rateCaption.setObjectName(u"rateCaption")

        self.impactGrid.addWidget(self.rateCaption, 1, 0, 1, 1)

        self.rateNow = QLabel(self.impactGroup)
        self.rateNow.setObjectName(u"rateNow")

        self.impactGrid.addWidget(self.rateNow, 1, 1, 1, 1)

        self.rateAfter = QLabel(self.impactGroup)
        self.rateAfter.setObjectName(u"rateAfter")

        self.impactGrid.addWidget(self.rateAfter, 1, 2, 1, 1)

        self.dueCaption = QLabel(self.impactGroup)
        self.dueCaption.setObjectName(u"dueCaption")

        self.impactGrid.addWidget(self.dueCaption, 2, 0, 1, 1)

        self.dueNow = QLabel(self.impactGroup)
        self.dueNow.setObjectName(u"dueNow")

        self.impactGrid.addWidget(self.dueNow, 2, 1, 1, 1)

        self.dueAfter = QLabel(self.impactGroup)
        self.dueAfter.setObjectName(u"dueAfter")

        self.impactGrid.addWidget(self.dueAfter, 2, 2, 1, 1)

        self.earningsCaption = QLabel(self.impactGroup)
        self.earningsCaption.setObjectName(u"earningsCaption")

        self.impactGrid.addWidget(self.earningsCaption, 3, 0, 1, 1)

        self.earningsNow = QLabel(self.impactGroup)
        self.earningsNow.setObjectName(u"earningsNow")

        self.impactGrid.addWidget(self.earningsNow, 3, 1, 1, 1)

        self.earningsAfter = QLabel(self.impactGroup)
        self.earningsAfter.setObjectName(u"earningsAfter")

        self.impactGrid.addWidget(self.earningsAfter, 3, 2, 1, 1)

        self.impactGridSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.impactGrid.addItem(self.impactGridSpacer, 0, 3, 1, 1)


        self.impactLayout.addWidget(self.impactGroup)

        self.impactWarning = QLabel(impactPage)
        self.impactWarning.setObjectName(u"impactWarning")
        self.impactWarning.setWordWrap(True)

        self.impactLayout.addWidget(self.impactWarning)

        self.impactNote = QLabel(impactPage)
        self.impactNote.setObjectName(u"impactNote")
        self.impactNote.setWordWrap(True)

        self.impactLayout.addWidget(self.impactNote)

        self.impactSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.impactLayout.addItem(self.impactSpacer)


        self.retranslateUi(impactPage)
    # setupUi

    def retranslateUi(self, impactPage):
        impactPage.setTitle(QCoreApplication.translate("ResolutionImpactPage", u"What it does to your order and your numbers", None))
        impactPage.setSubTitle(QCoreApplication.translate("ResolutionImpactPage", u"Computed on your own orders, as if the buyer accepts (or stays silent where silence accepts).", None))
#if QT_CONFIG(accessibility)
        impactPage.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Impact", None))
#endif // QT_CONFIG(accessibility)
        self.impactGroup.setTitle(QCoreApplication.translate("ResolutionImpactPage", u"Impact", None))
        self.impactNowHeading.setText(QCoreApplication.translate("ResolutionImpactPage", u"<b>Now</b>", None))
        self.impactAfterHeading.setText(QCoreApplication.translate("ResolutionImpactPage", u"<b>If accepted</b>", None))
        self.rateCaption.setText(QCoreApplication.translate("ResolutionImpactPage", u"Completion rate (60 days)", None))
#if QT_CONFIG(accessibility)
        self.rateNow.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Completion rate (60 days) now", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.rateAfter.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Completion rate (60 days) if accepted", None))
#endif // QT_CONFIG(accessibility)
        self.dueCaption.setText(QCoreApplication.translate("ResolutionImpactPage", u"Due date", None))
#if QT_CONFIG(accessibility)
        self.dueNow.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Due date now", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dueAfter.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Due date if accepted", None))
#endif // QT_CONFIG(accessibility)
        self.earningsCaption.setText(QCoreApplication.translate("ResolutionImpactPage", u"Earnings", None))
#if QT_CONFIG(accessibility)
        self.earningsNow.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Earnings now", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.earningsAfter.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Earnings if accepted", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.impactWarning.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"Warning", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.impactNote.setAccessibleName(QCoreApplication.translate("ResolutionImpactPage", u"About these figures", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
