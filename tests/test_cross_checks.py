"""Checks added for issue 9: wording that means all the services, the
regime's own mediation body in the CG003 hint, long ladders, one-sided quorums."""

from __future__ import annotations

import re

import pytest

from clausegen.diagnostics import CompileError

from .conftest import ROOT

ACME = (ROOT / "examples" / "acme-globex.regime").read_text(encoding="utf-8")
INVALID = ROOT / "examples" / "invalid"


def _diags(result):
    return list(result.diagnostics if isinstance(result, CompileError) else result.warnings)


def _with(code, result):
    return [d for d in _diags(result) if d.code == code]


@pytest.mark.parametrize(
    "scope",
    [
        "all services",
        "the whole of the Services",
        "All the Services",
        "the entire Services",
        "all of the services",
        "Services",
        "ALL_SERVICES",
    ],
)
def test_quoted_scope_meaning_all_services_is_cg012(compile_text, scope):
    result = compile_text(ACME.replace("scope disputed_initiative_only", f'scope "{scope}"'))
    [d] = _with("CG012", result)
    assert d.severity == "error" and d.message == "suspension may never cover all the services"
    assert d.span.line == ACME.count("\n", 0, ACME.index("scope disputed_initiative_only")) + 1
    assert f'"{scope}" means all the services' in d.help


@pytest.mark.parametrize(
    "scope",
    ["the Phase 2 chatbot roll-out", "the Services relating to Project Merlion", "the whole of the Phase 2 Services"],
)
def test_quoted_scope_naming_a_part_is_not_cg012(compile_text, scope):
    result = compile_text(ACME.replace("scope disputed_initiative_only", f'scope "{scope}"'))
    assert _with("CG012", result) == []


def test_cg003_hint_names_the_regimes_own_body(compile_text):
    text = ACME.replace('body "CEDR"', 'body "SIMC"').replace(
        "within 10 business_days otherwise nominated_by body", "within 10 business_days"
    )
    [d] = _with("CG003", compile_text(text))
    assert "SIMC" in d.help and "CEDR" not in d.help
    assert "`otherwise nominated_by body`" in d.help


def test_cg003_hint_for_missing_appointment_names_the_body(compile_text):
    text = ACME.replace('body "CEDR"', 'body "SIMC"').replace(
        "    agree_mediator within 10 business_days otherwise nominated_by body\n", ""
    )
    [d] = _with("CG003", compile_text(text))
    assert d.message == "the mediation does not say how the mediator is appointed"
    assert "SIMC" in d.help and "CEDR" not in d.help


def test_cg003_hint_without_a_body_still_suggests_one(compile_text):
    text = ACME.replace('    body "CEDR"\n', "").replace("otherwise nominated_by body", "")
    [d] = _with("CG003", compile_text(text))
    assert '`otherwise nominated_by "CEDR"`' in d.help


FIVE = (INVALID / "75-five-tiers.regime").read_text(encoding="utf-8")


def test_five_tiers_warn_with_their_total_time(compile_text):
    result = compile_text(FIVE)
    [d] = _diags(result)
    assert (d.code, d.severity) == ("CG030", "warning")
    assert d.message == "five tiers take up to 50 Business Days before mediation can start"
    # It points at the fifth tier.
    assert FIVE.splitlines()[d.span.line - 1].strip().startswith("tier executive_sponsors")


def test_five_tiers_total_in_working_days(compile_text):
    [d] = _with("CG030", compile_text(FIVE.replace("business_days", "working_days")))
    assert d.message == "five tiers take up to 50 Working Days before mediation can start"


def test_four_tiers_do_not_warn(compile_text):
    tier = FIVE.index("    tier sponsor_and_commercial")
    four = FIVE[:tier] + FIVE[FIVE.index("    tier executive_sponsors") :]
    assert _with("CG030", compile_text(four)) == []


QUORUM = (INVALID / "76-quorum-one-party.regime").read_text(encoding="utf-8")


def test_quorum_one_party_can_meet_alone_warns(compile_text):
    [d] = _diags(compile_text(QUORUM))
    assert (d.code, d.severity) == ("CG031", "warning")
    assert QUORUM.splitlines()[d.span.line - 1].strip() == "quorum 2"
    assert "`client`" in d.message and "`provider`" not in d.message
    assert "including one_per_party" in d.help


