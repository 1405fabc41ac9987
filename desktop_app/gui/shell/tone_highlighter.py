"""Underlines wording that hurts a seller (tone.check findings) while they type.

The check runs per text block (paragraph): every finding kind is short enough to
sit inside one line, and per-block work keeps typing in a long draft cheap.
The reasons themselves are listed under the editor by `finding_lines`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from desktop_app.domain import tone
from desktop_app.gui.shell.theme import is_dark, late_color

_WARNING_MARK = "\u26a0"


class ToneHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self._format = QTextCharFormat()
        self.update_colours()

    def update_colours(self) -> None:
        """Colour from the palette's lightness, so the wave stays visible in dark mode."""
        colour = late_color(is_dark())
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self._format.setUnderlineColor(colour)
        background = QColor(colour)
        background.setAlpha(40)
        self._format.setBackground(background)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for finding in tone.check(text):
            fmt = QTextCharFormat(self._format)
            fmt.setToolTip(finding.reason)
            self.setFormat(finding.start, finding.end - finding.start, fmt)


def finding_lines(text: str) -> list[str]:
    """One line per finding: the warning sign, the reason and the words that caused it."""
    lines = []
    for finding in tone.check(text):
        excerpt = " ".join(finding.excerpt(text).split())
        if len(excerpt) > 40:
            excerpt = excerpt[:39] + "\u2026"
        lines.append(f"{_WARNING_MARK} {finding.reason} \u2014 \u201c{excerpt}\u201d")
    return lines
