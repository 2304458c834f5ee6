"""The final forum (courts or arbitration, with Arb-Med-Arb) and the limitation period.

Blocks: `litigation`, `arbitration` and its `arb_med_arb`, `limitation`.
"""

from __future__ import annotations

from ...events import default_start
from ...model import ArbMedArb
from ..ast import Statement
from ..reader import Field, Spec, flag, read_block
from ..values import Fields, Missing, Values
from .shapes import quoted, within, yes_no

GATES = (
    "escalation_exhausted",
    "mediation_fails",
    "expert_determination",
    "other_party_fails_to_participate",
    "mediation_declined",
)
CARVE_OUTS = ("urgent_interim_relief", "limitation_protection", "injunction_for_confidentiality")


def _gate(r: Values) -> Fields:
    out: Fields = {"gated_by": (r.word(GATES),)}
    while r.accept("or"):
        v = r.peek()
        if v is not None and v.kind == "number":
            out["long_stop"] = r.period(default_start("final.long_stop"))
        else:
            out["gated_by"] += (r.word(GATES),)
    return out


def _courts(r: Values) -> Fields:
    out: Fields = {"court": r.string("the courts in quotes", '"England and Wales" exclusive')}
    if r.more():
        out["exclusive"] = r.word(("exclusive", "non_exclusive")) == "exclusive"
    return out


_FINAL_COMMON: Spec = {
    "after": Field(None, _gate),
    "carve_out": Field("carve_outs", lambda r: r.words(CARVE_OUTS), finish=tuple),
}

LITIGATION: Spec = {**_FINAL_COMMON, "courts": Field(None, _courts)}

ARBITRATION: Spec = {
    **_FINAL_COMMON,
    "rules": Field("rules", quoted),
    "institution": Field("institution", quoted),
    "seat": Field("seat", quoted),
    "arbitrators": Field("arbitrators", lambda r: r.integer("the number of arbitrators (1 or 3)", "3")),
    "language": Field("language", quoted),
    "emergency_arbitrator": Field("emergency_arbitrator", lambda r: r.word(("available", "excluded")) == "available"),
    "arbitrator": Field("arbitrator", quoted),
    "mediator_may_arbitrate": Field(
        "mediator_may_arbitrate", lambda r: r.word(("waived_in_writing",)) == "waived_in_writing"
    ),
}

ARB_MED_ARB: Spec = {
    "protocol": Field("protocol", quoted),
    "mediation_centre": Field("mediation_centre", quoted),
    "refer": Field("refer_within", lambda r: within(r, default_start("arb_med_arb.refer_within"))),
    "mediate": Field("mediate_within", lambda r: within(r, default_start("arb_med_arb.mediate_within"))),
    "consent_award": flag("consent_award"),
    "resume_if_unsettled": flag("resumes"),
}


def _arb_med_arb(r: Values, stmt: Statement) -> ArbMedArb | None:
    if not stmt.has_block:
        r.ctx.diags.error(
            "CG201",
            "`arb_med_arb` needs a block in braces",
            stmt.span,
            "write `arb_med_arb {`, the details on the lines below, and `}`",
        )
        raise Missing()
    v = read_block(stmt, ARB_MED_ARB, r.ctx, "arb-med-arb block", ("protocol",))
    v.setdefault("protocol", "")
    return ArbMedArb(span=stmt.span, **v)


ARBITRATION["arb_med_arb"] = Field("arb_med_arb", _arb_med_arb, block=True)


def _limitation_period(r: Values) -> Fields:
    out: Fields = {"period": r.period()}
    if r.accept("counted_from"):
        out["counted_from"] = r.word(("accrual", "year_end"))
    return out


LIMITATION: Spec = {
    "period": Field(None, _limitation_period),
    "adr_pauses": Field("adr_pauses", yes_no),
    "standstill": Field("standstill", lambda r: r.word(("during_adr", "none")) == "during_adr", default=False),
}
