"""Issue 12, a lawyer's reading of the technology and Singapore examples: the defects found, as facts.

Each test reads the built Markdown of one document and asserts the wording
or the figure the reader found wrong is now right (and drawn from the same
rule as the other documents).
"""

from __future__ import annotations

import re

from .test_routes import AMA, TECH, md, regime, section


def test_final_forum_gate_opens_for_a_route_when_its_own_steps_end():
    gate = section(md(TECH, "schedule"), "Conditions for commencing Proceedings")
    assert (
        "for a Dispute on the Technical Route, the expert has made the determination under paragraph 3.2.3, or the time for making it has expired"
        in gate
    )
    assert "for a Dispute on the General Route, the mediation of the Dispute has ended without a settlement" in gate


def test_route_allocation_points_at_the_routes_steps_and_the_final_forum():
    routes = md(TECH, "schedule")
    assert (
        "is resolved under paragraph 3.2 and, where that paragraph provides, paragraph 11.1, and not under the other steps"
        in routes
    )
    assert "paragraph 3.2.1 and not" not in routes


def test_expert_appointment_reads_as_agreement_then_nomination():
    tech = md(TECH, "schedule")
    assert (
        "The Parties shall try to agree the expert within fifteen (15) Business Days of the referral of the Dispute to expert determination; failing agreement, the expert shall be nominated by the WIPO Arbitration and Mediation Center."
        in tech
    )
    assert "and shall be independent of, and shall act impartially between, the Parties" in tech
    sg = md(AMA, "schedule")
    assert "within fourteen (14) days of the referral of the matter to expert determination" in sg
    assert "shall be independent of, and shall act impartially between, the Parties" in sg
    for text in (tech, sg):
        assert "failing agreement on the nomination" not in text
        assert "of the referral of the matter to the Expert" not in text


def test_route_mediation_does_not_end_early_for_an_expert_it_cannot_yet_reach():
    assert "or earlier when the Dispute goes to expert determination" not in md(TECH, "schedule")


def test_arb_med_arb_stay_follows_the_protocol_and_the_timeline():
    from clausegen.timeline import worst_case

    from .test_routes import regime

    sched = md(AMA, "schedule")
    assert (
        "After the notice of arbitration and the response to it have been exchanged, the Singapore International Arbitration Centre shall"
        in sched
    )
    assert "The case shall be sent" not in sched
    assert "until paragraph 14.3.1 permits them to continue, when they continue as paragraph 14.2 provides" in sched
    wc = worst_case(regime(AMA))
    (stay,) = [s for s in wc.side_steps if s.kind == "arb_med_arb"]
    (sent,) = [s for s in wc.side_steps if s.kind == "arb_med_arb_referral"]
    # the arbitration is commenced on the first day it may be: 14 days, then 8 weeks
    assert sent.starts == wc.proceedings_from
    assert (stay.due - wc.proceedings_from).days == 14 + 56
    hb = md(AMA, "handbook")
    day = f"{stay.due:%A} {stay.due.day} {stay.due:%B %Y}"
    assert f"(in the example worst case, by {day})" in hb
    assert f"| Arbitration stayed for mediation | 8 weeks | {day} |" in hb
    assert "**Arbitration, then mediation.**" in section(hb, "The procedure at a glance")


def test_schedule_timetables_show_route_and_arb_med_arb_steps():
    tech = section(md(TECH, "schedule"), "Timetables")
    assert (
        "| Technical Route: agreement on the expert | 3.2.3 | fifteen (15) Business Days | The referral of the Dispute to expert determination |"
        in tech
    )
    assert (
        "| Technical Route: end of the mediation | 3.2.2 | sixty (60) days | The referral of the Dispute to mediation |"
        in tech
    )
    sg = section(md(AMA, "schedule"), "Timetables")
    assert "| Mediation while the arbitration is stayed | 14.2.2 | eight (8) weeks | The start of the mediation |" in sg


def test_technology_handbook_routes_agree_with_the_schedule_and_each_other():
    hb = md(TECH, "handbook")
    routes = section(hb, "## Which route is my dispute on?")
    ladder = routes[routes.index("### The Technical Route") :]
    names = [row.split(" | ")[0] for row in ladder.splitlines() if row.startswith("| ")]
    assert len(names) == len(set(names)), names  # no duplicate step
    assert "Mediation before the expert track opens" not in hb
    assert "goes straight to mediation" not in hb
    assert "either side refers the dispute to mediation by written notice" in ladder
    assert "except in the case of fraud or manifest error" in ladder and "fees are shared equally" in ladder
    # one measure for the General Route: the first day arbitration may start
    worst = re.search(r"\*\*Worst case: (\d+) calendar days\.\*\*", hb).group(1)
    assert "| General Route | " in routes and f"| day {worst}, " in routes
    first = section(hb, "If a dispute lands on your desk today")
    assert first.index("**Check which route the dispute is on.**") < first.index("**Call your counterpart.**")
    assert "the calculation of a Service Credit is on the Technical Route" in first
    assert "which may be given in the Dispute Notice," in md(TECH, "schedule")


def test_notice_form_referral_follows_the_route_ticked():
    notice = md(TECH, "notice")
    assert "refers the Dispute, or each part of it, to the first step of the route ticked in section 4" in notice
    assert "for the Technical Route, mediation under the WIPO Mediation Rules" in notice
    assert "refers the Dispute to the first tier of escalation" not in notice


