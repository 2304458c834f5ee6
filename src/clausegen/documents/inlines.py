"""Inline clause markup: regime text escaped for it, and a paragraph's text parsed into inlines.

Inside a paragraph, `[[...]]` is a marker (a defined term, a definition, a
cross-reference, a fill-in), `**...**` strong and `*...*` emphasis; a
backslash makes the next character literal. `escape` turns any text a regime
gives into markup that reads back as exactly that text. Blocks (paragraphs,
lists, tables, sub-clauses) are documents.markup's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..docmodel import Emph, FillIn, Inline, Ref, Strong, TermDef, TermUse, Text


class MarkupError(Exception):
    """A mistake in clause markup, at a line of the rendered text."""

    def __init__(self, message: str, line: int, help: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.help = help


# -- literal text ---------------------------------------------------------------
#
# What a drafter writes in quotes in a regime reaches clause templates escaped
# (see `escape`), so that the markup parser below reads it as text and never
# as a marker, a list item, a table cell or a new clause. A backslash makes
# the next character literal, as in Markdown.

_ESCAPED = re.compile(r"\\(.)", re.S)
_SPECIAL = re.compile(r"([\\\[\]*|])")
# Characters that end a line somewhere (Python's str.splitlines, Unicode): a
# quoted value is one line of text, so a run of them becomes one space.
_BREAKS = re.compile(r"[ \t]*(?:[\n\r\v\f\x1c-\x1e\x85\u2028\u2029][ \t]*)+")
# What could start a block if a value began a line: a heading, a quote, a list
# item, a table row or a directive. Its marker is escaped (`\\# `, `1\\. `),
# and nothing else, so `schedule[:1].isdigit()` still sees the digit.
_BLOCK_START = re.compile(r"^(\s*|\s*\d+)([#>]|[\-+.](?=\s|$))")
_MASK = "\ue000\ue000"  # stands for an escaped pair while looking for markers


def escape(text: str) -> str:
    """Regime text as clause markup that reads back as exactly that text (line breaks as spaces)."""
    out = _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text))
    return _BLOCK_START.sub(r"\1\\\2", out, count=1)


def unescape(text: str) -> str:
    """Clause markup text with its backslash escapes resolved."""
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


def mask_escapes(text: str) -> str:
    """The text with every escaped pair hidden, same length: markers are found in this."""
    return _ESCAPED.sub(_MASK, text) if "\\" in text else text


class _Finder:
    """str.find that remembers failures, so a scan over a paragraph stays linear.

    If `needle` does not occur from position p on, it does not occur from any
    later position either: a text of 100,000 `[` is one failed search, not
    100,000 of them.
    """

    def __init__(self, text: str):
        self.text = text
        self.missing: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        if start >= self.missing.get(needle, len(self.text) + 1):
            return -1
        found = self.text.find(needle, start)
        if found < 0:
            self.missing[needle] = start
        return found


_OPENERS = re.compile(r"\[\[|\*")


def parse_inlines(text: str, line: int = 1) -> tuple[Inline, ...]:
    """Parse one paragraph's text into inlines, in time linear in its length.

    `[[...]]` is a marker, `**...**` strong and `*...*` emphasis, each closed
    by the first closer after at least one character; `\\x` is a literal x.
    """
    return tuple(_merge_text(_inlines(text, mask_escapes(text), line)))


def _inlines(text: str, masked: str, line: int) -> list[Inline]:
    out: list[Inline] = []
    finder = _Finder(masked)
    pos = 0
    for m in _OPENERS.finditer(masked):
        i = m.start()
        if i < pos:
            continue  # inside something already consumed
        if masked.startswith("[[", i):
            j = finder.find("]]", i + 3)
            if j < 0:
                continue
            item: Inline = _marker(text[i + 2 : j], masked[i + 2 : j], line)
            end = j + 2
        else:
            j = finder.find("**", i + 3) if masked.startswith("**", i) else -1
            if j >= 0:
                item, end = Strong(tuple(_merge_text(_inlines(text[i + 2 : j], masked[i + 2 : j], line)))), j + 2
            else:
                j = finder.find("*", i + 2)
                if j < 0:
                    continue
                item, end = Emph(tuple(_merge_text(_inlines(text[i + 1 : j], masked[i + 1 : j], line)))), j + 1
        if i > pos:
            out.append(Text(unescape(text[pos:i])))
        out.append(item)
        pos = end
    if pos < len(text):
        out.append(Text(unescape(text[pos:])))
    return out


def _merge_text(items: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for i in items:
        if isinstance(i, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + i.text)
        elif not (isinstance(i, Text) and not i.text):
            merged.append(i)
    return merged


def partition_unescaped(text: str, masked: str, sep: str) -> tuple[str, str, str, str, str]:
    """Split at the first unescaped `sep`: (head, head masked, sep or "", rest, rest masked)."""
    k = masked.find(sep)
    if k < 0:
        return text, masked, "", "", ""
    return text[:k], masked[:k], sep, text[k + len(sep) :], masked[k + len(sep) :]


def _marker(body: str, masked: str, line: int) -> Inline:
    kind, kind_masked, sep, rest, _ = partition_unescaped(body, masked, ":")
    kind = unescape(kind)
    if sep and kind in ("def", "def?", "ref", "field") and kind_masked == kind:
        rest = unescape(rest).strip()
        if not rest:
            raise MarkupError(f"`[[{unescape(body)}]]` names nothing", line)
        if kind == "def?":
            return TermDef(rest, optional=True)
        make: Callable[[str], Inline] = {"def": TermDef, "ref": Ref, "field": FillIn}[kind]
        return make(rest)
    if sep and kind_masked == kind and kind.rstrip("?").isidentifier() and " " not in kind:
        raise MarkupError(
            f"`[[{unescape(body)}]]` is not a known marker",
            line,
            "use [[def:Term]], [[ref:clause.id]], [[field:Label]] or [[Term]]",
        )
    shown, _, bar, term, _ = partition_unescaped(body, masked, "|")
    shown, term = unescape(shown).strip(), unescape(term).strip()
    return TermUse(term if bar else shown, shown)
