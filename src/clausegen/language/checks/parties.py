"""Checks of the parties.

Two sides, a client and a provider, at every tier (CG017, CG068), every
party seated at every tier (CG036), email service only on parties with an
address (CG037), a non-disputing party acting in no dispute (CG065),
joinder with a mechanism and a time limit (CG066, CG067), transparency
duties of public bodies (CG072, CG073).
"""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...model import Regime
from ...source import Span
from ..values import Context
from .references import attempted
from .registry import check


@check
def parties_and_tiers(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG017: two or more parties, a client and a provider; each tier seats both sides."""
    if len(attempted(ctx, "party")) < 2:
        diags.error(
            "CG017",
            "a contract needs at least two parties",
            regime.span,
            'add the other side: party provider "Name Ltd" as "Supplier"',
        )
    kinds = {p.kind for p in regime.parties}
    if len(regime.parties) >= 2 and not {"client", "provider"} <= kinds:
        diags.warning(
            "CG017",
            "no party is marked as the client and another as the provider",
            regime.span,
            "give a party `kind client` and another `kind provider`",
        )
    for tier in regime.escalation.tiers:
        sides = {ref.split(".", 1)[0] for ref in tier.representatives}
        if tier.representatives and len(sides) < 2:
            diags.error(
                "CG017",
                f"tier `{tier.id}` seats only one party",
                tier.span,
                "name a representative of each party: the tier is where the two sides meet",
            )


@check
def every_party_at_every_tier(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG036: each tier has a representative of every party, not only of two.

    With three or more parties a tier can seat two sides (so CG017 is quiet)
    and leave a third out: the schedule then tells every party to send its
    Representatives to a tier where it has none, and a dispute may be agreed
    without it.
    """
    # a party that is never a party to a dispute (an integrator) sits at no tier (CG065)
    party_ids = [p.id for p in regime.parties if p.disputing]
    for tier in regime.escalation.tiers:
        sides = {ref.split(".", 1)[0] for ref in tier.representatives}
        if len(sides) < 2:
            continue  # CG017 already says the tier seats only one party (or it is empty)
        for party_id in party_ids:
            if party_id in sides:
                continue
            party = regime.party(party_id)
            assert party is not None  # party_id is the id of one of regime.parties
            roles = sorted((r for r in regime.roles if r.party == party_id), key=lambda r: -(r.seniority or 0))
            if roles:
                fix = (
                    "each party needs someone at every tier who can settle for it: add one of its roles, "
                    f"e.g. `representatives {', '.join(tier.representatives)}, {roles[0].id}`"
                )
            else:
                fix = (
                    "each party needs someone at every tier who can settle for it: define a role for it "
                    f'(role {party_id}.director "Director") and add it to the tier\'s `representatives`'
                )
            diags.warning(
                "CG036",
                f'tier `{tier.id}` has no representative of party `{party_id}` ("{party.defined_as}")',
                ctx.where(tier.span, "representatives"),
                fix,
            )


@check
def email_service_needs_addresses(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG037: notices may be served by email, but a party has no email address.

    Service by email on that party is impossible; where the Notice Date turns
    on receipt by the last party, a Dispute Notice served by email never
    starts the clock.
    """
    if regime.notices is None or not any(m.method == "email" for m in regime.notices.methods):
        return
    for party in regime.parties:
        if party.email or ctx.wrote(party.span, "email"):
            continue
        diags.warning(
            "CG037",
            f'notices may be served by email, but party `{party.id}` ("{party.defined_as}") has no email address: '
            "service by email on it is impossible",
            party.span,
            f'add `email "..."` to party `{party.id}`, or drop `by email` from the notices block',
        )


def _non_disputing(regime: Regime) -> dict[str, str]:
    """Party id -> its kind, for the parties that are never a party to a dispute."""
    return {p.id: p.kind for p in regime.parties if not p.disputing}


@check
def non_disputing_party_acts(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG065: a role of an adviser, guarantor, integrator, observer or coordinator acts in a dispute.

    Such a party is never a party to a dispute: it has no representative at a
    tier, serves no dispute notice and decides nothing for the disputing
    parties, so it never signs an extension or a settlement either.
    """
    outside = _non_disputing(regime)
    if not outside:
        return

    def report(ref: str, span: Span, what: str, fix: str) -> None:
        party = ref.split(".", 1)[0]
        diags.error(
            "CG065",
            f"`{ref}` is a role of the {outside[party]} `{party}`, which is never a party to a dispute, but {what}",
            span,
            fix,
        )

    for tier in regime.escalation.tiers:
        for ref in tier.representatives:
            if ref.split(".", 1)[0] in outside:
                report(
                    ref,
                    ctx.where(tier.span, "representatives"),
                    f"it sits at tier `{tier.id}` as a representative",
                    "a tier seats the representatives of the parties to the dispute only: remove it from `representatives` "
                    "(the integrator's coordinating role is stated by its party kind)",
                )
    if regime.dispute_notice is not None:
        for ref in regime.dispute_notice.served_by:
            if ref.split(".", 1)[0] in outside:
                report(
                    ref,
                    ctx.where(regime.dispute_notice.span, "served_by"),
                    "it serves dispute notices",
                    "a dispute notice is served by a party to the dispute: name a role of the client or of a supplier",
                )
    e = regime.expedition
    if e is not None and e.decided_by.split(".", 1)[0] in outside:
        report(
            e.decided_by,
            ctx.where(e.span, "decided_by"),
            "it decides the timetable of a dispute",
            "let the parties to the dispute decide (`decided_by agreement`) or a role of one of them",
        )


@check
def joinder_complete(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG066, CG067: a joinder needs a mechanism (consent or the contract) and a time limit."""
    joinder = regime.disputes.joinder if regime.disputes is not None else None
    if joinder is None:
        return
    if not joinder.by:
        diags.error(
            "CG066",
            "the joinder does not say how another supplier is joined",
            joinder.span,
            "add `by consent` (the supplier joined and the parties to the dispute agree) or "
            '`by contract "Clause 45.4"` (the clause of the contract that provides for joinder)',
        )
    if joinder.within is None:
        diags.error(
            "CG067",
            "the joinder has no time limit: another supplier could be joined at any stage, even on the eve of proceedings",
            joinder.span,
            "add `within 10 business_days` (counted from the Notice Date): after it, the dispute goes on between the parties named in the notice",
        )


@check
def two_disputing_parties(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG068: fewer than two parties can be a party to a dispute."""
    if len(regime.parties) < 2 or len(regime.disputing_parties) >= 2:
        return
    kinds = ", ".join(f"`{p.id}` ({p.kind})" for p in regime.parties if not p.disputing)
    diags.error(
        "CG068",
        f"a dispute needs two parties, but only {len(regime.disputing_parties)} party can be one: {kinds} never is",
        regime.span,
        "give the client `kind client` and each supplier `kind provider`; keep the non-disputing kinds for advisers, guarantors and integrators",
    )


@check
def transparency_duties_of_public_bodies(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG072, CG073: transparency duties belong to public bodies, and a public body states its own."""
    confidential = regime.mediation is not None and regime.mediation.confidential
    for party in regime.parties:
        if party.transparency_duties and not party.public_body:
            diags.error(
                "CG072",
                f"party `{party.id}` has transparency duties but is not marked as a public body",
                party.span,
                "add `public_body` to the party's block; freedom of information, public audit and parliamentary scrutiny bind public bodies only",
            )
        elif party.public_body and confidential and not party.transparency_duties:
            diags.warning(
                "CG073",
                f"party `{party.id}` is a public body, but the confidentiality of mediation has no carve-out for its transparency duties",
                party.span,
                "add `transparency_duties freedom_of_information, audit, parliament` (those that apply): a public body cannot promise "
                "confidentiality that the law on freedom of information, audit or parliament overrides",
            )
