"""AST -> regime model: gives each keyword its meaning.

The vocabulary of the language is the `Spec` tables below: one per block,
keyword -> how its values are read and which model field they fill. Shape
problems (unknown keyword, wrong value, missing required line) are reported
here; the rules of a good regime are checked later, in checks.py.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import CompileError, Diagnostics, did_you_mean
from ..laws import law_facts
from ..model import (
    NON_DISPUTING_KINDS,
    ArbMedArb,
    Behaviours,
    Concession,
    Continuity,
    DisputeNotice,
    Disputes,
    Escalation,
    Expedition,
    ExpertDetermination,
    FinalForum,
    Forum,
    Governance,
    Isolation,
    Joinder,
    Law,
    Limitation,
    Mediation,
    NoticeMethod,
    Notices,
    Party,
    Period,
    Regime,
    Revision,
    Role,
    Route,
    Scope,
    Settlement,
    Suspension,
    Tier,
    Unit,
    VersionHistory,
)
from ..source import Span
from ..timing import default_start
from .ast import SourceTree, Statement
from .reader import KEYWORD_HOMES, Context, Field, Missing, Spec, Values, flag, read_block

CLIENT_KINDS = ("client", "customer", "authority", "buyer")
PROVIDER_KINDS = ("provider", "supplier", "contractor", "vendor")
PARTY_KINDS = ("client", "provider", "other") + NON_DISPUTING_KINDS
TRANSPARENCY_DUTIES = ("freedom_of_information", "audit", "parliament")


def build(tree: SourceTree, diags: Diagnostics) -> tuple[Regime | None, Context]:
    """Build the regime model; shape errors go to `diags`."""
    ctx = Context(diags, tree.file)
    regimes = [s for s in tree.statements if s.keyword == "regime"]
    if not regimes:
        # A misspelt `regime` with a block: say so, and read the block anyway.
        for s in tree.statements:
            if s.has_block and did_you_mean(s.keyword, ("regime",)):
                diags.error("CG200", f"`{s.keyword}` is not a keyword", s.keyword_span, "did you mean `regime`?")
                regimes = [s]
                break
    for s in tree.statements:
        if s.keyword != "regime" and s not in regimes:
            diags.error(
                "CG200",
                f"`{s.keyword}` must stand inside the regime block",
                s.keyword_span,
                'everything goes inside: regime "Name" { ... }',
            )
    if not regimes:
        first = tree.statements[0].keyword_span if tree.statements else Span.point(tree.file, 1, 1)
        diags.error("CG201", "this file has no regime", first, 'start with: regime "Name of the agreement" {')
        return None, ctx
    for extra in regimes[1:]:
        diags.error(
            "CG204",
            "a file holds one regime; this is a second",
            extra.keyword_span,
            "put each regime in its own .regime file",
        )
    return _regime(regimes[0], ctx), ctx


# -- small readers --------------------------------------------------------------


def _period(r: Values) -> Period:
    return r.period()


def _within(r: Values, start: str = "") -> Period:
    r.expect("within", "within 10 business_days")
    return r.period(start)


def _string(r: Values) -> str:
    return r.string()


def _yes_no(r: Values) -> bool:
    return r.word(("yes", "no")) == "yes"


# -- parties and roles ------------------------------------------------------------

PARTY_DETAILS: Spec = {
    "address": Field("address", _string),
    "email": Field("email", _string),
    "company_number": Field("company_number", _string),
    "attention": Field("attention", _string),
    "public_body": flag("public_body"),
    "transparency_duties": Field("transparency_duties", lambda r: r.words(TRANSPARENCY_DUTIES)),
}


def _party(r: Values, stmt: Statement) -> Party:
    ctx = r.ctx
    v = r.peek()
    if v is None or v.kind != "name" or "." in str(v.value):
        raise r.fail("a short name for the party such as `client` or `provider`", 'client "Acme plc" as "Customer"')
    party_id = r.reference("party-definition")
    name = r.string("the party's full legal name in double quotes", f'{party_id} "Acme Retail Group plc" as "Customer"')
    r.expect("as", f'{party_id} "{name}" as "Customer"')
    defined = r.string("the name the contract uses for the party", '"Customer"')
    opts = r.options({"kind": lambda x: x.word(PARTY_KINDS)})
    kind = opts.get("kind") or (
        "client"
        if party_id in CLIENT_KINDS
        else "provider"
        if party_id in PROVIDER_KINDS
        else party_id
        if party_id in NON_DISPUTING_KINDS
        else "other"
    )
    details = read_block(stmt, PARTY_DETAILS, ctx, "party block") if stmt.has_block else {}
    return Party(party_id, name, defined, kind, stmt.span, **details)


def _role(r: Values) -> Role:
    v = r.peek()
    if v is None or v.kind != "name" or "." not in str(v.value):
        r.ctx.references.append(("role-failed", "", r.stmt.span))
        raise r.fail(
            "the party and role, joined by a dot, such as client.contract_manager",
            'client.contract_manager "Head of Vendor Management"',
        )
    role_id = str(v.value)
    r.pos += 1
    r.ctx.references.append(("role-definition", role_id, v.span))
    title = r.string("the role's title in double quotes", f'{role_id} "Head of Vendor Management"')
    opts = r.options(
        {
            "seniority": lambda x: x.integer("a seniority level (1 is the most junior)"),
            "person": _string,
            "email": _string,
            "phone": _string,
        }
    )
    return Role(role_id, role_id.split(".", 1)[0], title, r.stmt.span, **opts)


# -- notices and governance ------------------------------------------------------------

NOTICE_METHODS = ("email", "courier", "hand", "post", "recorded_delivery")
DEEMED = ("on_delivery", "next_business_day", "second_business_day", "on_sending")


def _notice_method(r: Values) -> NoticeMethod:
    method = r.word(NOTICE_METHODS)
    r.expect("deemed_received", "email deemed_received on_delivery")
    return NoticeMethod(method, r.word(DEEMED), r.stmt.span)


NOTICES: Spec = {"by": Field("methods", _notice_method, many=True)}


def _every(r: Values) -> Period:
    r.expect("every", "every 1 months")
    return r.period()


def _papers(r: Values) -> Period:
    p = r.period()
    r.expect("before", "5 business_days before")
    return p


def _minutes(r: Values) -> dict:
    r.expect("by", "by client.contract_manager within 5 business_days")
    who = r.reference("role")
    out: dict[str, Any] = {"minutes_by": who}
    if r.more():
        out["minutes_within"] = _within(r, default_start("forum.minutes_within"))
    return out


def _in_person(r: Values) -> dict:
    if not r.more():
        return {"in_person": True}
    return {"in_person": True, "mandatory": r.word(("mandatory", "optional")) == "mandatory"}


def _quorum(r: Values) -> dict:
    if r.accept("one_per_party"):
        return {"quorum_each_party": True}
    out: dict[str, Any] = {"quorum": r.integer("the number of members needed, or `one_per_party`", "2")}
    if r.accept("including"):
        r.expect("one_per_party", "3 including one_per_party")
        out["quorum_each_party"] = True
    return out


def _transition(r: Values) -> dict:
    out: dict[str, Any] = {"transition_cadence": _every(r)}
    if r.accept("for"):
        out["transition_period"] = r.period()
    return out


def _extraordinary(r: Values) -> Period:
    r.expect("on", "on 5 business_days notice")
    p = r.period()
    r.expect("notice", "on 5 business_days notice")
    return p


FORUM: Spec = {
    "members": Field("members", lambda r: r.references("role")),
    "chair": Field("chair", lambda r: r.reference("role")),
    "meets": Field("cadence", _every),
    "transition_meets": Field(None, _transition),
    "quorum": Field(None, _quorum),
    "papers": Field("papers_before", _papers),
    "minutes": Field(None, _minutes),
    "in_person": Field(None, _in_person),
    "remote_only": Field(None, lambda r: {"remote_only": True, "remote_span": r.stmt.span}),
    "extraordinary_meetings": Field("extraordinary_notice", _extraordinary),
    "terms_of_reference": Field("terms_of_reference", lambda r: r.strings(), many=True),
}


def _id_and_name(r: Values, what: str, example: str) -> tuple[str, str]:
    v = r.peek()
    if v is None or v.kind != "name" or "." in str(v.value):
        raise r.fail(f"a short id for the {what}, then its name in quotes", example)
    r.pos += 1
    name = r.string(f"the {what}'s name in double quotes", example)
    r.ctx.references.append((f"{what}-definition", str(v.value), v.span))
    return str(v.value), name


def _forum(r: Values, stmt: Statement) -> Forum:
    forum_id, name = _id_and_name(r, "forum", 'operational_review "Operational Review" {')
    fields = read_block(stmt, FORUM, r.ctx, "forum", required=("members", "meets"))
    fields.setdefault("members", ())
    fields["terms_of_reference"] = tuple(x for xs in fields.get("terms_of_reference", []) for x in xs)
    return Forum(forum_id, name, span=stmt.span, **fields)


GOVERNANCE: Spec = {
    "changes_only_via_change_control": flag("changes_only_via_change_control"),
    "forum": Field("forums", _forum, many=True, block=True),
}

# -- scope, notice, continuity, timetables -------------------------------------------

SCOPE: Spec = {
    "covers": Field("covers", lambda r: r.word(("arising_out_of_or_in_connection_with", "arising_under"))),
    "excludes": Field("excluded", lambda r: r.strings(), many=True),
}

NOTICE_CONTENTS = (
    "summary",
    "nature",
    "particulars",
    "reasons",
    "affected_services",
    "supporting_documents",
    "documents",
    "remedy_sought",
    "relief_sought",
    "estimated_value",
    "proposed_representatives",
)

DISPUTE_NOTICE: Spec = {
    "in_writing": flag("in_writing"),
    "contents": Field("contents", lambda r: r.words(NOTICE_CONTENTS)),
    "clock_starts": Field("clock_starts", lambda r: r.word(("on_receipt", "day_after_receipt", "on_sending"))),
    "served_by": Field("served_by", lambda r: r.references("role")),
}


def _disputed_invoices(r: Values) -> Period:
    r.expect("notify", "notify within 20 business_days of invoice")
    return _within(r, default_start("continuity.disputed_invoice_window"))


CONTINUITY: Spec = {
    "services_continue": flag("services_continue"),
    "pay": Field("pay_undisputed", lambda r: r.word(("undisputed_amounts",)) == "undisputed_amounts"),
    "disputed_invoices": Field("disputed_invoice_window", _disputed_invoices),
}


def _decider(r: Values) -> str:
    v = r.peek()
    if v is not None and v.kind == "name" and v.value in ("agreement", "either", "mediator"):
        r.pos += 1
        return str(v.value)
    return r.reference("role")


TIMETABLES: Spec = {
    "expedited_when": Field("when", lambda r: r.strings(), many=True),
    "decided_by": Field("decided_by", _decider),
    "decide": Field("decide_within", lambda r: _within(r, default_start("expedition.decide_within"))),
    "otherwise": Field("default", lambda r: r.word(("standard", "expedited"))),
}

# -- escalation ---------------------------------------------------------------------------------

TIER: Spec = {
    "representatives": Field("representatives", lambda r: r.references("role")),
    "within": Field("limit", lambda r: r.period(default_start("tier.within"))),
    "expedited": Field("expedited", lambda r: r.period(default_start("tier.expedited"))),
    "meet_within": Field("meet_within", lambda r: r.period(default_start("tier.meet_within"))),
    "forum": Field("forum", lambda r: r.reference("forum")),
    "written_response": Field("respond_within", lambda r: _within(r, default_start("tier.respond_within"))),
}


def _tier(r: Values, stmt: Statement) -> Tier:
    tier_id, name = _id_and_name(r, "tier", 'operational "Operational Review" {')
    fields = read_block(stmt, TIER, r.ctx, "tier", required=("representatives", "within"))
    fields.setdefault("representatives", ())
    fields.setdefault("limit", None)
    return Tier(tier_id, name, span=stmt.span, **fields)


def _agreement(r: Values) -> dict:
    words = r.words(("recorded_in_writing", "binding"))
    return {"agreement_in_writing": "recorded_in_writing" in words, "agreement_binding": "binding" in words}


ESCALATION: Spec = {
    "tier": Field("tiers", _tier, many=True, block=True),
    "on_timeout": Field("on_timeout", lambda r: r.word(("refer_to_next", "either_may_refer"))),
    "deemed_failure": Field("deemed_failure", lambda r: r.words(("timeout", "refusal", "non_participation"))),
    "extension": Field("extension", lambda r: r.word(("by_written_agreement", "none"))),
    "agreement": Field(None, _agreement),
}

CONCESSIONS: Spec = {
    "renegotiable": Field(
        "items", lambda r: Concession(r.string("the term that may be renegotiated, in quotes"), r.stmt.span), many=True
    ),
}

# -- expert determination --------------------------------------------------------------


def _matters(r: Values) -> dict:
    v = r.peek()
    if v is not None and v.kind == "name" and v.value in ("any", "any_dispute", "any_technical_dispute"):
        r.pos += 1
        return {"matters": (str(v.value),), "matters_closed": False, "matters_span": v.span}
    return {"matters": r.strings(), "matters_closed": True}


def _appoint(r: Values) -> dict:
    out: dict[str, Any] = {"appoint_within": _within(r, default_start("expert.appoint_within"))}
    if r.accept("otherwise"):
        r.expect("nominated_by", 'otherwise nominated_by "CEDR"')
        out["nominated_by"] = r.string("the nominating body in quotes", 'within 14 days otherwise nominated_by "CEDR"')
    return out


def _body_or_string(r: Values) -> str:
    if r.accept("body"):
        return "@body"
    return r.string("the nominating body in quotes", 'within 10 business_days otherwise nominated_by "CEDR"')


def _binding(r: Values) -> dict:
    start = r.peek()
    kind = r.word(("final", "non_binding", "appealable", "only_when_signed"))
    out: dict[str, Any] = {"binding": kind, "binding_span": start.span if start else None}
    if kind == "final" and r.accept("except"):
        out["challenge_grounds"] = r.words(("fraud", "manifest_error"))
    if kind == "appealable":
        out["appeal_within"] = _within(r, default_start("expert.appeal_within"))
    return out


EXPERT: Spec = {
    "matters": Field(None, _matters),
    "qualifications": Field("qualifications", _string),
    "appoint": Field(None, _appoint),
    "determine": Field("determine_within", lambda r: _within(r, default_start("expert.determine_within"))),
    "expedited": Field("expedited", lambda r: r.period(default_start("expert.expedited"))),
    "binding": Field(None, _binding),
    "reasons": Field("reasons", lambda r: r.word(("required", "not_required")) == "required"),
    "expert_not_arbitrator": flag("not_arbitrator"),
    "fees": Field("fees", lambda r: r.word(("shared_equally", "as_expert_directs", "borne_by_referring_party"))),
    # issue 12: the expert track of a route (WIPO-style): when it opens, where, in what language, who owes the fees
    "trigger": Field("trigger", lambda r: _trigger(r)),
    "venue": Field("venue", _string),
    "language": Field("language", _string),
    "rules": Field("rules", _string),
    "fee_liability": Field("fee_liability", lambda r: r.word(("jointly_and_severally", "severally"))),
    "disputed_matter": Field(None, lambda r: _disputed_matter(r)),
}

MATTER_DECIDERS = ("expert", "mediator", "nominating_body", "final_forum")


def _disputed_matter(r: Values) -> dict:
    """`disputed_matter decided_by expert within 5 business_days`: whether a matter is an expert matter."""
    example = "disputed_matter decided_by expert within 5 business_days"
    r.expect("decided_by", example)
    out: dict[str, Any] = {"matter_decided_by": r.word(MATTER_DECIDERS), "matter_span": r.stmt.span}
    out["matter_decide_within"] = _within(r, default_start("expert.matter_decide_within"))
    return out


def _trigger(r: Values) -> Period:
    r.expect("after", "trigger after 60 days of referral")
    return r.period(default_start("expert.trigger"))


# -- mediation --------------------------------------------------------------------------


def _agree_mediator(r: Values) -> dict:
    out: dict[str, Any] = {"agree_within": _within(r, default_start("mediation.agree_within"))}
    if r.accept("otherwise"):
        r.expect("nominated_by", "otherwise nominated_by body")
        out["nominated_by"] = _body_or_string(r)
    return out


def _initial_meetings(r: Values) -> dict:
    how = r.word(("separate", "joint"))
    return {"initial_meetings": how, "initial_meetings_separate": how == "separate"}


def _confidential(r: Values) -> dict:
    out: dict[str, Any] = {"confidential": True, "confidential_span": r.stmt.span}
    if r.accept("except"):
        out["confidentiality_exceptions"] = r.words(
            ("fact_of_mediation", "required_by_law", "enforcing_settlement", "insurers", "professional_advisers")
        )
    return out


def _costs(r: Values) -> dict:
    out: dict[str, Any] = {"costs": r.word(("shared_equally", "borne_by_referring_party", "as_mediator_recommends"))}
    if r.accept("own_costs"):
        out["own_costs"] = r.word(("borne_by_each", "in_the_settlement"))
    return out


def _settlement_drafting(r: Values) -> dict:
    r.expect("drafted_by", "drafted_by mediator reviewed_by lawyers")
    out: dict[str, Any] = {"settlement_drafted_by": r.word(("mediator", "parties"))}
    if r.accept("reviewed_by"):
        out["settlement_reviewed_by"] = r.word(("lawyers", "parties"))
    return out


MEDIATION: Spec = {
    "trigger": Field("trigger", lambda r: r.word(("after_escalation", "any_time_by_agreement", "party_request"))),
    "mandatory": flag("mandatory"),
    "opt_out": Field("mandatory", lambda r: False),
    "rules": Field("rules", _string),
    "body": Field("body", _string),
    "mediator": Field("mediator", _string),
    "mediators": Field("mediators", lambda r: r.integer("the number of mediators", "1")),
    "agree_mediator": Field(None, _agree_mediator),
    "start": Field("start_within", lambda r: _within(r, default_start("mediation.start_within"))),
    "conclude": Field("conclude_within", lambda r: _within(r, default_start("mediation.conclude_within"))),
    "expedited": Field("expedited", lambda r: r.period(default_start("mediation.expedited"))),
    "papers": Field("papers_before", _papers),
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
    "venue": Field("venue", _string),
    "language": Field("language", _string),
    "costs": Field(None, _costs),
    "settlement": Field(None, _settlement_drafting),
}

SETTLEMENT: Spec = {
    "in_writing": flag("in_writing"),
    "signed_by": Field(
        "signed_by_authorised", lambda r: r.word(("authorised_representatives",)) == "authorised_representatives"
    ),
    "sign": Field("sign_within", lambda r: _within(r, default_start("settlement.sign_within"))),
    "consent_order": Field(
        "consent_order", lambda r: r.word(("where_proceedings_pending",)) == "where_proceedings_pending"
    ),
}

# -- suspension, isolation --------------------------------------------------------------------


def _suspension_scope(r: Values) -> dict:
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
    return _within(r, default_start("suspension.resume_within"))


SUSPENSION: Spec = {
    "scope": Field(None, _suspension_scope),
    "invoked_by": Field("invoked_by", _invoker),
    "notice": Field("notice", _period),
    "max_duration": Field("max_duration", _period),
    "aggregate_cap": Field("aggregate_cap", _period),
    "mitigation": Field("mitigation", lambda r: r.word(("required",)) == "required"),
    "adjustment_claims": Field("claim_window", lambda r: _within(r, default_start("suspension.claim_window"))),
    "continue": Field("continue_unaffected", lambda r: r.word(("unaffected_services",)) == "unaffected_services"),
    "pay": Field("pay_undisputed", lambda r: r.word(("undisputed_amounts",)) == "undisputed_amounts"),
    "resume": Field("resume_within", _resume),
}

ISOLATION: Spec = {
    "no_prejudice_to": Field(
        "no_prejudice_to",
        lambda r: r.words(
            ("renewal", "extension", "new_statements_of_work", "new_work", "change_requests", "benchmarking")
        ),
    ),
    "suspension_does_not_extend_term": Field("suspension_extends_term", lambda r: False),
    "suspension_extends_term": Field("suspension_extends_term", lambda r: True),
}

# -- disputes between some of the parties -----------------------------------------


def _joinder_by(r: Values) -> dict:
    how = r.word(("consent", "contract"))
    out: dict[str, Any] = {"by": how}
    if how == "contract":
        out["provision"] = r.string(
            "the clause of the contract that provides for joinder, in quotes", 'by contract "Clause 45.4"'
        )
    return out


JOINDER: Spec = {
    "by": Field(None, _joinder_by),
    "within": Field("within", lambda r: r.period(default_start("joinder.within"))),
}


def _joinder(r: Values, stmt: Statement) -> Joinder:
    fields = read_block(stmt, JOINDER, r.ctx, "joinder block") if stmt.has_block else {}
    return Joinder(stmt.span, **fields)


DISPUTES: Spec = {
    "between": Field("between", lambda r: r.word(("named_in_notice",))),
    "joinder": Field("joinder", _joinder, block=True),
}

# -- final forum ----------------------------------------------------------------------------------

GATES = (
    "escalation_exhausted",
    "mediation_fails",
    "expert_determination",
    "other_party_fails_to_participate",
    "mediation_declined",
)
CARVE_OUTS = ("urgent_interim_relief", "limitation_protection", "injunction_for_confidentiality")


def _gate(r: Values) -> dict:
    out: dict[str, Any] = {"gated_by": (r.word(GATES),)}
    while r.accept("or"):
        v = r.peek()
        if v is not None and v.kind == "number":
            out["long_stop"] = r.period(default_start("final.long_stop"))
        else:
            out["gated_by"] += (r.word(GATES),)
    return out


def _courts(r: Values) -> dict:
    out: dict[str, Any] = {"court": r.string("the courts in quotes", '"England and Wales" exclusive')}
    if r.more():
        out["exclusive"] = r.word(("exclusive", "non_exclusive")) == "exclusive"
    return out


_FINAL_COMMON: Spec = {
    "after": Field(None, _gate),
    "carve_out": Field("carve_outs", lambda r: r.words(CARVE_OUTS)),
}

LITIGATION: Spec = {**_FINAL_COMMON, "courts": Field(None, _courts)}

ARBITRATION: Spec = {
    **_FINAL_COMMON,
    "rules": Field("rules", _string),
    "institution": Field("institution", _string),
    "seat": Field("seat", _string),
    "arbitrators": Field("arbitrators", lambda r: r.integer("the number of arbitrators (1 or 3)", "3")),
    "language": Field("language", _string),
    "emergency_arbitrator": Field("emergency_arbitrator", lambda r: r.word(("available", "excluded")) == "available"),
    "arbitrator": Field("arbitrator", _string),
    "mediator_may_arbitrate": Field(
        "mediator_may_arbitrate", lambda r: r.word(("waived_in_writing",)) == "waived_in_writing"
    ),
}

# -- Arb-Med-Arb (issue 12) ------------------------------------------------------------------

ARB_MED_ARB: Spec = {
    "protocol": Field("protocol", _string),
    "mediation_centre": Field("mediation_centre", _string),
    "refer": Field("refer_within", lambda r: _within(r, default_start("arb_med_arb.refer_within"))),
    "mediate": Field("mediate_within", lambda r: _within(r, default_start("arb_med_arb.mediate_within"))),
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


def _limitation_period(r: Values) -> dict:
    out: dict[str, Any] = {"period": r.period()}
    if r.accept("counted_from"):
        out["counted_from"] = r.word(("accrual", "year_end"))
    return out


LIMITATION: Spec = {
    "period": Field(None, _limitation_period),
    "adr_pauses": Field("adr_pauses", _yes_no),
    "standstill": Field("standstill", lambda r: r.word(("during_adr", "none")) == "during_adr"),
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
    ),
    "guidance": Field("guidance", _string, many=True),
}

# -- version history ------------------------------------------------------------------------


def _revision(r: Values) -> Revision:
    example = '"1.0" 2025-01-01 "First signed version."'
    version = r.string("the version in quotes", example)
    when = r.date(f'"{version}" 2025-01-01 "First signed version."')
    summary = r.string(
        "a short summary of the version in quotes", f'"{version}" {when.isoformat()} "First signed version."'
    )
    return Revision(version, when, summary, r.stmt.span)


HISTORY: Spec = {"version": Field("revisions", _revision, many=True)}


def _version(r: Values) -> str:
    """The regime's own `version "2.0"`; a dated version with a summary is a history line."""
    version = r.string("the version in quotes", '"2.0"')
    after = r.peek()
    if after is not None and after.kind == "date":
        r.ctx.diags.error(
            "CG203",
            "`version` in the regime block takes the version only",
            after.span.to(r.stmt.values[-1].span),
            f'a version with its date and summary is a line of the history: history {{ version "{version}" {after.text} "..." }}',
        )
        raise Missing()
    return version


