"""What the language server knows about one open document, in plain Python.

Positions here are 0-based (line, character) in code points; the server
converts them to and from the editor's units. Nothing here raises on any
text: a problem in the text is a diagnostic, and a failure inside clausegen
itself becomes one diagnostic too, so the editor always gets an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..diagnostics import CompileError, Diagnostic, Diagnostics, Severity
from ..source import SourceFile, Span

# The kinds of things a regime defines and refers to by id.
KINDS = ("party", "role", "forum", "tier")

_DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")


@dataclass(frozen=True)
class Symbol:
    """One occurrence of a party, role, forum or tier id in the text."""

    kind: str
    name: str
    span: Span
    definition: bool


@dataclass
class Analysis:
    """The result of checking one version of a document."""

    text: str
    name: str
    diagnostics: list[Diagnostic]
    tree: object | None = None  # SourceTree, when the text parses
    regime: object | None = None  # Regime, when the text compiles
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


def symbols(tree) -> list[Symbol]:
    """Every definition of and reference to a party, role, forum or tier id."""
    defined: list[Symbol] = []
    names = []  # every bare or dotted name value, in order

    def walk(statements) -> None:
        for st in statements:
            first = st.values[0] if st.values else None
            kind = st.keyword if st.keyword in KINDS else None
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


def _party_part(dotted: str, span: Span) -> Symbol:
    party = dotted.split(".", 1)[0]
    return Symbol("party", party, Span(span.file, span.line, span.column, span.line, span.column + len(party)), False)


def _contains(span: Span, line: int, char: int) -> bool:
    """Does the 1-based span hold the 0-based position (its end included)?"""
    pos = (line + 1, char + 1)
    return (span.line, span.column) <= pos <= (span.end_line, span.end_column)


def symbol_at(a: Analysis, line: int, char: int) -> Symbol | None:
    """The innermost symbol at a position (the party part of client.sponsor before its dot)."""
    hits = [s for s in a.symbols if _contains(s.span, line, char)]
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

    def walk(statements) -> list[Outline]:
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
    m = _DID_YOU_MEAN.search(d.help) or _DID_YOU_MEAN.search(d.message)
    return m.group(1) if m else None


# -- the block around the cursor -------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|#[^\n]*|[{}]|[^\s"#{},]+')


def block_path(text: str, line: int, char: int) -> tuple[list[str], list[str]]:
    """The keywords of the blocks open at a position, and the words before it on its line.

    A scan of the raw text, not the parse tree, so it works in a file being
    typed (unbalanced braces, half a string).
    """
    lines = text.split("\n")
    stack: list[str] = []
    for number, raw in enumerate(lines[: line + 1]):
        part = raw[:char] if number == line else raw
        words: list[str] = []
        for m in _TOKEN.finditer(part):
            tok = m.group()
            if tok.startswith("#"):
                break
            if tok == "{":
                stack.append(words[0] if words else "")
                words = []
            elif tok == "}":
                if stack:
                    stack.pop()
                words = []
            else:
                words.append(tok)
        if number == line:
            if part and not part[-1].isspace() and words and not part.endswith(("{", "}", ",")):
                words = words[:-1]  # the word being typed
            return stack, words
    return stack, []


def spec_for(path: list[str]):
    """The builder's Spec for the innermost open block, or None (outside any block)."""
    from ..language import builder

    if not path:
        return None
    spec = builder.REGIME
    for keyword in path[1:]:
        spec = _child_spec(spec, keyword)
        if spec is None:
            return None
    return spec


def _child_spec(spec, keyword: str):
    """The Spec a keyword's block is read with: from the keyword's reader, or the block's name."""
    from ..language import builder
    from ..language.reader import Field

    entry = spec.get(keyword)
    if entry is None:
        return None
    # _sub() keeps its Spec in the reader's closure.
    for cell in getattr(entry.read, "__closure__", None) or ():
        value = cell.cell_contents
        if isinstance(value, dict) and value and all(isinstance(f, Field) for f in value.values()):
            return value
    words = keyword.replace("_", " ")
    blocks = builder._BLOCKS
    for name in (f"{words} block", words):
        if name in blocks:
            return blocks[name]
    return None


