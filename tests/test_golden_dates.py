"""Golden dates: the worked examples of docs/deadlines.md, pinned on GB-ENG.

A Dispute Notice received on Monday 21 December 2026 in England: the
holidays in the way are Christmas Day (Fri 25 Dec), Boxing Day (observed Mon
28 Dec) and New Year's Day (Fri 1 Jan 2027). The acme-globex regime has a
first tier of 10 business days, a 60-day mediation and a 90-day long stop.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clausegen.api import compile_source
from clausegen.source import SourceFile
from clausegen.timeline import timeline

ACME = (Path(__file__).resolve().parents[1] / "examples" / "acme-globex.regime").read_text(encoding="utf-8")


def regime(clock_starts: str):
    src = ACME.replace("clock_starts on_receipt", f"clock_starts {clock_starts}")
    return compile_source(SourceFile("golden.regime", src)).regime


# clock_starts, received, Notice Date, day 0, tier 1 ends, mediation ends, long stop ends
GOLDEN = [
    # The case: both readings give day 1 = Tue 22 Dec, so tier 1
    # ends on Thu 7 Jan 2027 (not Fri 8 Jan: the day after receipt counts once).
    (
        "on_receipt",
        date(2026, 12, 21),
        date(2026, 12, 21),
        date(2026, 12, 21),
        date(2027, 1, 7),
        date(2027, 4, 26),
        date(2027, 3, 21),
    ),
    (
        "day_after_receipt",
        date(2026, 12, 21),
        date(2026, 12, 22),
        date(2026, 12, 21),
        date(2027, 1, 7),
        date(2027, 4, 26),
        date(2027, 3, 21),
    ),
    # Received on Christmas Eve: with day_after_receipt the Notice Date is
    # the next business day, Tue 29 Dec, which is day 1. Business-day
    # periods end as with on_receipt (the holidays would be skipped anyway);
    # the 90-day long stop, in calendar days, ends four days later.
    (
        "on_receipt",
        date(2026, 12, 24),
        date(2026, 12, 24),
        date(2026, 12, 24),
        date(2027, 1, 12),
        date(2027, 5, 1),
        date(2027, 3, 24),
    ),
    (
        "day_after_receipt",
        date(2026, 12, 24),
        date(2026, 12, 29),
        date(2026, 12, 28),
        date(2027, 1, 12),
        date(2027, 5, 1),
        date(2027, 3, 28),
    ),
    # Sent (on_sending) on a Saturday: the Notice Date is that Saturday.
    (
        "on_sending",
        date(2026, 12, 19),
        date(2026, 12, 19),
        date(2026, 12, 19),
        date(2027, 1, 6),
        date(2027, 4, 25),
        date(2027, 3, 19),
    ),
]


@pytest.mark.parametrize("clock_starts, received, notice_date, day0, tier1, mediation, long_stop", GOLDEN)
def test_golden_dates_on_england_and_wales(clock_starts, received, notice_date, day0, tier1, mediation, long_stop):
    t = timeline(regime(clock_starts), received)
    assert t.clock_start == notice_date
    assert t.origin == day0
    assert t.steps[0].due == tier1
    assert [s.due for s in t.steps if s.kind == "mediation"] == [mediation]
    assert t.long_stop == long_stop
    # The long stop comes first here: proceedings open the day after it.
    assert t.proceedings_from == date.fromordinal(long_stop.toordinal() + 1)
    assert t.total_days == (t.proceedings_from - received).days


def test_the_worst_case_follows_the_schedule():
    """Tiers, the mediator window, the mediation to its outer limit; nothing after it."""
    t = timeline(regime("on_receipt"), date(2026, 12, 21))
    assert [s.kind for s in t.steps] == ["tier", "tier", "tier", "mediator", "mediation"]
    # each step starts the day its predecessor ends
    assert all(a.due == b.starts for a, b in zip(t.steps, t.steps[1:]))
    assert t.steps[-1].due == date(2027, 4, 26)
    assert t.cut(t.steps[-1]) and not t.cut(t.steps[0])


def test_a_named_mediator_keeps_the_replacement_window_on_the_path():
    src = ACME.replace('body "CEDR"', 'body "CEDR"\n    mediator "Jane Doe"')
    r = compile_source(SourceFile("named.regime", src)).regime
    assert r.mediation.mediator == "Jane Doe"
    t = timeline(r, date(2026, 12, 21))
    assert "mediator" in [s.kind for s in t.steps]


def test_without_a_long_stop_proceedings_follow_the_mediation():
    src = ACME.replace("after mediation_fails or 90 days from notice", "after mediation_fails")
    t = timeline(compile_source(SourceFile("nolongstop.regime", src)).regime, date(2026, 12, 21))
    assert t.long_stop is None
    assert t.proceedings_from == date(2027, 4, 27)  # the day after the mediation's outer limit


@pytest.mark.parametrize(
    "received, notice_date, ends",
    [
        # The uk long stop (6 months) with day_after_receipt: the Notice Date is day 1.
        (date(2026, 12, 21), date(2026, 12, 22), date(2027, 6, 21)),
        # A Notice Date of 1 March: six months end on 31 August, the day before 1 September.
        (date(2027, 2, 26), date(2027, 3, 1), date(2027, 8, 31)),
    ],
)
def test_months_from_a_notice_date_that_is_day_one(received, notice_date, ends):
    src = (Path(__file__).resolve().parents[1] / "examples" / "uk-public-sector-it.regime").read_text(encoding="utf-8")
    t = timeline(compile_source(SourceFile("uk.regime", src)).regime, received)
    assert t.clock_start == notice_date
    assert t.long_stop == ends
