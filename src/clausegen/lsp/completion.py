"""Completion: what may be typed at a position, from the builder's own tables.

The keywords a block takes come from the builder's Spec of that block, and
the words a keyword takes from running its reader, so a keyword added to
the language is offered without touching the language server. The block
around the cursor is found by scanning the raw text, so completion works
in a file being typed (unbalanced braces, half a string).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from ..diagnostics import Diagnostics
from ..source import Span
from .symbols import Symbol

if TYPE_CHECKING:
    from ..language.reader import Field, Spec

#: what a completion is: a keyword, an id of a kind of symbol, or a value
ItemKind = Literal["keyword", "party", "role", "forum", "tier", "unit", "calendar", "event", "value"]

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


def spec_for(path: list[str]) -> Spec | None:
    """The builder's Spec for the innermost open block, or None (outside any block)."""
    from ..language.vocabulary import REGIME

    if not path:
        return None
    spec: Spec = REGIME
    for keyword in path[1:]:
        child = _child_spec(spec, keyword)
        if child is None:
            return None
        spec = child
    return spec


def _child_spec(spec: Spec, keyword: str) -> Spec | None:
    """The Spec a keyword's block is read with: from the keyword's reader, or the block's name."""
    from ..language.reader import Field
    from ..language.vocabulary import BLOCKS

    entry = spec.get(keyword)
    if entry is None:
        return None
    # A keyword that opens a block is read by a SubBlock or ModelBlock, which names its table.
    opened = getattr(entry.read, "spec", None)
    if isinstance(opened, dict) and all(isinstance(f, Field) for f in opened.values()):
        return cast("Spec", opened)
    words = keyword.replace("_", " ")
    blocks = BLOCKS
    for name in (f"{words} block", words):
        if name in blocks:
            return blocks[name]
    return None


@dataclass(frozen=True)
class Item:
    """One completion: the word, what it is, and a short note."""

    label: str
    kind: ItemKind
    detail: str = ""


def complete(text: str, known: Sequence[Symbol], line: int, char: int) -> list[Item]:
    """What may be typed at a position of `text`, whose defined ids are among `known`."""
    from ..language.reader import KEYWORD_HOMES
    from ..language.values import EVENTS, UNITS

    path, before = block_path(text, line, char)
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
    words: list[Item] = []
    if len(before) == 1:
        spec = spec_for(path)
        if spec is not None and keyword in spec:
            words = [Item(w, "value", f"for `{keyword}`") for w in accepted_words(spec, keyword)]
    seen: dict[tuple[str, str], Item] = {}
    for s in known:
        if s.definition:
            seen.setdefault((s.kind, s.name), Item(s.name, s.kind, f"{s.kind} defined on line {s.span.line}"))
    return words + list(seen.values())


_PROBE = "zqxjv_not_a_word"
_CHOICES = re.compile(r"`([^`\s]+)`")
_ACCEPTED: dict[tuple[int, str], tuple[str, ...]] = {}


def accepted_words(spec: Spec, keyword: str) -> tuple[str, ...]:
    """The bare words `keyword` takes first, as its own reader lists them.

    The reader is run on a word it cannot accept; the diagnostic it reports
    names the words it would have taken ("use one of `formal`, `plain`").
    So the list is always the builder's, including keywords added later.
    """
    key = (id(spec), keyword)
    if key not in _ACCEPTED:
        _ACCEPTED[key] = _probe(spec[keyword], keyword)
    return _ACCEPTED[key]


def _probe(entry: Field, keyword: str) -> tuple[str, ...]:
    from ..language.ast import Statement, Value
    from ..language.values import Context, Missing, Values

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
