"""Expert determination: which matters an expert decides, how the expert is appointed, and what binds.

Block: `expert_determination` (in the regime, and as the expert track of a route).
"""

from __future__ import annotations

from ...events import default_start
from ...model import Period
from ..reader import Field, Spec, flag
from ..values import Fields, Values
from .shapes import quoted, within


def _matters(r: Values) -> Fields:
    v = r.peek()
    if v is not None and v.kind == "name" and v.value in ("any", "any_dispute", "any_technical_dispute"):
        r.pos += 1
        return {"matters": (str(v.value),), "matters_closed": False}
    return {"matters": r.strings(), "matters_closed": True}


def _appoint(r: Values) -> Fields:
    out: Fields = {"appoint_within": within(r, default_start("expert.appoint_within"))}
    if r.accept("otherwise"):
        r.expect("nominated_by", 'otherwise nominated_by "CEDR"')
        out["nominated_by"] = r.string("the nominating body in quotes", 'within 14 days otherwise nominated_by "CEDR"')
    return out


def _binding(r: Values) -> Fields:
    start = r.peek()
    kind = r.word(("final", "non_binding", "appealable", "only_when_signed"))
    out: Fields = {"binding": kind, "binding_span": start.span if start else None}
    if kind == "final" and r.accept("except"):
        out["challenge_grounds"] = r.words(("fraud", "manifest_error"))
    if kind == "appealable":
        out["appeal_within"] = within(r, default_start("expert.appeal_within"))
    return out


EXPERT: Spec = {
    "matters": Field(None, _matters, default={"matters": ()}),
    "qualifications": Field("qualifications", quoted),
    "appoint": Field(None, _appoint),
    "determine": Field("determine_within", lambda r: within(r, default_start("expert.determine_within"))),
    "expedited": Field("expedited", lambda r: r.period(default_start("expert.expedited"))),
    "binding": Field(None, _binding),
    "reasons": Field("reasons", lambda r: r.word(("required", "not_required")) == "required"),
    "expert_not_arbitrator": flag("not_arbitrator"),
    "fees": Field("fees", lambda r: r.word(("shared_equally", "as_expert_directs", "borne_by_referring_party"))),
    # issue 12: the expert track of a route (WIPO-style): when it opens, where, in what language, who owes the fees
    "trigger": Field("trigger", lambda r: _trigger(r)),
    "venue": Field("venue", quoted),
    "language": Field("language", quoted),
    "rules": Field("rules", quoted),
    "fee_liability": Field("fee_liability", lambda r: r.word(("jointly_and_severally", "severally"))),
    "disputed_matter": Field(None, lambda r: _disputed_matter(r)),
}

MATTER_DECIDERS = ("expert", "mediator", "nominating_body", "final_forum")


def _disputed_matter(r: Values) -> Fields:
    """`disputed_matter decided_by expert within 5 business_days`: whether a matter is an expert matter."""
    example = "disputed_matter decided_by expert within 5 business_days"
    r.expect("decided_by", example)
    out: Fields = {"matter_decided_by": r.word(MATTER_DECIDERS), "matter_span": r.stmt.span}
    out["matter_decide_within"] = within(r, default_start("expert.matter_decide_within"))
    return out


def _trigger(r: Values) -> Period:
    r.expect("after", "trigger after 60 days of referral")
    return r.period(default_start("expert.trigger"))
