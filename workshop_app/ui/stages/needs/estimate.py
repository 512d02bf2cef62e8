"""What serving a need would take: person-days, money and how sure the room is, on one compact
line of the probing panel (a narrow panel wraps it)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QWidget

from workshop_app.core import model as m
from workshop_app.ui.widgets.fields import BoundChoice, BoundLineEdit
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.wrap_row import WrapRow

_GROUPING = re.compile(r"[\s,_'’]")


class BoundNumberEdit(BoundLineEdit):
    """A whole number typed as text ("1,200" is 1200); empty means not estimated. Anything else
    goes to the field's rule as typed, which refuses it in words."""

    def text_value(self) -> Any:
        text = _GROUPING.sub("", self.text())
        if not text:
            return None
        return int(text) if text.isascii() and text.isdigit() else self.text()

    def show_current(self) -> None:
        if self.pending:
            return
        value = self.current()
        text = "" if value is None else f"{value:,}"
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)


class EstimateRow(WrapRow):
    """Person-days · money · confidence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.days = BoundNumberEdit("Person-days")
        self.days.setAccessibleName("Estimate in person-days")
        self.money = BoundNumberEdit("Money")
        self.money.setAccessibleName("Estimate in money")
        self.confidence = BoundChoice(m.Confidence, empty_text="Confidence?")
        self.confidence.setAccessibleName("How sure the estimate is")
        super().__init__(
            self.days,
            [muted_label("person-days"), self.money, muted_label("money"), self.confidence],
            8,
            stretches=[3, 0, 3, 0, 2],
        )
        if parent is not None:
            self.setParent(parent)
        self.setAccessibleName("What would it take")

    def fields(self) -> list[tuple[Any, str]]:
        return [
            (self.days, "estimate_days"),
            (self.money, "estimate_money"),
            (self.confidence, "estimate_confidence"),
        ]
