"""Pictures and signature blocks drawn from the regime, as document-model blocks.

The figure only lists what to draw (labels and details, in order); each
writer decides how to draw it (SVG in HTML, an image in Word and PDF, a list
in Markdown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ..dates import day
from ..docmodel import Block, Figure, SignatureBlock
from ..model import Period, Regime, Role
from ..resources import phrases
from ..timeline import Timeline, worst_case
from .context import join, role_with_party

#: The roles, of those given, that act for a party to the dispute (the clause context's `seated`).
Seated = Callable[[Iterable[str]], tuple[str, ...]]


def _days(p: Period) -> str:
    one, many = phrases()["unit"][p.unit.value]
    return f"{p.amount} {one if p.amount == 1 else many}"


def _whose(regime: Regime, role: Role) -> str:
    """A role with its party: "the Customer's Managing Director", "Quillstack's Chief Revenue Officer".

    Titles alone repeat across parties ("Managing Director" for two of them).
    """
    party = regime.party(role.party)
    if party is None or role.title.startswith(party.defined_as + " "):
        return role.title  # the title names its party already
    return role_with_party(regime, role, lambda p: p.defined_as)


def figure(
    kind: str, caption: str, regime: Regime, dated: Timeline | None = None, seated: Seated | None = None
) -> Figure:
    """The escalation ladder or the worst-case timeline of a regime.

    `dated` is the timeline of a real dispute (build --notified): the
    timeline figure then shows the date each step ends. `seated`, when
    given, keeps the roles that act for a party to the dispute (the
    context's `seated`): a multi-party dispute's ladder shows only them.
    """
    words = phrases()["figure"]
    final = words["arbitration" if regime.final_forum.kind == "arbitration" else "courts"]
    if kind == "ladder":
        # The labels carry the numbers, as the schedule and the timeline figure
        # word them ("Tier 1: Contract Managers"); the notice that starts the
        # ladder is not a tier and has no number.
        tier_label = phrases()["timeline"]["tier"]
        items = [(words["notice"], words["notice_detail"])]
        for n, tier in enumerate(regime.escalation.tiers, start=1):
            reps = seated(tier.representatives) if seated else tier.representatives
            people = join(_whose(regime, r) for r in map(regime.role, reps) if r)
            detail = "; ".join(x for x in (_days(tier.limit) if tier.limit else "", people) if x)
            items.append((tier_label.format(n=n, name=tier.name), detail))
        m = regime.mediation
        if m is not None:
            items.append((words["mediation"], m.body or m.rules or ""))
        items.append((final, regime.final_forum.court or regime.final_forum.seat or words["final_detail"]))
        return Figure("ladder", caption or words["ladder_caption"], tuple(items))
    path = dated or worst_case(regime)
    # Calendar days from the notice, so the figure is drawn to scale.

    def offset(d: date) -> int:
        return (d - path.notified).days

    items = [
        (s.name, words["step_dated"].format(period=_days(s.period), date=day(s.due)) if dated else _days(s.period))
        for s in path.steps
    ]
    spans = [(offset(s.starts), offset(s.due)) for s in path.steps]
    total = path.total_days
    key = ("total_dated" if dated else "total") + ("_arbitration" if regime.final_forum.kind == "arbitration" else "")
    end = words[key].format(date=day(path.proceedings_from), days=total)
    items.append((final, end))
    spans.append((total, total))
    return Figure("timeline", caption or words["timeline_caption"], tuple(items), tuple(spans))


def in_sentence(name: str) -> str:
    """A name as it reads after a caption: "The Secretary of State ..." becomes "the Secretary of State ..."."""
    words = phrases()["signature"]
    article = words["article"]
    return words["article_in_sentence"] + name[len(article) :] if name.startswith(article) else name


def signature(signatory: str, caption: str = "") -> SignatureBlock:
    """One signature block for someone other than a party (the mediator, a provider)."""
    words = phrases()["signature"]
    return SignatureBlock(in_sentence(signatory), "", caption or words["caption"], tuple(words["lines"]))


def signatures(regime: Regime, party_ids: tuple[str, ...] | None = None) -> list[Block]:
    """A signature block for every party (of `party_ids` when given: the parties of one dispute)."""
    words = phrases()["signature"]
    lines = tuple(words["lines"])
    signing = [p for p in regime.parties if party_ids is None or p.id in party_ids]
    return [SignatureBlock(in_sentence(p.name), p.defined_as, words["caption"], lines) for p in signing]
