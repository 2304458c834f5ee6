"""Checks for routes by subject matter and Arb-Med-Arb (issue 12): CG050-CG060.

Importing this module registers its checks, which run after those of the
checks package (checks/registry.py, RUN_ORDER). A route is checked as a
regime of its own (routes.route_regime): every check of the steps of a
regime holds within each route, and each route's worst case is its own.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Diagnostics
from ...events import Event
from ...model import Period, Regime, Route
from ...routes import matter_key, route_regime
from ...source import Span
from ...timing import Timing
from ..values import Context
from .dating import dates_in_calendar, limitation_risk, long_stop_before_mandatory_steps
from .escalation import long_ladder, steps_in_order
from .final_forum import final_forum_complete, mediator_not_arbitrator, urgent_relief
from .governance import forum_tiers_meet_in_time, meeting_window_fits_forum_notice
from .mediation import (
    confidentiality_exceptions,
    first_mediation_meeting_in_time,
    mediator_appointment,
    settlement_signed_before_mediation_ends,
)
from .parties import every_party_at_every_tier, parties_and_tiers
from .registry import check
from .time_limits import every_step_ends, expedited_timetable, period_events

# The checks of a regime's steps, which hold within every route. Checks of
# what a regime has once (parties, roles, calendar, history, governance)
# run on the regime itself only.
STEP_CHECKS = (
    steps_in_order,
    every_step_ends,
    mediator_appointment,
    expedited_timetable,
    period_events,
    limitation_risk,
    dates_in_calendar,
    urgent_relief,
    mediator_not_arbitrator,
    final_forum_complete,
    forum_tiers_meet_in_time,
    confidentiality_exceptions,
    parties_and_tiers,
    long_ladder,
    long_stop_before_mandatory_steps,
    meeting_window_fits_forum_notice,
    settlement_signed_before_mediation_ends,
    first_mediation_meeting_in_time,
    every_party_at_every_tier,
)


def _inside(span: Span, outer: Span) -> bool:
    return (
        span.file == outer.file
        and (outer.line, outer.column) <= (span.line, span.column)
        and (span.end_line, span.end_column) <= (outer.end_line, outer.end_column)
    )


def _on_route(d: Diagnostic, route: Route) -> Diagnostic:
    """A problem the route has at a part it shares with the regime, saying which route."""
    return Diagnostic(d.code, d.severity, f"{d.message} (on the route `{route.id}`)", d.span, d.help)


@check
def routes_obey_step_checks(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """Every check of a regime's steps, run on each route as the regime a dispute on it meets."""
    if not regime.routes:
        return
    for fn in STEP_CHECKS:
        top = Diagnostics()
        fn(regime, ctx, top)
        said = {(d.code, d.message, d.span) for d in top.items}
        for route in regime.routes:
            sub = Diagnostics()
            fn(route_regime(regime, route), ctx, sub)
            for d in sub.items:
                if (d.code, d.message, d.span) in said:
                    continue
                diags.items.append(d if _inside(d.span, route.span) else _on_route(d, route))


