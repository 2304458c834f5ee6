"""Reshaping the assembled clause tree before it is numbered.

A section of one clause whose title only repeats the section's becomes that
clause (its sub-clauses raised a level); a clause or list item that only
defines an optional term ([[def?:Term]]) the document never uses is dropped.
These are the assembler's rules for how a document reads, kept apart from
the rendering of clauses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import cast

from ..docmodel import Block, BulletList, Clause, OrderedList, Paragraph, Revised, TermDef, TermUse, inlines_of, walk


def drop_unused_optional_definitions(blocks: list[Block]) -> list[Block]:
    """Remove each clause or list item whose [[def?:Term]] the document never uses."""
    used = {i.term for b in walk(tuple(blocks)) for i in inlines_of(b) if isinstance(i, TermUse)}

    def unused(item_blocks: Sequence[Block]) -> bool:
        first = item_blocks[0] if item_blocks else None
        return isinstance(first, Paragraph) and any(
            isinstance(i, TermDef) and i.optional and i.term not in used for i in first.inlines
        )

    def prune(items: Iterable[Block]) -> list[Block]:
        out: list[Block] = []
        for b in items:
            if isinstance(b, Clause):
                if unused(b.blocks):
                    continue
                children = cast("list[Clause | Revised]", prune(b.children))  # a pruned clause is a clause
                b = replace(b, blocks=tuple(prune(b.blocks)), children=tuple(children), after=tuple(prune(b.after)))
            elif isinstance(b, (BulletList, OrderedList)):
                kept = tuple(tuple(prune(item)) for item in b.items if not unused(item))
                if not kept:
                    continue
                b = replace(b, items=kept)
            elif isinstance(b, Paragraph) and unused((b,)):
                continue
            out.append(b)
        return out

    return prune(blocks)


def repeats(clause_title: str, section_title: str) -> bool:
    """Whether a clause title only repeats its section's: the same words, or its first words
    ("Warranties" in "Warranties of authority"), "The" and case aside."""

    def words(t: str) -> list[str]:
        w = re.findall(r"[a-z0-9]+", t.lower())
        return w[1:] if w[:1] == ["the"] else w

    c, s = words(clause_title), words(section_title)
    return bool(c) and s[: len(c)] == c


def raised(c: Clause) -> Clause:
    """The clause one level up, with its sub-clauses (a clause merged into its section)."""
    return replace(c, level=c.level - 1, children=tuple(raised(k) for k in subclauses(c)))


def subclauses(c: Clause) -> tuple[Clause, ...]:
    """The sub-clauses of a clause being assembled (only a redline holds Revised among them)."""
    return cast("tuple[Clause, ...]", c.children)


def all_clauses(blocks: Iterable[Block]) -> Iterator[Clause]:
    """Every clause among the blocks and their sub-clauses, depth first."""
    for b in blocks:
        if isinstance(b, Clause):
            yield b
            yield from all_clauses(subclauses(b))


def slug(title: str) -> str:
    """A section's id made from its title: "Expert determination" -> "expert-determination"."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
