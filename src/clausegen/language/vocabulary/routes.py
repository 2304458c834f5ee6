"""Routes by subject matter (issue 12): a route's matters and its own steps to a final forum.

Block: `route` (its `escalation`, `mediation`, `expert_determination`, `litigation`, `arbitration`).
"""

from __future__ import annotations

from ...model import Route
from ..assembly import final_forum, make_escalation, make_expert, make_mediation
from ..ast import Statement
from ..reader import Field, Fields, Missing, Spec, Values, read_block
from .escalation import ESCALATION
from .expert import EXPERT
from .final_forum import ARBITRATION, LITIGATION
from .mediation import MEDIATION
from .shapes import id_and_name, sub_block


def _escalation_or_none(r: Values, stmt: Statement) -> tuple[Statement, Fields | None]:
    """`escalation none` (the route has no tiers) or an escalation block."""
    if not stmt.has_block:
        r.expect("none", "escalation none")
        return stmt, None
    return stmt, read_block(stmt, ESCALATION, r.ctx, "escalation block", ("tier",))


ROUTE: Spec = {
    "matters": Field("matters", lambda r: r.strings(), many=True),
    "escalation": Field("escalation", _escalation_or_none, block=True),
    "mediation": Field("mediation", sub_block(MEDIATION, "mediation block", ("trigger",)), block=True),
    "expert_determination": Field("expert", sub_block(EXPERT, "expert determination block"), block=True),
    "litigation": Field("litigation", sub_block(LITIGATION, "litigation block", ("courts",)), block=True),
    "arbitration": Field("arbitration", sub_block(ARBITRATION, "arbitration block"), block=True),
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
    escalation = None
    if "escalation" in f and f["escalation"][1] is not None:
        escalation = make_escalation(*f["escalation"])
    s, v = f.get("mediation", (None, None))
    mediation = make_mediation(s, v) if s else None
    s, v = f.get("expert", (None, None))
    expert = make_expert(s, v) if s else None
    final = final_forum(f, stmt) if ("litigation" in f or "arbitration" in f) else None
    matters = tuple(x for xs in f.get("matters", []) for x in xs)
    return Route(route_id, name, matters, stmt.span, escalation, mediation, expert, final)
