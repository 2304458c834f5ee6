"""Routes by subject matter (issue 12): a route's matters and its own steps to a final forum.

Block: `route` (its `escalation`, `mediation`, `expert_determination`, `litigation`, `arbitration`).
"""

from __future__ import annotations

from ...model import Escalation, ExpertDetermination, Route
from ..assembly import final_forum
from ..ast import Statement
from ..reader import Field, Spec, read_block
from ..values import Missing, Values
from .escalation import ESCALATION
from .expert import EXPERT
from .final_forum import ARBITRATION, LITIGATION
from .mediation import MEDIATION, mediation_of
from .shapes import ModelBlock, SubBlock, flattened, id_and_name


def _escalation_or_none(r: Values, stmt: Statement) -> Escalation | None:
    """`escalation none` (the route has no tiers: None) or an escalation block."""
    if not stmt.has_block:
        r.expect("none", "escalation none")
        return None
    return Escalation(span=stmt.span, **read_block(stmt, ESCALATION, r.ctx, "escalation block", ("tier",)))


ROUTE: Spec = {
    "matters": Field("matters", lambda r: r.strings(), many=True, finish=flattened, default=()),
    "escalation": Field("escalation", _escalation_or_none, block=True),
    "mediation": Field("mediation", ModelBlock(mediation_of, MEDIATION, "mediation block", ("trigger",)), block=True),
    "expert_determination": Field(
        "expert", ModelBlock(ExpertDetermination, EXPERT, "expert determination block"), block=True
    ),
    "litigation": Field("litigation", SubBlock(LITIGATION, "litigation block", ("courts",)), block=True),
    "arbitration": Field("arbitration", SubBlock(ARBITRATION, "arbitration block"), block=True),
}


def read_route(r: Values, stmt: Statement) -> Route | None:
    """A route: its id and name, then its block of matters and steps (issue 12)."""
    route_id, name = id_and_name(r, "route", 'technical "Technical Route" {')
    if not stmt.has_block:
        r.ctx.diags.error(
            "CG201",
            "`route` needs a block in braces",
            stmt.span,
            "write the route's matters and steps between `{` and `}`",
        )
        raise Missing()
    f = read_block(stmt, ROUTE, r.ctx, "route block", ("matters", "escalation"))
    if "litigation" in f and "arbitration" in f:
        r.ctx.diags.error(
            "CG204",
            "a route has one final forum: courts or arbitration, not both",
            f["arbitration"][0].keyword_span,
            "keep either the litigation block or the arbitration block",
        )
    final = final_forum(f, stmt) if ("litigation" in f or "arbitration" in f) else None
    steps = {k: v for k, v in f.items() if k not in ("litigation", "arbitration")}
    return Route(route_id, name, span=stmt.span, final_forum=final, **steps)
