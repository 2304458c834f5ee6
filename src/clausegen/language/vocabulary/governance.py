"""Governance: the forums that meet during the contract, and the behaviours the parties commit to.

Blocks: `governance` and its `forum` blocks, `behaviours`.
"""

from __future__ import annotations

from ...events import default_start
from ...model import Forum, Period
from ..ast import Statement
from ..reader import Field, Spec, flag, read_block
from ..values import Fields, Values
from .shapes import every, flattened, id_and_name, papers_before, quoted, within


def _minutes(r: Values) -> Fields:
    r.expect("by", "by client.contract_manager within 5 business_days")
    who = r.reference("role")
    out: Fields = {"minutes_by": who}
    if r.more():
        out["minutes_within"] = within(r, default_start("forum.minutes_within"))
    return out


def _in_person(r: Values) -> Fields:
    if not r.more():
        return {"in_person": True}
    return {"in_person": True, "mandatory": r.word(("mandatory", "optional")) == "mandatory"}


def _quorum(r: Values) -> Fields:
    if r.accept("one_per_party"):
        return {"quorum_each_party": True}
    out: Fields = {"quorum": r.integer("the number of members needed, or `one_per_party`", "2")}
    if r.accept("including"):
        r.expect("one_per_party", "3 including one_per_party")
        out["quorum_each_party"] = True
    return out


def _transition(r: Values) -> Fields:
    out: Fields = {"transition_cadence": every(r)}
    if r.accept("for"):
        out["transition_period"] = r.period()
    return out


def _extraordinary(r: Values) -> Period:
    r.expect("on", "on 5 business_days notice")
    p = r.period()
    r.expect("notice", "on 5 business_days notice")
    return p


FORUM: Spec = {
    "members": Field("members", lambda r: r.references("role"), default=()),
    "chair": Field("chair", lambda r: r.reference("role")),
    "meets": Field("cadence", every),
    "transition_meets": Field(None, _transition),
    "quorum": Field(None, _quorum),
    "papers": Field("papers_before", papers_before),
    "minutes": Field(None, _minutes),
    "in_person": Field(None, _in_person),
    "remote_only": Field(None, lambda r: {"remote_only": True, "remote_span": r.stmt.span}),
    "extraordinary_meetings": Field("extraordinary_notice", _extraordinary),
    "terms_of_reference": Field("terms_of_reference", lambda r: r.strings(), many=True, finish=flattened),
}


def _forum(r: Values, stmt: Statement) -> Forum:
    forum_id, name = id_and_name(r, "forum", 'operational_review "Operational Review" {')
    fields = read_block(stmt, FORUM, r.ctx, "forum", required=("members", "meets"))
    return Forum(forum_id, name, span=stmt.span, **fields)


GOVERNANCE: Spec = {
    "changes_only_via_change_control": flag("changes_only_via_change_control", default=False),
    "forum": Field("forums", _forum, many=True, block=True, finish=tuple, default=()),
}

BEHAVIOURS: Spec = {
    "principles": Field(
        "principles",
        lambda r: r.words(
            (
                "listening",
                "empathy",
                "psychological_safety",
                "facts_not_positions",
                "no_surprises",
                "joint_problem_solving",
                "respect",
            )
        ),
        default=(),
    ),
    "guidance": Field("guidance", quoted, many=True, finish=tuple, default=()),
}
