"""The timing model: the events of a dispute and the periods that run between them.

Every time limit of a regime runs from an event: the Notice Date, the
referral of the dispute to a tier, the mediator's appointment, the day terms
of settlement are agreed... This module states, once:

- which events exist, and which of them a drafter may name for each time
  limit (`within 60 days of appointment`): FIELDS, in clausegen.events;
- which event each period of a regime runs from: `clocks(regime)` and
  `Timing.start`;
- how the events of the worst case follow one another (the tiers one after
  the other, the mediator's appointment window after the last tier, the
  mediation ended by its outer limit, the long stop counted from the Notice
  Date): `Timing.path`;
- what the Notice Date is, and whether it is itself day 1, for each way
  the clock can start: `notice_date`, `origin`, `notice_date_is_day_one`.

The checker, `timeline` (which only counts days along `path`), the figures
and every document draw on it; the words for each event live in
clauses/phrases.toml, table [event], keyed by Event.key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .calendar import HolidayCalendar, shift
from .events import EXTENDABLE, FIELDS, NOTICE_DATE, Event
from .model import Period, Regime

__all__ = [
    "Clock",
    "Leg",
    "Path",
    "Timing",
    "clocks",
    "notice_date",
    "notice_date_is_day_one",
    "origin",
]

# -- the clocks of a regime ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Clock:
    """One period of a regime, the keyword that set it, and the event it runs from."""

    field: str  # a key of FIELDS
    period: Period
    start: Event | None  # None when the source names a word the keyword does not take (CG022)
    owner: str = ""  # the tier, forum or step the period belongs to ("" for one-off steps)


# The model attribute of a field, where it is not the field's own name.
_ATTRIBUTE = {"tier.within": "limit"}


def _holders(regime: Regime, section: str) -> list[tuple[object, str]]:
    """The parts of a regime that hold a section's periods, each with its owner id."""
    if section == "tier":
        return [(t, t.id) for t in regime.escalation.tiers]
    if section == "forum":
        return [(f, f.id) for f in regime.governance.forums] if regime.governance is not None else []
    part = {
        "mediation": regime.mediation,
        "expert": regime.expert,
        "settlement": regime.settlement,
        "continuity": regime.continuity,
        "suspension": regime.suspension,
        "final": regime.final_forum,
        "expedition": regime.expedition,
        "arb_med_arb": regime.final_forum.arb_med_arb,
        "joinder": regime.disputes.joinder if regime.disputes is not None else None,
    }[section]
    return [(part, "")] if part is not None else []


def _fields(regime: Regime) -> Iterator[tuple[str, Period | None, str]]:
    """Every field of FIELDS the regime has, with its period (or None) and owner."""
    for field in FIELDS:
        section, name = field.split(".")
        for holder, owner in _holders(regime, section):
            yield field, getattr(holder, _ATTRIBUTE.get(field, name)), owner


def _event(field: str, word: str, owner: str, regime: Regime) -> Event | None:
    key = FIELDS[field].events.get(word or FIELDS[field].default)
    if key is None:
        return None
    if key == "tier_referral":
        tiers = regime.escalation.tiers
        # The dispute reaches the first tier when the clock starts: its
        # referral is the Notice Date, and the documents call it that.
        if tiers and tiers[0].id == owner:
            return NOTICE_DATE
        return Event(key, owner)
    return Event(key)


def clocks(regime: Regime) -> tuple[Clock, ...]:
    """Every period of the regime that runs from an event, with that event."""
    return tuple(
        Clock(field, p, _event(field, p.starts, owner, regime), owner)
        for field, p, owner in _fields(regime)
        if p is not None
    )


# -- the worst case --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leg:
    """A step of the worst case: a period that runs from one event until others happen.

    `kind` is tier, mediator, mediation, and beside the path tier_response, tier_meeting, joinder,
    expedited_decision, mediation_start, expert_appointment or
    expert_determination (the words of each are in phrases.toml
    [timeline]); `ends` are the events that happen on its last day.
    """

    kind: str
    clock: Clock
    ends: tuple[Event, ...]
    subject: str = ""  # the tier's id for a tier


