"""The ids a regime defines and refers to: every party, role, forum and tier id in a parse tree.

Go to definition, find references, hover and completion all start from this
index. Positions in spans are clausegen's (1-based); `contains` takes the
server's 0-based positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..source import Span

if TYPE_CHECKING:
    from ..language.ast import SourceTree, Statement, Value

#: what an id names: "party", "role", "forum" or "tier"
SymbolKind = Literal["party", "role", "forum", "tier"]

# The kinds of things a regime defines and refers to by id.
KINDS: tuple[SymbolKind, ...] = ("party", "role", "forum", "tier")


@dataclass(frozen=True)
class Symbol:
    """One occurrence of a party, role, forum or tier id in the text."""

    kind: SymbolKind
    name: str
    span: Span
    definition: bool


def symbols(tree: SourceTree) -> list[Symbol]:
    """Every definition of and reference to a party, role, forum or tier id."""
    defined: list[Symbol] = []
    names: list[Value] = []  # every bare or dotted name value, in order

    def walk(statements: Iterable[Statement]) -> None:
        for st in statements:
            first = st.values[0] if st.values else None
            kind = _kind(st.keyword)
            for v in st.values:
                if v.kind != "name":
                    continue
                if kind and v is first and (kind == "role") == ("." in v.text):
                    defined.append(Symbol(kind, v.text, v.span, True))
                else:
                    names.append(v)
            if st.block:
                walk(st.block)

    walk(tree.statements)
    by_name = {s.name: s.kind for s in defined}
    out = list(defined)
    for s in defined:
        if s.kind == "role":  # client.sponsor names the party `client`
            out.append(_party_part(s.name, s.span))
    for v in names:
        if "." in v.text:  # a role, whether defined or not, and its party
            out.append(Symbol("role", v.text, v.span, False))
            out.append(_party_part(v.text, v.span))
        elif v.text in by_name:
            out.append(Symbol(by_name[v.text], v.text, v.span, False))
    return sorted(out, key=lambda s: (s.span.line, s.span.column, s.kind))


def _kind(keyword: str) -> SymbolKind | None:
    """The kind of id a statement defines by its keyword, or None."""
    for kind in KINDS:
        if keyword == kind:
            return kind
    return None


def _party_part(dotted: str, span: Span) -> Symbol:
    party = dotted.split(".", 1)[0]
    return Symbol("party", party, Span(span.file, span.line, span.column, span.line, span.column + len(party)), False)


def contains(span: Span, line: int, char: int) -> bool:
    """Does the 1-based span hold the 0-based position (its end included)?"""
    pos = (line + 1, char + 1)
    return (span.line, span.column) <= pos <= (span.end_line, span.end_column)
