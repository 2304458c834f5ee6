"""Checks of the mediation and the settlement it leads to.

How the mediator (and the expert) is appointed (CG003), confidentiality
with its exceptions (CG014), a binding settlement (CG011), time to sign it
before the mediation ends (CG035) and time to mediate after the first
meeting (CG038).
"""

from __future__ import annotations

from ...diagnostics import CompileError, Diagnostics
from ...model import Regime, Unit
from ...timeline import Timeline, timeline, worst_case
from ..values import Context
from .periods import is_longer
from .registry import check
from .wording import say


@check
def mediator_appointment(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG003: a window to agree a mediator needs a fallback nominating body."""
    m = regime.mediation
    if m is None or m.mediator:
        return
    # The regime's own provider is the natural fallback: name it, not CEDR.
    fallback = "otherwise nominated_by body" if m.body else 'otherwise nominated_by "CEDR"'
    who = (
        f", so that {m.body} (the body of this mediation) nominates one" if m.body else " (or another nominating body)"
    )
    if m.agree_within is None:
        if ctx.wrote(m.span, "agree_mediator"):
            return
        diags.error(
            "CG003",
            "the mediation does not say how the mediator is appointed",
            m.span,
            f"add `agree_mediator within 10 business_days {fallback}`{who}: a mediation clause without an appointment process may be unenforceable",
        )
    elif not m.nominated_by:
        diags.error(
            "CG003",
            "if the parties cannot agree a mediator in time, nobody appoints one",
            m.agree_within.span,
            f"add `{fallback}` after the window{who}",
        )
    e = regime.expert
    if e is not None and e.appoint_within is not None and not e.nominated_by:
        diags.error(
            "CG003",
            "if the parties cannot agree an expert in time, nobody appoints one",
            e.appoint_within.span,
            'add `otherwise nominated_by "..."` naming the body that appoints the expert',
        )


@check
def confidentiality_exceptions(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG014: confidentiality states its exceptions."""
    m = regime.mediation
    if m is not None and m.confidential and not m.confidentiality_exceptions:
        diags.warning(
            "CG014",
            "the mediation is confidential with no exceptions, so not even a settlement could be enforced",
            m.confidential_span or m.span,
            "write `confidential except fact_of_mediation, required_by_law, enforcing_settlement`",
        )


@check
def settlement_form(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG011: a settlement is written, signed with authority, within a deadline."""
    s = regime.settlement
    if s is None:
        if regime.mediation is not None:
            diags.error(
                "CG011",
                "the regime has a mediation but does not say how a settlement becomes binding",
                regime.mediation.span,
                "add `settlement { in_writing  signed_by authorised_representatives  sign within 10 business_days }`",
            )
        return
    needs = (
        ("in_writing", s.in_writing, "the settlement does not require a written agreement", "in_writing"),
        (
            "signed_by",
            s.signed_by_authorised,
            "the settlement does not require signature by people with authority",
            "signed_by authorised_representatives",
        ),
        (
            "sign",
            s.sign_within is not None,
            "the settlement sets no deadline for signing",
            "sign within 10 business_days",
        ),
    )
    for keyword, present, message, example in needs:
        if not present and not ctx.wrote(s.span, keyword):
            diags.error("CG011", message, s.span, f"add `{example}` to the settlement block")


@check
def settlement_signed_before_mediation_ends(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG035: a settlement reached in the mediation can be signed before it ends.

    The schedule ends the mediation at its outer limit unless a Settlement
    Agreement has been signed by then, while the settlement clause gives the
    parties `sign within` from the day terms are agreed. Terms agreed near the
    limit always lapse with the mediation (docs/diagnostics.md says so); this
    warns when even terms agreed at the first mediation meeting, held as late
    as `start within` allows, could not be signed before the limit.
    """
    m, s = regime.mediation, regime.settlement
    if m is None or s is None or m.conclude_within is None or s.sign_within is None:
        return
    limit, sign, first = m.conclude_within, s.sign_within, m.start_within
    if (first is not None and first.starts not in ("", "appointment")) or limit.starts not in ("", "appointment"):
        first = None  # counted from other events: compare the signing window alone
    if first is not None and first.unit is sign.unit is limit.unit:
        late = first.amount + sign.amount > limit.amount
    elif first is not None:
        late = first.approx_days() + sign.approx_days() > limit.approx_days()
    else:
        late = not is_longer(limit, sign)
    if not late:
        return
    event = {
        "": "the Mediator's appointment",
        "appointment": "the Mediator's appointment",
        "notice": "the Notice Date",
    }.get(limit.starts, f"the {limit.starts.replace('_', ' ')}")
    when = (
        f"terms agreed at the first mediation meeting ({say(regime, first)} after {event} at the latest)"
        if first
        else "terms agreed in the mediation"
    )
    diags.warning(
        "CG035",
        f"{when} may not be signed within the {say(regime, sign)} allowed for signing: the schedule ends the mediation "
        f"at its outer limit, {say(regime, limit)} after {event}, if no Settlement Agreement has been signed by then",
        sign.span,
        "the terms would lapse with the mediation: shorten `sign within`, hold the first meeting sooner (`start within`), "
        "or lengthen `conclude within` so that the signing window fits inside the mediation",
    )


# A first mediation meeting this close to the mediation's end leaves no time
# to mediate: papers, a day's meeting and any follow-up take more than a week.
MIN_MEDIATION_DAYS = 7


def _meeting_and_end(path: Timeline) -> tuple[int, int] | None:
    """The day counts of the latest first mediation meeting and of the mediation's end."""
    start = next((s for s in path.side_steps if s.kind == "mediation_start"), None)
    end = next((s for s in path.steps if s.kind == "mediation"), None)
    if start is None or end is None:
        return None
    return path.day(start.due), path.day(end.due)


def _too_late(days: tuple[int, int] | None) -> bool:
    return days is not None and days[1] - days[0] <= MIN_MEDIATION_DAYS


def _before(days: tuple[int, int]) -> str:
    gap = days[1] - days[0]
    if gap < 0:
        return f"{-gap} day{'' if gap == -1 else 's'} after the mediation must end on day {days[1]}"
    if gap == 0:
        return f"the day the mediation must end (day {days[1]})"
    return f"{gap} day{'' if gap == 1 else 's'} before the mediation must end on day {days[1]}"


@check
def first_mediation_meeting_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG038: the first mediation meeting can come too late to matter.

    `start within` gives the latest day for the first meeting; the outer
    limit (`conclude within`, or `expedited` under the expedited timetable)
    ends the mediation. Both are taken from the worst case (clausegen.timeline),
    on the regime's calendar, so business-day starts and calendar-day limits
    compare as the schedule counts them. The language has no expedited start
    period: the same `start within` applies under both timetables.
    """
    m = regime.mediation
    if m is None or m.start_within is None or m.conclude_within is None:
        return
    try:
        standard = _meeting_and_end(worst_case(regime))
        fast = _meeting_and_end(timeline(regime, expedited=True)) if m.expedited is not None else None
    except CompileError:
        return  # CG020 is reported by dates_in_calendar
    start = say(regime, m.start_within)
    if _too_late(standard):
        assert standard is not None
        also = (
            f"; under the expedited timetable, as late as day {fast[0]}, {_before(fast)}"
            if _too_late(fast) and fast is not None
            else ""
        )
        diags.warning(
            "CG038",
            f"the first mediation meeting may be held as late as day {standard[0]}, {_before(standard)}{also} "
            "(days counted from the receipt of the Dispute Notice, in the worst case)",
            m.start_within.span,
            f"the mediator would have no time to mediate: shorten `start within` ({start} now) "
            "or lengthen `conclude within` so that at least a week is left after the first meeting",
        )
    elif _too_late(fast):
        assert fast is not None and m.expedited is not None
        need = m.expedited.amount + MIN_MEDIATION_DAYS + 1 - (fast[1] - fast[0])
        longer = (
            f"`expedited {need} days` or more"
            if m.expedited.unit is Unit.CALENDAR_DAYS
            else "a longer `expedited` limit"
        )
        diags.warning(
            "CG038",
            f"under the expedited timetable the first mediation meeting may be held as late as day {fast[0]}, {_before(fast)} "
            "(days counted from the receipt of the Dispute Notice, in the worst case)",
            m.expedited.span,
            f"`start within` ({start}) applies under both timetables, so the fast track leaves the mediator no time to mediate: "
            f"give the expedited mediation {longer}, or shorten `start within`",
        )
