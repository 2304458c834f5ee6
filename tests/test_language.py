"""The parser and builder: what the language can say, and how it reads."""

from __future__ import annotations

from datetime import date

import pytest

from clausegen.api import compile_file
from clausegen.diagnostics import CompileError
from clausegen.language.parser import parse
from clausegen.language.vocabulary import vocabulary
from clausegen.model import Unit
from clausegen.source import SourceFile

from .conftest import EXAMPLES, codes

ACME = EXAMPLES / "acme-globex.regime"


def _but_long_stop(result):
    """The diagnostics other than Acme's own CG032 warning (its 90-day long stop)."""
    return [d for d in result.diagnostics if d.code != "CG032"]


def test_acme_translates_the_sketch_faithfully():
    r = compile_file(str(ACME)).regime
    assert r.title == "Acme / Globex Customer Operations Agreement"
    assert r.schedule == "7" and r.version == "2.0" and r.effective == date(2026, 3, 1)
    assert r.law.name == "England and Wales" and r.law.family == "england_wales"
    assert [(p.id, p.name, p.defined_as) for p in r.parties] == [
        ("client", "Acme Retail Group plc", "Customer"),
        ("provider", "Globex Service Solutions Ltd", "Supplier"),
    ]
    assert [t.name for t in r.escalation.tiers] == ["Contract Managers", "Commercial Directors", "Executive Sponsors"]
    assert [(t.limit.amount, t.limit.unit) for t in r.escalation.tiers] == [
        (10, Unit.BUSINESS_DAYS),
        (10, Unit.BUSINESS_DAYS),
        (15, Unit.BUSINESS_DAYS),
    ]
    assert r.escalation.tiers[2].representatives == ("client.sponsor", "provider.sponsor")
    assert r.mediation.body == "CEDR" and r.mediation.nominated_by == "CEDR"
    assert r.mediation.conclude_within.amount == 60 and r.mediation.conclude_within.starts == "appointment"
    assert r.final_forum.kind == "courts" and r.final_forum.exclusive is True
    assert r.final_forum.long_stop.amount == 90
    assert r.limitation.period.amount == 6 and r.limitation.period.unit is Unit.YEARS


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.name)
def test_every_example_checks_clean(path):
    result = compile_file(str(path))
    assert [d for d in result.warnings if d.severity.value == "error"] == []


def test_spans_point_at_the_source():
    r = compile_file(str(ACME)).regime
    tier = r.escalation.tiers[0]
    line = ACME.read_text().splitlines()[tier.span.line - 1]
    assert line.strip().startswith('tier contract_managers "Contract Managers"')
    assert tier.limit.span.line == tier.span.line + 2


def test_unicode_names_comments_and_escapes(compile_text):
    text = (
        ACME.read_text()
        .replace('"Acme Retail Group plc"', '"Müller & Söhne GmbH \\"Zentrale\\" \\u{263A}"')
        .replace('"Chief Operating Officer"', '"Chief Operating Officer" person "Jürgen Weiß"  # the COO')
    )
    r = compile_text(text).regime
    assert r.parties[0].name == 'Müller & Söhne GmbH "Zentrale" \u263a'
    assert r.role("client.sponsor").person == "Jürgen Weiß"


def test_ast_keeps_positions_and_values():
    tree = parse(SourceFile("x.regime", 'regime "X" {\n  effective 2026-03-01\n  within 10 business_days\n}\n'))
    regime = tree.statements[0]
    assert regime.keyword == "regime" and regime.values[0].value == "X"
    eff, within = regime.block
    assert eff.values[0].value == date(2026, 3, 1) and eff.keyword_span.line == 2 and eff.keyword_span.column == 3
    assert [v.kind for v in within.values] == ["number", "name"]


def test_vocabulary_covers_every_domain_group():
    vocab = vocabulary()
    regime = set(vocab["regime block"])
    for block in (
        "party",
        "role",
        "notices",
        "governance",
        "scope",
        "dispute_notice",
        "continuity",
        "timetables",
        "escalation",
        "concessions",
        "expert_determination",
        "mediation",
        "settlement",
        "suspension",
        "isolation",
        "litigation",
        "arbitration",
        "limitation",
        "behaviours",
        "calendar",
        "law",
    ):
        assert block in regime
    mediation = set(vocab["mediation block"])
    for kw in (
        "private_sessions",
        "without_prejudice",
        "non_admission",
        "binding",
        "attendees",
        "mediator_reviews",
        "agree_mediator",
        "costs",
        "venue",
        "language",
        "initial_meetings",
        "confidential",
        "settlement",
    ):
        assert kw in mediation


