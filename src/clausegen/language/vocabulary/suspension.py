"""Suspending a disputed initiative, and isolating the dispute from the rest of the contract.

Blocks: `suspension`, `isolation`.
"""

from __future__ import annotations

from typing import Any

from ...events import default_start
from ...model import Period, Suspension
from ...source import Span
from ..reader import Field, Spec
from ..values import Fields, Values
from .shapes import period, within


def _suspension_scope(r: Values) -> Fields:
    v = r.peek()
    if v is not None and v.kind == "name":
        return {"scope": r.word(("disputed_initiative_only", "all_services")), "scope_span": v.span}
    return {
        "scope": r.string("the initiative that may be suspended, in quotes"),
        "scope_span": v.span if v else r.stmt.span,
    }


def _invoker(r: Values) -> str:
    if r.accept("either"):
        return "either"
    if r.accept("agreement"):
        return "agreement"
    for kind in ("client", "provider"):  # the party of that kind
        if r.accept(kind):
            return kind
    return r.reference("party")


def _resume(r: Values) -> Period:
    return within(r, default_start("suspension.resume_within"))


SUSPENSION: Spec = {
    "scope": Field(None, _suspension_scope, default={"scope": ""}),
    "invoked_by": Field("invoked_by", _invoker),
    "notice": Field("notice", period),
    "max_duration": Field("max_duration", period),
    "aggregate_cap": Field("aggregate_cap", period),
    "mitigation": Field("mitigation", lambda r: r.word(("required",)) == "required"),
    "adjustment_claims": Field("claim_window", lambda r: within(r, default_start("suspension.claim_window"))),
    "continue": Field("continue_unaffected", lambda r: r.word(("unaffected_services",)) == "unaffected_services"),
    "pay": Field("pay_undisputed", lambda r: r.word(("undisputed_amounts",)) == "undisputed_amounts"),
    "resume": Field("resume_within", _resume),
}


def suspension_of(span: Span, **fields: Any) -> Suspension:
    """The suspension a `suspension` block's fields describe; without a `scope` line, its span is the block's."""
    fields.setdefault("scope_span", span)
    return Suspension(span=span, **fields)


ISOLATION: Spec = {
    "no_prejudice_to": Field(
        "no_prejudice_to",
        lambda r: r.words(
            ("renewal", "extension", "new_statements_of_work", "new_work", "change_requests", "benchmarking")
        ),
        default=(),
    ),
    "suspension_does_not_extend_term": Field("suspension_extends_term", lambda r: False, default=None),
    "suspension_extends_term": Field("suspension_extends_term", lambda r: True, default=None),
}
