"""Checks of the time limits themselves.

Each is a real one and the steps end (CG002), business days have a calendar
(CG004), expedited periods are shorter and someone decides, in time, that
they apply (CG005, CG034), every period runs from an event its keyword can
run from (CG022).
"""

from __future__ import annotations

from ...diagnostics import Diagnostics, did_you_mean
from ...events import FIELDS
from ...model import Period, Regime, Unit
from ...timing import clocks
from ..values import Context
from .periods import periods
from .registry import check
from .wording import day_keyword


@check
def every_step_ends(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG002: every step has a positive limit and a way out on time-out."""
    for where, p in periods(regime):
        if p.amount <= 0:
            diags.error(
                "CG002",
                f"the {where} is zero",
                p.span,
                "a time limit must be at least 1; courts will not enforce a step with no real period",
            )
    esc = regime.escalation
    if esc.tiers and not esc.on_timeout and not ctx.wrote(esc.span, "on_timeout"):
        diags.error(
            "CG002",
            "the escalation does not say what happens when a tier runs out of time",
            esc.span,
            "add `on_timeout refer_to_next` so a stalled tier passes the dispute up",
        )
    m = regime.mediation
    if m is not None and m.conclude_within is None and not ctx.wrote(m.span, "conclude"):
        diags.error(
            "CG002",
            "the mediation has no time limit",
            m.span,
            "add `conclude within 60 days of appointment`: an open-ended step can block the dispute for ever",
        )
    e = regime.expert
    if e is not None and e.determine_within is None and not ctx.wrote(e.span, "determine"):
        diags.error(
            "CG002",
            "the expert determination has no time limit",
            e.span,
            "add `determine within 30 business_days of appointment`",
        )


@check
def business_days_need_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG004: business days skip public holidays, so a calendar must be named."""
    if regime.calendar:
        return
    uses = [p.span for _, p in periods(regime) if p.unit is Unit.BUSINESS_DAYS]
    if uses:
        first = min(uses, key=lambda s: (s.line, s.column))
        diags.error(
            "CG004",
            "business days are used but no holiday calendar is named",
            first,
            'add `calendar "GB-ENG"` (or the calendar of the place of performance) to the regime',
        )


@check
def expedited_timetable(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG005: expedited periods are no longer than standard ones; a decider is named."""
    pairs: list[tuple[str, Period | None, Period]] = []
    for tier in regime.escalation.tiers:
        if tier.expedited is not None:
            pairs.append((f"tier `{tier.id}`", tier.limit, tier.expedited))
    if regime.mediation is not None and regime.mediation.expedited is not None:
        pairs.append(("mediation", regime.mediation.conclude_within, regime.mediation.expedited))
    if regime.expert is not None and regime.expert.expedited is not None:
        pairs.append(("expert determination", regime.expert.determine_within, regime.expert.expedited))
    for where, standard, fast in pairs:
        if standard is not None and fast.approx_days() > standard.approx_days():
            diags.error(
                "CG005",
                f"the expedited period of {where} ({fast.describe()}) is longer than the standard one ({standard.describe()})",
                fast.span,
                "an expedited timetable must be shorter, or the same",
            )
    if pairs and (regime.expedition is None or not regime.expedition.decided_by):
        diags.error(
            "CG005",
            "expedited periods are set but nobody decides when the expedited timetable applies",
            pairs[0][2].span,
            "add `timetables { decided_by client.sponsor }` (a role, `agreement` or `either`)",
        )
    if regime.expedition is not None and not pairs:
        diags.warning(
            "CG005",
            "a timetables block is given but no step has an expedited period",
            regime.expedition.span,
            "add `expedited 5 business_days` to the tiers that can go faster, or remove the block",
        )


@check
def period_events(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG022: every period runs from an event its keyword can run from.

    `within 45 days of request` names a word the language knows, but no
    request is defined anywhere for a long stop: the documents could not say
    when that period starts.
    """
    for c in clocks(regime):
        if c.start is not None:
            continue
        field = FIELDS[c.field]
        words = list(field.events)
        close = did_you_mean(c.period.starts, words)
        listed = " or ".join(f"`{w}`" for w in words)
        diags.error(
            "CG022",
            f"{field.where} cannot run from `{c.period.starts}`: nothing in the procedure is called that for this time limit",
            c.period.starts_span or c.period.span,
            (close + " " if close else "")
            + f"it can run from {listed}; leave the event out to count from `{field.default}`",
        )


@check
def expedition_decided_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG034: the decision whether the expedited timetable applies has a deadline."""
    ex = regime.expedition
    if ex is None or ex.decide_within is not None or ctx.wrote(ex.span, "decide"):
        return
    unit = day_keyword(regime)
    if ex.default or ctx.wrote(ex.span, "otherwise"):
        message = "the expedited timetable has no deadline for deciding whether it applies"
    else:
        message = (
            "the expedited timetable has no deadline for deciding whether it applies, and no default if nobody decides"
        )
    diags.warning(
        "CG034",
        message,
        ctx.where(ex.span, "decided_by"),
        f"without one, a dispute can be moved onto the fast track (or kept off it) at any stage: add `decide within 2 {unit}` "
        "(counted from the Notice Date) and `otherwise standard` to the timetables block",
    )
