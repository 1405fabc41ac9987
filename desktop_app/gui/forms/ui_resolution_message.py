# Generated from ui/resolution_message.ui by scripts/build_forms.py. Do not edit:
# change the form in Qt Designer and run `make forms`.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'resolution_message.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget, QWizardPage)

class Ui_ResolutionMessagePage(object):
    def setupUi(self, messagePage):
        if not messagePage.objectName():
            messagePage.setObjectName(u"messagePage")
        self.messageLayout = QVBoxLayout(messagePage)
        self.messageLayout.setObjectName(u"messageLayout")
        self.requestMessageEdit = QPlainTextEdit(messagePage)
        self.requestMessageEdit.setObjectName(u"requestMessageEdit")
        self.requestMessageEdit.setTabChangesFocus(True)

        self.messageLayout.addWidget(self.requestMessageEdit)

        self.toneFindings = QLabel(messagePage)
        self.toneFindings.setObjectName(u"toneFindings")
        self.toneFindings.setWordWrap(True)

        self.messageLayout.addWidget(self.toneFindings)

        self.messageButtons = QHBoxLayout()
        self.messageButtons.setObjectName(u"messageButtons")
        self.redraftButton = QPushButton(messagePage)
        self.redraftButton.setObjectName(u"redraftButton")

        self.messageButtons.addWidget(self.redraftButton)

        self.messageButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.messageButtons.addItem(self.messageButtonsSpacer)


        self.messageLayout.addLayout(self.messageButtons)

        self.messageError = QLabel(messagePage)
        self.messageError.setObjectName(u"messageError")
        self.messageError.setWordWrap(True)

        self.messageLayout.addWidget(self.messageError)


        self.retranslateUi(messagePage)
    # setupUi

    def retranslateUi(self, messagePage):
        messagePage.setTitle(QCoreApplication.translate("ResolutionMessagePage", u"Message to the buyer", None))
        messagePage.setSubTitle(QCoreApplication.translate("ResolutionMessagePage", u"Drafted for this option. Edit it freely; wording that can hurt you is underlined as you type.", None))
#if QT_CONFIG(accessibility)
        messagePage.setAccessibleName(QCoreApplication.translate("ResolutionMessagePage", u"Message to the buyer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.requestMessageEdit.setAccessibleName(QCoreApplication.translate("ResolutionMessagePage", u"Message to the buyer", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.toneFindings.setAccessibleName(QCoreApplication.translate("ResolutionMessagePage", u"Tone check", None))
#endif // QT_CONFIG(accessibility)
        self.redraftButton.setText(QCoreApplication.translate("ResolutionMessagePage", u"Start again from the &template", None))
#if QT_CONFIG(accessibility)
        self.redraftButton.setAccessibleName(QCoreApplication.translate("ResolutionMessagePage", u"Start again from the template", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.messageError.setAccessibleName(QCoreApplication.translate("ResolutionMessagePage", u"Problem with the message", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi
