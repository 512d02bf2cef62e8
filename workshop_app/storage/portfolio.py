"""Looking across workshops: the request portfolio, similar requests, and follow-up workshops.

- `portfolio_rows` lists every request of every workshop (the latest revision of each) with its
  need(s), alignment score, priority and decision, for the portfolio view.
- `similar_requests` points out what other workshops already asked for ("Finance asked for a CRM
  in Q2 2026"), by keyword overlap (the rule is core/portfolio.py's).
- `start_follow_up` opens a new workshop from an earlier one, carrying over what was deferred or
  needed more information (core/follow_up.py says what).

Everything here is plain Python over the operations layer; the UI and the CLI share it.
"""

from __future__ import annotations

from sqlalchemy import select

from workshop_app.core import model as m
from workshop_app.core.comparable import Scoring
from workshop_app.core.follow_up import follow_up_workshop
from workshop_app.core.portfolio import (
    MIN_SIMILARITY,
    PortfolioRow,
    SharedNeed,
    SimilarRequest,
    keywords,
    shared_needs,
    similarity,
    with_lens,
    workshop_rows,
)
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Library, WorkshopSummary, fresh_ids, now_iso

# -- latest revisions -------------------------------------------------------------------------


def latest_revisions(summaries: list[WorkshopSummary]) -> list[WorkshopSummary]:
    """One summary per lineage: its highest revision, in the order given."""
    best: dict[str, WorkshopSummary] = {}
    for summary in summaries:
        kept = best.get(summary.lineage_id)
        if kept is None or summary.revision > kept.revision:
            best[summary.lineage_id] = summary
    keep = {s.id for s in best.values()}
    return [s for s in summaries if s.id in keep]


# -- portfolio --------------------------------------------------------------------------------


def portfolio_rows(
    library: Library,
    *,
    latest_only: bool = True,
    lens: m.Lens | None = None,
    scoring: Scoring | None = None,
) -> list[PortfolioRow]:
    """Every request across the library, most recently changed workshop first.

    By default only the latest revision of each workshop counts, so a corrected revision does
    not list its requests twice. `lens` keeps only the requests whose needs match that lens
    (customer-facing and internal each include needs that are both). `scoring`: the period's
    framework and weights, under which every priority is compared (core/comparable.py).
    """
    summaries = library.workshops()
    if latest_only:
        summaries = latest_revisions(summaries)
    rows: list[PortfolioRow] = []
    for summary in summaries:
        if summary.request_count:
            rows.extend(workshop_rows(library.workshop(summary.id), scoring))
    return with_lens(rows, lens)


def latest_workshops(library: Library) -> list[m.Workshop]:
    """The latest revision of every workshop, most recently changed first."""
    return [library.workshop(s.id) for s in latest_revisions(library.workshops())]


def portfolio_shared_needs(library: Library) -> list[SharedNeed]:
    """Needs of different divisions that serve the same company goal with similar wording
    (core/portfolio.py's rule), over the latest revision of every workshop."""
    return shared_needs(latest_workshops(library))


# -- similar requests -------------------------------------------------------------------------


def similar_requests(
    library: Library,
    text: str,
    workshop_id: str | None = None,
    *,
    limit: int = 3,
    threshold: float = MIN_SIMILARITY,
) -> list[SimilarRequest]:
    """Requests in other workshops that ask for much the same thing, most similar first.

    Requests of `workshop_id` itself and of its other revisions are left out, and only the
    latest revision of every other workshop is searched, so nothing is reported twice.
    """
    wanted = keywords(text)
    if not wanted:
        return []
    with library.read() as s:
        lineage = None
        if workshop_id is not None:
            own = s.get(t.WorkshopRow, workshop_id)
            lineage = own.lineage_id if own is not None else None
        # The columns only, and only other workshops' latest revisions, chosen in SQL: this runs
        # on every captured request, and reading every request of the library as objects (the
        # workshop's own among them) took most of a capture's time.
        w = t.WorkshopRow.__table__  # type: ignore[attr-defined]
        r = t.RequestRow.__table__  # type: ignore[attr-defined]
        d = t.DecisionRow.__table__  # type: ignore[attr-defined]
        later = w.alias("later")
        newer = (
            select(later.c.id)
            .where(later.c.lineage_id == w.c.lineage_id, later.c.revision > w.c.revision)
            .exists()
        )
        query = (
            select(r.c.id, r.c.text, w.c.id, w.c.title, w.c.division, w.c.date, d.c.kind)
            .join_from(r, w, w.c.id == r.c.workshop_id)
            .outerjoin(d, d.c.request_id == r.c.id)
            .where(~newer)
            .order_by(w.c.updated_at.desc(), r.c.position)
        )
        if lineage is not None:
            query = query.where(w.c.lineage_id != lineage)
        found = []
        for request_id, request_text, ws_id, title, division, date, kind in s.execute(query).all():
            theirs = keywords(request_text)
            score = similarity(wanted, theirs)
            if score < threshold:
                continue
            found.append(
                SimilarRequest(
                    request_id=request_id,
                    text=request_text,
                    workshop_id=ws_id,
                    workshop_title=title,
                    division=division,
                    date=date,
                    decision=None if kind is None else m.DecisionKind(kind),
                    score=score,
                    shared=tuple(sorted(wanted & theirs)),
                )
            )
    found.sort(key=lambda r: -r.score)  # stable: equally similar ones stay most recent first
    return found[:limit]


# -- follow-up workshops ----------------------------------------------------------------------


def start_follow_up(library: Library, workshop_id: str) -> str:
    """Create the follow-up workshop of `workshop_id` in the library; returns its id."""
    follow_up = fresh_ids(follow_up_workshop(library.workshop(workshop_id), now_iso()))
    return library.add_workshop(follow_up, action="start follow-up workshop")
