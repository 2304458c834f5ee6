"""AST -> regime model: reads the regime block by the vocabulary's tables and builds the model.

The vocabulary (what each block may say, and what each keyword means) is the
vocabulary package, whose readers build each block's model object from its
fields; the cursor and the block reader are reader.py; the final forum and
the limitation period are put together in assembly.py. This module checks
the file's outline (one regime, everything inside it), reads the regime
block, and puts the regime together: its law, final forum, limitation and
escalation, and every other field as read. Shape problems (unknown keyword, wrong
value, missing required line) are reported here; the rules of a good regime
are checked later, in the checks package (language/checks/).
"""

from __future__ import annotations

from ..diagnostics import CompileError, Diagnostics, did_you_mean
from ..laws import law_facts
from ..model import Escalation, Law, Limitation, Period, Regime, Unit
from ..source import Span
from .assembly import final_forum, make_limitation
from .ast import SourceTree, Statement
from .reader import read_block
from .values import Context, Fields, Missing, Values
from .vocabulary import ESCALATION, REGIME
from .vocabulary.shapes import default_block

__all__ = ["build", "build_or_raise"]

# The regime block's fields that are put together here (the law, the final forum, the limitation period,
# and the escalation a regime without one still has); every other field is passed to Regime as read.
_ASSEMBLED = ("law", "litigation", "arbitration", "limitation", "escalation")


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


def _regime(stmt: Statement, ctx: Context) -> Regime | None:
    """The regime a `regime` statement describes, or None if it has no block to read."""
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

    law_name, law_span = f.get("law", ("", stmt.keyword_span))
    facts = law_facts(law_name)
    law = Law(law_name, facts.family, law_span)
    # Every other field read is the model's own: the sub-blocks are built by their readers (the vocabulary).
    out: Fields = {k: v for k, v in f.items() if k not in _ASSEMBLED}
    escalation = f["escalation"] if "escalation" in f else default_block(Escalation, ESCALATION, stmt.span)

    forum = final_forum(f, stmt)
    limitation = make_limitation(f, facts, law_span)
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


def build_or_raise(tree: SourceTree) -> tuple[Regime, Context]:
    """Build, raising CompileError if the shape of the file is wrong."""
    diags = Diagnostics()
    regime, ctx = build(tree, diags)
    if diags.has_errors or regime is None:
        raise CompileError(diags.sorted())
    return regime, ctx
