"""Checks of the final forum (arbitration or courts).

Urgent relief while it waits (CG007), the mediator not its arbitrator
(CG009), arbitration and courts fully named (CG010).
"""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...model import Regime
from ..values import Context
from .registry import check


@check
def urgent_relief(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG007: a gated final forum needs an urgent-relief carve-out."""
    forum = regime.final_forum
    if (forum.gated_by or forum.long_stop) and "urgent_interim_relief" not in forum.carve_outs:
        diags.error(
            "CG007",
            "proceedings must wait for the earlier steps, but nothing lets a party seek urgent relief meanwhile",
            forum.span,
            "add `carve_out urgent_interim_relief`",
        )


@check
def mediator_not_arbitrator(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG009: the mediator does not become the arbitrator unless waived in writing."""
    m, f = regime.mediation, regime.final_forum
    if m is None or f.kind != "arbitration" or not m.mediator or not f.arbitrator:
        return
    if m.mediator.casefold() == f.arbitrator.casefold() and not f.mediator_may_arbitrate:
        diags.error(
            "CG009",
            f"{f.arbitrator} is named as both mediator and arbitrator",
            ctx.where(f.span, "arbitrator"),
            "name another arbitrator, or add `mediator_may_arbitrate waived_in_writing` if both parties agree",
        )


@check
def final_forum_complete(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG010: arbitration names rules, seat, size, language; courts name court and exclusivity."""
    f = regime.final_forum
    if f.kind == "arbitration":
        for attr, example in (
            ("rules", 'rules "SIAC Rules"'),
            ("seat", 'seat "Singapore"'),
            ("language", 'language "English"'),
        ):
            if not getattr(f, attr) and not ctx.wrote(f.span, attr):
                diags.error("CG010", f"the arbitration does not name its {attr}", f.span, f"add `{example}`")
        if f.arbitrators is None and not ctx.wrote(f.span, "arbitrators"):
            diags.error(
                "CG010",
                "the arbitration does not say how many arbitrators",
                f.span,
                "add `arbitrators 1` or `arbitrators 3`",
            )
        elif f.arbitrators not in (1, 3):
            diags.error(
                "CG010",
                f"a tribunal of {f.arbitrators} arbitrators is unusual and risks deadlock",
                ctx.where(f.span, "arbitrators"),
                "use 1 or 3 arbitrators",
            )
    elif f.court and f.exclusive is None:
        diags.error(
            "CG010",
            "the regime does not say whether the courts are exclusive",
            ctx.where(f.span, "courts"),
            f'write `courts "{f.court}" exclusive` or `non_exclusive`',
        )