def test_collects_every_error_in_one_pass(compile_text):
    text = (
        ACME.read_text()
        .replace('venue "London"', 'venu "London"')
        .replace("within 15 business_days", "within 0 business_days")
        .replace('calendar "GB-ENG"', "")
        .replace("client.sponsor, provider.sponsor\n", "client.sponsr, provider.sponsor\n")
    )
    result = compile_text(text)
    assert isinstance(result, CompileError)
    assert {"CG200", "CG002", "CG004", "CG015"} <= set(codes(result))


def test_several_syntax_errors_in_one_pass(compile_text):
    text = (
        ACME.read_text()
        .replace('version "2.0"', 'version: "2.0"', 1)
        .replace('language "English"', 'language "English";')
    )
    result = compile_text(text)
    assert codes(result) == ["CG105", "CG105"]
    assert [d.span.line for d in result.diagnostics] == [7, 95]


def test_did_you_mean_for_misspelt_keyword(compile_text):
    result = compile_text(ACME.read_text().replace("without_prejudice", "without_prejudise"))
    [d] = _but_long_stop(result)
    assert d.code == "CG200" and "did you mean `without_prejudice`?" in d.help


def test_keyword_in_the_wrong_block_says_where_it_belongs(compile_text):
    result = compile_text(
        ACME.read_text()
        .replace("    non_admission\n", "")
        .replace("    in_writing\n    contents", "    non_admission\n    in_writing\n    contents")
    )
    [d] = _but_long_stop(result)
    assert d.code == "CG200" and d.help == "`non_admission` belongs in the mediation block"


def test_unquoted_name_gets_a_quoting_hint(compile_text):
    result = compile_text(ACME.read_text().replace('"Acme Retail Group plc"', "Acme"))
    [d] = _but_long_stop(result)
    assert d.code == "CG202" and "not `Acme`" in d.message


def test_duplicate_tier_is_reported(compile_text):
    result = compile_text(
        ACME.read_text().replace(
            'tier executive_sponsors "Executive Sponsors"', 'tier commercial_directors "Executive Sponsors"'
        )
    )
    assert "CG204" in codes(result)
    d = next(d for d in result.diagnostics if d.code == "CG204")
    assert "already a tier with the id `commercial_directors`" in d.message


def test_lists_may_wrap_after_a_comma(compile_text):
    text = ACME.read_text().replace(
        "contents summary, affected_services, remedy_sought, supporting_documents",
        "contents summary, affected_services,\n      remedy_sought, supporting_documents",
    )
    r = compile_text(text).regime
    assert r.dispute_notice.contents == ("summary", "affected_services", "remedy_sought", "supporting_documents")


def test_newer_constructs(compile_text):
    text = (
        ACME.read_text()
        .replace(
            "meets every 1 months",
            "meets every 1 months\n      transition_meets every 2 weeks for 6 months\n      quorum 2 including one_per_party",
        )
        .replace("invoked_by either", "invoked_by provider")
        .replace("    period 6 years", "    period 6 years counted_from accrual")
    )
    r = compile_text(text).regime
    forum = r.governance.forums[0]
    assert forum.transition_cadence.amount == 2 and forum.transition_period.amount == 6
    assert forum.quorum == 2 and forum.quorum_each_party
    assert r.suspension.invoked_by == "provider"
    assert r.limitation.counted_from == "accrual"


def test_contradictory_keywords_are_an_error(compile_text):
    result = compile_text(
        ACME.read_text().replace("    without_prejudice\n", "    mandatory\n    opt_out\n    without_prejudice\n")
    )
    [d] = _but_long_stop(result)
    assert d.code == "CG204" and d.message.startswith("`opt_out` contradicts `mandatory`")


def test_invoked_by_an_unknown_party(compile_text):
    result = compile_text(ACME.read_text().replace("invoked_by either", "invoked_by globex"))
    [d] = _but_long_stop(result)
    assert d.code == "CG015" and d.message == "no party called `globex` is defined"


def test_working_days_name_the_defined_term(compile_text):
    r = compile_text(ACME.read_text().replace("business_days", "working_days")).regime
    assert r.day_term == "Working Day"
    assert compile_file(str(ACME)).regime.day_term == "Business Day"


def test_initial_meetings_joint_is_not_the_same_as_unsaid(compile_text):
    joint = compile_text(ACME.read_text().replace("initial_meetings separate", "initial_meetings joint")).regime
    unsaid = compile_text(ACME.read_text().replace("    initial_meetings separate\n", "")).regime
    assert (joint.mediation.initial_meetings, unsaid.mediation.initial_meetings) == ("joint", "")
