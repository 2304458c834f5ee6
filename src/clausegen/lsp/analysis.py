"""What the language server knows about one open document, in plain Python.

Positions here are 0-based (line, character) in code points; the server
converts them to and from the editor's units. Nothing here raises on any
text: a problem in the text is a diagnostic, and a failure inside clausegen
itself becomes one diagnostic too, so the editor always gets an answer.

This module checks a document and answers the server's questions about the
result (symbols, outline, quick fixes, hover, completion); the index of ids
is `symbols` and the completion machinery is `completion`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..diagnostics import CompileError, Diagnostic, Diagnostics, Severity
from ..source import SourceFile, Span
from . import completion
from .completion import Item, block_path
from .symbols import KINDS, Symbol, contains, symbols

if TYPE_CHECKING:
    from ..language.ast import SourceTree, Statement
    from ..model import Regime

__all__ = [
    "KINDS",
    "Analysis",
    "Item",
    "Outline",
    "Symbol",
    "analyse",
    "block_path",
    "complete",
    "definitions",
    "hover",
    "outline",
    "references",
    "severity_is_error",
    "suggestion",
    "symbol_at",
    "symbols",
]

#: a "did you mean `word`?" in a diagnostic's message or help; the word is its group 1
DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")


@dataclass
class Analysis:
    """The result of checking one version of a document."""

    text: str
    name: str
    diagnostics: list[Diagnostic]
    tree: SourceTree | None = None  # when the text parses
    regime: Regime | None = None  # when the text compiles
    symbols: list[Symbol] = field(default_factory=list)
    # While the text does not parse (a line half typed), the ids of the last
    # version that did: completion still offers them.
    known: list[Symbol] = field(default_factory=list)


def analyse(text: str, name: str) -> Analysis:
    """Check `text` exactly as `clausegen check` does and index its symbols.

    The steps are those of api.compile_source, kept apart so the parse tree
    survives errors found later (go to definition still works in a file
    with a checking error).
    """
    from ..language.builder import build
    from ..language.checks import run_checks
    from ..language.parser import parse

    source = SourceFile(name, text)
    result = Analysis(text, name, [])
    diags = Diagnostics()
    try:
        tree = parse(source, diags)
        result.tree = tree
        result.symbols = symbols(tree)
        regime, ctx = build(tree, diags)
        if regime is not None:
            run_checks(regime, ctx, diags)
            if not diags.has_errors:
                result.regime = regime
    except CompileError as exc:
        diags.extend(exc.diagnostics)
    except RecursionError:
        diags.error(
            "CG110",
            "this file nests too deeply to be checked",
            Span.point(name, 1, 1),
            "a regime nests blocks three or four deep",
        )
    except Exception as exc:
        diags.error(
            "internal-error",
            f"clausegen could not check this file (internal error: {type(exc).__name__})",
            Span.point(name, 1, 1),
            "this is a fault in clausegen, not in your file; `clausegen check` shows the details",
        )
    result.diagnostics = diags.sorted()
    return result


# -- symbols ------------------------------------------------------------------------------


def symbol_at(a: Analysis, line: int, char: int) -> Symbol | None:
    """The innermost symbol at a position (the party part of client.sponsor before its dot)."""
    hits = [s for s in a.symbols if contains(s.span, line, char)]
    if not hits:
        return None
    return min(hits, key=lambda s: s.span.end_column - s.span.column)


def definitions(a: Analysis, sym: Symbol) -> list[Symbol]:
    """Where `sym` is defined."""
    return [s for s in a.symbols if s.definition and s.kind == sym.kind and s.name == sym.name]


def references(a: Analysis, sym: Symbol, include_definition: bool = True) -> list[Symbol]:
    """Every occurrence of `sym`'s id (its definition too, when asked)."""
    return [
        s for s in a.symbols if s.kind == sym.kind and s.name == sym.name and (include_definition or not s.definition)
    ]


@dataclass(frozen=True)
class Outline:
    """One block of the file for the editor's outline: `tier contract_managers`, its children."""

    name: str
    detail: str
    span: Span
    name_span: Span
    children: tuple[Outline, ...]


def outline(a: Analysis) -> list[Outline]:
    """The blocks of the file, nested, and the party and role lines (empty while it does not parse)."""

    def walk(statements: Iterable[Statement]) -> list[Outline]:
        out = []
        for st in statements:
            if not st.has_block and st.keyword not in ("party", "role"):
                continue
            first = st.values[0] if st.values else None
            name = f"{st.keyword} {first.text}" if first is not None else st.keyword
            detail = next((v.text for v in st.values[1:] if v.kind == "string"), "")
            out.append(Outline(name, detail, st.span, st.keyword_span, tuple(walk(st.block or ()))))
        return out

    return walk(a.tree.statements) if a.tree is not None else []


# -- quick fixes ----------------------------------------------------------------------------


def suggestion(d: Diagnostic) -> str | None:
    """The word a 'did you mean' diagnostic proposes, if it proposes one."""
    m = DID_YOU_MEAN.search(d.help) or DID_YOU_MEAN.search(d.message)
    return m.group(1) if m else None


# -- completion ----------------------------------------------------------------------------------


def complete(a: Analysis, line: int, char: int) -> list[Item]:
    """What may be typed at a position (the ids of the last version that parsed while this one does not)."""
    return completion.complete(a.text, a.symbols or a.known, line, char)


# -- hover -------------------------------------------------------------------------------------------


def hover(a: Analysis, line: int, char: int) -> tuple[str, Span] | None:
    """Markdown for the word at a position: a period's worst-case dates, a keyword's meaning."""
    period = _period_at(a, line, char)
    if period is not None:
        return period
    if a.tree is None:
        return None
    sym = symbol_at(a, line, char)
    if sym is not None:
        found = definitions(a, sym)
        lines = a.text.split("\n")
        shown = "\n".join(lines[d.span.line - 1].strip() for d in found if d.span.line <= len(lines))
        where = f"defined on line {found[0].span.line}" if found else "not defined in this file"
        body = f"\n\n```regime\n{shown}\n```" if shown else ""
        return f"{sym.kind} `{sym.name}`: {where}{body}", sym.span
    st, path = _statement_at(a.tree.statements, line, char, [])
    if st is None:
        return None
    from .keyword_docs import meaning

    text = meaning(st.keyword, path)
    if not text:
        return None
    return f"**{st.keyword}**: {text}", st.keyword_span


def _statement_at(
    statements: Iterable[Statement], line: int, char: int, path: list[str]
) -> tuple[Statement | None, list[str]]:
    for st in statements:
        if contains(st.keyword_span, line, char):
            return st, path
        if st.block and contains(st.span, line, char):
            found = _statement_at(st.block, line, char, path + [st.keyword])
            if found[0] is not None:
                return found
    return None, path


def _period_at(a: Analysis, line: int, char: int) -> tuple[str, Span] | None:
    if a.regime is None:
        return None
    from ..timeline import worst_case

    try:
        t = worst_case(a.regime)
    except CompileError:
        return None
    for step in t.steps + t.side_steps:
        if contains(step.period.span, line, char):
            text = (
                f"**{step.name}**: {step.period.describe()}\n\n"
                f"Worst case for a dispute notified on {_day(t.notified)}: "
                f"counted from {_day(step.starts)}, the last day is {_day(step.due)} "
                f"(day {t.day(step.due)} after the notice)."
            )
            return text, step.period.span
    return None


def _day(d: date) -> str:
    return f"{d:%a} {d.isoformat()}"


def severity_is_error(d: Diagnostic) -> bool:
    """Is the diagnostic an error (not a warning)?"""
    return d.severity is Severity.ERROR
