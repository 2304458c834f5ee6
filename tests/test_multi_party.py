"""Multi-party deals and the smaller gaps of issue 12 (points 3 and 4), on the
multi-sourcing example: a council, three tower suppliers and a service
integrator; one dispute, between the council and the network supplier, shown
end to end with `build --between client,network`.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from click.testing import CliRunner

from clausegen.api import assemble_documents, compile_file, compile_source, dispute_parties_problem
from clausegen.cli import main
from clausegen.diagnostics import CompileError
from clausegen.docmodel import SignatureBlock, walk
from clausegen.documents.library import Library
from clausegen.source import SourceFile
from clausegen.writers import writer

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "multi-sourcing.regime"
KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")
BETWEEN = ("client", "network")


@cache
def _regime():
    return compile_file(str(EXAMPLE)).regime


@cache
def _docs(between: tuple[str, ...] | None):
    return assemble_documents(_regime(), KINDS, Library(), between=between)


@cache
def _md(kind: str, between: tuple[str, ...] | None = BETWEEN) -> str:
    return writer("md")(_docs(between).documents[kind], {}).decode()


def _signatories(kind: str, between=BETWEEN) -> list[str]:
    return [
        b.defined_as
        for b in walk(_docs(between).documents[kind].blocks)
        if isinstance(b, SignatureBlock) and b.defined_as
    ]


def _check(*args: str):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, ["check", *args])


# -- the example ---------------------------------------------------------------------------


def test_the_example_passes_check_strict():
    result = _check("--strict", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr


def test_the_example_is_the_deal_the_issue_describes():
    regime = _regime()
    kinds = sorted(p.kind for p in regime.parties)
    assert kinds == ["client", "integrator", "provider", "provider", "provider"]
    assert len(regime.escalation.tiers) == 4
    assert regime.calendar == "GB-ENG" and regime.law.family == "england_wales"
    assert [p.id for p in regime.disputing_parties] == ["client", "hosting", "network", "desktop"]


# -- signatories: exactly the parties to the dispute -------------------------------------------


def test_the_settlement_is_signed_by_exactly_the_disputing_parties():
    assert _signatories("settlement") == ["Council", "Network Supplier"]


def test_the_agreement_to_mediate_is_signed_by_the_disputing_parties_and_the_provider():
    parties = _signatories("mediation-agreement")
    assert parties[:2] == ["Council", "Network Supplier"]
    assert "Service Integrator" not in parties and "Hosting Supplier" not in parties


@pytest.mark.parametrize("between", [BETWEEN, None], ids=["between", "any-dispute"])
def test_the_integrator_never_signs_anything(between):
    for kind in KINDS:
        assert "Service Integrator" not in _signatories(kind, between), kind
        assert "Signed for and on behalf of Meridian" not in _md(kind, between), kind


def test_without_between_the_settlement_lists_every_party_that_may_be_in_a_dispute():
    assert _signatories("settlement", None) == ["Council", "Hosting Supplier", "Network Supplier", "End User Supplier"]


def test_the_settlement_names_only_the_two_parties_as_its_parties():
    text = _md("settlement")
    assert "The Council and the Network Supplier are together the **“Parties”**" in text
    assert "Hosting Supplier" not in text.split("## Background")[0]


# -- tiers seat the disputing parties' representatives -------------------------------------------


def test_the_handbook_ladder_shows_only_the_disputing_parties_representatives():
    text = _md("handbook")
    first_steps = text.split("Call your counterpart", 1)[1].split("\n", 1)[0]
    assert "Network Supplier's Service Manager" in first_steps
    assert "Hosting Supplier" not in first_steps and "End User" not in first_steps


def test_the_schedule_seats_only_parties_to_the_dispute_and_never_the_integrator():
    text = _md("schedule")
    tier1 = re.search(r"\*\*Tier 1: Service Managers\.\*\* (.*)", text).group(1)
    assert "only those who act for a Party to the Dispute" in tier1
    assert "Service Integrator" not in tier1
    assert (
        "The Service Integrator, which integrates the services of the suppliers and coordinates them, is not a Party to the Dispute"
        in text
    )


def test_the_schedule_is_the_contracts_whatever_dispute_is_shown():
    assert _md("schedule", BETWEEN) == _md("schedule", None)


# -- wording follows the number of parties involved ------------------------------------------------


def test_two_parties_in_the_dispute_read_both_and_more_read_all():
    two, many = _md("handbook", BETWEEN), _md("handbook", None)
    assert "binding on both parties" in two
    assert "binding on all parties" in many
    assert not re.search(r"\b(both|either)\b", many, re.I), re.findall(r".{40}\b(?:both|either)\b.{40}", many, re.I)


# -- periods agree across documents ------------------------------------------------------------------


def test_the_joinder_period_is_the_same_in_the_schedule_handbook_and_notice():
    assert "no later than ten (10) Business Days after the Notice Date" in _md("schedule")
    assert "on the supplier joined, within 10 Business Days of the Notice Date" in _md("handbook")
    assert "within ten (10) Business Days of the Notice Date" in _md("notice")


def test_the_written_response_and_meeting_agree_between_schedule_and_handbook():
    assert (
        "written response setting out its position on the Dispute within five (5) Business Days of the Notice Date. The Representatives shall meet within eight (8) Business Days"
        in _md("schedule")
    )
    assert "(written response within five (5) Business Days; first meeting within eight (8) Business Days)" in _md(
        "schedule"
    )
    assert (
        "within 8 Business Days of the dispute reaching it, after the other side has answered the dispute in writing within 5 Business Days of the Notice Date"
        in _md("handbook")
    )


def test_the_disputed_expert_matter_rule_agrees_between_schedule_and_handbook():
    assert (
        "decided by the Expert, as the first question before it, within five (5) Business Days of the appointment of the Expert"
        in _md("schedule")
    )
    assert "the expert decides it first, within 5 Business Days of the expert's appointment" in _md("handbook")


def test_the_forum_meets_remotely_only_in_schedule_and_handbook():
    assert "Its meetings shall be held remotely only" in _md("schedule")
    assert "**Attendance:** remotely only" in _md("handbook")


def test_the_transparency_carve_out_is_in_every_confidential_document():
    for kind in ("schedule", "settlement", "mediation-agreement"):
        assert (
            "prevents the Council, as a public body, from disclosing information to the extent required by (a) the Freedom of Information Act 2000"
            in _md(kind)
        ), kind
    assert "**The Council is a public body.**" in _md("handbook")


# -- --between is checked --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "between,words",
    [
        (("client", "integrator"), "never a party to a dispute"),
        (("client", "nobody"), "no party `nobody`"),
        (("client",), "two or more"),
    ],
)
def test_between_names_two_or_more_parties_that_can_be_in_a_dispute(between, words):
    assert words in dispute_parties_problem(_regime(), between)


def test_build_between_the_integrator_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(EXAMPLE), "--between", "client,integrator", "--format", "md", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "never a party to a dispute" in result.output + (result.stderr if hasattr(result, "stderr") else "")


# -- the checks --------------------------------------------------------------------------------------


def _codes(text: str) -> set[str]:
    try:
        compile_source(SourceFile("t.regime", text))
    except CompileError as exc:
        return {d.code for d in exc.diagnostics}
    return set()


def _variant(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_an_integrator_role_at_a_tier_is_cg065():
    text = _variant(
        "desktop.service_manager\n      written_response",
        "desktop.service_manager, integrator.smi_lead\n      written_response",
    )
    assert "CG065" in _codes(text)


def test_a_joinder_needs_a_mechanism_and_a_time_limit():
    assert "CG066" in _codes(_variant("      by consent\n", ""))
    assert "CG067" in _codes(_variant("      within 10 business_days\n    }\n  }", "    }\n  }"))


def test_a_written_response_after_the_meeting_is_cg070():
    assert "CG070" in _codes(
        _variant("written_response within 5 business_days", "written_response within 9 business_days")
    )


def test_an_expert_deciding_before_appointment_is_cg071():
    assert "CG071" in _codes(_variant("within 5 business_days of appointment", "within 5 business_days"))


# -- one clock: the timeline dates the new periods, and the handbook uses the same dates ----------


def test_the_timeline_dates_the_written_response_the_meeting_and_the_joinder():
    from datetime import date

    from clausegen.timeline import timeline

    t = timeline(_regime(), date(2026, 12, 14))
    due = {s.kind: s.due for s in t.side_steps}
    assert due["tier_response"] == date(2026, 12, 21)  # 5 Business Days after Monday 14 December
    assert due["tier_meeting"] == date(2026, 12, 24)
    assert due["joinder"] == date(2026, 12, 30)  # 10 Business Days, skipping Christmas and Boxing Day
    assert due["tier_response"] < due["tier_meeting"]


def test_the_dated_handbook_gives_the_timelines_date_for_the_written_response():
    from datetime import date

    from clausegen.timeline import timeline

    docs = assemble_documents(_regime(), ("handbook",), Library(), date(2026, 12, 14), between=BETWEEN)
    text = writer("md")(docs.documents["handbook"], {}).decode()
    response = next(s for s in timeline(_regime(), date(2026, 12, 14)).side_steps if s.kind == "tier_response")
    assert response.due == date(2026, 12, 21)
    assert "must give its written response to the dispute within 5 Business Days, by Monday 21 December 2026" in text


def test_a_joinder_as_the_contract_provides_names_the_clause():
    regime = compile_source(
        SourceFile("v.regime", _variant("      by consent\n", '      by contract "Clause 45.4 (Joinder)"\n'))
    ).regime
    text = writer("md")(assemble_documents(regime, ("schedule",), Library()).documents["schedule"], {}).decode()
    assert "in accordance with Clause 45.4 (Joinder) of the Agreement, by serving a written notice of joinder" in text


# -- issue 12 review (FX2): the fresh reader's defects ----------------------------------------


def _para(text: str, number: str) -> str:
    """The text of paragraph `number` ("5.1.3") of a built schedule."""
    m = re.search(r"\*\*" + re.escape(number) + r"\*\* (.*)", text)
    assert m, number
    return m.group(1)


def _num(text: str, start: str) -> str:
    """The number of the paragraph whose text starts with `start`."""
    m = re.search(r"\*\*([\d.]+)\*\* (?:\*\*[^*]*\*\* )?" + re.escape(start), text)
    assert m, start
    return m.group(1)


def test_in_the_procedure_party_means_a_party_to_the_dispute():
    text = _md("schedule", None)
    first = re.search(r"## (\d+)\. Escalation", text).group(1)
    last = re.search(r"## (\d+)\. Court proceedings", text).group(1)
    assert (
        f"In paragraphs {first} to {last}, in relation to a Dispute, “Party” means a Party to the Dispute "
        "and “Parties” means the Parties to the Dispute, unless the context requires otherwise." in text
    )


def test_disputes_with_the_integrator_are_carved_out_and_it_serves_no_notice():
    text = _md("schedule", None)
    n = _num(text, "The Service Integrator, which")
    assert f"other than a dispute to which the Service Integrator (paragraph {n}) is a party" in text
    assert "It may not serve a Dispute Notice or be named in one" in _para(text, n)
    assert "resolved in accordance with the other provisions of the Agreement" in _para(text, n)


def test_two_party_schedules_have_no_party_to_the_dispute_rule():
    text = writer("md")(
        assemble_documents(
            compile_file(str(EXAMPLES / "acme-globex.regime")).regime, ("schedule",), Library()
        ).documents["schedule"],
        {},
    ).decode()
    assert "Party to the Dispute" not in text


def test_mandatory_mediation_cites_the_paragraph_that_permits_proceedings_not_the_bar():
    text = _md("schedule", None)
    bar = _num(text, "No Party shall commence Proceedings about a Dispute")
    allowed = _num(text, "Paragraph " + bar + " does not prevent a Party")
    clause = _para(text, _num(text, "Mediation under this paragraph is mandatory."))
    assert f"except as paragraph {allowed.rsplit('.', 1)[0]} permits" in clause
    assert bar.rsplit(".", 1)[0] not in clause


def test_joinder_says_who_serves_when_and_how_the_joined_party_responds():
    text = _md("schedule", None)
    first = _num(text, "A Party to the Dispute may join to a Dispute another Party")
    named = _num(text, "A Dispute is between the Party that serves")
    assert f"another Party that a Dispute Notice may name under paragraph {named}" in _para(text, first)
    assert "Another Party that may be a Party to the Dispute" not in text
    tier1 = _num(text, "**Tier 1: Service Managers.**")
    assert (
        f"it shall give its written response under paragraph {tier1} within five (5) Business Days of that day or by the time that paragraph allows, whichever is later"
        in text
    )
    assert f"Once the period in paragraph {first} has expired, no other Party may be joined" in text
    assert f"| Notice of joinder | {first} | ten (10) Business Days | The Notice Date |" in text


def test_the_timetable_lists_the_expert_matter_decision_and_the_representatives_meet():
    text = _md("schedule", None)
    n = _num(text, "If the Parties to the Dispute disagree whether a matter")
    assert (
        f"| Decision whether a matter is an Expert Matter | {n} | five (5) Business Days | The appointment of the Expert |"
        in text
    )
    assert "The Representatives shall meet within eight (8) Business Days of the Notice Date." in text
    assert "They shall meet within eight" not in text


def test_the_transparency_carve_out_is_its_own_lettered_paragraph_in_every_document():
    schedule = _md("schedule", None)
    head = re.search(r"## (\d+)\. Transparency duties of a public body\n\n\*\*\1\.1\*\* (.*)", schedule)
    assert head, "the carve-out is a paragraph of its own"
    assert head.group(2).startswith(
        "Nothing in this Schedule, an Agreement to Mediate or a Settlement Agreement prevents the Council"
    )
    assert "required by (a) the Freedom of Information Act 2000" in head.group(
        2
    ) and "; or (c) a requirement of Parliament" in head.group(2)
    assert (
        "consult each other Party to the Dispute about information it has marked as confidential and take its views into account"
        in head.group(2)
    )
    mediation = re.search(r"## \d+\. Mediation\n(.*?)\n## ", schedule, re.S).group(1)
    assert "public body" not in mediation
    for kind in ("settlement", "mediation-agreement"):
        text = _md(kind)
        assert "required by (a) the Freedom of Information Act 2000" in text
        assert (
            "consult the other Party about information it has marked as confidential and take its views into account"
            in text
        )


def test_the_settlement_sends_a_complaint_to_the_next_meeting_of_the_named_forum():
    text = _md("settlement")
    standing = _num(text, "The Agreed Actions shall be a standing item")
    assert (
        f"shall raise the matter promptly at the next meeting of the Multi-Supplier Service Board under clause {standing} before"
        in text
    )
    assert "the governance forum that follows the Agreed Actions" not in text
    # uninvolved suppliers sit on that board: only progress is reported there
    assert (
        "The report says only whether each action is complete, on track or late. No other term of this Agreement is reported or minuted there"
        in _para(text, standing)
    )


def test_two_party_settlements_name_the_forum_too():
    regime = compile_file(str(EXAMPLES / "acme-globex.regime")).regime
    text = writer("md")(assemble_documents(regime, ("settlement",), Library()).documents["settlement"], {}).decode()
    assert "at the next meeting of the Operational Review under clause 12.1.1 before starting proceedings" in text
    assert "The report says only" not in text


def test_the_copy_to_the_integrator_is_said_the_same_way_everywhere():
    schedule, notice, handbook = _md("schedule", None), _md("notice"), _md("handbook")
    serve = _num(schedule, "A Party that wishes to raise a Dispute")
    assert (
        "shall send a copy of it to the Service Integrator for information only; the copy does not make the Service Integrator a Party to the Dispute and does not affect the Notice Date."
        in _para(schedule, serve)
    )
    assert (
        f"send it a copy of this notice for information only (paragraph {serve} of Schedule 9); the copy does not make it a party to the Dispute and does not affect the Notice Date."
        in notice
    )
    assert (
        "for information only: the copy does not make it a party to the dispute and does not affect the Notice Date."
        in handbook
    )


def test_the_notice_warns_the_receiving_party_of_its_written_response():
    tier1 = _num(_md("schedule", None), "**Tier 1: Service Managers.**")
    assert (
        f"**To the other Party:** you must give your written response to the Dispute, setting out your position on it, within five (5) Business Days of the Notice Date (paragraph {tier1} of Schedule 9)"
        in _md("notice")
    )


def test_the_notice_to_line_follows_the_number_of_parties():
    assert "tick each to whom the notice is given, but not the notifying Party" in _md("notice", None)
    two = writer("md")(
        assemble_documents(compile_file(str(EXAMPLES / "acme-globex.regime")).regime, ("notice",), Library()).documents[
            "notice"
        ],
        {},
    ).decode()
    assert "**To:** the other Party." in two and "tick each to whom" not in two
    assert "attach each document that you list in section 3" in two and "documents listed in section" not in two


def test_one_forum_is_singular_and_the_integrator_keeps_providing_its_services():
    text = _md("schedule", None)
    assert "“Governance Forum”** means the forum described in paragraph" in text
    assert "**Governance Forum.** The Parties shall manage" in text and "Governance Forums" not in text
    assert (
        "each of the Hosting Supplier, the Network Supplier, the End User Supplier and the Service Integrator shall continue to provide the services"
        in text
    )


def _dated_handbook() -> str:
    from datetime import date

    docs = assemble_documents(_regime(), ("handbook",), Library(), date(2026, 12, 14), between=BETWEEN)
    return writer("md")(docs.documents["handbook"], {}).decode()


def test_the_dispute_ladder_lists_only_the_parties_to_the_dispute():
    ladder = next(
        line
        for line in _md("handbook").splitlines()
        if line.startswith("- **Tier 1: Service Managers** (10 Business Days;")
    )
    assert "the Council's Head of ICT Contracts and the Network Supplier's Service Manager" in ladder
    assert "Hosting Supplier" not in ladder and "End User Supplier" not in ladder
    contract = next(
        line
        for line in _md("handbook", None).splitlines()
        if line.startswith("- **Tier 1: Service Managers** (10 Business Days;")
    )
    assert "Hosting Supplier" in contract


def test_the_joinder_deadline_is_in_the_quick_start_the_worst_case_and_the_log():
    text = _dated_handbook()
    assert "Another party can be joined to the dispute only until Wednesday 30 December 2026" in text
    assert "| Last day for joining another party | 10 Business Days | Wednesday 30 December 2026 | 16 |" in text
    assert (
        "| Last day for joining another party | 10 Business Days | Wednesday 30 December 2026 | \\[*outcome*\\] |"
        in text
    )


def test_step_three_says_who_responds_in_date_order():
    text = _dated_handbook()
    step = next(line for line in text.splitlines() if line.startswith("3. **Diary the deadlines.**"))
    assert (
        "The party that did not raise the dispute must give its written response to the dispute within 5 Business Days, by Monday 21 December 2026"
        in step
    )
    assert step.index("21 December") < step.index("24 December") < step.index("until Wednesday 30 December")
    contract = next(
        line for line in _md("handbook", None).splitlines() if "**Find out whether the clock is running.**" in line
    )
    assert (
        "each party to the dispute that did not raise it must give its written response to the dispute within 5 Business Days"
        in contract
    )


def test_the_contract_handbook_binds_and_signs_every_party_to_the_dispute():
    text = _md("handbook", None)
    assert "The decision is final and binding on all parties to the dispute." in text
    assert "it binds all parties to the dispute." in text
    assert "signed by every party to the dispute." in text
    assert "signed by every party." not in text and "binding on all parties." not in text


def test_the_law_exception_to_confidentiality_is_worded_alike():
    wording = (
        "disclosure required by law, or by any regulatory or governmental authority or stock exchange to which the"
    )
    for kind in ("schedule", "settlement", "mediation-agreement"):
        assert wording in _md(kind), kind
        assert "law, regulation or a stock exchange" not in _md(kind), kind


def test_a_two_party_dispute_notice_names_the_other_party_not_ticked_boxes():
    text = _md("notice")
    assert "The Dispute is between the notifying Party and the other Party, and no other party" in text
    assert "a dispute has arisen between it and the other Party" in text
    assert "ticked above" not in text
    assert "each receiving Party ticked above" in _md("notice", None)


def test_the_handbook_explains_joinder_as_the_schedule_does():
    text = _md("handbook", None)
    assert (
        "by a written notice of joinder that a party to the dispute serves on the others and on the supplier joined, within 10 Business Days of the Notice Date"
        in text
    )
    assert (
        "gives its written response within 5 Business Days of joining or by the usual deadline, whichever is later"
        in text
    )
