"""Look and feel: the bundled UI font, light and dark palettes, one accent colour, type scale.

Colour carries meaning only: the accent marks where you are, amber needs attention, green is done.
Sizes follow an 8-pixel grid. Everything scales with the font-scale setting so the room can read
it on a projector.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from workshop_app.paths import resources_dir

UI_FONT = "Inter"
#: Tried in order for a character Inter lacks (see `fallback_fonts`).
FALLBACK_FONTS = ["DejaVu Sans", "Droid Sans Fallback"]
#: The bundled emoji font: emoji and symbols in one colour, the last fallback.
EMOJI_FONT = "Symbola"
#: Colour emoji fonts of macOS, Windows and Linux desktops. Qt tries the families a font names
#: before any font of the system, so naming Symbola would draw emoji in one colour even where
#: one of these could draw them in colour.
SYSTEM_EMOJI_FONTS = frozenset(
    {
        "Apple Color Emoji",
        "Segoe UI Emoji",
        "Noto Color Emoji",
        "Noto Emoji",
        "Twemoji",
        "Twitter Color Emoji",
        "JoyPixels",
        "EmojiOne Color",
    }
)
BASE_POINT_SIZE = 11.0
#: The style every widget is drawn in, under the style sheet.
STYLE = "Fusion"
#: Application property: the application already has STYLE (see new_application).
_HAS_STYLE = "themeStyleSet"


class Colors(NamedTuple):
    window: str
    surface: str
    surface_alt: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    amber: str
    amber_bg: str
    green: str
    red: str


LIGHT = Colors(
    window="#f5f6f8",
    surface="#ffffff",
    surface_alt="#f0f2f5",
    text="#1c2330",
    muted="#5b6473",
    border="#d9dde3",
    accent="#1f5fbf",
    accent_text="#ffffff",
    amber="#9a5b00",
    amber_bg="#fff3dc",
    green="#1d7a45",
    red="#b3261e",
)
DARK = Colors(
    window="#16191e",
    surface="#1f2329",
    surface_alt="#262b33",
    text="#e8ebf0",
    muted="#a2a9b5",
    border="#363c46",
    accent="#6ea3ff",
    accent_text="#0b1020",
    amber="#ffc267",
    amber_bg="#3a2c12",
    green="#6fd39a",
    red="#ff8a80",
)


@functools.cache
def load_fonts() -> None:
    """Register the bundled fonts once, so every machine renders the same (CI included).

    Registering reads only a font's names (Symbola's 3 MB took 0.2–0.6 ms here); its glyphs
    are read when a character first falls back to it.
    """
    folder = resources_dir() / "fonts"
    for pattern in ("*.otf", "*.ttf"):
        for path in sorted(folder.glob(pattern)):
            QFontDatabase.addApplicationFont(str(path))


@functools.cache
def fallback_fonts() -> list[str]:
    """The application font's fallback families: Symbola last where the system has no emoji
    font, so emoji are drawn rather than empty boxes there, and in colour everywhere else.

    Listing the system's families takes a few hundredths of a millisecond once the bundled
    fonts are registered.
    """
    load_fonts()
    if SYSTEM_EMOJI_FONTS.intersection(QFontDatabase.families()):
        return list(FALLBACK_FONTS)
    return [*FALLBACK_FONTS, EMOJI_FONT]


def text_scale() -> float:
    """The text-size setting in force (1.0 normal): for the few sizes set in pixels."""
    app = QApplication.instance()
    size = app.font().pointSizeF() if isinstance(app, QApplication) else BASE_POINT_SIZE
    return max(1.0, size / BASE_POINT_SIZE) if size > 0 else 1.0


def current_colors() -> Colors:
    """The theme in use, as apply_theme recorded it on the application."""
    app = QApplication.instance()
    return DARK if app is not None and app.property("themeDark") else LIGHT


def is_dark(mode: str) -> bool:
    if mode == "dark":
        return True
    if mode == "light":
        return False
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme().name == "Dark")


def colors_for(mode: str) -> Colors:
    return DARK if is_dark(mode) else LIGHT


def new_application(argv: list[str]) -> QApplication:
    """The application, made in STYLE from the start: setting the style from Python hands a
    QStyle to Python, whose class takes ~3 ms of enum classes to make before the first paint."""
    app = QApplication([*argv, "-style", STYLE])
    app.setProperty(_HAS_STYLE, True)
    return app


def apply_theme(app: QApplication, mode: str = "system", font_scale: float = 1.0) -> Colors:
    """Apply palette, font and style sheet. mode is "system", "light" or "dark"."""
    load_fonts()
    colors = colors_for(mode)
    if not app.property(_HAS_STYLE):
        app.setStyle(STYLE)
        app.setProperty(_HAS_STYLE, True)
    font = QFont(UI_FONT)
    font.setFamilies([UI_FONT, *fallback_fonts()])
    font.setPointSizeF(BASE_POINT_SIZE * font_scale)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setPalette(_palette(colors))
    app.setStyleSheet(style_sheet(colors, font_scale))
    app.setProperty("themeDark", colors is DARK)
    return colors


def _palette(c: Colors) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, QColor(c.window))
    p.setColor(role.WindowText, QColor(c.text))
    p.setColor(role.Base, QColor(c.surface))
    p.setColor(role.AlternateBase, QColor(c.surface_alt))
    p.setColor(role.Text, QColor(c.text))
    p.setColor(role.PlaceholderText, QColor(c.muted))
    p.setColor(role.Button, QColor(c.surface))
    p.setColor(role.ButtonText, QColor(c.text))
    p.setColor(role.Highlight, QColor(c.accent))
    p.setColor(role.HighlightedText, QColor(c.accent_text))
    p.setColor(role.ToolTipBase, QColor(c.surface))
    p.setColor(role.ToolTipText, QColor(c.text))
    p.setColor(role.Link, QColor(c.accent))
    p.setColor(role.Mid, QColor(c.border))
    p.setColor(role.Midlight, QColor(c.surface_alt))
    for group_role in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, group_role, QColor(c.muted))
    return p


def pt(size: float, scale: float) -> str:
    return f"{size * scale:.1f}pt"


def px(size: float, scale: float) -> str:
    """A size that grows with the text: indicators and arrows beside larger text grow too."""
    return f"{round(size * scale)}px"


def _controls(c: Colors, s: float) -> str:
    """Drop-down arrows, spin buttons, check boxes and radio buttons drawn to match the theme.

    Once a style sheet styles a combo box or spin box, Fusion stops drawing its arrows properly
    (a dark sunken box); these rules replace them with the bundled chevrons in both themes.
    """
    icons = (resources_dir() / "icons").as_posix()
    tone = "dark" if c is DARK else "light"
    return f"""
    QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
        width: {px(24, s)}; border: none; background: transparent; }}
    QComboBox::down-arrow {{ image: url({icons}/chevron-down-{tone}.svg); width: {px(12, s)};
        height: {px(12, s)}; }}
    QComboBox QAbstractItemView {{ background: {c.surface}; border: 1px solid {c.border};
        selection-background-color: {c.accent}; selection-color: {c.accent_text}; }}
    QSpinBox::up-button, QDoubleSpinBox::up-button, QDateEdit::up-button {{
        subcontrol-origin: border; subcontrol-position: top right; width: {px(22, s)};
        border: none; background: transparent; margin: 2px 2px 0 0; }}
    QSpinBox::down-button, QDoubleSpinBox::down-button, QDateEdit::down-button {{
        subcontrol-origin: border; subcontrol-position: bottom right; width: {px(22, s)};
        border: none; background: transparent; margin: 0 2px 2px 0; }}
    QSpinBox::up-arrow, QDoubleSpinBox::up-arrow, QDateEdit::up-arrow {{
        image: url({icons}/chevron-up-{tone}.svg); width: {px(10, s)}; height: {px(10, s)}; }}
    QSpinBox::down-arrow, QDoubleSpinBox::down-arrow, QDateEdit::down-arrow {{
        image: url({icons}/chevron-down-{tone}.svg); width: {px(10, s)}; height: {px(10, s)}; }}
    QCheckBox {{ spacing: 8px; }}
    QCheckBox::indicator, QAbstractItemView::indicator {{ width: {px(16, s)};
        height: {px(16, s)}; border-radius: 4px; border: 2px solid {c.muted};
        background: {c.surface}; }}
    QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
        border-color: {c.accent}; background: {c.accent}; image: url({icons}/check-{tone}.svg); }}
    QAbstractItemView::indicator:checked:selected {{ border-color: {c.accent_text}; }}
    QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {{
        border-color: {c.border}; }}
    QCheckBox:focus {{ color: {c.accent}; }}
    QRadioButton {{ spacing: 8px; }}
    QRadioButton::indicator {{ width: {px(14, s)}; height: {px(14, s)};
        border-radius: {(round(14 * s) + 4) // 2}px; border: 2px solid {c.muted};
        background: {c.surface}; }}
    QRadioButton::indicator:checked {{ border: 2px solid {c.accent};
        background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {c.accent}, stop:0.5 {c.accent}, stop:0.6 {c.surface}, stop:1 {c.surface}); }}
    QRadioButton::indicator:disabled {{ border-color: {c.border}; }}
    QRadioButton:focus {{ color: {c.accent}; }}
    QListView::item:selected, QTableView::item:selected, QTreeView::item:selected {{
        background: {c.accent}; color: {c.accent_text}; }}
    """


def style_sheet(c: Colors, s: float) -> str:
    """Only what the palette cannot say: type scale, spacing, the few coloured elements."""
    sections = (_controls, _basics, _window, _library, _stages, _signoff)
    return "".join(section(c, s) for section in sections)


def _basics(c: Colors, s: float) -> str:
    """Labels, fields, buttons and item views everywhere."""
    return f"""
    QMainWindow, QDialog {{ background: {c.window}; }}
    QLabel#stageTitle {{ font-size: {pt(20, s)}; font-weight: 600; color: {c.text}; }}
    QLabel#stageSubtitle {{ font-size: {pt(11.5, s)}; color: {c.muted}; }}
    QLabel#sectionTitle {{ font-size: {pt(13, s)}; font-weight: 600; color: {c.text};
        padding-top: 8px; }}
    QLabel#fieldLabel {{ color: {c.muted}; font-weight: 600; }}
    QLabel#emptyState {{ font-size: {pt(13, s)}; color: {c.muted}; padding: 40px;
        border: 1px dashed {c.border}; border-radius: 8px; background: {c.surface}; }}
    QLabel#hint, QLabel#attention {{ background: {c.amber_bg}; color: {c.amber};
        border-radius: 6px; padding: 8px 12px; }}
    QLabel#done {{ color: {c.green}; }}
    QWidget#readOnlyBanner {{ background: {c.surface}; border-bottom: 1px solid {c.border};
        border-left: 6px solid {c.accent}; }}
    QLabel#readOnlyText {{ font-size: {pt(11.5, s)}; font-weight: 600; color: {c.text}; }}
    QLabel#quote {{ font-size: {pt(15, s)}; font-style: italic; color: {c.text}; }}
    QLabel#needStatement {{ font-size: {pt(13, s)}; font-weight: 600; color: {c.text}; }}
    QLabel#muted {{ color: {c.muted}; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit {{
        background: {c.surface}; border: 1px solid {c.border}; border-radius: 6px;
        padding: 6px 8px; selection-background-color: {c.accent};
        selection-color: {c.accent_text}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
    QDateEdit:focus {{ border: 2px solid {c.accent}; padding: 5px 7px; }}
    QLineEdit:disabled, QPlainTextEdit:disabled {{ background: {c.surface_alt}; }}
    QSpinBox, QDoubleSpinBox, QDateEdit {{ padding-right: {px(26, s)}; }}
    QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus {{ padding-right: {px(25, s)}; }}
    QLineEdit#captureInput {{ font-size: {pt(16, s)}; padding: 12px 14px; }}
    QLineEdit#captureInput:focus {{ padding: 11px 13px; }}
    QPushButton {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 6px;
        padding: 7px 16px; min-height: {px(20, s)}; }}
    QPushButton:hover {{ border-color: {c.accent}; }}
    QPushButton:focus {{ border: 2px solid {c.accent}; padding: 6px 15px; }}
    QPushButton#primary {{ background: {c.accent}; color: {c.accent_text};
        border: 1px solid {c.accent}; font-weight: 600; }}
    QPushButton:disabled {{ color: {c.muted}; background: {c.surface_alt}; }}
    QPushButton#primary:disabled {{ color: {c.muted}; background: {c.surface_alt};
        border-color: {c.border}; font-weight: 600; }}
    QTableView, QListView, QTreeView {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 8px; gridline-color: {c.border}; }}
    QTableView::item, QListView::item {{ padding: 6px 8px; }}
    QTableView#rowTable {{ outline: none; }}
    QHeaderView::section {{ background: {c.surface_alt}; color: {c.muted}; border: none;
        border-bottom: 1px solid {c.border}; padding: 8px; font-weight: 600; }}
    """


def _window(c: Colors, s: float) -> str:
    """The window around the stages: navigator, header, timer, status bar, tool bar, cards."""
    return f"""
    QListWidget#navigator {{ background: {c.surface}; border: none;
        border-right: 1px solid {c.border}; padding: 8px 0; font-size: {pt(11.5, s)}; }}
    QListWidget#navigator::item {{ padding: 10px 12px; border-radius: 6px; margin: 2px 6px; }}
    QListWidget#navigator::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
    QWidget#headerBar {{ background: {c.surface}; border-bottom: 1px solid {c.border}; }}
    QLabel#headerTitle {{ font-size: {pt(14, s)}; font-weight: 600; }}
    QLabel#headerMeta {{ color: {c.muted}; }}
    QLabel#timer {{ color: {c.muted}; font-weight: 600; padding: 2px 10px;
        border: 1px solid {c.border}; border-radius: 10px; }}
    QLabel#timer[overtime="true"] {{ color: {c.amber}; background: {c.amber_bg};
        border-color: {c.amber}; }}
    QLabel#savedIndicator {{ color: {c.green}; }}
    QStatusBar {{ background: {c.surface}; border-top: 1px solid {c.border}; color: {c.muted}; }}
    QToolBar {{ background: {c.surface}; border: none; border-bottom: 1px solid {c.border};
        spacing: 4px; padding: 4px 8px; }}
    QToolButton {{ padding: 6px 10px; border-radius: 6px; }}
    QToolButton:hover {{ background: {c.surface_alt}; }}
    QScrollArea {{ border: none; background: transparent; }}
    QWidget#card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px; }}
    """


def _library(c: Colors, s: float) -> str:
    """The library (tabs, recent chips, first-run cards, empty panels, undo bar, portfolio) and
    the setup phase picker."""
    return f"""
    QTabWidget#libraryTabs::pane {{ border: none; border-top: 1px solid {c.border}; }}
    QTabWidget#libraryTabs QTabBar::tab {{ background: transparent; color: {c.muted};
        padding: 8px 16px; margin-right: 8px; border: none;
        border-bottom: 3px solid transparent; font-size: {pt(12, s)}; font-weight: 600; }}
    QTabWidget#libraryTabs QTabBar::tab:selected {{ color: {c.text};
        border-bottom: 3px solid {c.accent}; }}
    QTabWidget#libraryTabs QTabBar::tab:focus {{ color: {c.accent}; }}
    QPushButton#chip {{ border-radius: 14px; padding: 4px 14px; min-height: {px(18, s)};
        background: {c.surface_alt}; }}
    QPushButton#chip:focus {{ padding: 3px 13px; }}
    QFrame#ctoHint {{ background: {c.surface}; border: 1px solid {c.border};
        border-left: 3px solid {c.accent}; border-radius: 6px; }}
    QPushButton#templateCard {{ text-align: left; padding: 0; border-radius: 8px; }}
    QPushButton#templateCard:focus {{ padding: 0; }}
    QLabel#cardTitle {{ font-weight: 600; font-size: {pt(12, s)}; }}
    QWidget#phasePicker QRadioButton::indicator {{ width: 12px; height: 12px;
        border-radius: 8px; border: 2px solid {c.muted}; background: {c.surface}; }}
    QWidget#phasePicker QRadioButton::indicator:checked {{ border: 5px solid {c.accent};
        width: 6px; height: 6px; background: {c.surface}; }}
    QWidget#phasePicker QRadioButton::indicator:disabled {{ border-color: {c.border}; }}
    QFrame#emptyPanel {{ background: {c.surface}; border: 1px dashed {c.border};
        border-radius: 8px; }}
    QFrame#undoBar {{ background: {c.surface_alt}; border: 1px solid {c.border};
        border-radius: 8px; }}
    QLabel#portfolioDetail {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 8px; padding: 10px 14px; }}
    QLabel#portfolioShared {{ background: {c.surface_alt}; border-left: 3px solid {c.accent};
        padding: 6px 12px; }}
    """


def _stages(c: Colors, s: float) -> str:
    """The stages: setup dates, the prompt card, the why-ladder, ratings, choices."""
    return f"""
    QLabel#attentionText {{ color: {c.amber}; font-weight: 600; }}
    QLabel#dateEcho {{ color: {c.muted}; }}
    QLabel#dateEcho[invalid="true"] {{ color: {c.amber}; }}
    QWidget#presentation {{ background: {c.window}; }}
    QFrame#promptCard {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 8px; }}
    QLabel#promptCaption {{ color: {c.muted}; font-size: {pt(9, s)}; font-weight: 600; }}
    QLabel#promptText {{ font-size: {pt(13, s)}; color: {c.text}; }}
    QPushButton#promptNext {{ padding: 4px 10px; }}
    QPushButton#promptNext:focus {{ padding: 3px 9px; }}
    QPlainTextEdit#needStatement {{ font-size: {pt(13, s)}; }}
    QLabel#rungNumber {{ color: {c.muted}; font-weight: 600; }}
    QSpinBox#ratingSpin {{ padding-right: 8px; }}
    QSpinBox#ratingSpin::up-button, QSpinBox#ratingSpin::down-button {{ width: 0px;
        border: none; }}
    QSpinBox#ratingSpin::up-arrow, QSpinBox#ratingSpin::down-arrow {{ image: none; width: 0px;
        height: 0px; }}
    QToolButton#attachButton {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 6px; padding: 7px 28px 7px 16px; }}
    QToolButton#attachButton:hover {{ border-color: {c.accent}; }}
    QToolButton#attachButton:focus {{ border: 2px solid {c.accent}; padding: 6px 27px 6px 15px; }}
    QToolButton#attachButton:disabled {{ color: {c.muted}; background: {c.surface_alt}; }}
    QToolButton#attachButton::menu-indicator {{ subcontrol-position: right center;
        right: 10px; }}
    QRadioButton#choiceRadio {{ spacing: 8px; }}
    QRadioButton#choiceRadio::indicator {{ width: 14px; height: 14px; border-radius: 9px;
        border: 2px solid {c.muted}; background: {c.surface}; }}
    QRadioButton#choiceRadio::indicator:checked {{ border: 2px solid {c.accent};
        background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {c.accent}, stop:0.5 {c.accent}, stop:0.6 {c.surface}, stop:1 {c.surface}); }}
    QRadioButton#choiceRadio::indicator:disabled {{ border-color: {c.border}; }}
    QRadioButton#choiceRadio:focus {{ color: {c.accent}; }}
    QLabel#ratingsTitle {{ font-size: {pt(12, s)}; font-weight: 600; color: {c.text}; }}
    """


def _signoff(c: Colors, s: float) -> str:
    """Sign-off: the banner, the signer, reservations and blockers."""
    return f"""
    QFrame#signoffBanner {{ background: {c.surface}; border: 1px solid {c.border};
        border-radius: 8px; }}
    QFrame#signoffBanner[tone="attention"] {{ background: {c.amber_bg}; border-color: {c.amber}; }}
    QFrame#signoffBanner[tone="done"] {{ background: {c.surface};
        border: 1px solid {c.green}; border-left: 6px solid {c.green}; }}
    QFrame#signoffBanner[tone="info"] {{ border-left: 6px solid {c.accent}; }}
    QLabel#bannerSymbol {{ font-size: {pt(15, s)}; font-weight: 600; }}
    QLabel#bannerSymbol[tone="done"], QLabel#bannerTitle[tone="done"] {{ color: {c.green}; }}
    QLabel#bannerSymbol[tone="attention"], QLabel#bannerTitle[tone="attention"],
    QLabel#bannerText[tone="attention"] {{ color: {c.amber}; }}
    QLabel#bannerTitle {{ font-size: {pt(12.5, s)}; font-weight: 600; color: {c.text}; }}
    QLabel#signerName {{ font-size: {pt(15, s)}; font-weight: 600; color: {c.text}; }}
    QLabel#typedName {{ font-style: italic; color: {c.text}; }}
    QFrame#reservationBox {{ background: {c.surface_alt}; border: none;
        border-left: 3px solid {c.muted}; border-radius: 4px; }}
    QLabel#reservationText {{ font-size: {pt(12, s)}; color: {c.text}; }}
    QFrame#blockerRow {{ background: {c.amber_bg}; border-radius: 6px; }}
    QFrame#blockerRow QLabel {{ color: {c.text}; }}
    QWidget#signoffPanel, QWidget#signoffPanelPage, QWidget#blockerRows {{
        background: {c.surface}; }}
    """
