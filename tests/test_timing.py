"""The timing model (clausegen.timing): events, the words a drafter may use
for them, and the worst-case path every document draws on."""

from __future__ import annotations

import pytest

from clausegen.diagnostics import CompileError
from clausegen.events import EVENT_WORDS, FIELDS, NOTICE_DATE, Event
from clausegen.timing import Timing, clocks

from .conftest import EXAMPLES

ACME = (EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8")
LONG_STOP = "after mediation_fails or 90 days from notice"


def test_an_event_nobody_defines_is_an_error_not_a_period(compile_text):
    # The case: "request" is defined nowhere.
    result = compile_text(ACME.replace(LONG_STOP, "after mediation_fails or 45 days from request"))
    assert isinstance(result, CompileError)
    [d] = result.diagnostics
    assert d.code == "CG202" and "`request`" in d.message
    assert (d.span.line, d.span.column) == (128, 43)


def test_a_misspelt_event_gets_a_did_you_mean(compile_text):
    result = compile_text(ACME.replace(LONG_STOP, "after mediation_fails or 90 days from notise"))
    [d] = result.diagnostics
    assert d.code == "CG202" and "did you mean `notice`?" in d.help


def test_an_event_the_keyword_cannot_run_from_is_cg022(compile_text):
    result = compile_text(ACME.replace(LONG_STOP, "after mediation_fails or 90 days from appointment"))
    [d] = result.diagnostics
    assert d.code == "CG022"
    assert "the long stop cannot run from `appointment`" in d.message
    assert (d.span.line, d.span.column) == (128, 43)  # at the event word, not the number
    assert "`notice`" in d.help


def test_every_keyword_default_is_one_of_its_events():
    for name, field in FIELDS.items():
        assert field.default in field.events, name
        assert set(field.events) <= set(EVENT_WORDS)


def test_every_period_of_the_examples_runs_from_a_known_event(compile_text):
    for path in sorted(EXAMPLES.glob("*.regime")):
        regime = compile_text(path.read_text(encoding="utf-8"), path.name).regime
        assert all(c.start is not None for c in clocks(regime)), path.name


def test_the_first_tier_runs_from_the_notice_date_and_the_others_from_their_referral(compile_text):
    regime = compile_text(ACME).regime
    model = Timing(regime)
    t1, t2, t3 = regime.escalation.tiers
    assert model.start(t1.limit) == NOTICE_DATE
    assert model.start(t2.limit) == Event("tier_referral", t2.id)
    assert model.start(regime.final_forum.long_stop) == NOTICE_DATE
    assert model.start(regime.mediation.conclude_within) == Event("mediator_appointed")
    assert model.start(regime.settlement.sign_within) == Event("terms_agreed")


@pytest.mark.parametrize("expedited", [False, True])
def test_the_path_ends_with_the_mediation_and_its_events_chain(compile_text, expedited):
    regime = compile_text(ACME).regime
    path = Timing(regime).path(expedited)
    assert [leg.kind for leg in path.steps] == ["tier", "tier", "tier", "mediator", "mediation"]
    # each step runs from an event the path has reached
    reached = set(path.at_notice)
    for leg in path.steps:
        assert leg.clock.start in reached, leg.kind
        reached |= set(leg.ends)
    assert path.long_stop is not None and path.long_stop.start == NOTICE_DATE


def test_a_period_written_from_notice_runs_from_the_notice_date(compile_text):
    src = ACME.replace("conclude within 60 days of appointment", "conclude within 120 days of notice")
    regime = compile_text(src).regime
    assert Timing(regime).start(regime.mediation.conclude_within) == NOTICE_DATE