@pytest.mark.parametrize("quorum", ["quorum 2 including one_per_party", "quorum one_per_party", "quorum 3"])
def test_quorum_needing_both_parties_does_not_warn(compile_text, quorum):
    assert _with("CG031", compile_text(QUORUM.replace("quorum 2", quorum))) == []


# -- CG032-CG035 and the agreement to mediate ------------------------------------------------

UK = (ROOT / "examples" / "uk-public-sector-it.regime").read_text(encoding="utf-8")
SINGAPORE = (ROOT / "examples" / "arbitration-singapore.regime").read_text(encoding="utf-8")


def _line(text, d):
    return text.splitlines()[d.span.line - 1].strip()


def _markdown(text, kind):
    from clausegen.api import compile_source
    from clausegen.documents.assemble import assemble
    from clausegen.documents.library import Library
    from clausegen.source import SourceFile
    from clausegen.writers import writer

    regime = compile_source(SourceFile("t.regime", text)).regime
    return writer("md")(assemble(regime, kind, Library()).document, {}).decode()


def test_long_stop_before_the_mandatory_mediation_warns_with_the_days(compile_text):
    [d] = _with("CG032", compile_text(ACME))
    assert d.severity == "warning"
    # Tiers of 10+10+15 business days, 10 to agree a mediator, 60 days of mediation: day 126.
    assert (
        d.message
        == "the long stop ends on day 90 counting from the Notice Date; the mandatory mediation can end as late as day 126"
    )
    assert _line(ACME, d) == "after mediation_fails or 90 days from notice"
    assert "`or 126 days from notice`" in d.help and "courts may start while the mediation is still running" in d.help


def test_long_stop_after_the_mandatory_steps_does_not_warn(compile_text):
    assert _with("CG032", compile_text(ACME.replace("or 90 days from notice", "or 126 days from notice"))) == []
    assert _with("CG032", compile_text(SINGAPORE)) == []


def test_long_stop_before_the_last_tier_when_mediation_is_optional(compile_text):
    text = ACME.replace("    trigger after_escalation\n", "    trigger after_escalation\n    opt_out\n", 1).replace(
        "or 90 days from notice", "or 30 days from notice"
    )
    [d] = _with("CG032", compile_text(text))
    assert (
        d.message
        == "the long stop ends on day 30 counting from the Notice Date; the last tier (`executive_sponsors`) can end as late as day 51"
    )
    # An optional mediation alone never warns.
    assert _with("CG032", compile_text(text.replace("or 30 days from notice", "or 60 days from notice"))) == []


def test_agreement_to_mediate_yields_to_the_long_stop():
    text = _markdown(ACME, "mediation-agreement")
    schedule = _markdown(ACME, "schedule")
    gate = re.search(r"\*\*(\d+\.\d+\.\d+)\*\* No Party shall commence Proceedings", schedule).group(1)
    assert (
        "This does not prevent a Party from starting court proceedings about the Dispute once ninety (90) days have passed "
        f"since the Notice Date (as the Contract defines it), as paragraph {gate} of Schedule 7 to the Contract permits (the long stop), "
        "whether or not the Mediation has ended."
    ) in text
    assert "until the Mediation ends or, if earlier, until the long stop has passed." in text


def test_agreement_to_mediate_without_a_long_stop_keeps_its_bar():
    text = _markdown(ACME.replace(" or 90 days from notice", ""), "mediation-agreement")
    assert "While the Mediation continues, no Party shall start or continue court proceedings" in text
    assert "long stop" not in text


def test_agreement_to_mediate_does_not_let_the_parties_extend_the_mediation():
    # The schedule ends the mediation at its outer limit; only tier limits can be extended.
    text = _markdown(ACME, "mediation-agreement")
    assert "extend" not in text
    assert (
        "the Mediation then ends without a settlement, even if the terms of a settlement have been agreed and the time for signing in clause 7.2 has not expired, as the Contract provides."
        in text
    )


