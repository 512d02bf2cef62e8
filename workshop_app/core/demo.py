"""A realistic sample workshop that shows every feature: the two worked examples of the method
plus enough requests for every kind of decision, both goal levels, a phase flag and actions;
and, for a follow-up, results measured in the months after it (`demo_results`)."""

from __future__ import annotations

from workshop_app.core import model as m

S = m.Strength


def demo_workshop() -> m.Workshop:
    ws = m.Workshop(
        title="Q3 alignment with Sales and People",
        division="Sales & People Operations",
        company="Northwind Industries",
        date="2026-09-15",
        location="Lisbon offsite, room Tejo",
        facilitator="Alex Moreau, CIO",
        it_phase=m.Phase.RUN,
        status=m.Status.IN_PROGRESS,
        created_at="2026-09-15T08:30:00Z",
    )
    ws.participants = _participants()
    ws.agenda = _agenda()
    ws.goals = _goals()
    ws.requests = _requests()
    ws.needs = _needs(ws.requests)
    ws.links = _links(ws.needs, ws.goals)
    ws.decisions = _decisions(ws.requests)
    ws.actions = _actions(ws.requests)
    ws.needs[-1].alignment_acknowledged = True  # the onboarding need: discussed, still unclear
    ws.sort_links()
    return ws


def _participants() -> list[m.Participant]:
    return [
        m.Participant("María González", "VP Sales", decision_maker=True),
        m.Participant("Tom Becker", "Head of People", decision_maker=True),
        m.Participant("Priya Raman", "Sales Operations lead"),
        m.Participant("Jonas Lindqvist", "Payroll manager"),
        m.Participant("Alex Moreau", "CIO, facilitator", decision_maker=True),
    ]


def _agenda() -> list[m.AgendaItem]:
    return [
        m.AgendaItem("Goals and where IT stands", 15),
        m.AgendaItem("Requests: what are we asked for?", 20),
        m.AgendaItem("Needs: why does it matter?", 40),
        m.AgendaItem("Align and prioritise", 25),
        m.AgendaItem("Decide and sign off", 20),
    ]


def _goals() -> list[m.StrategicGoal]:
    revenue = m.StrategicGoal(
        "Grow mid-market revenue 15%",
        m.GoalLevel.COMPANY,
        "New logos and expansion in companies of 200–2,000 employees.",
        weight=5,
        measure="Mid-market ARR, +15% year on year",
    )
    retention = m.StrategicGoal(
        "Keep regretted attrition under 8%",
        m.GoalLevel.COMPANY,
        "People stay when the basics work and their time is respected.",
        weight=4,
        measure="Regretted attrition, rolling 12 months",
    )
    cost = m.StrategicGoal(
        "Hold operating cost flat while growing",
        m.GoalLevel.COMPANY,
        weight=3,
        measure="Opex as % of revenue",
    )
    quotes = m.StrategicGoal(
        "Faster quote-to-cash",
        m.GoalLevel.DIVISION,
        "Sales: quotes, approvals and contracts without waiting.",
        weight=4,
        measure="Days from first call to signed quote",
    )
    payroll = m.StrategicGoal(
        "Payroll right first time",
        m.GoalLevel.DIVISION,
        "People Operations: every payslip correct and on time.",
        weight=5,
        measure="Payslip corrections per month",
    )
    return [revenue, retention, cost, quotes, payroll]


def _requests() -> list[m.Request]:
    crm = m.Request(
        "We need a new CRM by March",
        "María González, VP Sales",
        "March",
        m.Urgency.HIGH,
        m.Phase.DELIVER,
    )
    chatbot = m.Request(
        "An AI chatbot for employees' HR questions",
        "Tom Becker, Head of People",
        "Q3",
        m.Urgency.MEDIUM,
        m.Phase.INNOVATE,
    )
    dashboard = m.Request(
        "Give us a pipeline dashboard on the wall",
        "Priya Raman, Sales Ops",
        "next month",
        m.Urgency.MEDIUM,
        m.Phase.DELIVER,
    )
    export = m.Request(
        "A weekly Excel export of all opportunities",
        "Priya Raman, Sales Ops",
        "",
        m.Urgency.LOW,
        m.Phase.RUN,
    )
    vr = m.Request(
        "VR onboarding for new sales hires",
        "Tom Becker, Head of People",
        "",
        m.Urgency.LOW,
        m.Phase.INNOVATE,
    )
    esign = m.Request(
        "E-signature for contracts",
        "María González, VP Sales",
        "before Q4 push",
        m.Urgency.CRITICAL,
        m.Phase.DELIVER,
    )
    return [crm, chatbot, dashboard, export, vr, esign]


