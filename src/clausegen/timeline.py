"""The worst-case path of a dispute, from the dispute notice to the final forum.

Every step runs to its time limit, each counted on the regime's holiday
calendar from the event that starts it (see clausegen.calendar). Given the
date a dispute was notified, every deadline is a real date; without one, the
path is laid out from a reference date (the regime's effective date) so the
checker can compare its length with the limitation period.

A deadline that would fall after 31 December 9999 (the last day clausegen,
like Python, can count to) is a CG020 diagnostic at the period that runs
past it: `timeline` raises CompileError, never an arithmetic error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from .calendar import WEEKENDS_ONLY, HolidayCalendar, OutOfCalendar, deadline, shift, split_code
from .diagnostics import CompileError, Diagnostic, Severity
from .model import Period, Regime
from .source import Span

REFERENCE_DATE = date(2026, 1, 5)  # a Monday; used when the regime has no effective date


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what it is, the period it may last, and its dates.

    kind is tier, mediator, mediation_start, mediation, settlement,
    expert_appointment or expert_determination. `starts` is the day of the
    event that starts the clock; `due` the last day of the period.
    """

    name: str
    kind: str
    period: Period
    starts: date
    due: date


@dataclass(frozen=True, slots=True)
class Timeline:
    """The worst-case path and the side steps, with dates."""

    notified: date
    clock_start: date
    steps: tuple[Step, ...]  # the worst-case path, in order
    side_steps: tuple[Step, ...]  # dated, but not on the path (mediation start, expert track)
    long_stop: date | None
    proceedings_from: date  # the earliest day proceedings may start
    calendar: str
    expedited: bool

    @property
    def total_days(self) -> int:
        """Calendar days from the notice to the first day proceedings may start."""
        return (self.proceedings_from - self.notified).days


def calendar_for(regime: Regime) -> HolidayCalendar | None:
    """The regime's holiday calendar, or None when it has none or it is unknown."""
    if regime.calendar and split_code(regime.calendar) is not None:
        return _calendar(regime.calendar)
    return None


@lru_cache(maxsize=16)
def _calendar(code: str) -> HolidayCalendar:
    return HolidayCalendar(code)  # one per code, so its holidays are looked up once


def out_of_calendar(exc: OutOfCalendar, regime: Regime, notified: date | None = None, anchor: Span | None = None) -> Diagnostic:
    """The CG020 diagnostic for a count that ran past year 9999.

    It points at the period that ran past, or (for the first step of the
    clock) at `anchor` or the regime; `notified` is the dispute notice date a
    user gave, if any, so the help can name what to change.
    """
    start = exc.start.isoformat()
    if exc.period is not None:
        message = f"{exc.period.describe()} counted from {start} runs past the year 9999"
        span = exc.period.span
    else:
        message = f"the deadlines cannot be counted: the day after {start} is past the year 9999"
        span = anchor or regime.span
    if notified is not None:
        help = f"clausegen counts dates up to 31 December 9999; give a dispute notice date well before then, not {notified.isoformat()}"
    else:
        help = "clausegen counts deadlines from the date the regime takes effect, and only up to 31 December 9999: check the `effective` date"
    return Diagnostic("CG020", Severity.ERROR, message, span, help)


def timeline(regime: Regime, notified: date | None = None, expedited: bool = False, labels: dict | None = None) -> Timeline:
    """Every deadline of the worst case, counted from the date of the dispute notice.

    Raises CompileError (CG020) when a deadline would fall after year 9999.
    """
    try:
        return dated(regime, notified, expedited, labels)
    except OutOfCalendar as exc:
        raise CompileError([out_of_calendar(exc, regime, notified)]) from None


