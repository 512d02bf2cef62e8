"""The summary PDF's appendix on how robust the ranking is, and the points under a capped
alignment score, read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.sensitivity import workshop_sensitivity
from workshop_app.report.export import build_pdf


def pages_text(workshop: m.Workshop) -> list[str]:
    reader = PdfReader(io.BytesIO(build_pdf(workshop)))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_appendix_says_how_robust_the_ranking_is_and_what_would_swap_it() -> None:
    workshop = demo_workshop()
    workshop.goals[1].title = "Keep <b>regretted</b> attrition & under 8%"
    result = workshop_sensitivity(workshop)
    pages = pages_text(workshop)
    (appendix,) = [p for p in pages if "Appendix: how robust the ranking is" in p]
    assert ("Robust" in appendix) != ("Fragile" in appendix)
    assert result.verdict_text.split(":")[0] in appendix
    swap = result.swaps[0].swap
    assert swap is not None
    assert f"weight {swap.weight_from} → {swap.weight_to}" in appendix
    assert swap.goal_id == workshop.goals[1].id
    assert "Keep <b>regretted</b> attrition & under 8%" in appendix  # user text, never markup
    assert appendix.count("No change of one weight swaps them") == len(result.pairs) - len(
        result.swaps
    )
    assert "40% of the weighted score" in appendix
    # The points under a capped score, where the need is explained.
    assert any("Alignment 100 of 100 (125 points)" in p for p in pages)


def test_no_appendix_without_an_order_to_change() -> None:
    workshop = demo_workshop()
    workshop.needs = workshop.needs[:1]
    workshop.links = [link for link in workshop.links if link.need_id == workshop.needs[0].id]
    assert not any("how robust the ranking is" in p for p in pages_text(workshop))