def _needs(requests: list[m.Request]) -> list[m.Need]:
    crm, chatbot, dashboard, export, vr, esign = requests
    quote_need = m.Need(
        "Quotes go out within a day, so reps spend their time selling",
        [crm.id, esign.id],
        [
            "Reps copy data between the CRM and the quoting tool",
            "Quotes take five days to go out",
            "Deals slip to faster competitors",
            "We miss the mid-market growth target",
        ],
        beneficiaries="Account executives and their mid-market customers",
        measure="Quote turnaround",
        baseline="5 days",
        target="1 day",
        by_when="Q2 2027",
        cost_of_inaction="About 12 mid-market deals a quarter slip; reps keep re-typing data.",
        alternatives="Integrate the existing CRM and quoting tool; e-signature inside the quote.",
        serves=m.Serves.PARTLY,
        lens=m.Lens.BOTH,
        assessment=m.Assessment(urgency=8, effort=5, risk=4, confidence=80, reach=120),
    )
    payroll_need = m.Need(
        "Employees get a correct payslip every month without asking",
        [chatbot.id],
        [
            "Employees ask the same payroll questions again and again",
            "Payslips are wrong most months",
            "The payroll system's tax tables are updated by hand",
        ],
        beneficiaries="All 1,400 employees; the payroll team",
        measure="Payslip corrections",
        baseline="60 a month",
        target="under 5 a month",
        by_when="Q1 2027",
        cost_of_inaction="Trust in HR erodes; the payroll team spends 3 days a month on fixes.",
        alternatives="Fix the payroll integration first; an FAQ page for the rest.",
        serves=m.Serves.NOT_AT_ALL,
        lens=m.Lens.INTERNAL,
        assessment=m.Assessment(urgency=9, effort=4, risk=7, confidence=90, reach=1400),
    )
    visibility_need = m.Need(
        "Sales leaders see pipeline risk early enough to act",
        [dashboard.id, export.id],
        ["Forecast surprises at quarter end", "Leaders find stalled deals too late"],
        beneficiaries="Sales leadership",
        measure="Forecast accuracy",
        baseline="±30%",
        target="±10%",
        by_when="Q4 2026",
        alternatives="Saved views in the existing CRM; a weekly pipeline review.",
        serves=m.Serves.PARTLY,
        lens=m.Lens.INTERNAL,
        assessment=m.Assessment(urgency=5, effort=3, risk=3, confidence=70, reach=25),
    )
    onboarding_need = m.Need(
        "New sales hires become productive sooner",
        [vr.id],
        ["Ramp-up takes six months"],
        beneficiaries="New account executives",
        measure="Time to first closed deal",
        baseline="6 months",
        target="4 months",
        serves=m.Serves.PARTLY,
        lens=m.Lens.INTERNAL,
        assessment=m.Assessment(urgency=3, effort=8, risk=6, confidence=40, reach=30),
    )
    return [quote_need, payroll_need, visibility_need, onboarding_need]


