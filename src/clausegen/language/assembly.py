"""Fields read from a block -> the model's objects, for the two parts that are not built straight from their fields.

Most blocks are built by their readers, straight from their fields (the vocabulary's `ModelBlock`).
The final forum is the litigation or the arbitration block, whichever the regime or route has; the
limitation period falls back on the governing law's. These functions put them together.
"""

from __future__ import annotations

from ..laws import LawFacts
from ..model import FinalForum, Limitation, Period, Unit
from ..source import Span
from .ast import Statement
from .reader import OpenedBlock
from .values import Fields


def final_forum(f: Fields, stmt: Statement) -> FinalForum:
    """The courts or the arbitration among the fields `f` of a regime or route block at `stmt`."""
    for kind, key in (("courts", "litigation"), ("arbitration", "arbitration")):
        if key in f:
            opened: OpenedBlock = f[key]
            s, v = opened
            return FinalForum(kind, s.span, **v)
    return FinalForum("", stmt.span)  # none given: reported above, checks skip it


def make_limitation(f: Fields, facts: LawFacts, law_span: Span) -> Limitation | None:
    """The limitation period stated in `f`, else the governing law's; None if neither is known."""
    if "limitation" in f:
        stated: OpenedBlock = f["limitation"]
        s, v = stated
        if "period" not in v:
            return None
        # Whether the dispute steps pause the period is the governing law's, unless the block says.
        return Limitation(span=s.span, **{"adr_pauses": facts.adr_pauses_limitation, **v})
    if facts.limitation_years is None:
        return None
    return Limitation(
        Period(facts.limitation_years, Unit.YEARS, law_span), facts.adr_pauses_limitation, False, law_span, stated=False
    )