def test_meeting_window_shorter_than_the_forums_papers_is_cg033(compile_text):
    text = UK.replace(
        "meet_within 5 working_days  # the board's papers go out 5 Working Days ahead", "meet_within 4 working_days"
    )
    result = compile_text(text)
    assert isinstance(result, CompileError)
    [d] = _with("CG033", result)
    assert d.severity == "error"
    assert d.message == (
        "tier `commercial` must meet within 4 Working Days, but `commercial_board` needs "
        "3 Working Days' notice of an extraordinary meeting and its papers 5 Working Days before it"
    )
    assert _line(text, d) == "meet_within 4 working_days"
    assert "`meet_within 5 working_days` or more" in d.help


def test_meeting_window_shorter_than_the_notice_alone_is_cg033(compile_text):
    # Operations committee: 2 business days' notice, papers 2 before; the tier has 1 business day.
    text = SINGAPORE.replace(
        "      forum operations_committee\n", "      forum operations_committee\n      meet_within 1 business_days\n"
    )
    [d] = _with("CG033", compile_text(text))
    assert d.message.startswith(
        "tier `operations` must meet within 1 Business Day, but `operations_committee` needs 2 Business Days' notice"
    )


def test_meeting_window_as_long_as_the_lead_time_passes(compile_text):
    assert _with("CG033", compile_text(UK)) == []
    assert _with("CG033", compile_text(SINGAPORE)) == []  # 5 business days' notice and papers, meet within 5


def test_meeting_window_in_other_units_compares_calendar_days(compile_text):
    text = SINGAPORE.replace("meet_within 5 business_days", "meet_within 6 days")
    assert _with("CG033", compile_text(text)) != []  # 5 business days can be 7 calendar days
    assert _with("CG033", compile_text(SINGAPORE.replace("meet_within 5 business_days", "meet_within 1 weeks"))) == []


UK_NO_DEADLINE = UK.replace("    decide within 2 working_days\n", "").replace("    otherwise standard\n", "")


def test_expedited_timetable_without_deadline_or_default_warns(compile_text):
    [d] = _with("CG034", compile_text(UK_NO_DEADLINE))
    assert d.severity == "warning"
    assert (
        d.message
        == "the expedited timetable has no deadline for deciding whether it applies, and no default if nobody decides"
    )
    assert _line(UK_NO_DEADLINE, d) == "decided_by authority.commercial_lead"
    assert "`decide within 2 working_days`" in d.help and "`otherwise standard`" in d.help


def test_expedited_timetable_with_a_default_but_no_deadline_still_warns(compile_text):
    text = UK.replace("    decide within 2 working_days\n", "")
    [d] = _with("CG034", compile_text(text))
    assert d.message == "the expedited timetable has no deadline for deciding whether it applies"


def test_decide_within_and_otherwise_are_read(compile_text):
    result = compile_text(
        UK.replace("otherwise standard", "otherwise expedited").replace(
            "decide within 2 working_days", "decide within 3 days of notice"
        )
    )
    ex = result.regime.expedition
    assert (ex.decide_within.amount, ex.decide_within.unit.value, ex.decide_within.starts, ex.default) == (
        3,
        "calendar_days",
        "notice",
        "expedited",
    )
    assert _with("CG034", result) == []
    ex = compile_text(UK).regime.expedition
    assert (ex.decide_within.amount, ex.decide_within.starts, ex.default) == (2, "notice", "standard")


def test_the_decision_runs_only_from_the_notice_date(compile_text):
    # The timing model: a decision "3 days of referral" has no referral to run from (CG022).
    result = compile_text(UK.replace("decide within 2 working_days", "decide within 3 days of referral"))
    assert [d.code for d in result.diagnostics] == ["CG022"]
    assert "`notice`" in result.diagnostics[0].help


def test_otherwise_with_an_unknown_word_suggests_the_right_one(compile_text):
    result = compile_text(UK.replace("otherwise standard", "otherwise standart"))
    assert isinstance(result, CompileError)
    [d] = result.diagnostics
    assert "standard" in (d.help or "") + d.message


