"""Every time limit of a regime, with where it is; how long a real one can be; how two compare."""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Period, Regime, Unit


def periods(regime: Regime) -> Iterator[tuple[str, Period]]:
    """Every period in the regime, with a description of where it is."""
    for tier in regime.escalation.tiers:
        for label, p in (
            ("limit", tier.limit),
            ("expedited limit", tier.expedited),
            ("meeting window", tier.meet_within),
        ):
            if p is not None:
                yield f"tier `{tier.id}` {label}", p
    m = regime.mediation
    if m is not None:
        for label, p in (
            ("mediator appointment window", m.agree_within),
            ("mediation start", m.start_within),
            ("mediation", m.conclude_within),
            ("expedited mediation", m.expedited),
            ("mediation papers", m.papers_before),
        ):
            if p is not None:
                yield label, p
    e = regime.expert
    if e is not None:
        for label, p in (
            ("expert appointment", e.appoint_within),
            ("expert determination", e.determine_within),
            ("expedited expert determination", e.expedited),
            ("appeal window", e.appeal_within),
        ):
            if p is not None:
                yield label, p
    s = regime.suspension
    if s is not None:
        for label, p in (
            ("suspension notice", s.notice),
            ("suspension", s.max_duration),
            ("suspension cap", s.aggregate_cap),
            ("adjustment claims", s.claim_window),
            ("resumption", s.resume_within),
        ):
            if p is not None:
                yield label, p
    if regime.settlement is not None and regime.settlement.sign_within is not None:
        yield "settlement signature", regime.settlement.sign_within
    if regime.continuity is not None and regime.continuity.disputed_invoice_window is not None:
        yield "disputed invoice window", regime.continuity.disputed_invoice_window
    if regime.final_forum.long_stop is not None:
        yield "long-stop before proceedings", regime.final_forum.long_stop
    if regime.governance is not None:
        for f in regime.governance.forums:
            for label, p in (
                ("cadence", f.cadence),
                ("transition cadence", f.transition_cadence),
                ("papers", f.papers_before),
                ("minutes", f.minutes_within),
                ("extraordinary meeting notice", f.extraordinary_notice),
            ):
                if p is not None:
                    yield f"forum `{f.id}` {label}", p
    if regime.limitation.stated:
        yield "limitation period", regime.limitation.period


# The longest time limit, in each unit, that is still a real deadline: 100 years
# (limitation periods and long-stops of 30 years exist; a century does not).
MAX_PERIOD_YEARS = 100


LONGEST = {
    Unit.YEARS: MAX_PERIOD_YEARS,
    Unit.MONTHS: 12 * MAX_PERIOD_YEARS,
    Unit.WEEKS: 5218,  # 100 years of weeks, rounded down
    Unit.CALENDAR_DAYS: 36524,  # 100 years of days, leap days included
    Unit.BUSINESS_DAYS: 26088,  # 100 years of weekdays
}


def too_long(regime: Regime) -> list[tuple[str, Period]]:
    """The periods longer than a real time limit (LONGEST), with where they are."""
    return [(where, p) for where, p in periods(regime) if p.amount > LONGEST[p.unit]]


def is_longer(a: Period, b: Period) -> bool:
    """Is `a` longer than `b`? Same unit: by amount; else by calendar days at their longest."""
    return a.amount > b.amount if a.unit is b.unit else a.approx_days() > b.approx_days()
