"""The parts of the Export stage's screen: the status strip on top, and in the side panel the
progress of an export, the file just written and the whole-portfolio exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.report.identity import Identity
from workshop_app.ui.widgets.elided_label import ElidedLabel
from workshop_app.ui.widgets.labels import muted_label, plain_label, section_title
from workshop_app.ui.widgets.style import set_style_state


def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(True)
    button.clicked.connect(slot)
    return button


class StatusStrip(QFrame):
    """One line on what kind of PDF this will be: draft, signed off, signed; with the step that
    makes it final (go to sign-off, set up signing) when there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportStatus")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(16)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = plain_label("", "statusTitle", wrap=False)
        text.addWidget(self.title)
        self.text = muted_label(wrap=True)
        text.addWidget(self.text)
        row.addLayout(text, 1)
        self.action = QPushButton()
        self.action.setAutoDefault(True)
        row.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_state(self, ws: m.Workshop, identity: Identity | None, identity_problem: str) -> None:
        signed_off = ws.status is m.Status.SIGNED_OFF
        ready = not signed_off or identity is not None
        if not signed_off:
            # The status in the words of the library and `workshop-app list` (Status.label).
            self.title.setText(f"{ws.status.label} · revision {ws.revision}")
            self.text.setText(
                "Not signed off yet, so every page is marked DRAFT. Finish the sign-off to "
                "export the final version."
            )
            self._set_action("Go to sign-off", "Go to the Sign-off stage")
        elif identity is not None:
            self.title.setText(f"✓ Signed off · revision {ws.revision}")
            self.text.setText(
                f"Exported with everyone's sign-off and the digital signature of "
                f"{identity.name}, so readers can check that nothing changed."
            )
            self._set_action("", "")
        else:
            self.title.setText(f"Signed off · revision {ws.revision} · needs a signature")
            self.text.setText(
                (identity_problem + " " if identity_problem else "")
                + "A signed-off summary is always digitally signed, so readers can prove nothing "
                "changed. Create your signing identity (made on this computer, in a minute) or "
                "import your company's, then export."
            )
            self._set_action(
                "Set up signing…", "Create or import a signing identity to sign the summary"
            )
        for widget in (self, self.title):
            set_style_state(widget, "ready", ready)

    def _set_action(self, text: str, accessible: str) -> None:
        self.action.setText(text)
        self.action.setAccessibleName(accessible)
        self.action.setVisible(bool(text))


class ProgressBox(QWidget):
    """What the export is doing now, over a busy bar (the renderer reports no steps)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Export progress")
        column.addWidget(self.text)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Exporting")
        column.addWidget(self.bar)


class ResultBox(QWidget):
    """The file just written (or, before any export, the workshop's previous one), with Open and
    Show in folder."""

    open_file = Signal()
    show_in_folder = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.title = plain_label("", "resultTitle")
        column.addWidget(self.title)
        self.name = plain_label("", "resultName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(self.name)
        self.folder = ElidedLabel()
        self.folder.setObjectName("muted")
        column.addWidget(self.folder)
        self.note = muted_label(wrap=True)
        self.note.hide()
        column.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.setContentsMargins(0, 4, 0, 0)
        self.open_button = _button("Open PDF", "Open the exported file", self.open_file.emit)
        buttons.addWidget(self.open_button)
        self.show_folder_button = _button(
            "Show in folder", "Show the exported file in its folder", self.show_in_folder.emit
        )
        buttons.addWidget(self.show_folder_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

    def show_result(self, path: Path, title: str, *, fresh: bool, show_folder: bool) -> None:
        self.title.setText(title)
        set_style_state(self.title, "fresh", fresh)
        self.name.setText(path.name)
        self.name.setAccessibleName(f"Exported file: {path.name}")
        self.folder.set_full_text(f"in {path.parent}")
        self.folder.setVisible(show_folder)
        self.open_button.setText("Open CSV" if path.suffix.lower() == ".csv" else "Open PDF")
        self.open_button.setAccessibleName(f"Open {path.name}")
        self.show()

    def show_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))


class PortfolioBox(QWidget):
    """Every workshop in the library as one PDF or one CSV file."""

    export_pdf = Signal()
    export_csv = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        rule = QFrame()
        rule.setObjectName("exportPanelRule")
        rule.setFixedHeight(1)
        column.addWidget(rule)
        title = section_title("Whole portfolio")
        title.setIndent(0)  # a padded label indents its text otherwise
        column.addWidget(title)
        self.text = muted_label(wrap=True)
        self.text.setToolTip(
            "Every request of every workshop (its latest revision) with its need, alignment, "
            "priority and decision."
        )
        column.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.pdf_button = _button(
            "Portfolio PDF", "Export the whole portfolio as one PDF", self.export_pdf.emit
        )
        buttons.addWidget(self.pdf_button)
        self.csv_button = _button(
            "Portfolio CSV",
            "Export the whole portfolio as a CSV file for a spreadsheet",
            self.export_csv.emit,
        )
        buttons.addWidget(self.csv_button)
        self.lens = QComboBox()
        self.lens.setAccessibleName("Export the requests whose needs have the lens")
        self.lens.setToolTip(
            "Customer-facing needs are the CTO's side too; internal ones the CIO's. "
            "Needs that are both count on either side."
        )
        self.lens.addItem("Any lens", None)
        for lens in m.Lens:
            self.lens.addItem(lens.label if lens is not m.Lens.BOTH else "Both sides", lens.value)
        buttons.addStretch(1)
        column.addWidget(self.lens)  # its own line: the panel is narrow on a small screen
        column.addLayout(buttons)

    def chosen_lens(self) -> m.Lens | None:
        value = self.lens.currentData()
        return None if value is None else m.Lens(value)

    def show_count(self, count: int) -> None:
        noun = "workshop" if count == 1 else "workshops"
        self.text.setText(
            f"The {noun} in the library, as one file."
            if count == 1
            else f"All {count} {noun} in the library, as one file."
        )
