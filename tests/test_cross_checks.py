"""Checks added for issue 9: wording that means all the services, the
regime's own mediation body in the CG003 hint, long ladders, one-sided quorums."""

from __future__ import annotations

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
    ["all services", "the whole of the Services", "All the Services", "the entire Services", "all of the services", "Services", "ALL_SERVICES"],
)
def test_quoted_scope_meaning_all_services_is_cg012(compile_text, scope):
    result = compile_text(ACME.replace("scope disputed_initiative_only", f'scope "{scope}"'))
    [d] = _with("CG012", result)
    assert d.severity == "error" and d.message == "suspension may never cover all the services"
    assert d.span.line == ACME.count("\n", 0, ACME.index("scope disputed_initiative_only")) + 1
    assert f'"{scope}" means all the services' in d.help


@pytest.mark.parametrize("scope", ["the Phase 2 chatbot roll-out", "the Services relating to Project Merlion", "the whole of the Phase 2 Services"])
def test_quoted_scope_naming_a_part_is_not_cg012(compile_text, scope):
    result = compile_text(ACME.replace("scope disputed_initiative_only", f'scope "{scope}"'))
    assert _with("CG012", result) == []


def test_cg003_hint_names_the_regimes_own_body(compile_text):
    text = ACME.replace('body "CEDR"', 'body "SIMC"').replace("within 10 business_days otherwise nominated_by body", "within 10 business_days")
    [d] = _with("CG003", compile_text(text))
    assert "SIMC" in d.help and "CEDR" not in d.help
    assert "`otherwise nominated_by body`" in d.help


def test_cg003_hint_for_missing_appointment_names_the_body(compile_text):
    text = ACME.replace('body "CEDR"', 'body "SIMC"').replace("    agree_mediator within 10 business_days otherwise nominated_by body\n", "")
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
    tier = FIVE.index('    tier sponsor_and_commercial')
    four = FIVE[:tier] + FIVE[FIVE.index("    tier executive_sponsors"):]
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
