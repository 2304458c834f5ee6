"""Point each change at the line that says it, not only at its block.

The model keeps a span per block (a tier, the mediation) and per period; the
syntax tree keeps one per statement. A change of a field whose statement is
found inside the block (the `body "CEDR"` line of the mediation) gets that
statement's span.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..language.ast import SourceTree, Statement
from ..source import Span
from .compare import Change


def _inside(inner: Span, outer: Span) -> bool:
    return (inner.line, inner.column) >= (outer.line, outer.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )


def _statements(statements: tuple[Statement, ...]) -> Iterator[Statement]:
    for s in statements:
        yield s
        if s.block:
            yield from _statements(s.block)


def _find(tree: SourceTree | None, within: Span | None, field: str) -> Span | None:
    """The span of the innermost statement in `within` that writes `field` (as keyword or word)."""
    if tree is None or within is None:
        return None
    keyword = word = None  # a statement named by the field beats one that mentions it
    for s in _statements(tree.statements):
        if not _inside(s.span, within) or s.span == within:
            continue
        if s.keyword == field:
            keyword = keyword or s.span
        elif any(v.kind == "name" and v.value == field for v in s.values):
            word = word or s.span
    return keyword or word


def pinpoint(changes: list[Change], old_tree: SourceTree | None, new_tree: SourceTree | None) -> list[Change]:
    """The changes with field changes pointed at their own statements where the trees show them."""
    out = []
    for c in changes:
        if c.change == "changed":
            field = c.path.rsplit(".", 1)[-1]
            c = replace(
                c,
                old_span=_find(old_tree, c.old_span, field) or c.old_span,
                new_span=_find(new_tree, c.new_span, field) or c.new_span,
            )
        out.append(c)
    return out
