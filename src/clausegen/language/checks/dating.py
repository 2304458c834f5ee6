"""Checks that date the regime on its holiday calendar.

The worst case against limitation (CG006), every deadline inside the
calendar and no period over a century (CG020, CG021), a calendar clausegen
knows (CG018), the long stop against the mandatory steps (CG032).
"""

from __future__ import annotations

from ...calendar import OutOfCalendar, split_code, valid_codes
from ...diagnostics import CompileError, Diagnostics
from ...model import Regime, Unit
from ...timeline import dated, limitation_ends, out_of_calendar, worst_case
from ..values import Context
from .periods import MAX_PERIOD_YEARS, too_long
from .registry import check
from .wording import forum_word


@check
def limitation_risk(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG006: the worst-case path fits in the limitation period, or is protected."""
    lim = regime.limitation
    if lim.period.amount <= 0 or not regime.final_forum.kind:
        return
    protected = "limitation_protection" in regime.final_forum.carve_outs
    law = f"the law of {regime.law.name}" if regime.law.name else "the governing law"
    if not lim.adr_pauses and not lim.standstill and not protected:
        diags.error(
            "CG006",
            f"under {law} the dispute steps do not pause limitation, and no carve-out protects it",
            regime.final_forum.span,
            "add `carve_out limitation_protection` so a party may start proceedings to stop a claim becoming time-barred",
        )
    if too_long(regime):
        return  # CG021 already says the periods are not real ones
    try:
        path = worst_case(regime)
        # Worst case: the claim arose on the day the dispute was notified.
        barred = limitation_ends(regime, path.notified)
    except (CompileError, OutOfCalendar):
        return  # CG020 reports the dates that leave the calendar
    if path.proceedings_from > barred:
        diags.error(
            "CG006",
            f"the worst case from notice to proceedings ({path.total_days} days) is longer than the limitation period ({lim.period.describe()})",
            lim.span,
            "shorten the tiers or the mediation, or add a long-stop: `after mediation_fails or 90 days from notice`",
        )


@check
def dates_in_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG021: no period is longer than 100 years; CG020: every deadline has a date.

    Periods are bounded before any date is counted, so no count can run for
    long; then the worst case (standard and expedited) and the limitation
    period are dated from the effective date, as documents will date them.
    """
    long = too_long(regime)
    for where, p in long:
        diags.error(
            "CG021",
            f"the {where} of {p.describe()} is not a real time limit",
            p.span,
            f"a time limit in a contract is at most {MAX_PERIOD_YEARS} years; check the number and the unit",
        )
    if long:
        return
    try:
        for expedited in (False, True):
            path = dated(regime, expedited=expedited)
        limitation_ends(regime, path.notified)
    except OutOfCalendar as exc:
        diags.extend([out_of_calendar(exc, regime, None, ctx.where(regime.span, "effective"))])


@check
def known_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG018: the holiday calendar is one clausegen can count business days on."""
    if not regime.calendar or split_code(regime.calendar) is not None:
        return
    import difflib

    close = difflib.get_close_matches(regime.calendar.upper(), valid_codes(), n=3, cutoff=0.5)
    help = (
        ("did you mean " + " or ".join(f'"{c}"' for c in close) + "?")
        if close
        else ('use a country code with an optional region, such as "GB-ENG", "US-NY", "SG" or "DE-BY"')
    )
    diags.error(
        "CG018",
        f'"{regime.calendar}" is not a holiday calendar clausegen knows',
        ctx.where(regime.span, "calendar"),
        help,
    )


@check
def long_stop_before_mandatory_steps(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG032: the long stop ends before the mandatory steps can have run their course.

    A warning, not an error: every document yields to the long stop (the
    schedule's mediation clause "except as paragraph ... permits", the
    agreement to mediate's no-proceedings clause), so they agree; but
    proceedings can then start while a tier or the mandatory mediation is
    still running, and the two run side by side.
    """
    ls = regime.final_forum.long_stop
    if ls is None:
        return
    try:
        path = worst_case(regime)
    except CompileError:
        return  # CG020 is reported by dates_in_calendar
    if path.long_stop is None:
        return
    m = regime.mediation
    mandatory = [s for s in path.steps if s.kind == "tier" or (s.kind == "mediation" and m is not None and m.mandatory)]
    if not mandatory:
        return
    last = max(mandatory, key=lambda s: s.due)
    if path.long_stop >= last.due:
        return
    # Days of the clock the schedule counts the long stop on: day 0 is the
    # origin (the Notice Date, or the day before it when it is its own day 1).
    stop_day, end_day = (path.long_stop - path.origin).days, (last.due - path.origin).days
    counted = "the Notice Date" if path.origin == path.clock_start else "the Notice Date as day 1"
    if last.kind == "mediation":
        what, step = "the mandatory mediation", "mediation"
    else:
        what, step = f"the last tier (`{regime.escalation.tiers[-1].id}`)", "escalation"
    forum = forum_word(regime.final_forum.kind)
    fix = (
        f"`or {end_day} days from notice`"
        if ls.unit is Unit.CALENDAR_DAYS
        else f"a long stop that ends on or after day {end_day}"
    )
    diags.warning(
        "CG032",
        f"the long stop ends on day {stop_day} counting from {counted}; {what} can end as late as day {end_day}",
        ls.span,
        f"once the long stop has passed, {forum} may start while the {step} is still running, and the two then run side by side: "
        f"lengthen the long stop ({fix}) or shorten the earlier steps",
    )
