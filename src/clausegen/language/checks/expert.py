"""Checks of expert determination.

A closed list of matters and a final determination that stays final
(CG008); whoever decides what is an expert matter exists, in time (CG071).
"""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...model import Regime
from ..values import Context
from .registry import check
from .wording import say


@check
def expert_scope(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG008: expert matters are a closed list; a final determination stays final."""
    e = regime.expert
    if e is None:
        return
    if not e.matters_closed:
        diags.error(
            "CG008",
            "expert determination must be limited to a closed list of matters",
            ctx.where(e.span, "matters"),
            'list the matters in quotes: matters "Service credit calculations", "Charges indexation"',
        )
    if e.binding == "final":
        if set(e.challenge_grounds) != {"fraud", "manifest_error"}:
            diags.warning(
                "CG008",
                "a final expert determination should stay open to challenge for fraud and manifest error",
                e.binding_span or e.span,
                "write `binding final except fraud, manifest_error`",
            )
        if "expert_determination" in regime.final_forum.gated_by:
            diags.error(
                "CG008",
                "a final and binding expert determination cannot then be taken to the final forum",
                regime.final_forum.span,
                "remove `expert_determination` from the `after` line, or make the determination `non_binding`",
            )


@check
def matter_decider_exists(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG071: whoever decides whether a matter is an expert matter must exist in the regime."""
    e = regime.expert
    if e is None or not e.matter_decided_by:
        return
    span = e.matter_span or e.span
    if e.matter_decided_by == "mediator" and regime.mediation is None:
        diags.error(
            "CG071",
            "the mediator is to decide whether a matter is an expert matter, but the regime has no mediation",
            span,
            "name `decided_by expert` (or `nominating_body`), or add a mediation block",
        )
    if e.matter_decided_by == "nominating_body" and not e.nominated_by:
        diags.error(
            "CG071",
            "the nominating body is to decide whether a matter is an expert matter, but the expert block names none",
            span,
            'name it where the expert is appointed: `appoint within 10 business_days otherwise nominated_by "CEDR"`',
        )
    decide, appoint = e.matter_decide_within, e.appoint_within
    if (
        e.matter_decided_by == "expert"
        and decide is not None
        and appoint is not None
        and decide.starts in ("", "referral")
        and appoint.starts in ("", "referral")
        and decide.unit is appoint.unit
        and decide.amount <= appoint.amount
    ):
        diags.error(
            "CG071",
            f"the expert is to decide whether a matter is an expert matter within {say(regime, decide)} of the referral, "
            f"but may not be appointed until {say(regime, appoint)} after it",
            decide.span,
            "count the decision from the expert's appointment (`within 5 business_days of appointment`), or give it longer than the appointment window",
        )