# -- the regime ------------------------------------------------------------------------------------


def _sub(spec: Spec, where: str, required: tuple[str, ...] = ()):
    """A reader for a keyword that opens a block read by `spec`."""

    def read(r: Values, stmt: Statement) -> tuple[Statement, dict]:
        if not stmt.has_block:
            r.ctx.diags.error(
                "CG201",
                f"`{stmt.keyword}` needs a block in braces",
                stmt.span,
                f"write `{stmt.keyword} {{`, the details on the lines below, and `}}`",
            )
            raise Missing()
        return stmt, read_block(stmt, spec, r.ctx, where, required)

    return read


# -- routes by subject matter (issue 12) -------------------------------------------------------


def _escalation_or_none(r: Values, stmt: Statement):
    """`escalation none` (the route has no tiers) or an escalation block."""
    if not stmt.has_block:
        r.expect("none", "escalation none")
        return stmt, None
    return stmt, read_block(stmt, ESCALATION, r.ctx, "escalation block", ("tier",))


ROUTE: Spec = {
    "matters": Field("matters", lambda r: r.strings(), many=True),
    "escalation": Field("escalation", _escalation_or_none, block=True),
    "mediation": Field("mediation", _sub(MEDIATION, "mediation block", ("trigger",)), block=True),
    "expert_determination": Field("expert", _sub(EXPERT, "expert determination block"), block=True),
    "litigation": Field("litigation", _sub(LITIGATION, "litigation block", ("courts",)), block=True),
    "arbitration": Field("arbitration", _sub(ARBITRATION, "arbitration block"), block=True),
}


