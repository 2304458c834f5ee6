"""Escalation through the tiers of management, and the terms that may be renegotiated.

Blocks: `escalation` and its `tier` blocks, `concessions`.
"""

from __future__ import annotations

from ...events import default_start
from ...model import Concession, Tier
from ..ast import Statement
from ..reader import Field, Spec, read_block
from ..values import Fields, Values
from .shapes import id_and_name, within

TIER: Spec = {
    "representatives": Field("representatives", lambda r: r.references("role"), default=()),
    "within": Field("limit", lambda r: r.period(default_start("tier.within")), default=None),
    "expedited": Field("expedited", lambda r: r.period(default_start("tier.expedited"))),
    "meet_within": Field("meet_within", lambda r: r.period(default_start("tier.meet_within"))),
    "forum": Field("forum", lambda r: r.reference("forum")),
    "written_response": Field("respond_within", lambda r: within(r, default_start("tier.respond_within"))),
}


def _tier(r: Values, stmt: Statement) -> Tier:
    tier_id, name = id_and_name(r, "tier", 'operational "Operational Review" {')
    fields = read_block(stmt, TIER, r.ctx, "tier", required=("representatives", "within"))
    return Tier(tier_id, name, span=stmt.span, **fields)


def _agreement(r: Values) -> Fields:
    words = r.words(("recorded_in_writing", "binding"))
    return {"agreement_in_writing": "recorded_in_writing" in words, "agreement_binding": "binding" in words}


ESCALATION: Spec = {
    "tier": Field("tiers", _tier, many=True, block=True, finish=tuple, default=()),
    "on_timeout": Field("on_timeout", lambda r: r.word(("refer_to_next", "either_may_refer")), default=""),
    "deemed_failure": Field(
        "deemed_failure", lambda r: r.words(("timeout", "refusal", "non_participation")), default=()
    ),
    "extension": Field("extension", lambda r: r.word(("by_written_agreement", "none")), default=""),
    "agreement": Field(None, _agreement, default={"agreement_in_writing": False, "agreement_binding": False}),
}

CONCESSIONS: Spec = {
    "renegotiable": Field(
        "items",
        lambda r: Concession(r.string("the term that may be renegotiated, in quotes"), r.stmt.span),
        many=True,
        finish=tuple,
        default=(),
    ),
}