def test_schedule_and_handbook_state_the_decision_deadline_and_default():
    schedule = _markdown(UK, "schedule")
    assert (
        "Whether the Expedited Timetable applies to a Dispute shall be decided no later than two (2) Working Days after the Notice Date. "
        "If it has not been so decided by then, the standard time limits shown in the table in paragraph"
    ) in schedule
    assert "may then be applied to it only by agreement of the Parties in writing." in schedule
    handbook = _markdown(UK, "handbook")
    assert "**Deadline for deciding:** 2 Working Days from the Notice Date." in handbook  # the timing model's event
    assert "If nobody has decided by then, the standard timetable applies" in handbook
    expedited = _markdown(UK.replace("otherwise standard", "otherwise expedited"), "schedule")
    assert "the Expedited Timetable applies to the Dispute from the day after that period ends." in expedited


def test_schedule_without_a_deadline_says_nothing_of_one():
    assert "shall be decided no later than" not in _markdown(UK_NO_DEADLINE, "schedule")


SIGNING = (INVALID / "80-signing-window-past-mediation.regime").read_text(encoding="utf-8")


def test_settlement_signing_window_against_the_mediations_end_warns(compile_text):
    [d] = _diags(compile_text(SIGNING))
    assert (d.code, d.severity) == ("CG035", "warning")
    assert d.message == (
        "terms agreed at the first mediation meeting (40 days after the Mediator's appointment at the latest) may not be signed "
        "within the 15 Business Days allowed for signing: the schedule ends the mediation at its outer limit, "
        "60 days after the Mediator's appointment, if no Settlement Agreement has been signed by then"
    )
    assert _line(SIGNING, d) == "sign within 15 business_days"


def test_signing_window_that_fits_after_the_first_meeting_does_not_warn(compile_text):
    # 40 days + 10 business days (at most 14 days) fit in 60 days; the bundled examples all fit.
    assert (
        _with("CG035", compile_text(SIGNING.replace("sign within 15 business_days", "sign within 10 business_days")))
        == []
    )
    for text in (ACME, UK, SINGAPORE):
        assert _with("CG035", compile_text(text)) == []


def test_signing_window_as_long_as_the_mediation_warns_without_a_first_meeting_limit(compile_text):
    [d] = _with("CG035", compile_text(ACME.replace("sign within 10 business_days", "sign within 60 days")))
    assert d.message.startswith(
        "terms agreed in the mediation may not be signed within the 60 days allowed for signing"
    )


def test_no_signing_window_no_cg035(compile_text):
    assert _with("CG035", compile_text(SIGNING.replace("    sign within 15 business_days\n", ""))) == []


def test_plain_schedule_states_the_decision_deadline_and_default():
    plain = UK.replace("  drafting formal", "  drafting plain")
    text = _markdown(plain, "schedule")
    assert (
        "The decision whether the Expedited Timetable applies to a Dispute must be made no later than 2 Working Days after the Notice Date."
        in text
    )
    assert "and the Expedited Timetable can then be applied only if the Parties agree in writing." in text
    text = _markdown(
        plain.replace("    decide within 2 working_days\n", "").replace("otherwise standard", "otherwise expedited"),
        "schedule",
    )
    assert "Until it is decided whether the Expedited Timetable applies to a Dispute, it applies." in text


def test_handbook_warns_that_the_mediations_limit_comes_before_the_signing_window():
    text = _markdown(ACME, "handbook")
    assert (
        "In mediation, the mediation's own time limit comes first: if nothing is signed by then, the mediation ends and the terms lapse, "
        "even if the 10 Business Days have not run out."
    ) in text


def test_a_meeting_window_from_a_notice_date_that_is_day_one_is_a_day_shorter(compile_text):
    # uk: day_after_receipt, the first tier meets as a Service Board (2 Working
    # Days' notice, papers 3 before). Three Working Days counting the Notice
    # Date as day 1 leave no day to send the papers once the clock has started.
    short = UK.replace("meet_within 4 working_days", "meet_within 3 working_days", 1)
    found = _with("CG033", compile_text(short))
    assert len(found) == 1 and "counting the Notice Date as day 1" in found[0].message
    assert "`meet_within 4 working_days`" in found[0].help
    # counted from the day after the Notice Date, three days are enough
    on_receipt = short.replace("clock_starts day_after_receipt", "clock_starts on_receipt")
    assert _with("CG033", compile_text(on_receipt)) == []
