"""Issue 9, point 4: one clock, as a property of every regime.

Hypothesis writes regimes (clock rule, calendar, tiers, mediator window,
mediation limit, long stop) and a notice date; for each, every date the
handbook states, and the worst-case figure's day count, must be the
timeline's, and the handbook's worst-case table must list the timeline's
steps with their last days. The timeline itself is checked against the
schedule's rules: each step starts the day the one before it ends, and the
total equals the dates.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegen.api import compile_source
from clausegen.docmodel import Figure, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.source import SourceFile
from clausegen.timeline import timeline
from clausegen.writers import writer

from .conftest import EXAMPLES

ACME = (EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# "Thu 7 Jan 2027", "Thursday 7 January 2027", "7 January 2027"
DATE = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})\b")

units = st.sampled_from(["business_days", "days", "weeks"])


@st.composite
def regimes(draw) -> tuple[str, date]:
    src = ACME
    clock = draw(st.sampled_from(["on_receipt", "day_after_receipt", "on_sending"]))
    src = src.replace("clock_starts on_receipt", f"clock_starts {clock}")
    cal = draw(st.sampled_from(["GB-ENG", "DE-BY", "US-NY", "SG"]))
    src = src.replace('calendar "GB-ENG"', f'calendar "{cal}"')
    for old in (
        "within 10 business_days\n    }\n    tier commercial",
        "within 10 business_days\n    }\n    tier executive",
        "within 15 business_days\n    }\n    on_timeout",
    ):
        amount = draw(st.integers(1, 30))
        unit = draw(units)
        src = src.replace(old, old.replace(old.split("\n")[0], f"within {amount} {unit}"), 1)
    if draw(st.booleans()):
        src = src.replace(
            "agree_mediator within 10 business_days otherwise nominated_by body",
            f"agree_mediator within {draw(st.integers(1, 20))} business_days otherwise nominated_by body",
        )
    else:
        # a named mediator and no window: the path goes straight to the mediation
        src = src.replace("agree_mediator within 10 business_days otherwise nominated_by body", 'mediator "Jane Doe"')
    src = src.replace(
        "conclude within 60 days of appointment",
        f"conclude within {draw(st.integers(10, 120))} {draw(st.sampled_from(['days', 'business_days']))} of appointment",
    )
    long_stop = draw(st.one_of(st.none(), st.integers(30, 240)))
    src = src.replace(
        "after mediation_fails or 90 days from notice",
        f"after mediation_fails or {long_stop} days from notice" if long_stop else "after mediation_fails",
    )
    notified = draw(st.dates(date(2026, 1, 1), date(2030, 12, 31)))
    return src, notified


def built(src: str, notified: date):
    regime = compile_source(SourceFile("generated.regime", src)).regime
    t = timeline(regime, notified)
    handbook = assemble(regime, "handbook", Library(), {"notified": t}).document
    return regime, t, handbook


def dates_in(text: str) -> set[date]:
    return {date(int(y), MONTHS.index(m) + 1, int(d)) for d, m, y in DATE.findall(text)}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regimes())
def test_every_date_the_handbook_states_is_the_timelines(case):
    src, notified = case
    regime, t, handbook = built(src, notified)
    text = writer("md")(handbook).decode("utf-8")
    known = {
        t.notified,
        t.clock_start,
        t.long_stop,
        t.proceedings_from,
        *(s.due for s in t.steps),
        *(s.due for s in t.side_steps),
    }
    known |= {regime.effective} if regime.effective else set()
    known |= {t.day_after(t.long_stop)} if t.long_stop else set()
    known |= {t.day_after(t.clock_start)}  # "For this dispute, day 1 is ..." (counting section)
    stray = dates_in(text) - known
    assert not stray, f"the handbook states dates the timeline does not have: {sorted(stray)}"
    # The worst-case table: one row per step, with its last day.
    for s in t.steps:
        row = re.compile(r"\| " + re.escape(s.name) + r"( \(may still be running[^)]*\))? \|")
        rows = [line for line in text.splitlines() if row.match(line) and dates_in(line)]
        assert rows and all(dates_in(row) == {s.due} for row in rows), s.name
    # The total stated equals the dates beside it.
    totals = {int(n) for n in re.findall(r"Worst case: (\d+) calendar days", text)}
    assert totals == {t.total_days} == {(t.proceedings_from - t.notified).days}
    # The figure's day count is the same total.
    figures = [b for b in walk(handbook.blocks) if isinstance(b, Figure) and b.kind == "timeline"]
    assert figures
    for f in figures:
        days = {int(n) for item in f.items for n in re.findall(r"\bday (\d+)", " ".join(map(str, item)))}
        assert days == {t.total_days}
        # drawn to scale: each bar spans the step's own days, the marker the total
        assert list(f.spans) == [(t.day(s.starts), t.day(s.due)) for s in t.steps] + [(t.total_days, t.total_days)]
        # and dated with the steps' last days (a dated build)
        assert all(s.due in dates_in(detail) for s, (_, detail) in zip(t.steps, f.items))


@settings(max_examples=150, deadline=None)
@given(regimes())
def test_the_worst_case_follows_the_schedule(case):
    src, notified = case
    regime = compile_source(SourceFile("generated.regime", src)).regime
    t = timeline(regime, notified)
    assert t.origin <= t.clock_start and (t.clock_start - t.origin).days <= 5
    assert t.steps[0].starts == t.origin
    for a, b in zip(t.steps, t.steps[1:]):
        assert b.starts == a.due  # each step runs from the day the one before it ends
    assert [s.kind for s in t.steps][-1] == "mediation"  # the outer limit ends the path
    end = t.steps[-1].due
    if t.long_stop is not None and t.long_stop < end:
        assert t.proceedings_from == date.fromordinal(t.long_stop.toordinal() + 1)
    else:
        assert t.proceedings_from == date.fromordinal(end.toordinal() + 1)
    assert t.total_days == (t.proceedings_from - t.notified).days


MARKUP = re.compile(r"\[\[(?:[a-z?]+:)?([^|\]]+)(?:\|[^\]]*)?\]\]")


def words(markup: str) -> str:
    """Clause markup as the reader sees it: "[[Business Days|Business Day]]" -> "Business Days"."""
    return MARKUP.sub(r"\1", markup)


def states(text: str, length: str, event: str) -> bool:
    """True when `text` says the period runs from the event: "ten (10) Business Days of the Notice Date"."""
    said = re.escape(length) + r"(?: (?:have|has) passed)? (?:of|after|from|since) " + re.escape(event)
    return re.search(said, " ".join(text.split())) is not None


# The periods each document states, and the words it uses for their events.
STATED = {
    "schedule": (
        (
            "tier.within",
            "mediation.agree_within",
            "mediation.conclude_within",
            "settlement.sign_within",
            "final.long_stop",
        ),
        "",
    ),
    "mediation-agreement": (("mediation.conclude_within", "final.long_stop"), "event_atm"),
    # the notice form states the first tier's limit and the long stop
    "notice": (("tier.within@first", "final.long_stop"), "event_notice"),
}


def stated(clock, regime, fields) -> bool:
    first = regime.escalation.tiers[0].id if regime.escalation.tiers else ""
    return clock.field in fields or (f"{clock.field}@first" in fields and clock.owner == first)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regimes())
def test_every_document_names_the_same_start_event_for_each_period(case):
    from clausegen.documents.context import build_context
    from clausegen.timing import Timing

    src, notified = case
    regime = compile_source(SourceFile("generated.regime", src)).regime
    ctx = build_context(regime)
    model = Timing(regime)
    for kind, (fields, table) in STATED.items():
        text = writer("md")(assemble(regime, kind, Library()).document).decode("utf-8")
        for clock in model.clocks:
            if not stated(clock, regime, fields):
                continue
            length = words(ctx["period"](clock.period))
            event = words(ctx["since"](clock.period, table=table))
            assert states(text, length, event), f"{kind} does not say {clock.field} runs {length} from {event}"
