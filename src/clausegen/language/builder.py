"""AST -> regime model: reads the regime block by the vocabulary's tables and builds the model.

The vocabulary (what each block may say, and what each keyword means) is the
vocabulary package; the cursor and the block reader are reader.py; turning a
shared block's fields into model objects is assembly.py. This module checks
the file's outline (one regime, everything inside it), reads the regime
block, and puts the model together. Shape problems (unknown keyword, wrong
value, missing required line) are reported here; the rules of a good regime
are checked later, in checks.py.
"""

from __future__ import annotations

from ..diagnostics import CompileError, Diagnostics, did_you_mean
from ..laws import law_facts
from ..model import (
    Behaviours,
    Continuity,
    DisputeNotice,
    Disputes,
    Escalation,
    Expedition,
    Governance,
    Isolation,
    Law,
    Limitation,
    Notices,
    Period,
    Regime,
    Scope,
    Settlement,
    Suspension,
    Unit,
    VersionHistory,
)
from ..source import Span
from .assembly import final_forum, make_expert, make_limitation, make_mediation
from .ast import SourceTree, Statement
from .reader import Context, Fields, Missing, OpenedBlock, Values, read_block
from .vocabulary import BLOCKS, MEDIATION, REGIME, TIER, vocabulary

# The language server and the tests have always found the tables here.
_BLOCKS = BLOCKS
__all__ = ["MEDIATION", "REGIME", "TIER", "build", "build_or_raise", "vocabulary"]


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

    def sub(key: str) -> tuple[Statement | None, Fields]:
        """The statement and fields of the block `key` opened, or (None, no fields) if there is none."""
        opened: OpenedBlock | None = f.get(key)
        return opened if opened is not None else (None, {})

    law_name, law_span = f.get("law", ("", stmt.keyword_span))
    facts = law_facts(law_name)
    law = Law(law_name, facts.family, law_span)

    out: Fields = {
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
        out["expert"] = make_expert(s, v)
    s, v = sub("mediation")
    if s:
        out["mediation"] = make_mediation(s, v)
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