@dataclass(frozen=True, slots=True)
class Path:
    """The worst case: the steps on the way to the final forum, and the side steps.

    `at_notice` are the events that happen on the Notice Date; each step of
    `steps` runs from its clock's event, and its `ends` happen on its last
    day, so the next step can start. `long_stop` is the clock that opens the
    final forum in any case; `side` are dated steps off the path (the start
    of the mediation, the expert track).
    """

    at_notice: tuple[Event, ...]
    steps: tuple[Leg, ...]
    side: tuple[Leg, ...]
    long_stop: Clock | None


class Timing:
    """The timing model of one regime: its clocks, and the worst-case path."""

    def __init__(self, regime: Regime):
        self.regime = regime
        self.clocks = clocks(regime)
        self._by_period = {c.period: c for c in self.clocks}

    def start(self, period: Period) -> Event | None:
        """The event a period of this regime runs from."""
        c = self._by_period.get(period)
        return c.start if c is not None else None

    def extendable(self, period: Period) -> bool:
        """True if the regime lets the parties extend this period by agreement.

        Only a tier's time limit can be, and only under `extension
        by_written_agreement`: every other period is fixed, so no document
        may offer to extend it (the schedule does not).
        """
        c = self._by_period.get(period)
        return c is not None and c.field in EXTENDABLE and self.regime.escalation.extension == "by_written_agreement"

    def _find(self, field: str, owner: str = "") -> Clock | None:
        c = next((c for c in self.clocks if c.field == field and c.owner == owner), None)
        return c if c is not None and c.start is not None else None

    def path(self, expedited: bool = False) -> Path:
        """The worst case, as the schedule states it.

        Each tier runs to its time limit and refers the dispute to the next;
        the last tier's end refers it to mediation. The window for agreeing a
        mediator (where the schedule gives one, also when it names a mediator
        who may be unable to act) follows; the mediation then runs to its
        outer limit, which ends it: a settlement is signed inside the
        mediation, not after it. The long stop runs from the Notice Date. The
        expert track runs beside the path, from the Notice Date.
        """
        r = self.regime
        m = r.mediation
        steps: list[Leg] = []
        side: list[Leg] = []

        def pick(field: str, fast: str, owner: str = "") -> Clock | None:
            return (self._find(fast, owner) if expedited else None) or self._find(field, owner)

        agree = self._find("mediation.agree_within") if m is not None else None
        # Arb-Med-Arb: the arbitration is commenced when escalation is over and
        # the mediation runs inside it, beside the path (issue 12).
        ama = r.final_forum.arb_med_arb
        inside: list[Leg] = side if ama is not None else steps
        # What happens when escalation is over: the dispute goes to mediation,
        # and, with no window to agree a mediator, the named one is appointed.
        handover: tuple[Event, ...] = (Event("escalation_ended"),)
        if ama is not None:
            handover += (Event("arbitration_commenced"),)
        if m is not None:
            handover += (Event("mediation_referral"),) + (() if agree else (Event("mediator_appointed"),))
        tiers = r.escalation.tiers
        timed = [(t, c) for t in tiers if (c := pick("tier.within", "tier.expedited", t.id)) is not None]
        for n, (tier, c) in enumerate(timed):
            ends = (Event("tier_referral", timed[n + 1][0].id),) if n + 1 < len(timed) else handover
            steps.append(Leg("tier", c, ends, tier.id))
        merged = False
        e = r.expert
        triggered = e is not None and self._find("expert.trigger") is not None
        at_notice: tuple[Event, ...] = (
            (NOTICE_DATE,) + (() if triggered else (Event("expert_referral"),)) + (() if timed else handover)
        )
        # Beside the path: each tier's meeting, and the decision whether the
        # expedited timetable applies, run from events the path reaches.
        for tier in tiers:
            c = self._find("tier.respond_within", tier.id)
            if c is not None:  # the written response comes before the meeting (CG070)
                side.append(Leg("tier_response", c, (Event("tier_response", tier.id),), tier.id))
            c = self._find("tier.meet_within", tier.id)
            if c is not None:
                side.append(Leg("tier_meeting", c, (Event("tier_meeting", tier.id),), tier.id))
        c = self._find("joinder.within")
        if c is not None:
            side.append(Leg("joinder", c, (Event("joinder_closed"),)))
        c = self._find("expedition.decide_within")
        if c is not None:
            side.append(Leg("expedited_decision", c, (Event("expedited_decided"),)))
        if m is not None:
            if agree is not None:
                inside.append(Leg("mediator", agree, (Event("mediator_appointed"),)))
            c = self._find("mediation.start_within")
            conclude = pick("mediation.conclude_within", "mediation.expedited")
            if c is not None:
                # A mediation counted from its start puts the start on the path (issue 12).
                counted_from_start = conclude is not None and conclude.start == Event("mediation_started")
                (inside if counted_from_start else side).append(
                    Leg("mediation_start", c, (Event("mediation_started"),))
                )
            if conclude is not None:
                # A mediation that ends when the expert track opens, on the same day from the
                # same event, is one step, not two (issue 12: no duplicate row).
                trig = self._find("expert.trigger") if r.expert is not None else None
                same = (
                    trig is not None
                    and trig.start == conclude.start
                    and (trig.period.amount, trig.period.unit) == (conclude.period.amount, conclude.period.unit)
                )
                inside.append(
                    Leg(
                        "mediation",
                        conclude,
                        (Event("mediation_ended"),) + ((Event("expert_referral"),) if same else ()),
                    )
                )
                if same:
                    merged = True
        if ama is not None:
            c = self._find("arb_med_arb.refer_within")
            if c is not None:
                # The mediation starts when the centre receives the case (the protocol's commencement of the mediation).
                side.append(Leg("arb_med_arb_referral", c, (Event("mediation_referral"), Event("mediation_started"))))
            c = self._find("arb_med_arb.mediate_within")
            if c is not None:
                side.append(Leg("arb_med_arb", c, (Event("mediation_ended"), Event("arbitration_resumed"))))
        if e is not None:
            # An expert track opened after a time of mediation is the route's
            # way to a decision: it stands on the path, not beside it.
            track = steps if triggered else side
            if triggered and not merged:
                steps.append(Leg("expert_trigger", self._find("expert.trigger"), (Event("expert_referral"),)))  # type: ignore[arg-type]
            c = self._find("expert.appoint_within")
            if c is not None:
                track.append(Leg("expert_appointment", c, (Event("expert_appointed"),)))
            c = pick("expert.determine_within", "expert.expedited")
            if c is not None:
                track.append(Leg("expert_determination", c, (Event("determination"),)))
        return Path(at_notice, tuple(steps), tuple(side), self._find("final.long_stop"))


# -- when the clock starts ------------------------------------------------------------------


def notice_date_is_day_one(regime: Regime) -> bool:
    """True when the Notice Date is itself day 1 of the periods that run from it (`day_after_receipt`).

    A period runs from the day after its event (the interpretation
    paragraph), so the Notice Date is normally day 0; with
    `day_after_receipt` it is the first business day after receipt and
    counts as day 1: counting from the day after it would count the day
    after receipt twice.
    """
    return regime.dispute_notice is not None and regime.dispute_notice.clock_starts == "day_after_receipt"


def notice_date(regime: Regime, received: date, cal: HolidayCalendar) -> date:
    """The Notice Date of a notice received (or, for `on_sending`, sent) on `received`.

    on_receipt and on_sending: that day; day_after_receipt: the first
    business day after it.
    """
    return cal.next_business_day(shift(received, 1)) if notice_date_is_day_one(regime) else received


def origin(regime: Regime, notice: date) -> date:
    """Day 0 of the periods that run from the Notice Date: the day before it when it is day 1."""
    return shift(notice, -1) if notice_date_is_day_one(regime) else notice
