"""Pictures and signature blocks drawn from the regime, as document-model blocks.

The figure only lists what to draw (labels and details, in order); each
writer decides how to draw it (SVG in HTML, an image in Word and PDF, a list
in Markdown).
"""

from __future__ import annotations

from ..docmodel import Block, Figure, SignatureBlock
from ..model import Regime
from ..timeline import worst_case
from .context import join, phrases


def _days(p) -> str:
    one, many = phrases()["unit"][p.unit.value]
    return f"{p.amount} {one if p.amount == 1 else many}"


def figure(kind: str, caption: str, regime: Regime) -> Figure:
    """The escalation ladder or the worst-case timeline of a regime."""
    words = phrases()["figure"]
    final = words["arbitration" if regime.final_forum.kind == "arbitration" else "courts"]
    if kind == "ladder":
        items = [(words["notice"], words["notice_detail"])]
        for tier in regime.escalation.tiers:
            people = join(r.title for r in map(regime.role, tier.representatives) if r)
            items.append((tier.name, "; ".join(x for x in (_days(tier.limit) if tier.limit else "", people) if x)))
        m = regime.mediation
        if m is not None:
            items.append((words["mediation"], m.body or m.rules or ""))
        items.append((final, regime.final_forum.court or regime.final_forum.seat or words["final_detail"]))
        return Figure("ladder", caption or words["ladder_caption"], tuple(items))
    path = worst_case(regime)
    items = [(s.name, _days(s.period)) for s in path.steps]
    items.append((final, words["total"].format(days=path.total_days)))
    return Figure("timeline", caption or words["timeline_caption"], tuple(items))


def signature(signatory: str, caption: str = "") -> SignatureBlock:
    """One signature block for someone other than a party (the mediator, a provider)."""
    words = phrases()["signature"]
    return SignatureBlock(signatory, "", caption or words["caption"], tuple(words["lines"]))


def signatures(regime: Regime) -> list[Block]:
    """A signature block for every party."""
    words = phrases()["signature"]
    lines = tuple(words["lines"])
    return [SignatureBlock(p.name, p.defined_as, words["caption"], lines) for p in regime.parties]