# -- completion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One completion: the word, what it is, and a short note."""

    label: str
    kind: str  # keyword, party, role, forum, tier, unit, calendar, event
    detail: str = ""


def complete(a: Analysis, line: int, char: int) -> list[Item]:
    """What may be typed at a position."""
    from ..language.reader import EVENTS, KEYWORD_HOMES, UNITS

    path, before = block_path(a.text, line, char)
    if not before:
        if not path:
            return [Item("regime", "keyword", "the regime block")]
        spec = spec_for(path)
        if spec is None:
            return []
        return [Item(k, "keyword", KEYWORD_HOMES.get(k, "")) for k in sorted(spec)]
    keyword, last = before[0], before[-1]
    if keyword == "calendar":
        from ..calendar import valid_codes

        return [Item(f'"{c}"', "calendar", "holiday calendar") for c in sorted(valid_codes())]
    if re.fullmatch(r"\d+(\.\d+)?", last):
        return [Item(u, "unit", "unit of time") for u in UNITS]
    if last in ("of", "from", "after"):
        return [Item(e, "event", "the event the clock starts from") for e in sorted(EVENTS)]
    words = []
    if len(before) == 1:
        spec = spec_for(path)
        if spec is not None and keyword in spec:
            words = [Item(w, "value", f"for `{keyword}`") for w in accepted_words(spec, keyword)]
    seen: dict[tuple[str, str], Item] = {}
    for s in a.symbols or a.known:
        if s.definition:
            seen.setdefault((s.kind, s.name), Item(s.name, s.kind, f"{s.kind} defined on line {s.span.line}"))
    return words + list(seen.values())


_PROBE = "zqxjv_not_a_word"
_CHOICES = re.compile(r"`([^`\s]+)`")
_ACCEPTED: dict[tuple[int, str], tuple[str, ...]] = {}


def accepted_words(spec, keyword: str) -> tuple[str, ...]:
    """The bare words `keyword` takes first, as its own reader lists them.

    The reader is run on a word it cannot accept; the diagnostic it reports
    names the words it would have taken ("use one of `formal`, `plain`").
    So the list is always the builder's, including keywords added later.
    """
    key = (id(spec), keyword)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = _probe(spec[keyword], keyword)
    return _ACCEPTED[key]


def _probe(entry, keyword: str) -> tuple[str, ...]:
    from ..language.ast import Statement, Value
    from ..language.reader import Context, Missing, Values

    if entry.block:
        return ()
    span = Span.point("<probe>", 1, 1)
    stmt = Statement(keyword, span, (Value("name", _PROBE, span),), None, span)
    diags = Diagnostics()
    try:
        entry.read(Values(stmt, Context(diags, "<probe>")))
    except (Missing, Exception):
        pass
    out: list[str] = []
    for d in diags.items:
        if d.code != "CG202" or _PROBE not in d.message:
            continue
        for word in _CHOICES.findall(d.help):
            if word != keyword and word not in out and re.fullmatch(r"[^\W\d]\w*", word):
                out.append(word)
    return tuple(out)


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


def _statement_at(statements, line: int, char: int, path: list[str]):
    for st in statements:
        if _contains(st.keyword_span, line, char):
            return st, path
        if st.block and _contains(st.span, line, char):
            found = _statement_at(st.block, line, char, path + [st.keyword])
            if found[0] is not None:
                return found
    return None, path


def _period_at(a: Analysis, line: int, char: int):
    if a.regime is None:
        return None
    from ..timeline import worst_case

    try:
        t = worst_case(a.regime)
    except CompileError:
        return None
    for step in t.steps + t.side_steps:
        if _contains(step.period.span, line, char):
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
    return d.severity is Severity.ERROR
