"""`workshop-app screenshots`: every screen rendered off screen to real, non-empty PNG files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workshop_app import cli
from workshop_app.core.errors import NotFoundError
from workshop_app.storage.operations import Library
from workshop_app.ui import screenshots
from workshop_app.ui.screenshots import render_screenshots

# The library page currently shows its template button before the button has a parent (a brief
# stray window), which the off-screen platform reports once a theme is applied. Not ours to fix
# here; remove this when library.py adds the button to its layout before showing it.


def _samples(image: QImage, step: int = 37) -> list[QColor]:
    """A grid of pixels across the whole image, so no one pixel decides a check."""
    return [
        image.pixelColor(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]


def _distinct_colours(image: QImage) -> int:
    return len({colour.rgb() for colour in _samples(image)})


def _mean_lightness(image: QImage) -> float:
    samples = _samples(image)
    return sum(colour.lightness() for colour in samples) / len(samples)


def test_the_command_renders_every_screen_in_both_themes(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    sheet_before = qapp.styleSheet()
    out = tmp_path / "shots"
    assert cli.run(["screenshots", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    paths = sorted(out.glob("*.png"))
    assert sorted(Path(p) for p in printed) == paths
    names = {p.name.split("-", 2)[2].removesuffix(".png") for p in paths}
    stages = {"setup", "goals", "requests", "needs", "align", "decide", "signoff", "export"}
    assert stages | {"library", "decide-actions", "palette", "presentation-1"} <= names
    for theme in ("light", "dark"):
        assert len([p for p in paths if p.name.startswith(f"{theme}-")]) >= 12
    for path in paths:
        assert path.stat().st_size > 5_000, path.name
        image = QImage(str(path))
        assert not image.isNull()
        if "presentation" in path.name:
            assert (image.width(), image.height()) == (1920, 1080)
        elif "palette" not in path.name:
            assert (image.width(), image.height()) == (1366, 768)
        assert _distinct_colours(image) > 3, path.name  # not a blank page
    # Every screen is darker in the dark theme, across the whole screen, not at one pixel.
    shots = {
        theme: {p.name.split("-", 1)[1]: p for p in paths if p.name.startswith(f"{theme}-")}
        for theme in ("light", "dark")
    }
    both = shots["light"].keys() & shots["dark"].keys()
    assert len(both) >= 12
    for name in both:
        dark, light = (_mean_lightness(QImage(str(shots[t][name]))) for t in ("dark", "light"))
        assert dark < light - 64, name
    assert qapp.styleSheet() == sheet_before  # the app's own theme is put back
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_a_chosen_workshop_from_a_database(
    qtbot: QtBot,
    library: Library,
    demo_id: str,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(screenshots, "THEMES", ("dark",))  # one theme is enough here
    paths = render_screenshots(tmp_path / "shots", str(db_path), demo_id)
    assert len(paths) >= 12 and all(p.exists() and p.name.startswith("dark-") for p in paths)
    with pytest.raises(NotFoundError):
        render_screenshots(tmp_path / "none", str(db_path), "no-such-workshop")
