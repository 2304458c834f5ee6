"""Mediation and the settlement agreement that ends it.

Blocks: `mediation`, `settlement`.
"""

from __future__ import annotations

from typing import Any

from ...events import default_start
from ...model import Mediation
from ...source import Span
from ..reader import Field, Spec, flag
from ..values import Fields, Values
from .shapes import papers_before, quoted, within


def body_or_string(r: Values) -> str:
    """Who nominates the mediator: `body` (the mediation's own body) or a body named in quotes."""
    if r.accept("body"):
        return "@body"
    return r.string("the nominating body in quotes", 'within 10 business_days otherwise nominated_by "CEDR"')


def _agree_mediator(r: Values) -> Fields:
    out: Fields = {"agree_within": within(r, default_start("mediation.agree_within"))}
    if r.accept("otherwise"):
        r.expect("nominated_by", "otherwise nominated_by body")
        out["nominated_by"] = body_or_string(r)
    return out


def _initial_meetings(r: Values) -> Fields:
    how = r.word(("separate", "joint"))
    return {"initial_meetings": how, "initial_meetings_separate": how == "separate"}


def _confidential(r: Values) -> Fields:
    out: Fields = {"confidential": True, "confidential_span": r.stmt.span}
    if r.accept("except"):
        out["confidentiality_exceptions"] = r.words(
            ("fact_of_mediation", "required_by_law", "enforcing_settlement", "insurers", "professional_advisers")
        )
    return out


def _costs(r: Values) -> Fields:
    out: Fields = {"costs": r.word(("shared_equally", "borne_by_referring_party", "as_mediator_recommends"))}
    if r.accept("own_costs"):
        out["own_costs"] = r.word(("borne_by_each", "in_the_settlement"))
    return out


def _settlement_drafting(r: Values) -> Fields:
    r.expect("drafted_by", "drafted_by mediator reviewed_by lawyers")
    out: Fields = {"settlement_drafted_by": r.word(("mediator", "parties"))}
    if r.accept("reviewed_by"):
        out["settlement_reviewed_by"] = r.word(("lawyers", "parties"))
    return out


MEDIATION: Spec = {
    "trigger": Field(
        "trigger",
        lambda r: r.word(("after_escalation", "any_time_by_agreement", "party_request")),
        default="after_escalation",
    ),
    "mandatory": flag("mandatory"),
    "opt_out": Field("mandatory", lambda r: False),
    "rules": Field("rules", quoted),
    "body": Field("body", quoted),
    "mediator": Field("mediator", quoted),
    "mediators": Field("mediators", lambda r: r.integer("the number of mediators", "1")),
    "agree_mediator": Field(None, _agree_mediator),
    "start": Field("start_within", lambda r: within(r, default_start("mediation.start_within"))),
    "conclude": Field("conclude_within", lambda r: within(r, default_start("mediation.conclude_within"))),
    "expedited": Field("expedited", lambda r: r.period(default_start("mediation.expedited"))),
    "papers": Field("papers_before", papers_before),
    "pre_mediation": Field("pre_mediation", lambda r: r.words(("case_summaries", "document_bundles", "attendee_list"))),
    "initial_meetings": Field(None, _initial_meetings),
    "mediator_reviews": Field(
        "mediator_reviews",
        lambda r: r.words(
            ("contract", "service_documentation", "performance_reports", "correspondence", "governance_minutes")
        ),
    ),
    "sessions": Field("sessions", lambda r: r.words(("joint", "private"))),
    "private_sessions": Field("private_sessions_confidential", lambda r: r.word(("confidential",)) == "confidential"),
    "confidential": Field(None, _confidential),
    "without_prejudice": flag("without_prejudice"),
    "non_admission": flag("non_admission"),
    "binding": Field("binding_only_when_signed", lambda r: r.word(("only_when_signed",)) == "only_when_signed"),
    "either_party_may_withdraw": flag("withdrawal"),
    "mediator_liability": Field("mediator_liability_excluded", lambda r: r.word(("excluded",)) == "excluded"),
    "attendees": Field(
        "attendees_with_authority", lambda r: r.word(("with_authority_to_settle",)) == "with_authority_to_settle"
    ),
    "venue": Field("venue", quoted),
    "language": Field("language", quoted),
    "costs": Field(None, _costs),
    "settlement": Field(None, _settlement_drafting),
}


def mediation_of(span: Span, **fields: Any) -> Mediation:
    """The mediation a `mediation` block's fields describe; `nominated_by body` names the block's `body`.

    A reader cannot resolve `body` itself: the `body` line may come after the line that names it.
    """
    if fields.get("nominated_by") == "@body":
        fields["nominated_by"] = fields.get("body", "")
    return Mediation(span=span, **fields)


SETTLEMENT: Spec = {
    "in_writing": flag("in_writing", default=False),
    "signed_by": Field(
        "signed_by_authorised",
        lambda r: r.word(("authorised_representatives",)) == "authorised_representatives",
        default=False,
    ),
    "sign": Field("sign_within", lambda r: within(r, default_start("settlement.sign_within"))),
    "consent_order": Field(
        "consent_order", lambda r: r.word(("where_proceedings_pending",)) == "where_proceedings_pending"
    ),
}
