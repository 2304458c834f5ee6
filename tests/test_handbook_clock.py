"""Issue 9: the handbook's dates, day counts and period starts are the timing
model's (clausegen.timing, clausegen.timeline), dated and undated."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.calendar import WEEKENDS_ONLY, deadline, shift
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.model import Period, Unit
from clausegen.source import Span
from clausegen.timeline import timeline, worst_case
from clausegen.writers import writer

from .conftest import EXAMPLES

STEMS = sorted(p.stem for p in EXAMPLES.glob("*.regime"))
NOTIFIED = date(2026, 12, 21)  # a Monday, as in the golden cases
DATED = [True, False]
LONG_STOP = ["acme-globex", "arbitration-singapore", "uk-public-sector-it"]  # the examples with a long stop


@cache
def built(stem: str, dated: bool):
    """The regime, the timeline the handbook should show, and the handbook in Markdown."""
    regime = compile_file(str(EXAMPLES / f"{stem}.regime")).regime
    tl = timeline(regime, NOTIFIED) if dated else worst_case(regime)
    doc = assemble(regime, "handbook", Library(), {"notified": tl if dated else None}).document
    return regime, tl, writer("md")(doc, {}).decode()


def day(d: date) -> str:
    """A date as the handbook writes it (the house style: "Monday 21 December 2026")."""
    from clausegen.dates import day as house

    return house(d)


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def rows(table_text: str) -> list[list[str]]:
    return [
        [c.strip().strip("*") for c in line.strip("|").split("|")]
        for line in table_text.splitlines()
        if line.startswith("| ") and not line.startswith("| Step ")
    ]


@pytest.mark.parametrize("dated", DATED)
@pytest.mark.parametrize("stem", LONG_STOP)
def test_long_stop_runs_from_the_notice_date(stem, dated):
    regime, _, text = built(stem, dated)
    ls = regime.final_forum.long_stop
    assert ls is not None
    assert "since the Dispute Notice" not in text
    assert "after the notice if sooner" not in text
    assert len(re.findall(rf"{ls.amount} \w+ ha(?:s|ve) passed since the Notice Date", text)) >= 3
    # Used, so defined in plain words: the day the clock starts.
    assert "**“Notice Date”**: the day the clock starts" in text


@pytest.mark.parametrize("dated", DATED)
@pytest.mark.parametrize("stem", STEMS)
def test_worst_case_table_is_the_timeline(stem, dated):
    _, tl, text = built(stem, dated)
    # The first tier's written response and the last day for joining (side steps, dated by the
    # same timeline) stand before the path's steps: checked on their own, then set aside.
    side = {s.name: s for s in tl.side_steps if s.kind in ("tier_response", "joinder")}
    table = rows(section(text, "### The worst case, step by step"))
    for row in table[: len(side)]:
        assert row[0] in side and row[2] == day(side[row[0]].due)
    table = table[len(side) :]
    # Arb-Med-Arb: the stay's side steps follow the first day of the arbitration (issue 12)
    stay = [s for s in tl.side_steps if s.kind in ("arb_med_arb_referral", "arb_med_arb")]
    assert len(table) == len(tl.steps) + 1 + len(stay)
    # In date order: the steps that end in time, the first day for proceedings,
    # then any step the long stop overtakes.
    ordered = [s for s in tl.steps if not tl.cut(s)] + [None] + [s for s in tl.steps if tl.cut(s)]
    for row, step in zip(table, ordered):
        if step is None:  # the first day for proceedings, whose day count is the total stated
            assert row[2] == day(tl.proceedings_from)
            assert int(row[3]) == tl.day(tl.proceedings_from) == tl.total_days
            continue
        assert row[0].startswith(step.name)
        assert row[2] == day(step.due)
        assert int(row[3]) == tl.day(step.due)
        assert row[0].endswith("(may still be running then)") == tl.cut(step)
    assert [int(r[3]) for r in table] == sorted(int(r[3]) for r in table)
    assert f"**Worst case: {tl.total_days} calendar days.**" in text


def test_a_step_the_long_stop_cuts_is_marked():
    # acme: a 90-day long stop ends before the mediation's outer limit.
    _, tl, text = built("acme-globex", True)
    assert any(tl.cut(s) for s in tl.steps)
    assert "| Mediation (may still be running then) | 60 days | Monday 26 April 2027 | 126 |" in text
    assert "| **First day a party may start court proceedings** |  | **Monday 22 March 2027** | **91** |" in text


@pytest.mark.parametrize("stem", STEMS)
def test_dispute_log_dates_and_words(stem):
    regime, tl, text = built(stem, True)
    log = section(text, "### The timetable")
    for step in tl.steps:
        assert re.search(rf"\| {re.escape(step.name)}[^|]* \| [^|]+ \| {day(step.due)} \|", log)
    assert f"| Notice Date (the clock starts) | {day(tl.clock_start)} |" in text
    last = next(line for line in log.splitlines() if line.startswith("| First day for"))
    assert day(tl.proceedings_from) in last
    ls = regime.final_forum.long_stop
    if ls is not None:
        assert f"once {ls.amount} " in last and "passed since the Notice Date" in last
    if regime.mediation is not None:
        assert "When the mediation has ended without a settlement" in last
    assert "When the steps above are done" not in last


def test_uk_dated_clock_start_is_the_notice_date():
    # day_after_receipt on GB-ENG: received Mon 21 Dec 2026, Notice Date Tue 22 Dec = day 1.
    _, tl, text = built("uk-public-sector-it", True)
    assert tl.clock_start == date(2026, 12, 22)
    assert "with the clock starting on the Notice Date, Tuesday 22 December 2026" in text
    assert "the Notice Date is day 1." in text
    assert "| Tier 1: Service Management Board | 10 Working Days | Thursday 7 January 2027 | 17 |" in text


def notice_date(received: date, clock_starts: str) -> date:
    """The Notice Date under docs/deadlines.md, written out here as the oracle (weekends only)."""
    return WEEKENDS_ONLY.next_business_day(shift(received, 1)) if clock_starts == "day_after_receipt" else received


def counted(clock_starts: str, amount: int, unit: Unit) -> date:
    """The schedule's rule for a period from the Notice Date of a notice received on Monday 1 Feb 2027.

    With day_after_receipt the Notice Date is itself day 1, so day 0 is the day before it.
    """
    notice = notice_date(date(2027, 2, 1), clock_starts)
    day0 = shift(notice, -1) if clock_starts == "day_after_receipt" else notice
    return deadline(day0, Period(amount, unit, Span.point("example", 1, 1)), WEEKENDS_ONLY)


ORD = {1: "1st", 2: "2nd", 11: "11th", 15: "15th"}


@pytest.mark.parametrize(
    "stem, clock, word",
    [
        ("uk-public-sector-it", "day_after_receipt", "received"),
        ("arbitration-singapore", "on_sending", "sent"),
        ("acme-globex", "on_receipt", "received"),
    ],
)
def test_worked_counting_example_follows_the_clock_rule(stem, clock, word):
    regime, _, text = built(stem, False)
    assert regime.dispute_notice.clock_starts == clock
    para = section(text, "### Counting time limits")
    days = counted(clock, 10, Unit("calendar_days"))
    business = counted(clock, 10, Unit("business_days"))
    notice = notice_date(date(2027, 2, 1), clock)
    assert f"notice {word} on Monday the 1st" in para
    assert f"the Notice Date is {notice:%A} the {ORD[notice.day]}" in para
    assert f"10 days ends on {days:%A} the {ORD[days.day]}" in para
    assert f"10 {regime.day_term}s ends on {business:%A} the {ORD[business.day]}" in para
    if clock == "day_after_receipt":
        assert "counts the Notice Date itself as day 1" in para


@pytest.mark.parametrize("dated", DATED)
def test_three_parties_have_no_other_side(dated):
    regime, _, text = built("germany-managed-services", dated)
    assert len(regime.parties) > 2
    assert "the other side" not in text
    assert "serve a Dispute Notice on each of the other parties" in text


@pytest.mark.parametrize("stem", STEMS)
def test_figures_do_not_call_receipt_the_clock_start(stem):
    regime, _, text = built(stem, False)
    assert "Day 0, the clock starts" not in text
    if regime.final_forum.kind == "arbitration":
        # the arbitration's own words (review 2, N24), and no "start them" for one arbitration
        assert "**Arbitration** (earliest day to start arbitration:" in text
        assert "start them" not in text


def test_mediation_costs_name_expenses_and_the_providers_charges():
    _, _, text = built("acme-globex", False)
    assert "The mediator's fees and expenses and the charges of CEDR are shared equally." in text


def test_the_ladder_figure_names_each_representative_with_their_party():
    # germany: three "Managing Director"s at Tier 2 cannot be told apart by title alone.
    regime = compile_file(str(EXAMPLES / "germany-managed-services.regime")).regime
    doc = assemble(regime, "handbook", Library()).document
    from clausegen.docmodel import Figure, walk

    [ladder] = [b for b in walk(doc.blocks) if isinstance(b, Figure) and b.kind == "ladder"]
    tier2 = next(detail for label, detail in ladder.items if label.startswith("Tier 2"))
    assert "the Customer's Managing Director (CFO)" in tier2 and "the Group Company's Managing Director" in tier2
    assert "the Supplier's Managing Director" in tier2


def test_a_dated_handbook_dates_the_decision_and_the_first_meeting():
    # uk, received Mon 21 Dec 2026: the Notice Date Tue 22 Dec is day 1.
    regime, tl, text = built("uk-public-sector-it", True)
    decision = [s.due for s in tl.side_steps if s.kind == "expedited_decision"]
    meetings = [s.due for s in tl.side_steps if s.kind == "tier_meeting"]
    assert decision == [date(2026, 12, 23)]  # 2 Working Days counting 22 Dec
    assert meetings[0] == date(2026, 12, 29)  # tier 1: 4 Working Days, 22, 23, 24, 29 Dec
    assert meetings[1] == date(2027, 1, 14)  # tier 2: 5 Working Days from its referral (Thu 7 Jan)
    assert (
        "**Deadline for deciding:** 2 Working Days from the Notice Date: **Wednesday 23 December 2026** for this dispute."
        in text
    )
    assert "must meet within 4 Working Days, by Tuesday 29 December 2026" in text
