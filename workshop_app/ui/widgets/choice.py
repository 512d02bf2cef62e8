"""A drop-down whose open list shows every choice.

The theme pads list rows (6 px above and below), which Qt's drop-down does not count when it
sizes its list: one choice ("Critical", "Innovate") hid behind a scroll arrow. With few choices,
as every drop-down here has, the list is made tall enough for all of them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


class ChoiceBox(QComboBox):
    def showPopup(self) -> None:
        view = self.view()
        rows = min(self.count(), self.maxVisibleItems())
        needed = sum(view.sizeHintForRow(row) for row in range(rows)) + 2 * view.frameWidth()
        view.setMinimumHeight(needed)
        super().showPopup()
