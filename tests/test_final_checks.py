"""The last cross-step checks of issue 9: a first mediation meeting too late
to matter (CG038) and a quorum smaller than one member of each party (CG039)."""

from __future__ import annotations

import pytest

from clausegen.diagnostics import CompileError
from clausegen.timeline import timeline

from .conftest import EXAMPLES, ROOT

INVALID = ROOT / "examples" / "invalid"
LATE = (INVALID / "83-first-mediation-meeting-too-late.regime").read_text(encoding="utf-8")
UK = (EXAMPLES / "uk-public-sector-it.regime").read_text(encoding="utf-8")
QUORUM = (INVALID / "84-quorum-below-one-per-party.regime").read_text(encoding="utf-8")
GERMANY = (EXAMPLES / "germany-managed-services.regime").read_text(encoding="utf-8")


def _with(code, result):
    diags = result.diagnostics if isinstance(result, CompileError) else result.warnings
    return [d for d in diags if d.code == code]


def _line(text, d):
    return text.splitlines()[d.span.line - 1].strip()


def _days(regime, expedited):
    """(latest first meeting, mediation end) as day counts, straight from the timeline."""
    t = timeline(regime, expedited=expedited)
    start = next(s for s in t.side_steps if s.kind == "mediation_start")
    end = next(s for s in t.steps if s.kind == "mediation")
    return t.day(start.due), t.day(end.due)


# -- CG038 --------------------------------------------------------------------


def test_expedited_mediation_too_short_for_its_first_meeting_warns_with_the_timelines_days(compile_text):
    result = compile_text(LATE)
    [d] = _with("CG038", result)
    assert d.severity == "warning"
    assert _line(LATE, d) == "expedited 30 days"
    regime = compile_text(LATE).regime
    first, end = _days(regime, expedited=True)
    assert end - first <= 7
    assert d.message.startswith("under the expedited timetable")
    assert f"as late as day {first}, {end - first} day" in d.message and f"must end on day {end}" in d.message
    assert "`start within` (20 Working Days) applies under both timetables" in d.help


def test_the_suggested_expedited_limit_is_the_shortest_that_leaves_more_than_a_week(compile_text):
    [d] = _with("CG038", compile_text(LATE))
    suggested = int(d.help.split("`expedited ")[1].split(" days`")[0])
    assert _with("CG038", compile_text(LATE.replace("expedited 30 days", f"expedited {suggested} days"))) == []
    assert len(_with("CG038", compile_text(LATE.replace("expedited 30 days", f"expedited {suggested - 1} days")))) == 1


def test_the_bundled_uk_example_is_clean_and_leaves_time_after_the_first_meeting(compile_text):
    result = compile_text(UK)
    assert not isinstance(result, CompileError)
    assert _with("CG038", result) == []
    first, end = _days(result.regime, expedited=True)
    assert end - first > 7


def test_standard_timetable_too_short_points_at_start_within_and_names_both_timetables(compile_text):
    text = LATE.replace("conclude within 60 days of appointment", "conclude within 30 days of appointment").replace(
        "expedited 30 days", "expedited 25 days"
    )
    result = compile_text(text)
    [d] = _with("CG038", result)
    assert _line(text, d) == "start within 20 working_days of appointment"
    first, end = _days(result.regime, expedited=False)
    assert d.message.startswith(f"the first mediation meeting may be held as late as day {first}")
    assert f"must end on day {end}" in d.message
    fast_first, fast_end = _days(result.regime, expedited=True)
    assert fast_first > fast_end  # the expedited 25 days end before the first meeting's latest day
    assert (
        f"; under the expedited timetable, as late as day {fast_first}, {fast_first - fast_end} days after the mediation must end on day {fast_end}"
        in d.message
    )
    assert "shorten `start within` (20 Working Days now)" in d.help


def test_first_meeting_after_the_end_says_after(compile_text):
    text = LATE.replace("expedited 30 days", "expedited 10 days")
    [d] = _with("CG038", compile_text(text))
    first, end = _days(compile_text(text).regime, expedited=True)
    assert first > end
    assert f"{first - end} days after the mediation must end on day {end}" in d.message


@pytest.mark.parametrize(
    "change",
    [
        ("    start within 20 working_days of appointment\n", ""),  # no latest day for the first meeting
        ("expedited 30 days", "expedited 60 days"),
        ("start within 20 working_days", "start within 10 working_days"),
    ],
)
def test_no_warning_when_there_is_time_to_mediate(compile_text, change):
    assert _with("CG038", compile_text(LATE.replace(*change))) == []


# -- CG039 --------------------------------------------------------------------


def test_quorum_below_the_number_of_parties_warns_with_the_effective_quorum(compile_text):
    [d] = _with("CG039", compile_text(QUORUM))
    assert d.severity == "warning"
    assert _line(QUORUM, d) == "quorum 2 including one_per_party"
    assert "`service_board`" in d.message and "three parties" in d.message and d.message.endswith("in effect 3")
    assert "`quorum 3 including one_per_party`" in d.help


@pytest.mark.parametrize(
    "quorum",
    ["quorum 3 including one_per_party", "quorum one_per_party", "quorum 2", "quorum 4 including one_per_party"],
)
def test_quorum_that_already_counts_every_party_does_not_warn(compile_text, quorum):
    assert _with("CG039", compile_text(QUORUM.replace("quorum 2 including one_per_party", quorum))) == []


def test_two_parties_with_quorum_two_including_one_per_party_is_clean(compile_text):
    assert "quorum 2 including one_per_party" in UK
    assert _with("CG039", compile_text(UK)) == []
    assert _with("CG039", compile_text(GERMANY)) == []