def _route(r: Values, stmt: Statement) -> Route | None:
    route_id, name = _id_and_name(r, "route", 'technical "Technical Route" {')
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
        escalation = _make_escalation(*f["escalation"])
    s, v = f.get("mediation", (None, None))
    mediation = _make_mediation(s, v) if s else None
    s, v = f.get("expert", (None, None))
    expert = _make_expert(s, v) if s else None
    final = _final_forum(f, stmt) if ("litigation" in f or "arbitration" in f) else None
    matters = tuple(x for xs in f.get("matters", []) for x in xs)
    return Route(route_id, name, matters, stmt.span, escalation, mediation, expert, final)


def _make_escalation(s: Statement, v: dict) -> Escalation:
    return Escalation(
        tuple(v.get("tiers", ())),
        v.get("on_timeout", ""),
        v.get("deemed_failure", ()),
        v.get("extension", ""),
        v.get("agreement_in_writing", False),
        v.get("agreement_binding", False),
        s.span,
    )


def _make_expert(s: Statement, v: dict) -> ExpertDetermination:
    v.pop("matters_span", None)
    v.setdefault("matters", ())
    return ExpertDetermination(span=s.span, **v)


def _make_mediation(s: Statement, v: dict) -> Mediation:
    v.setdefault("trigger", "after_escalation")
    if v.get("nominated_by") == "@body":
        v["nominated_by"] = v.get("body", "")
    return Mediation(span=s.span, **v)


