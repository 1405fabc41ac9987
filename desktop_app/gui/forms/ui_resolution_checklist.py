# Generated from ui/resolution_checklist.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_checklist.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QLabel,
    QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_ResolutionChecklistPage(object):
    def setupUi(self, checklistPage):
        if not checklistPage.objectName():
            checklistPage.setObjectName(u"checklistPage")
        self.checklistLayout = QVBoxLayout(checklistPage)
        self.checklistLayout.setObjectName(u"checklistLayout")
        self.checklistHeading = QLabel(checklistPage)
        self.checklistHeading.setObjectName(u"checklistHeading")

        self.checklistLayout.addWidget(self.checklistHeading)

        self.checklistList = QListWidget(checklistPage)
        self.checklistList.setObjectName(u"checklistList")
        self.checklistList.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.checklistList.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.checklistList.setWordWrap(True)
        self.checklistList.setSpacing(4)

        self.checklistLayout.addWidget(self.checklistList)

        self.recommendationGroup = QGroupBox(checklistPage)
        self.recommendationGroup.setObjectName(u"recommendationGroup")
        self.recommendationLayout = QVBoxLayout(self.recommendationGroup)
        self.recommendationLayout.setObjectName(u"recommendationLayout")
        self.recommendationLabel = QLabel(self.recommendationGroup)
        self.recommendationLabel.setObjectName(u"recommendationLabel")

        self.recommendationLayout.addWidget(self.recommendationLabel)

        self.recommendationWhy = QLabel(self.recommendationGroup)
        self.recommendationWhy.setObjectName(u"recommendationWhy")
        self.recommendationWhy.setWordWrap(True)

        self.recommendationLayout.addWidget(self.recommendationWhy)


        self.checklistLayout.addWidget(self.recommendationGroup)


        self.retranslateUi(checklistPage)
    # setupUi

    def retranslateUi(self, checklistPage):
        checklistPage.setTitle(QCoreApplication.translate("ResolutionChecklistPage", u"Before the Resolution Center", None))
        checklistPage.setSubTitle(QCoreApplication.translate("ResolutionChecklistPage", u"A request is the last resort. Check what a calm seller does first, then see the option that fits.", None))
#if QT_CONFIG(accessibility)
        checklistPage.setAccessibleName(QCoreApplication.translate("ResolutionChecklistPage", u"Before the Resolution Center", None))
#endif // QT_CONFIG(accessibility)
        self.checklistHeading.setText(QCoreApplication.translate("ResolutionChecklistPage", u"<b>Checklist</b> (read from this order)", None))
#if QT_CONFIG(accessibility)
        self.checklistList.setAccessibleName(QCoreApplication.translate("ResolutionChecklistPage", u"Checklist", None))
#endif // QT_CONFIG(accessibility)
        self.recommendationGroup.setTitle(QCoreApplication.translate("ResolutionChecklistPage", u"Recommended", None))
#if QT_CONFIG(accessibility)
        self.recommendationLabel.setAccessibleName(QCoreApplication.translate("ResolutionChecklistPage", u"Recommended option", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.recommendationWhy.setAccessibleName(QCoreApplication.translate("ResolutionChecklistPage", u"Why this option", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
