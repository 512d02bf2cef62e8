"""The evidence beside a decision: what success looks like, the cost of doing nothing, the
alternatives and whether the request serves the need, and what the room agreed about alignment.

Each value takes one line (two for the agreed note), the whole text in its tooltip, so the
decision buttons below stay in view at 1366×768 whatever was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QWidget

from workshop_app.core import model as m
from workshop_app.core.purpose import Evidence, evidence
from workshop_app.core.scoring import AlignmentResult
from workshop_app.ui.widgets.clamped_label import ClampedLabel


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _value(text: str, *, attention: bool = False, lines: int = 1) -> ClampedLabel:
    label = ClampedLabel(lines, "attentionText" if attention else "")
    label.set_full_text(text)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class EvidenceGrid(QWidget):
    """Caption and value: success with whether the request serves the need beside it, then
    the cost of doing nothing and the alternatives, each across the whole card."""

    def __init__(self, need: m.Need, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionEvidence")
        self.setAccessibleName("The evidence for this need")
        self.evidence = found = evidence(need, request_id)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self.grid = grid
        self.values: dict[str, ClampedLabel] = {}
        self.first = QHBoxLayout()
        self.first.setSpacing(12)
        for key, caption, text, row in (
            ("success", "Success", found.success or "No measure yet", 0),
            ("cost", "If we do nothing", found.cost_of_inaction or "Not said yet", 1),
            ("alternatives", "Alternatives", found.alternatives or "None named yet", 2),
        ):
            value = _value(text)
            value.setAccessibleName(f"{caption}: {text}")
            self.values[key] = value
            grid.addWidget(_caption(caption), row, 0)
            if key == "success":
                self.first.addWidget(value, 1)
                grid.addLayout(self.first, row, 1)
            else:
                grid.addWidget(value, row, 1)
        # Whether the request serves the need: a word or two, beside success where there is
        # room for both, else on a line of its own below the rest.
        self.serves_caption = _caption("Serves the need")
        self.values["serves"] = serves = _value(found.serves_text, attention=_against(found))
        serves.setAccessibleName(f"Serves the need: {found.serves_text}")
        serves.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        serves.setFixedWidth(serves.fontMetrics().horizontalAdvance(found.serves_text) + 8)
        self.beside: bool | None = None
        self._place_serves(beside=True)

    def _place_serves(self, *, beside: bool) -> None:
        if beside == self.beside:
            return
        self.beside = beside
        caption, value = self.serves_caption, self.values["serves"]
        for widget in (caption, value):
            self.first.removeWidget(widget)
            self.grid.removeWidget(widget)
        if beside:
            self.first.addWidget(caption)
            self.first.addWidget(value)
        else:
            self.grid.addWidget(caption, 3, 0)
            self.grid.addWidget(value, 3, 1, Qt.AlignmentFlag.AlignLeft)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        # Beside success only while success keeps room for about 40 characters.
        room = metrics.horizontalAdvance("x" * 40) + metrics.horizontalAdvance("Serves the need")
        self._place_serves(beside=event.size().width() >= room + 240)


def _against(found: Evidence) -> bool:
    return found.serves is m.Serves.NOT_AT_ALL


def compact_evidence(need: m.Need, request_id: str) -> str:
    """The evidence in one line, for a request with several needs."""
    found = evidence(need, request_id)
    parts = [f"Serves the need: {found.serves_text.lower()}"]
    if found.success:
        parts.append(f"success: {found.success}")
    return " · ".join(parts)


def alignment_words(result: AlignmentResult, need: m.Need) -> tuple[str, bool] | None:
    """What the card says about alignment beyond its score, and whether it needs attention;
    None when the alignment is clear and nothing was noted."""
    if result.division_only:
        note = " ".join(need.company_note.split())
        if note:
            return f"Linked only to division goals. Serves the company: {note}", False
        return "⚠ Linked only to division goals: how does it serve the company?", True
    if not result.unclear:
        return None
    if need.alignment_acknowledged:
        note = " ".join(need.alignment_note.split())
        agreed = f" Agreed: {note}" if note else ""
        return f"⚠ Alignment unclear — discussed.{agreed}", False
    return "⚠ Alignment unclear: clarify the purpose before committing resources", True