def test_singapore_handbook_says_non_acceptance_not_appeal_and_invents_no_attendance_rule():
    hb = md(AMA, "handbook")
    assert "appeals within" not in hb
    assert "gives written notice that it does not accept the decision within 20 Business Days" in hb
    assert "the forum may meet remotely" not in hb


def test_start_of_the_mediation_is_its_first_meeting_in_every_document():
    # the schedule defines it where the mediation's period is given
    sched = md(TECH, "schedule")
    assert (
        "The mediation shall end no later than sixty (60) days after the start of the mediation. The start of the mediation is the date of the first meeting of the mediation under paragraph 9.4.1."
        in sched
    )
    assert (
        "The first meeting of the mediation shall take place within twenty (20) Business Days of the appointment of the Mediator."
        in sched
    )
    # the agreement to mediate counts from the same day, in the same words
    atm = md(TECH, "mediation-agreement")
    assert (
        "“Start of the Mediation”** means the date of the first meeting of the Mediation, which shall take place within twenty (20) Business Days of the Appointment Date (clause 5.1.1)"
        in atm
    )
    assert "within sixty (60) days of the Start of the Mediation, the Mediation then ends" in atm
    # the handbook says the same, and its worst case names the step so
    hb = md(TECH, "handbook")
    assert (
        "The mediation starts on the day of its first meeting, which must take place within 20 Business Days of the mediator's appointment. If no settlement is signed within 60 days of the start of the mediation (its first meeting)"
        in hb
    )
    assert "| First mediation meeting (start of the mediation) | 20 Business Days |" in hb


def test_mediation_counted_from_appointment_defines_no_start():
    for stem in ("arbitration-singapore", "uk-public-sector-it"):
        for kind in ("schedule", "mediation-agreement", "handbook"):
            text = md(stem, kind)
            assert "start of the mediation" not in text.lower(), (stem, kind)


def test_arb_med_arb_consent_award_is_an_option_beside_a_tier_settlement():
    settle = md(AMA, "settlement")
    award = section(settle, "Consent award or no proceedings")
    # the consent award is kept only for a settlement in the Arb-Med-Arb mediation
    assert award.index("[*Arb-Med-Arb settlement only*\\]") < award.index("record the settlement as a consent award")
    assert 'replace it with: "No proceedings have been started in respect of the Dispute."' in award
    # no annex that the form does not have
    assert "annex" not in settle.lower()
    assert "consent award on the terms of this Agreement" in award
    # the recitals say where the mediation happened, and offer both options
    background = section(settle, "## Background")
    assert (
        "(E) \\[*Arb-Med-Arb settlement only*\\] After the Arbitration was commenced, it was stayed and the Dispute was referred to mediation under the SIAC-SIMC Arb-Med-Arb Protocol, administered by the Singapore International Mediation Centre."
        in background
    )
    assert "*Option A (settled in the Arb-Med-Arb mediation):*" in background
    assert "*Option B (settled at a tier):*" in background and "before any arbitration was commenced" in background


def test_worst_case_states_its_assumptions():
    hb = md(TECH, "handbook")
    assert (
        "This worst case assumes that each step uses its full time and that the mediator is appointed within the period for agreeing one (where the parties do not agree and the mediator is nominated for them, that can take longer)."
        in hb
    )
    # no mediator to nominate: only the first assumption
    assert "This worst case assumes that each step uses its full time. On that basis" in md(AMA, "handbook")


def test_handbook_mediation_wording_follows_the_regime():
    hb = md(TECH, "handbook")
    assert "- **Venue and language.** The mediation takes place in London, in English." in hb
    assert "London. The language is English." not in hb
    # no governance forums: meeting notes, not forum minutes
    assert regime(TECH).governance is None or not regime(TECH).governance.forums
    assert "out of the dispute log and the meeting notes: record only the outcome" in hb
    assert "forum minutes" not in hb


def test_one_wording_for_disclosure_required_by_law_and_for_singapore_law():
    tech = md(TECH, "schedule")
    assert "regulation or a stock exchange" not in tech
    assert (
        tech.count(
            "disclosure required by law, or by any regulatory or governmental authority or stock exchange to which the disclosing Party is subject"
        )
        >= 2
    )
    for kind in ("schedule", "settlement", "handbook"):
        text = md(AMA, kind)
        assert (
            "Republic of Singapore" not in text and "laws of Singapore" not in text and "Singapore law" not in text
        ), kind
    assert "shall be governed by and construed in accordance with the law of Singapore." in md(AMA, "schedule")


def test_next_tier_clock_starts_the_day_after_in_handbook_and_schedule():
    """A fresh reader found the handbook saying the next tier's limit 'starts at once', the schedule 'on the following day'."""
    hb, sched = md(AMA, "handbook"), md(AMA, "schedule")
    assert "the next tier's time limit starts the next day" in hb and "starts at once" not in hb
    assert "starts on the following day" in sched


def test_every_document_opens_the_arbitration_of_each_route_the_same_way():
    """The schedule's gate per route is also the notice's and the handbook's (a fresh reader found them saying
    'until the mediation has ended' for a Technical Route dispute, which never enters it)."""
    expert_gate = "on the Technical Route, the expert has made the determination"
    assert expert_gate in md(TECH, "notice") and expert_gate in md(TECH, "handbook").replace("dispute on", "Dispute on")
    assert "for a [[Dispute]]" not in md(TECH, "notice")


def test_the_handbook_keeps_the_consent_award_a_discretion_of_the_tribunal():
    hb = md(AMA, "handbook")
    assert "may record it as a **consent award**" in hb and "which records it as a" not in hb
