"""Checks of names (CG015, CG016, CG204).

Every role, forum and party referred to is defined, once; every role
defined is used and every party has roles.
"""

from __future__ import annotations

from ...diagnostics import Diagnostics, did_you_mean
from ...model import Regime
from ...source import Span
from ..values import Context
from .registry import check


@check
def references_defined(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG015: every role, forum and party referred to is defined, once."""
    # Names whose definition failed to build still count as defined, so one
    # mistake in a definition does not cascade into errors at every use.
    parties = {p.id for p in regime.parties} | attempted(ctx, "party")
    roles = {r.id for r in regime.roles} | attempted(ctx, "role")
    forums = ({f.id for f in regime.governance.forums} if regime.governance else set()) | attempted(ctx, "forum")
    _duplicates(diags, "party", [(p.id, p.span) for p in regime.parties])
    _duplicates(diags, "role", [(r.id, r.span) for r in regime.roles])
    _duplicates(diags, "tier", [(t.id, t.span) for t in regime.escalation.tiers])
    _duplicates(diags, "tier", [(t.name, t.span) for t in regime.escalation.tiers], what="name")
    if regime.governance:
        _duplicates(diags, "forum", [(f.id, f.span) for f in regime.governance.forums])
    orphans: dict[str, str] = {}  # role key -> the unknown party it was given
    for role in regime.roles:
        if role.party not in parties:
            key = role.id.split(".", 1)[1]
            if role.party in orphans.values():
                orphans[key] = role.party
                continue  # one error per unknown party is enough
            orphans[key] = role.party
            diags.error(
                "CG015",
                f"role `{role.id}` belongs to `{role.party}`, which is not a party",
                role.span,
                did_you_mean(role.party, parties)
                or "define the party first: party " + role.party + ' "Full Name" as "Name"',
            )
    # A failed role definition hides every use of roles: saying "no role called
    # x" for each use would only repeat the first error.
    roles_broken = any(k == "role-failed" for k, _, _ in ctx.references)
    known = {"role": roles, "forum": forums, "party": parties | {"client", "provider"}}
    for kind, ref, span in ctx.references:
        if kind == "role" and (roles_broken or ref.split(".", 1)[-1] in orphans):
            continue
        if kind in known and ref not in known[kind]:
            hint = did_you_mean(ref, known[kind])
            diags.error(
                "CG015",
                f"no {kind} called `{ref}` is defined",
                span,
                hint
                or (
                    f'define it: role {ref} "Title"'
                    if kind == "role"
                    else f'define it in governance: forum {ref} "Name" {{ ... }}'
                ),
            )


def attempted(ctx: Context, kind: str) -> set[str]:
    """The names the drafter tried to define as `kind`, whether or not the definition built."""
    return {ref for k, ref, _ in ctx.references if k == f"{kind}-definition"}


def _duplicates(diags: Diagnostics, kind: str, items: list[tuple[str, Span]], what: str = "id") -> None:
    seen: dict[str, Span] = {}
    for key, span in items:
        folded = key.casefold()
        if folded in seen:
            diags.error(
                "CG204",
                f"there is already a {kind} with the {what} `{key}` (line {seen[folded].line})",
                span,
                f"give each {kind} its own {what}, or remove the duplicate",
            )
        else:
            seen[folded] = span


@check
def defined_but_unused(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG016: a role no forum or tier uses is probably a mistake."""
    used = {ref for kind, ref, _ in ctx.references if kind == "role"}
    party_ids = {p.id for p in regime.parties}
    for role in regime.roles:
        if role.id not in used and role.party in party_ids:
            diags.warning(
                "CG016",
                f"role `{role.id}` is defined but no forum or tier uses it",
                role.span,
                "add it to a tier's representatives or a forum's members, or remove it",
            )
    party_ids = {r.party for r in regime.roles}
    for party in regime.parties:
        if party.id not in party_ids:
            diags.warning(
                "CG016",
                f"party `{party.id}` has no roles",
                party.span,
                f'define who acts for it: role {party.id}.contract_manager "Title"',
            )
