"""Checks of governance forums.

They meet in time for the tiers they host (CG013, CG033), their quorum needs
more than one party and can be met (CG031, CG039), remote-only means never
in person (CG069).
"""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...events import NOTICE_DATE
from ...model import Regime, Unit
from ...timing import Timing, notice_date_is_day_one
from ..values import Context
from .periods import is_longer
from .registry import check
from .wording import count_word, day_keyword, say


@check
def forum_tiers_meet_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG013: a tier that is a governance forum meets often enough to act in time."""
    if regime.governance is None:
        return
    forums = {f.id: f for f in regime.governance.forums}
    for tier in regime.escalation.tiers:
        forum = forums.get(tier.forum)
        if forum is None or tier.limit is None or forum.cadence is None:
            continue
        if forum.cadence.approx_days() > tier.limit.approx_days() and forum.extraordinary_notice is None:
            diags.error(
                "CG013",
                f"tier `{tier.id}` has {tier.limit.describe()}, but `{forum.id}` meets only every {forum.cadence.describe()}",
                tier.span,
                f"add `extraordinary_meetings on 5 business_days notice` to the forum `{forum.id}`",
            )


@check
def meeting_window_fits_forum_notice(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG033: a tier can meet in its window as an extraordinary meeting of its forum.

    The notice of the meeting and its papers can go out together, so the
    forum needs the longer of the two before the meeting can be held. A
    window that runs from a Notice Date which is its own day 1
    (`day_after_receipt`) is a day shorter: papers due as many days before
    the meeting as the window is long would have to go out before the clock
    starts.
    """
    if regime.governance is None:
        return
    forums = {f.id: f for f in regime.governance.forums}
    model = Timing(regime)
    day_one = notice_date_is_day_one(regime)
    for tier in regime.escalation.tiers:
        forum = forums.get(tier.forum)
        window = tier.meet_within
        if forum is None or window is None or forum.extraordinary_notice is None:
            continue
        notice, papers = forum.extraordinary_notice, forum.papers_before
        lead = papers if papers is not None and is_longer(papers, notice) else notice
        inclusive = day_one and model.start(window) == NOTICE_DATE
        if not (is_longer(lead, window) or (inclusive and not is_longer(window, lead))):
            continue
        needs = (
            f"{say(regime, notice)}' notice of an extraordinary meeting"
            if notice.amount != 1
            else f"{say(regime, notice)}'s notice of an extraordinary meeting"
        )
        if papers is not None:
            needs += f" and its papers {say(regime, papers)} before it"
        unit = day_keyword(regime) if lead.unit is Unit.BUSINESS_DAYS else lead.unit.value
        amount = lead.amount + (1 if inclusive else 0) if lead.unit is window.unit else None
        longer = (
            f"`meet_within {amount} {unit}` or more"
            if amount is not None
            else "a meeting window at least as long as the forum's notice and papers"
        )
        diags.error(
            "CG033",
            f"tier `{tier.id}` must meet within {say(regime, window)}{' counting the Notice Date as day 1' if inclusive else ''}, but `{forum.id}` needs {needs}",
            window.span,
            (
                f"the meeting cannot be called and its papers sent in time: give the tier {longer}, "
                f"or shorten the notice or papers of `{forum.id}` (notice and papers can go out together, so the longer one counts)"
            )
            if papers is not None
            else f"the meeting cannot be called in time: give the tier {longer}, or shorten the notice of `{forum.id}`",
        )


@check
def quorum_of_one_party(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG031: a forum quorum that the members of one party can make up alone."""
    if regime.governance is None:
        return
    for forum in regime.governance.forums:
        if forum.quorum is None or forum.quorum_each_party:
            continue
        per_party: dict[str, int] = {}
        for member in forum.members:
            party = member.split(".", 1)[0]
            per_party[party] = per_party.get(party, 0) + 1
        alone = sorted(p for p, n in per_party.items() if n >= forum.quorum)
        if not alone or len(per_party) < 2:
            continue
        names = " or ".join(f"`{p}`" for p in alone)
        diags.warning(
            "CG031",
            f"the quorum of `{forum.id}` ({forum.quorum}) can be met by the members of {names} alone",
            ctx.where(forum.span, "quorum"),
            f"require each party to be present: `quorum {forum.quorum} including one_per_party`",
        )


@check
def quorum_below_one_per_party(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG039: `quorum N including one_per_party` with fewer than one member a party.

    The schedule says a meeting is quorate only with N members "including at
    least one member appointed by each Party": with more parties than N, the
    number written is never the quorum.
    """
    if regime.governance is None:
        return
    parties = len(regime.parties)
    for forum in regime.governance.forums:
        if forum.quorum is None or not forum.quorum_each_party or forum.quorum >= parties:
            continue
        count = count_word(parties)
        diags.warning(
            "CG039",
            f"the quorum of `{forum.id}` is {forum.quorum} members including one of each party, but there are {count} parties: "
            f"the quorum is in effect {parties}",
            ctx.where(forum.span, "quorum"),
            f"write the number the meeting really needs, `quorum {parties} including one_per_party` (or `quorum one_per_party`), "
            "so that the schedule and the handbook do not state a quorum that can never be enough",
        )


@check
def remote_forum_not_in_person(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG069: a forum that meets remotely only cannot also meet in person."""
    if regime.governance is None:
        return
    for forum in regime.governance.forums:
        if forum.remote_only and forum.in_person:
            diags.error(
                "CG069",
                f"forum `{forum.id}` meets remotely only and in person",
                forum.remote_span or forum.span,
                "keep `remote_only` (video or telephone, never in person) or `in_person`, not both",
            )
