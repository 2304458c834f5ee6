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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from . import timing
from .calendar import WEEKENDS_ONLY, HolidayCalendar, OutOfCalendar, deadline, deadline_including, shift, split_code
from .diagnostics import CompileError, Diagnostic, Severity
from .events import NOTICE_DATE, Event
from .model import Period, Regime
from .resources import phrases
from .source import Span

REFERENCE_DATE = date(2026, 1, 5)  # a Monday; used when the regime has no effective date


@dataclass(frozen=True, slots=True)
class Step:
    """One step: what it is, the period it may last, and its dates.

    kind is tier, mediator, mediation_start, mediation, expert_appointment
    or expert_determination (clausegen.timing.Leg). `starts` is day 0 of
    the period (the day of the event it runs from; for the first steps
    with `day_after_receipt`, the day before the Notice Date); `due` is
    its last day.
    """

    name: str
    kind: str
    period: Period
    starts: date
    due: date

    @property
    def first(self) -> date:
        """The first day the step counts: the day after `starts`."""
        return shift(self.starts, 1)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The worst-case path and the side steps, with dates."""

    notified: date  # the day the notice was received (sent, with on_sending)
    clock_start: date  # the Notice Date
    origin: date  # day 0 of the periods that run from the Notice Date
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

    def cut(self, step: Step) -> bool:
        """True when the long stop opens proceedings before `step` has run its full time."""
        return self.long_stop is not None and step.due > self.long_stop

    def day_after(self, when: date) -> date:
        """The day after `when` (the first day proceedings may start once a long stop has passed)."""
        return shift(when, 1)

    def day(self, when: date) -> int:
        """`when` as a day count from the notice (the notice's own day is day 0)."""
        return (when - self.notified).days


def calendar_for(regime: Regime) -> HolidayCalendar | None:
    """The regime's holiday calendar, or None when it has none or it is unknown."""
    if regime.calendar and split_code(regime.calendar) is not None:
        return _calendar(regime.calendar)
    return None


@lru_cache(maxsize=16)
def _calendar(code: str) -> HolidayCalendar:
    return HolidayCalendar(code)  # one per code, so its holidays are looked up once


def out_of_calendar(
    exc: OutOfCalendar, regime: Regime, notified: date | None = None, anchor: Span | None = None
) -> Diagnostic:
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


def timeline(
    regime: Regime, notified: date | None = None, expedited: bool = False, labels: Mapping[str, str] | None = None
) -> Timeline:
    """Every deadline of the worst case, counted from the date of the dispute notice.

    Raises CompileError (CG020) when a deadline would fall after year 9999.
    """
    try:
        return dated(regime, notified, expedited, labels)
    except OutOfCalendar as exc:
        raise CompileError([out_of_calendar(exc, regime, notified)]) from None


def dated(
    regime: Regime, notified: date | None = None, expedited: bool = False, labels: Mapping[str, str] | None = None
) -> Timeline:
    """`timeline` itself; raises OutOfCalendar when a count leaves the calendar.

    It only counts days: which steps there are, which event each runs from
    and where the long stop starts are the timing model's (clausegen.timing).
    """
    words: Mapping[str, str] = labels or phrases().get("timeline", {})  # step kind -> its label
    # Without a known calendar, business days skip weekends only (rough checks).
    cal = calendar_for(regime) or _calendar("")
    # Without a real notice date, the example notice arrives on the first
    # business day on or after the regime takes effect.
    notified = notified or cal.next_business_day(regime.effective or REFERENCE_DATE)
    notice = timing.notice_date(regime, notified, cal)
    day0 = timing.origin(regime, notice)
    day_one = timing.notice_date_is_day_one(regime)
    path = timing.Timing(regime).path(expedited)
    # The day each event happens; for an event that starts periods, day 0
    # of the periods that run from it.
    when: dict[Event, date] = dict.fromkeys(path.at_notice, day0)
    tiers = {t.id: (n, t.name) for n, t in enumerate(regime.escalation.tiers, start=1)}

    def count(start: date, event: Event | None, period: Period) -> date:
        # A period from a Notice Date that is its own day 1 counts it in.
        if event == NOTICE_DATE and day_one:
            return deadline_including(notice, period, cal)
        return deadline(start, period, cal)

    def step(leg: timing.Leg) -> Step | None:
        start = when.get(leg.clock.start)  # type: ignore[arg-type]
        if start is None:
            return None  # its event does not happen in the worst case
        end = count(start, leg.clock.start, leg.clock.period)
        for e in leg.ends:
            when.setdefault(e, end)
        if leg.subject in tiers:  # a tier, or its meeting
            n, name = tiers[leg.subject]
            label = words.get(leg.kind, "Tier {n}: {name}").format(n=n, name=name)
        else:
            # A named mediator makes the window a fallback: say so (mediator_replacement).
            named = leg.kind == "mediator" and regime.mediation is not None and regime.mediation.mediator
            label = (named and words.get("mediator_replacement")) or words.get(leg.kind, leg.kind.replace("_", " "))
        return Step(label, leg.kind, leg.clock.period, start, end)

    steps = [s for s in map(step, path.steps) if s is not None]
    end_of_path = max((s.due for s in steps), default=day0)
    long_stop = None
    last = max(steps, key=lambda s: s.due).period if steps else None
    if path.long_stop is not None:
        long_stop = count(day0, NOTICE_DATE, path.long_stop.period)
        if long_stop < end_of_path:
            end_of_path, last = long_stop, path.long_stop.period
    proceedings_from = shift(end_of_path, 1, last)
    # In the worst case the arbitration (Arb-Med-Arb) is commenced on the first
    # day it may be, so the stay's dates follow the day the handbook names (issue 12).
    commenced = Event("arbitration_commenced")
    if commenced in when:
        when[commenced] = proceedings_from
    side = [s for s in map(step, path.side) if s is not None]
    return Timeline(
        notified=notified,
        clock_start=notice,
        origin=day0,
        steps=tuple(steps),
        side_steps=tuple(side),
        long_stop=long_stop,
        proceedings_from=proceedings_from,
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