REGIME: Spec = {
    "schedule": Field("schedule", lambda r: r.string() if r.peek() and r.peek().kind == "string" else str(r.integer())),
    "version": Field("version", _version),
    "effective": Field("effective", lambda r: r.date()),
    "amends": Field("amends", lambda r: r.string("the version this one amends, in quotes", '"1.0"')),
    "history": Field("history", _sub(HISTORY, "history block", ("version",)), block=True),
    "law": Field(
        "law", lambda r: (r.string("the governing law in quotes", '"England and Wales"'), r.stmt.values[0].span)
    ),
    "calendar": Field("calendar", lambda r: r.string("a holiday calendar code in quotes", '"GB-ENG"')),
    "drafting": Field("drafting", lambda r: r.word(("formal", "plain"))),
    "party": Field("parties", _party, many=True, block=True),
    "role": Field("roles", _role, many=True),
    "notices": Field("notices", _sub(NOTICES, "notices block"), block=True),
    "governance": Field("governance", _sub(GOVERNANCE, "governance block"), block=True),
    "scope": Field("scope", _sub(SCOPE, "scope block"), block=True),
    "dispute_notice": Field(
        "dispute_notice", _sub(DISPUTE_NOTICE, "dispute notice block", ("contents", "clock_starts")), block=True
    ),
    "continuity": Field("continuity", _sub(CONTINUITY, "continuity block"), block=True),
    "timetables": Field("timetables", _sub(TIMETABLES, "timetables block", ("decided_by",)), block=True),
    "escalation": Field("escalation", _sub(ESCALATION, "escalation block", ("tier",)), block=True),
    "concessions": Field("concessions", _sub(CONCESSIONS, "concessions block"), block=True),
    "expert_determination": Field("expert", _sub(EXPERT, "expert determination block", ("matters",)), block=True),
    "mediation": Field("mediation", _sub(MEDIATION, "mediation block", ("trigger",)), block=True),
    "settlement": Field("settlement", _sub(SETTLEMENT, "settlement block"), block=True),
    "suspension": Field("suspension", _sub(SUSPENSION, "suspension block", ("scope",)), block=True),
    "isolation": Field("isolation", _sub(ISOLATION, "isolation block"), block=True),
    "litigation": Field("litigation", _sub(LITIGATION, "litigation block", ("courts",)), block=True),
    "arbitration": Field("arbitration", _sub(ARBITRATION, "arbitration block"), block=True),
    "limitation": Field("limitation", _sub(LIMITATION, "limitation block", ("period",)), block=True),
    "behaviours": Field("behaviours", _sub(BEHAVIOURS, "behaviours block"), block=True),
    "route": Field("routes", _route, many=True, block=True),
    "default_route": Field(
        "default_route",
        lambda r: r.string("the name of the route every other dispute takes, in quotes", '"General Route"'),
    ),
    "disputes": Field("disputes", _sub(DISPUTES, "disputes block"), block=True),
}

