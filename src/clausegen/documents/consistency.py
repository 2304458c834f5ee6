"""The checks on an assembled document: cross-references and defined terms.

Every cross-reference must name a clause in the document (CG305), every
defined term used must be defined (CG302) and defined once (CG304), and a
definition should be used (CG303, a warning). Each problem is blamed on the
clause file whose text holds it, through the assembler's `Locate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..diagnostics import Diagnostics
from ..docmodel import Block, Clause, Document, Ref, TermDef, TermUse, inlines_of, walk
from ..source import Span


class Locate(Protocol):
    """Where a piece of markup stands in a clause's file: the span of the first of `needles` found."""

    def __call__(self, clause_id: str, *needles: str) -> Span:
        """The span in the file of clause `clause_id` (its body's first line when no needle is there)."""
        ...


def owners(doc: Document) -> Iterator[tuple[str, Block]]:
    """(clause id, block) for every block, the innermost clause owning it."""

    def visit(blocks: Iterable[Block], owner: str) -> Iterator[tuple[str, Block]]:
        for b in blocks:
            if isinstance(b, Clause):
                yield from visit(b.blocks, b.id)
                yield from visit(b.children, b.id)
                yield from visit(b.after, b.id)
            else:
                yield owner, b
                for nested in walk((b,)):
                    if nested is not b:
                        yield owner, nested

    yield from visit(doc.blocks, "")


def check_references(doc: Document, diags: Diagnostics, locate: Locate) -> None:
    """CG305 for every cross-reference to a clause the document does not hold."""
    for owner, block in owners(doc):
        for inline in inlines_of(block):
            if isinstance(inline, Ref) and inline.target not in doc.numbers:
                diags.error(
                    "CG305",
                    f"cross-reference to `{inline.target}`, which is not in the {doc.kind}",
                    locate(owner, f"ref:{inline.target}"),
                    suggest_clause(inline.target, doc.numbers) or "refer to the id of a clause the template includes",
                )


def check_terms(doc: Document, diags: Diagnostics, locate: Locate) -> None:
    """CG304 for a term defined twice, CG302 for one used but never defined, CG303 for one never used."""
    defined: dict[str, str] = {}
    used: set[str] = set()
    uses: list[tuple[str, str]] = []
    for owner, block in owners(doc):
        for inline in inlines_of(block):
            if isinstance(inline, TermDef):
                if inline.term in defined:
                    diags.error(
                        "CG304",
                        f"the term \u201c{inline.term}\u201d is defined twice in the {doc.kind}",
                        locate(owner, f"def:{inline.term}"),
                        "define each term once, in the definitions",
                    )
                defined[inline.term] = owner
            elif isinstance(inline, TermUse):
                used.add(inline.term)
                uses.append((owner, inline.term))
    for owner, term in uses:
        if term not in defined:
            diags.error(
                "CG302",
                f"the term \u201c{term}\u201d is used in the {doc.kind} but never defined",
                locate(owner, f"[[{term}", f"|{term}]]"),
                f"add [[def:{term}]] to the definitions, or write it without [[ ]]",
            )
    for term, owner in defined.items():
        if term not in used:
            diags.warning(
                "CG303",
                f"the term \u201c{term}\u201d is defined in the {doc.kind} but never used",
                locate(owner, f"def:{term}"),
                "use it as [[" + term + "]] or drop the definition",
            )


def suggest_clause(clause_id: str, known: Iterable[str]) -> str:
    """ "did you mean `x`?" for the closest known clause id, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(clause_id, list(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""