@check
def matters_in_one_route(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG050: each matter in one route only; CG051: not a matter the scope excludes; CG052: the default route named with routes only."""
    seen: dict[str, tuple[str, Span]] = {}
    e = regime.expert
    if regime.routes and e is not None and e.matters_closed:
        for m in e.matters:
            seen.setdefault(matter_key(m), ("the expert determination of every other dispute", e.span))
    excluded = {matter_key(x) for x in regime.scope.excluded} if regime.scope else set()
    for route in regime.routes:
        for m in route.matters:
            key = matter_key(m)
            where = ctx.where(route.span, "matters")
            if key in seen:
                owner, span = seen[key]
                diags.error(
                    "CG050",
                    f'"{m}" is already a matter of {owner} (line {span.line}); a matter belongs to one route only',
                    where,
                    "keep the matter in the route that should decide it, and remove it from the other",
                )
            else:
                seen[key] = (f"the route `{route.id}`", route.span)
            if key in excluded:
                diags.error(
                    "CG051",
                    f'"{m}" is a matter of the route `{route.id}`, but the scope excludes it from the procedure',
                    where,
                    "remove it from the route, or from the scope's `excludes`",
                )
    _duplicate_routes(regime, diags)
    if regime.default_route and not regime.routes:
        diags.error(
            "CG052",
            f'"{regime.default_route}" names the route of every other dispute, but this regime has no other route',
            ctx.where(regime.span, "default_route"),
            'remove `default_route`, or add a `route id "Name" { matters ... }` block',
        )
    if regime.routes and not regime.default_route:
        diags.error(
            "CG052",
            "this regime has routes, but the route every other dispute takes has no name",
            regime.routes[0].span,
            'add `default_route "General Route"` so the documents can tell a reader which route a dispute is on',
        )


def _duplicate_routes(regime: Regime, diags: Diagnostics) -> None:
    names: dict[str, Span] = {}
    ids: dict[str, Span] = {}
    for route in regime.routes:
        for key, table, what in ((route.id.casefold(), ids, "id"), (route.name.casefold(), names, "name")):
            if key in table or (what == "name" and key == regime.default_route.casefold()):
                diags.error(
                    "CG204",
                    f"there is already a route with the {what} `{route.id if what == 'id' else route.name}`",
                    route.span,
                    f"give each route its own {what}",
                )
            table.setdefault(key, route.span)


@check
def route_experts(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG053: an expert track opened after a time of mediation needs the mediation; CG054: a route's expert decides the route's matters."""
    for route in (None, *regime.routes):
        r = regime if route is None else route_regime(regime, route)
        e = r.expert
        if e is None:
            continue
        if e.trigger is not None and r.mediation is None:
            diags.error(
                "CG053",
                "the expert determination opens after a time of mediation, but there is no mediation on this route",
                ctx.where(e.span, "trigger"),
                "add a mediation block to the route, or remove `trigger` so the matter goes to the expert at once",
            )
        if e.trigger is not None and e.trigger.amount <= 0:
            diags.error(
                "CG053",
                "the mediation's time before the expert takes over is zero",
                e.trigger.span,
                "give the mediation at least a day, such as `trigger after 60 days of referral`",
            )
        if route is not None and e.matters_closed:
            own = {matter_key(m) for m in route.matters}
            for m in e.matters:
                if matter_key(m) not in own:
                    diags.error(
                        "CG054",
                        f'the route\'s expert decides "{m}", which is not a matter of the route `{route.id}`',
                        ctx.where(e.span, "matters"),
                        "add it to the route's `matters`, or leave `matters` out of the route's expert block: the expert then decides the route's matters",
                    )
        if e.trigger is not None and r.mediation is not None:
            _counted_from_start(r, e.trigger, ctx, diags)


@check
def mediation_counted_from_start(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG055: a period counted from the start of the mediation needs the mediation to say when it starts."""
    for route in (None, *regime.routes):
        r = regime if route is None else route_regime(regime, route)
        m = r.mediation
        for p in (m.conclude_within, m.expedited) if m is not None else ():
            if p is not None:
                _counted_from_start(r, p, ctx, diags)
        a = r.final_forum.arb_med_arb
        if a is not None and a.mediate_within is not None:
            _counted_from_start(r, a.mediate_within, ctx, diags)


def _counted_from_start(r: Regime, p: Period, ctx: Context, diags: Diagnostics) -> None:
    if Timing(r).start(p) != Event("mediation_started"):
        return
    m = r.mediation
    a = r.final_forum.arb_med_arb
    if (m is None or m.start_within is None) and (a is None or a.refer_within is None):
        diags.error(
            "CG055",
            "this period runs from the start of the mediation, but the mediation does not say when it starts",
            p.starts_span or p.span,
            "add `start within 15 business_days of appointment` to the mediation block (under Arb-Med-Arb, `refer within 14 days of commencement` to the arb_med_arb block), or count this period from another event",
        )


@check
def arb_med_arb(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG056-CG060: Arb-Med-Arb is consistent: proceedings allowed first, institutions named, a real stay, an ending."""
    forums = [regime.final_forum] + [r.final_forum for r in regime.routes if r.final_forum is not None]
    for forum in forums:
        a = forum.arb_med_arb
        if a is None:
            continue
        if "mediation_fails" in forum.gated_by:
            diags.error(
                "CG056",
                "under Arb-Med-Arb the arbitration is commenced before the mediation, but `after mediation_fails` forbids proceedings until the mediation has ended",
                ctx.where(forum.span, "after"),
                "write `after escalation_exhausted` (or the steps that really come first): the mediation happens while the arbitration is stayed",
            )
        if not forum.institution or not a.mediation_centre:
            missing = " and ".join(
                x
                for x, ok in (
                    ("the arbitral institution (`institution`)", forum.institution),
                    ("the mediation centre (`mediation_centre`)", a.mediation_centre),
                )
                if not ok
            )
            diags.error(
                "CG057",
                f"Arb-Med-Arb works between an arbitral institution and a mediation centre; this one does not name {missing}",
                a.span,
                'name both, such as `institution "Singapore International Arbitration Centre"` and `mediation_centre "Singapore International Mediation Centre"`',
            )
        if a.mediate_within is None and not ctx.wrote(a.span, "mediate"):
            diags.error(
                "CG058",
                "the arbitration is stayed for mediation with no time limit",
                a.span,
                "add `mediate within 8 weeks of start`: the stay must end",
            )
        elif a.mediate_within is not None and a.mediate_within.amount <= 0:
            diags.error(
                "CG058",
                "the stay of the arbitration for mediation is zero",
                a.mediate_within.span,
                "give the mediation a real period, such as `mediate within 8 weeks of start`",
            )
        if not a.consent_award or not a.resumes:
            missing = " and ".join(
                x for x, ok in (("`consent_award`", a.consent_award), ("`resume_if_unsettled`", a.resumes)) if not ok
            )
            diags.error(
                "CG059",
                "the Arb-Med-Arb does not say how the stay ends: a settlement recorded as a consent award, or the arbitration resumed",
                a.span,
                f"add {missing} to the arb_med_arb block",
            )
        m = regime.mediation
        if m is not None and m.body and a.mediation_centre and m.body.casefold() != a.mediation_centre.casefold():
            diags.error(
                "CG060",
                f'the mediation block names "{m.body}", but the Arb-Med-Arb sends the mediation to "{a.mediation_centre}"',
                ctx.where(m.span, "body"),
                "name the same mediation centre in both places",
            )