_BLOCKS = {
    "regime block": REGIME,
    "party block": PARTY_DETAILS,
    "notices block": NOTICES,
    "forum": FORUM,
    "governance block": GOVERNANCE,
    "scope block": SCOPE,
    "dispute notice block": DISPUTE_NOTICE,
    "continuity block": CONTINUITY,
    "timetables block": TIMETABLES,
    "tier": TIER,
    "escalation block": ESCALATION,
    "concessions block": CONCESSIONS,
    "expert determination block": EXPERT,
    "mediation block": MEDIATION,
    "settlement block": SETTLEMENT,
    "suspension block": SUSPENSION,
    "isolation block": ISOLATION,
    "litigation block": LITIGATION,
    "arbitration block": ARBITRATION,
    "limitation block": LIMITATION,
    "behaviours block": BEHAVIOURS,
    "history block": HISTORY,
    "route block": ROUTE,
    "arb-med-arb block": ARB_MED_ARB,
    "disputes block": DISPUTES,
    "joinder block": JOINDER,
}
for _where, _spec in _BLOCKS.items():
    for _kw in _spec:
        KEYWORD_HOMES.setdefault(_kw, _where)


def vocabulary() -> dict[str, list[str]]:
    """Every block and the keywords it accepts (for docs and tests)."""
    return {where: sorted(spec) for where, spec in _BLOCKS.items()}


