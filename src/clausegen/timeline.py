"""The worst-case path of a dispute, from notice to the final forum.

Periods are counted here in approximate calendar days (a business day as 7/5
of a day, a month as 31 days), which is enough for the checker to compare the
path with the limitation period. Dated deadlines on real holiday calendars are
computed by clausegen.calendar.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Period, Regime


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the path and the period it may last."""

    name: str
    period: Period


@dataclass(frozen=True, slots=True)
class Path:
    """The steps in order, and the approximate days before proceedings may start."""

    steps: tuple[Step, ...]
    long_stop: Period | None

    @property
    def total_days(self) -> float:
        total = sum(s.period.approx_days() for s in self.steps)
        if self.long_stop is not None:
            total = min(total, self.long_stop.approx_days())
        return total


def worst_case(regime: Regime) -> Path:
    """Every step that can stand between a dispute notice and proceedings."""
    steps: list[Step] = []
    for tier in regime.escalation.tiers:
        if tier.limit is not None:
            steps.append(Step(f"Tier: {tier.name}", tier.limit))
    m = regime.mediation
    if m is not None:
        if m.agree_within is not None and not m.mediator:
            steps.append(Step("Agreeing the mediator", m.agree_within))
        if m.start_within is not None:
            steps.append(Step("Start of the mediation", m.start_within))
        if m.conclude_within is not None:
            steps.append(Step("Mediation", m.conclude_within))
    s = regime.settlement
    if s is not None and s.sign_within is not None and m is not None:
        steps.append(Step("Signing the settlement", s.sign_within))
    return Path(tuple(steps), regime.final_forum.long_stop)
