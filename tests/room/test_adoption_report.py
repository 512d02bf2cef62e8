"""The summary PDF shows each value adopted from the room with the spread it came from."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from workshop_app.core.kind import Kind
from workshop_app.report.export import export_pdf
from workshop_app.storage import rounds
from workshop_app.storage.operations import Library


def test_the_pdf_shows_adopted_values_with_their_spread(
    library: Library, demo_id: str, tmp_path: Path
) -> None:
    ws = library.workshop(demo_id)
    need, goal = ws.needs[0], ws.goals[0]
    library.set_field(Kind.GOAL, goal.id, "title", "R&D <b> 研发 " + "x" * 300)
    round_id = rounds.open_round(library, need.id, ["urgency", f"link:{goal.id}"])
    for index, person in enumerate(ws.participants[:5]):  # the sixth does not answer
        rounds.rate(library, demo_id, round_id, person.id, {"urgency": 2 + 2 * index})
    rounds.reveal(library, round_id)
    rounds.adopt(library, round_id, "urgency", 6)
    rounds.adopt(library, round_id, f"link:{goal.id}", 1)  # nobody rated it: no spread
    path = export_pdf(library.workshop(demo_id), tmp_path)
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(Path(path).read_bytes())).pages
    )
    assert "From the room's blind ratings" in text
    assert "Urgency 6 6 2–10 5" in text
    assert "R&D <b>" in text
