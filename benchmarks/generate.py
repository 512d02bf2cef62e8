"""Realistic synthetic workshops for measuring speed and scale.

Deterministic (seeded) so runs compare like with like. Text lengths follow what facilitators
actually type: short requests, a few ladder rungs, paragraphs of rationale, the odd very long
pasted note.
"""

from __future__ import annotations

import random

from workshop_app.core import model as m

_WORDS = [
    "quote",
    "turnaround",
    "pipeline",
    "payroll",
    "onboarding",
    "dashboard",
    "integration",
    "customer",
    "churn",
    "forecast",
    "contract",
    "approval",
    "invoice",
    "portal",
    "mobile",
    "reliability",
    "outage",
    "latency",
    "compliance",
    "audit",
    "procurement",
    "supplier",
    "warehouse",
    "inventory",
    "shipping",
    "returns",
    "pricing",
    "margin",
    "revenue",
    "retention",
    "hiring",
    "training",
    "security",
    "identity",
    "access",
    "analytics",
    "reporting",
    "data",
    "quality",
    "self-service",
    "chatbot",
    "workflow",
    "automation",
    "spreadsheet",
    "export",
    "migration",
    "cloud",
    "licence",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:]


def synthetic_workshop(requests: int, seed: int = 7, long_texts: bool = True) -> m.Workshop:
    """A workshop with `requests` requests, one need each, links, ratings and decisions."""
    rng = random.Random(seed * 100_003 + requests)
    ws = m.Workshop(
        title=f"Synthetic alignment {requests}",
        division=rng.choice(["Sales", "Finance", "People", "Operations", "Marketing"]),
        company="Northwind Industries",
        date="2026-09-15",
        location="Head office",
        facilitator="Alex Moreau",
        it_phase=rng.choice(list(m.Phase)),
        created_at="2026-09-15T08:30:00Z",
    )
    ws.participants = [
        m.Participant(f"Participant {i}", "Director", decision_maker=i < 3) for i in range(8)
    ]
    ws.agenda = [m.AgendaItem(f"Agenda item {i}", 20) for i in range(5)]
    ws.goals = [
        m.StrategicGoal(
            _sentence(rng, 5),
            m.GoalLevel.COMPANY if i < 4 else m.GoalLevel.DIVISION,
            _sentence(rng, 20),
            weight=rng.randint(1, 5),
            measure=_sentence(rng, 4),
        )
        for i in range(8)
    ]
    for i in range(requests):
        request = m.Request(
            _sentence(rng, rng.randint(5, 14)),
            f"Participant {i % 8}",
            rng.choice(["", "March", "Q3", "next month"]),
            rng.choice(list(m.Urgency)),
            rng.choice(list(m.Phase)),
        )
        ws.requests.append(request)
        need = m.Need(
            _sentence(rng, rng.randint(8, 20)),
            [request.id],
            [_sentence(rng, rng.randint(6, 12)) for _ in range(rng.randint(1, 5))],
            beneficiaries=_sentence(rng, 8),
            measure=_sentence(rng, 3),
            baseline=f"{rng.randint(1, 30)} days",
            target=f"{rng.randint(1, 5)} days",
            by_when="Q2 2027",
            cost_of_inaction=_sentence(rng, 30),
            alternatives=_sentence(rng, 25),
            serves=rng.choice(list(m.Serves)),
            lens=rng.choice(list(m.Lens)),
            assessment=m.Assessment(
                urgency=rng.randint(1, 10),
                effort=rng.randint(1, 10),
                risk=rng.randint(1, 10),
                confidence=rng.choice([50, 80, 100]),
                reach=rng.randint(10, 5000),
            ),
        )
        if long_texts and i % 25 == 0:
            need.cost_of_inaction = _sentence(rng, 1500)
        ws.needs.append(need)
        for goal in rng.sample(ws.goals, rng.randint(0, 3)):
            ws.links.append(m.AlignmentLink(need.id, goal.id, rng.choice(list(m.Strength)[1:])))
        ws.decisions.append(
            m.Decision(
                request.id,
                rng.choice([*list(m.DecisionKind), None]),
                _sentence(rng, 30),
                f"Participant {i % 8}",
                _sentence(rng, 10),
                "2026-12-01",
            )
        )
        if i % 5 == 0:
            ws.actions.append(
                m.ActionItem(_sentence(rng, 8), f"Participant {i % 8}", "", request.id)
            )
    ws.sort_links()
    return ws
