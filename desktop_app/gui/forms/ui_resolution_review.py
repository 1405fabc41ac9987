# Generated from ui/resolution_review.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_review.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QTextBrowser, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_ResolutionReviewPage(object):
    def setupUi(self, reviewPage):
        if not reviewPage.objectName():
            reviewPage.setObjectName(u"reviewPage")
        self.reviewLayout = QVBoxLayout(reviewPage)
        self.reviewLayout.setObjectName(u"reviewLayout")
        self.reviewSummary = QTextBrowser(reviewPage)
        self.reviewSummary.setObjectName(u"reviewSummary")
        self.reviewSummary.setOpenLinks(False)

        self.reviewLayout.addWidget(self.reviewSummary)

        self.reviewButtons = QHBoxLayout()
        self.reviewButtons.setObjectName(u"reviewButtons")
        self.copyMessageButton = QPushButton(reviewPage)
        self.copyMessageButton.setObjectName(u"copyMessageButton")

        self.reviewButtons.addWidget(self.copyMessageButton)

        self.reviewButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.reviewButtons.addItem(self.reviewButtonsSpacer)


        self.reviewLayout.addLayout(self.reviewButtons)

        self.reviewError = QLabel(reviewPage)
        self.reviewError.setObjectName(u"reviewError")
        self.reviewError.setWordWrap(True)

        self.reviewLayout.addWidget(self.reviewError)


        self.retranslateUi(reviewPage)
    # setupUi

    def retranslateUi(self, reviewPage):
        reviewPage.setTitle(QCoreApplication.translate("ResolutionReviewPage", u"Review and record", None))
        reviewPage.setSubTitle(QCoreApplication.translate("ResolutionReviewPage", u"Finish records this in GigDesk, which then keeps the clock. Send the same request on the marketplace.", None))
#if QT_CONFIG(accessibility)
        reviewPage.setAccessibleName(QCoreApplication.translate("ResolutionReviewPage", u"Review", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.reviewSummary.setAccessibleName(QCoreApplication.translate("ResolutionReviewPage", u"Summary", None))
#endif // QT_CONFIG(accessibility)
        self.copyMessageButton.setText(QCoreApplication.translate("ResolutionReviewPage", u"&Copy the message", None))
#if QT_CONFIG(accessibility)
        self.copyMessageButton.setAccessibleName(QCoreApplication.translate("ResolutionReviewPage", u"Copy the message to the clipboard", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.reviewError.setAccessibleName(QCoreApplication.translate("ResolutionReviewPage", u"Problem recording the request", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