def _links(needs: list[m.Need], goals: list[m.StrategicGoal]) -> list[m.AlignmentLink]:
    quote_need, payroll_need, visibility_need, onboarding_need = needs
    revenue, retention, cost, quotes, payroll = goals
    return [
        m.AlignmentLink(quote_need.id, revenue.id, S.STRONG),
        m.AlignmentLink(quote_need.id, quotes.id, S.STRONG),
        m.AlignmentLink(quote_need.id, cost.id, S.WEAK),
        m.AlignmentLink(payroll_need.id, payroll.id, S.STRONG),
        m.AlignmentLink(payroll_need.id, retention.id, S.MODERATE),
        m.AlignmentLink(visibility_need.id, revenue.id, S.MODERATE),
        m.AlignmentLink(visibility_need.id, quotes.id, S.WEAK),
        m.AlignmentLink(onboarding_need.id, retention.id, S.WEAK),
    ]


def _decisions(requests: list[m.Request]) -> list[m.Decision]:
    crm, chatbot, dashboard, export, vr, esign = requests
    kinds = m.DecisionKind
    return [
        m.Decision(
            crm.id,
            kinds.RESHAPE,
            "The need is quote speed, not a new CRM: integrating the two systems serves it "
            "in weeks instead of a year.",
            "Priya Raman, Sales Ops",
            "Two-week discovery of the CRM–quoting integration",
            "2026-10-02",
        ),
        m.Decision(
            chatbot.id,
            kinds.RESHAPE,
            "A chatbot would answer questions caused by wrong payslips. Serve the need with a "
            "payroll reliability project instead; the chatbot waits until Q3 2027.",
            "Tom Becker",
            "Start the payroll reliability project: automate the tax-table updates",
            "2026-10-15",
        ),
        m.Decision(
            dashboard.id,
            kinds.PROCEED,
            "Small, aligned with revenue, and uses data we already have.",
            "Priya Raman",
            "Build saved pipeline views and a wall display",
            "2026-10-30",
        ),
        m.Decision(
            export.id,
            kinds.DECLINE,
            "Served by the dashboard's saved views; a weekly export would create a second "
            "version of the truth.",
            "María González",
            "Close the request and point the team to saved views",
            "2026-09-30",
        ),
        m.Decision(
            vr.id,
            kinds.NEEDS_INFORMATION,
            "Alignment is unclear and the cost is unknown; ramp-up data needed first.",
            "Tom Becker",
            "Bring ramp-up data by cohort to the next workshop",
            "2026-11-15",
        ),
        m.Decision(
            esign.id,
            kinds.PROCEED,
            "Directly shortens quote-to-cash; low effort with the current contract system.",
            "Priya Raman",
            "Enable e-signature in the contract system",
            "2026-10-15",
        ),
    ]


def _actions(requests: list[m.Request]) -> list[m.ActionItem]:
    crm, chatbot, _dashboard, _export, vr, _esign = requests
    return [
        m.ActionItem("Scope the CRM–quoting integration", "Priya Raman", "2026-10-02", crm.id),
        m.ActionItem(
            "Audit payroll tax-table updates", "Jonas Lindqvist", "2026-10-10", chatbot.id
        ),
        m.ActionItem("Share ramp-up data by hiring cohort", "Tom Becker", "2026-11-15", vr.id),
        m.ActionItem("Send this summary to the CEO", "Alex Moreau", "2026-09-16"),
    ]


#: What the sample's commitments measured after the workshop: need statement → (day, value).
_MEASURED = {
    "Quotes go out within a day, so reps spend their time selling": [
        ("2026-11-30", "4 days", "Integration discovery done; e-signature live."),
        ("2027-01-31", "2 days", "CRM–quoting integration in pilot with two teams."),
    ],
    "Employees get a correct payslip every month without asking": [
        ("2026-10-31", "41 a month", "Tax tables now updated automatically."),
        ("2026-12-31", "9 a month", ""),
    ],
    "Sales leaders see pipeline risk early enough to act": [
        ("2026-12-15", "±34%", "Wall display up, but half the deals lack a close date."),
    ],
}


def demo_results(ws: m.Workshop) -> list[m.Result]:
    """Results for the sample workshop's commitments, as a facilitator would record them."""
    found = []
    for need in ws.needs:
        for day, value, note in _MEASURED.get(need.statement, []):
            found.append(m.Result(need.id, value, day, note, recorded_at=f"{day}T17:00:00Z"))
    return sorted(found, key=m.Result.order)
