"""Fields read from a block -> the model's objects, for blocks the regime and its routes share.

`read_block` returns a block's fields by model field name; these functions
fill in the defaults and build the model's escalation, mediation, expert
determination, final forum and limitation from them.
"""

from __future__ import annotations

from ..laws import LawFacts
from ..model import Escalation, ExpertDetermination, FinalForum, Limitation, Mediation, Period, Unit
from ..source import Span
from .ast import Statement
from .reader import Fields, OpenedBlock


def make_escalation(s: Statement, v: Fields) -> Escalation:
    """The escalation an `escalation` block at `s` describes."""
    return Escalation(
        tuple(v.get("tiers", ())),
        v.get("on_timeout", ""),
        v.get("deemed_failure", ()),
        v.get("extension", ""),
        v.get("agreement_in_writing", False),
        v.get("agreement_binding", False),
        s.span,
    )


def make_expert(s: Statement, v: Fields) -> ExpertDetermination:
    """The expert determination an `expert_determination` block at `s` describes."""
    v.pop("matters_span", None)
    v.setdefault("matters", ())
    return ExpertDetermination(span=s.span, **v)


def make_mediation(s: Statement, v: Fields) -> Mediation:
    """The mediation a `mediation` block at `s` describes; `nominated_by body` names the body."""
    v.setdefault("trigger", "after_escalation")
    if v.get("nominated_by") == "@body":
        v["nominated_by"] = v.get("body", "")
    return Mediation(span=s.span, **v)


def final_forum(f: Fields, stmt: Statement) -> FinalForum:
    """The courts or the arbitration among the fields `f` of a regime or route block at `stmt`."""
    for kind, key in (("courts", "litigation"), ("arbitration", "arbitration")):
        if key in f:
            opened: OpenedBlock = f[key]
            s, v = opened
            if "carve_outs" in v:
                v["carve_outs"] = tuple(v["carve_outs"])
            return FinalForum(kind, s.span, **v)
    return FinalForum("", stmt.span)  # none given: reported above, checks skip it


def make_limitation(f: Fields, facts: LawFacts, law_span: Span) -> Limitation | None:
    """The limitation period stated in `f`, else the governing law's; None if neither is known."""
    if "limitation" in f:
        stated: OpenedBlock = f["limitation"]
        s, v = stated
        if "period" not in v:
            return None
        return Limitation(
            v["period"],
            v.get("adr_pauses", facts.adr_pauses_limitation),
            v.get("standstill", False),
            s.span,
            counted_from=v.get("counted_from", "accrual"),
        )
    if facts.limitation_years is None:
        return None
    return Limitation(
        Period(facts.limitation_years, Unit.YEARS, law_span), facts.adr_pauses_limitation, False, law_span, stated=False
    )