def dated(regime: Regime, notified: date | None = None, expedited: bool = False, labels: dict | None = None) -> Timeline:
    """`timeline` itself; raises OutOfCalendar when a count leaves the calendar."""
    from .documents.context import phrases  # labels are words: they live in clauses/

    words = labels or phrases().get("timeline", {})
    # Without a known calendar, business days skip weekends only (rough checks).
    cal = calendar_for(regime) or _calendar("")
    # Without a real notice date, the example notice arrives on the first
    # business day on or after the regime takes effect.
    notified = notified or cal.next_business_day(regime.effective or REFERENCE_DATE)
    notice = regime.dispute_notice
    clock = notified
    if notice is not None and notice.clock_starts == "day_after_receipt":
        clock = cal.next_business_day(shift(notified, 1))

    def due(start: date, period: Period) -> date:
        return deadline(start, period, cal)  # type: ignore[arg-type]

    def pick(standard: Period | None, fast: Period | None) -> Period | None:
        return fast if expedited and fast is not None else standard

    steps: list[Step] = []
    side: list[Step] = []
    at = clock
    for k, tier in enumerate(regime.escalation.tiers, start=1):
        p = pick(tier.limit, tier.expedited)
        if p is None:
            continue
        end = due(at, p)
        steps.append(Step(words.get("tier", "Tier {n}: {name}").format(n=k, name=tier.name), "tier", p, at, end))
        at = end
    m = regime.mediation
    if m is not None:
        appointed = at
        if m.agree_within is not None and not m.mediator:
            appointed = due(at, m.agree_within)
            steps.append(Step(words.get("mediator", "Agreeing the mediator"), "mediator", m.agree_within, at, appointed))
        if m.start_within is not None:
            side.append(Step(words.get("mediation_start", "Mediation starts"), "mediation_start", m.start_within, appointed, due(appointed, m.start_within)))
        p = pick(m.conclude_within, m.expedited)
        if p is not None:
            end = due(appointed, p)
            steps.append(Step(words.get("mediation", "Mediation"), "mediation", p, appointed, end))
            at = end
        s = regime.settlement
        if s is not None and s.sign_within is not None:
            end = due(at, s.sign_within)
            steps.append(Step(words.get("settlement", "Signing the settlement"), "settlement", s.sign_within, at, end))
            at = end
    e = regime.expert
    if e is not None and e.appoint_within is not None:
        appointed = due(clock, e.appoint_within)
        side.append(Step(words.get("expert_appointment", "Appointing the expert"), "expert_appointment", e.appoint_within, clock, appointed))
        p = pick(e.determine_within, e.expedited)
        if p is not None:
            side.append(Step(words.get("expert_determination", "Expert determination"), "expert_determination", p, appointed, due(appointed, p)))
    long_stop = None
    end_of_path = at
    last = steps[-1].period if steps else None
    if regime.final_forum.long_stop is not None:
        long_stop = due(notified, regime.final_forum.long_stop)
        if long_stop < end_of_path:
            end_of_path, last = long_stop, regime.final_forum.long_stop
    return Timeline(
        notified=notified,
        clock_start=clock,
        steps=tuple(steps),
        side_steps=tuple(side),
        long_stop=long_stop,
        proceedings_from=shift(end_of_path, 1, last),
        calendar=regime.calendar,
        expedited=expedited,
    )


def worst_case(regime: Regime) -> Timeline:
    """The worst case laid out from the regime's effective date."""
    key = id(regime)
    cached = _WORST.get(key)
    if cached is None or cached[0] is not regime:
        if len(_WORST) > 8:
            _WORST.clear()
        cached = _WORST[key] = (regime, timeline(regime))
    return cached[1]


# One worst case per regime object: the checker and every document ask for it.
_WORST: dict[int, tuple[Regime, Timeline]] = {}


def limitation_ends(regime: Regime, accrued: date) -> date:
    """When a claim that accrued on `accrued` becomes time-barred.

    Raises OutOfCalendar when that would be after year 9999. Business days
    skip weekends only when the regime names no known calendar.
    """
    lim = regime.limitation
    start = date(accrued.year, 12, 31) if lim.counted_from == "year_end" else accrued
    return deadline(start, lim.period, calendar_for(regime) or WEEKENDS_ONLY)
