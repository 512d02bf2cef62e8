"""A realistic sample workshop that shows the method at its best: the two worked examples of the
method plus enough requests for every kind of decision, both goal levels, a phase flag and
actions; IT's standing with its evidence and the slide back since the last workshop; an answer
per request to "does it serve the need?"; one unclear alignment discussed and noted, one need
that serves only the division's goals with a note of how it serves the company; the CTO in the
room and co-owning the customer-facing work; one of IT's own ideas; and, for a follow-up,
results measured in the months after it (`demo_results`)."""

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
        it_reliability="Since the new tax year, payroll needs manual fixes most months; the "
        "CRM–quoting sync breaks about once a week.",
        it_delivery="Projects mostly land: the last two ran a few weeks late, none over budget.",
        earlier_phase=m.Phase.DELIVER,
        earlier_phase_date="2026-05-04",
    )
    ws.participants = _participants()
    ws.agenda = _agenda()
    ws.goals = _goals()
    ws.requests = _requests()
    ws.needs = _needs(ws.requests)
    ws.links = _links(ws.needs, ws.goals)
    ws.decisions = _decisions(ws.requests)
    ws.actions = _actions(ws.requests)
    ws.sort_links()
    return ws


def _participants() -> list[m.Participant]:
    return [
        m.Participant("María González", "VP Sales", decision_maker=True),
        m.Participant("Tom Becker", "Head of People", decision_maker=True),
        m.Participant("Priya Raman", "Sales Operations lead"),
        m.Participant("Jonas Lindqvist", "Payroll manager"),
        m.Participant("Lena Fischer", "CTO, co-owner of customer-facing work"),
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
    people_time = m.StrategicGoal(
        "HR time goes to people, not paperwork",
        m.GoalLevel.DIVISION,
        "People Operations: hiring, development and retention instead of fixing errors.",
        weight=4,
        measure="Share of HR hours spent on corrections and repeat questions",
    )
    return [revenue, retention, cost, quotes, people_time]


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
    alerts = m.Request(
        "Monitor the CRM, quoting and payroll integrations and alert us before users notice",
        "Sam Okafor, IT service desk lead",
        "",
        m.Urgency.MEDIUM,
        m.Phase.RUN,
        origin=m.Origin.IT,
    )
    return [crm, chatbot, dashboard, export, vr, esign, alerts]


def _needs(requests: list[m.Request]) -> list[m.Need]:
    crm, chatbot, dashboard, export, vr, esign, alerts = requests
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
        # A new CRM alone would not make the tools talk; e-signature removes the last wait.
        serves_for={crm.id: m.Serves.PARTLY, esign.id: m.Serves.FULLY},
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
        cost_of_inaction="Wrong pay is the second reason people name in exit interviews; the "
        "payroll team spends 3 days a month on fixes.",
        alternatives="Fix the payroll integration first; an FAQ page for the rest.",
        serves_for={chatbot.id: m.Serves.NOT_AT_ALL},
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
        serves_for={dashboard.id: m.Serves.PARTLY, export.id: m.Serves.PARTLY},
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
        serves_for={vr.id: m.Serves.PARTLY},
        lens=m.Lens.INTERNAL,
        assessment=m.Assessment(urgency=3, effort=8, risk=6, confidence=40, reach=30),
        alignment_acknowledged=True,  # discussed, still unclear: no commitment yet
        alignment_note="No goal is clearly served yet. Bring ramp-up data by hiring cohort; if "
        "slow ramp-up costs deals, pilot mentoring with one cohort before anything is built.",
    )
    reliability_need = _it_need(alerts)
    return [quote_need, payroll_need, visibility_need, onboarding_need, reliability_need]


