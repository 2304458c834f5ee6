"""Checks of the escalation ladder (tiers).

Tiers rise in seniority and the final forum comes last (CG001, the top of the
same ladder), the ladder is not too long (CG030), a tier's written response
comes before its meeting (CG070).
"""

from __future__ import annotations

from itertools import pairwise

from ...diagnostics import Diagnostics
from ...model import Period, Regime, Tier
from ..values import Context
from .registry import check
from .wording import count_word, forum_word, say


def _seniority(regime: Regime, tier: Tier) -> int | None:
    levels = [r.seniority for r in map(regime.role, tier.representatives) if r and r.seniority is not None]
    return max(levels) if levels else None


@check
def steps_in_order(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG001: tiers rise in seniority; the final forum comes last."""
    tiers = regime.escalation.tiers
    for before, tier in pairwise(tiers):
        a, b = _seniority(regime, before), _seniority(regime, tier)
        if a is not None and b is not None and b < a:
            diags.error(
                "CG001",
                f"tier `{tier.id}` is less senior than the tier before it (`{before.id}`)",
                tier.span,
                "escalation must climb: put the tiers in rising order of seniority",
            )
        elif set(before.representatives) == set(tier.representatives) and tier.representatives:
            diags.error(
                "CG001",
                f"tier `{tier.id}` has the same representatives as tier `{before.id}`",
                tier.span,
                "each tier should bring in more senior people than the one before it",
            )
    forum = regime.final_forum
    if forum.kind and not forum.gated_by and not forum.long_stop and not ctx.wrote(forum.span, "after"):
        diags.error(
            "CG001",
            f"the {forum_word(forum.kind)} are not made the last resort",
            forum.span,
            "add `after mediation_fails` (or `after escalation_exhausted`) so proceedings wait for the earlier steps",
        )
    if "mediation_fails" in forum.gated_by and regime.mediation is None:
        diags.error(
            "CG001",
            "the final forum waits for a mediation that this regime does not have",
            forum.span,
            "use `after escalation_exhausted`, or add a mediation block",
        )
    if (
        regime.mediation is not None
        and regime.mediation.mandatory
        and forum.gated_by
        and "mediation_fails" not in forum.gated_by
        and forum.arb_med_arb is None  # Arb-Med-Arb: the mediation comes inside the arbitration
    ):
        diags.warning(
            "CG001",
            "proceedings may start before the mandatory mediation has been tried",
            forum.span,
            "add `mediation_fails` to the `after` line of the final forum",
        )


# A ladder of more than four tiers keeps a dispute from the mediator (or the
# courts) for long; most model clauses stop at three.
MAX_TIERS = 4


@check
def long_ladder(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG030: more than four tiers, with the total time they can take."""
    tiers = regime.escalation.tiers
    if len(tiers) <= MAX_TIERS:
        return
    limits = [t.limit for t in tiers if t.limit is not None]
    count = count_word(len(tiers))
    units = {p.unit for p in limits}
    if len(units) == 1:
        [unit] = units
        amount = sum(p.amount for p in limits)
        # Business days are counted in the regime's defined term ("Working Days").
        total = Period(amount, unit, tiers[0].span).describe(regime.day_term)
    else:  # mixed units: add them up as calendar days, at their longest
        total = f"{round(sum(p.approx_days() for p in limits))} days"
    after = (
        "mediation can start"
        if regime.mediation is not None
        else (f"the {forum_word(regime.final_forum.kind)} can start" if regime.final_forum.kind else "the ladder ends")
    )
    diags.warning(
        "CG030",
        f"{count} tiers take up to {total} before {after}",
        tiers[MAX_TIERS].span,
        f"keep the ladder to {MAX_TIERS} tiers or fewer: merge tiers whose people have the same authority, or shorten their time limits",
    )


@check
def written_response_before_meeting(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG070: a tier's written response is due no sooner than its meeting, or than the tier ends."""
    for tier in regime.escalation.tiers:
        response = tier.respond_within
        if response is None:
            continue
        for later, what, keyword in (
            (tier.meet_within, "the meeting", "meet_within"),
            (tier.limit, "the end of the tier", "within"),
        ):
            if (
                later is not None
                and later.unit is response.unit
                and later.starts == response.starts
                and response.amount >= later.amount
            ):
                diags.error(
                    "CG070",
                    f"tier `{tier.id}` asks for the written response within {say(regime, response)}, "
                    f"not before {what} ({say(regime, later)})",
                    response.span,
                    f"the response is read before the representatives meet: make `written_response` shorter than `{keyword}`",
                )
                break