def _regime(stmt: Statement, ctx: Context) -> Regime | None:
    r = Values(stmt, ctx)
    try:
        title = r.string("the agreement's name in double quotes", '"Acme / Globex Customer Operations Agreement" {')
        r.done()
    except Missing:
        title = ""
    if not stmt.has_block:
        ctx.diags.error("CG201", "the regime needs a block in braces", stmt.span, 'write: regime "Name" { ... }')
        return None
    f = read_block(stmt, REGIME, ctx, "regime block", required=("law", "party", "escalation"))
    if "litigation" not in f and "arbitration" not in f:
        ctx.diags.error(
            "CG201",
            "this regime has no final forum",
            stmt.keyword_span,
            "add a `litigation { ... }` or an `arbitration { ... }` block: the last resort when all else fails",
        )
    if "litigation" in f and "arbitration" in f:
        second = f["arbitration"][0]
        ctx.diags.error(
            "CG204",
            "a regime has one final forum: courts or arbitration, not both",
            second.keyword_span,
            "keep either the litigation block or the arbitration block",
        )

    def sub(key: str) -> tuple[Statement, dict] | tuple[None, None]:
        return f.get(key, (None, None))

    law_name, law_span = f.get("law", ("", stmt.keyword_span))
    facts = law_facts(law_name)
    law = Law(law_name, facts.family, law_span)

    out: dict[str, Any] = {
        k: f[k]
        for k in ("schedule", "version", "effective", "amends", "calendar", "drafting", "default_route")
        if k in f
    }
    out["routes"] = tuple(f.get("routes", ()))
    out["parties"] = tuple(f.get("parties", ()))
    out["roles"] = tuple(f.get("roles", ()))

    s, v = sub("notices")
    if s:
        out["notices"] = Notices(tuple(v.get("methods", ())), s.span)
    s, v = sub("governance")
    if s:
        out["governance"] = Governance(
            tuple(v.get("forums", ())), v.get("changes_only_via_change_control", False), s.span
        )
    s, v = sub("scope")
    if s:
        out["scope"] = Scope(
            v.get("covers", "arising_out_of_or_in_connection_with"),
            tuple(x for xs in v.get("excluded", []) for x in xs),
            s.span,
        )
    s, v = sub("dispute_notice")
    if s:
        out["dispute_notice"] = DisputeNotice(
            v.get("in_writing", False),
            v.get("contents", ()),
            v.get("clock_starts", "on_receipt"),
            s.span,
            v.get("served_by", ()),
        )
    s, v = sub("continuity")
    if s:
        out["continuity"] = Continuity(
            v.get("services_continue", False), v.get("pay_undisputed", False), s.span, v.get("disputed_invoice_window")
        )
    s, v = sub("timetables")
    if s:
        out["expedition"] = Expedition(
            v.get("decided_by", ""),
            tuple(x for xs in v.get("when", []) for x in xs),
            s.span,
            v.get("decide_within"),
            v.get("default", ""),
        )
    s, v = sub("escalation")
    escalation = Escalation(
        tuple(v.get("tiers", ())) if s else (),
        v.get("on_timeout", "") if s else "",
        v.get("deemed_failure", ()) if s else (),
        v.get("extension", "") if s else "",
        v.get("agreement_in_writing", False) if s else False,
        v.get("agreement_binding", False) if s else False,
        s.span if s else stmt.span,
    )
    s, v = sub("concessions")
    if s:
        out["concessions"] = tuple(v.get("items", ()))
    s, v = sub("expert")
    if s:
        out["expert"] = _make_expert(s, v)
    s, v = sub("mediation")
    if s:
        out["mediation"] = _make_mediation(s, v)
    s, v = sub("settlement")
    if s:
        out["settlement"] = Settlement(
            v.get("in_writing", False),
            v.get("signed_by_authorised", False),
            s.span,
            v.get("sign_within"),
            v.get("consent_order", False),
        )
    s, v = sub("suspension")
    if s:
        v.setdefault("scope", "")
        v.setdefault("scope_span", s.span)
        out["suspension"] = Suspension(span=s.span, **v)
    s, v = sub("isolation")
    if s:
        out["isolation"] = Isolation(v.get("no_prejudice_to", ()), v.get("suspension_extends_term"), s.span)
    s, v = sub("history")
    if s:
        out["history"] = VersionHistory(tuple(v.get("revisions", ())), s.span)
    s, v = sub("behaviours")
    if s:
        out["behaviours"] = Behaviours(v.get("principles", ()), tuple(v.get("guidance", ())), s.span)
    s, v = sub("disputes")
    if s:
        out["disputes"] = Disputes(s.span, v.get("joinder"))

    forum = _final_forum(f, stmt)
    limitation = _limitation(f, facts, law_span)
    if limitation is None and law_name and "limitation" not in f:
        ctx.diags.error(
            "CG201",
            f"clausegen does not know the limitation period under {law_name or 'this law'}",
            law_span,
            "add a `limitation { period 6 years  adr_pauses no }` block stating it",
        )
    if limitation is None:
        limitation = Limitation(Period(0, Unit.YEARS, law_span), False, False, law_span, stated=False)
    # A drafter who counts in working days gets "Working Day" as the defined term.
    if ctx.day_words == {"working"}:
        out["day_term"] = "Working Day"
    return Regime(title, stmt.span, law, escalation=escalation, final_forum=forum, limitation=limitation, **out)


def _final_forum(f: dict, stmt: Statement) -> FinalForum:
    for kind, key in (("courts", "litigation"), ("arbitration", "arbitration")):
        if key in f:
            s, v = f[key]
            if "carve_outs" in v:
                v["carve_outs"] = tuple(v["carve_outs"])
            return FinalForum(kind, s.span, **v)
    return FinalForum("", stmt.span)  # none given: reported above, checks skip it


def _limitation(f: dict, facts, law_span: Span) -> Limitation | None:
    if "limitation" in f:
        s, v = f["limitation"]
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


def build_or_raise(tree: SourceTree) -> tuple[Regime, Context]:
    """Build, raising CompileError if the shape of the file is wrong."""
    diags = Diagnostics()
    regime, ctx = build(tree, diags)
    if diags.has_errors or regime is None:
        raise CompileError(diags.sorted())
    return regime, ctx