def _it_need(alerts: m.Request) -> m.Need:
    """The need behind IT's own idea: linked solidly only to the division's goals, with the
    room's note of how it serves the company."""
    return m.Need(
        "Integration failures are caught and fixed before Sales or People staff notice",
        [alerts.id],
        [
            "The CRM–quoting sync fails about once a week; a rep finds out first",
            "Payroll imports fail silently and are found on payday",
            "Each failure costs Sales a day of quotes and People a payroll re-run",
        ],
        beneficiaries="Reps, the payroll team and the service desk",
        measure="Incidents first reported by users",
        baseline="14 a month",
        target="under 4 a month",
        by_when="Q1 2027",
        cost_of_inaction="IT stays in the run phase with this division; every failure a user "
        "finds first costs trust.",
        alternatives="The vendors' status alerts only; a weekly manual check of the sync logs.",
        serves_for={alerts.id: m.Serves.FULLY},
        lens=m.Lens.INTERNAL,
        assessment=m.Assessment(urgency=6, effort=3, risk=3, confidence=80, reach=400),
        company_note="Reliable basics are how IT earns back the deliver phase with this "
        "division, and every failure users find costs hours in both teams.",
    )


def _links(needs: list[m.Need], goals: list[m.StrategicGoal]) -> list[m.AlignmentLink]:
    quote_need, payroll_need, visibility_need, onboarding_need, reliability_need = needs
    revenue, retention, cost, quotes, people_time = goals
    return [
        m.AlignmentLink(quote_need.id, revenue.id, S.STRONG),
        m.AlignmentLink(quote_need.id, quotes.id, S.STRONG),
        m.AlignmentLink(quote_need.id, cost.id, S.WEAK),
        m.AlignmentLink(payroll_need.id, retention.id, S.STRONG),
        m.AlignmentLink(payroll_need.id, cost.id, S.WEAK),
        m.AlignmentLink(payroll_need.id, people_time.id, S.MODERATE),
        m.AlignmentLink(visibility_need.id, revenue.id, S.MODERATE),
        m.AlignmentLink(visibility_need.id, quotes.id, S.WEAK),
        m.AlignmentLink(onboarding_need.id, retention.id, S.WEAK),
        # Only the division's goals solidly: the company note says how it serves the company.
        m.AlignmentLink(reliability_need.id, cost.id, S.WEAK),
        m.AlignmentLink(reliability_need.id, quotes.id, S.MODERATE),
        m.AlignmentLink(reliability_need.id, people_time.id, S.MODERATE),
    ]


def _decisions(requests: list[m.Request]) -> list[m.Decision]:
    crm, chatbot, dashboard, export, vr, esign, alerts = requests
    kinds = m.DecisionKind
    return [
        m.Decision(
            crm.id,
            kinds.RESHAPE,
            "The need is quote speed, not a new CRM: integrating the two systems serves it "
            "in weeks instead of a year.",
            "Priya Raman, Sales Ops, with Lena Fischer, CTO",
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
            "Lena Fischer, CTO",
            "Enable e-signature in the contract system",
            "2026-10-15",
        ),
        m.Decision(
            alerts.id,
            kinds.PROCEED,
            "Small, and it protects the two commitments above: the integration and the payroll "
            "work only pay off if failures are caught early.",
            "Sam Okafor, IT service desk",
            "Alerts on the CRM–quoting sync, then on the payroll import",
            "2026-10-31",
        ),
    ]


def _actions(requests: list[m.Request]) -> list[m.ActionItem]:
    crm, chatbot, _dashboard, _export, vr, esign, _alerts = requests
    return [
        m.ActionItem("Scope the CRM–quoting integration", "Priya Raman", "2026-10-02", crm.id),
        m.ActionItem(
            "Audit payroll tax-table updates", "Jonas Lindqvist", "2026-10-10", chatbot.id
        ),
        m.ActionItem("Share ramp-up data by hiring cohort", "Tom Becker", "2026-11-15", vr.id),
        m.ActionItem(
            "Try the e-signature flow with two mid-market customers",
            "Lena Fischer, CTO",
            "2026-10-09",
            esign.id,
        ),
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
    "Integration failures are caught and fixed before Sales or People staff notice": [
        ("2026-11-15", "7 a month", "Alerts on the CRM–quoting sync since October."),
        ("2027-01-15", "3 a month", "Payroll import alerts added in December."),
    ],
}


def demo_results(ws: m.Workshop) -> list[m.Result]:
    """Results for the sample workshop's commitments, as a facilitator would record them."""
    found = []
    for need in ws.needs:
        for day, value, note in _MEASURED.get(need.statement, []):
            found.append(m.Result(need.id, value, day, note, recorded_at=f"{day}T17:00:00Z"))
    return sorted(found, key=m.Result.order)
