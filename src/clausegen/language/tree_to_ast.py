"""Lark's parse tree -> the AST (ast.py): statements, values and their spans.

The grammar shapes the tree, so the transformer stays thin: one method per
rule. Quoted texts are unescaped here, and what a text may not hold (an
unknown escape, a character no document can carry, a text far too long, a
character that reorders the display) is reported here, with its position.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from ..diagnostics import Diagnostics
from ..source import SourceFile, Span, describe_character, unwritable
from ._lalr import Token, Transformer, v_args
from .ast import Statement, Value
from .syntax_errors import MAX_SYNTAX_ERRORS

# The longest quoted text: ten times a long legal name or address, and a
# size every document can carry in any number of places (clause templates
# are bounded in what they may print, see documents/sandbox.py).
MAX_TEXT_CHARS = 100_000
# Unicode's directional overrides and isolates: text shown in another order
# than it is stored ("Trojan Source"). Marks (U+200E, U+200F) are harmless.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_UNICODE_ESCAPE = re.compile(r"u\{([0-9A-Fa-f]{1,8})\}")

# What a rule method is given: Lark tokens (str subclasses with positions) and what the rules below returned.
Children = list[Any]


class Positioned(Protocol):
    """A Lark token or a rule's meta: where it starts and ends in the source."""

    line: int
    column: int
    end_line: int
    end_column: int


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


# Transformer comes from the generated runtime (_lalr), which mypy does not follow: to mypy it is Any.
class TreeToAst(Transformer):  # type: ignore[misc]
    """Lark parse tree -> AST dataclasses (the transformer stays thin)."""

    def __init__(self, source: SourceFile, diags: Diagnostics) -> None:
        super().__init__()
        self.source = source
        self.diags = diags

    def _span(self, meta_or_tok: Positioned) -> Span:
        m = meta_or_tok
        return Span(self.source.name, m.line, m.column, m.end_line, m.end_column)

    def start(self, children: Children) -> tuple[Statement, ...]:
        """The file: its statements (a line blanked by error recovery is dropped)."""
        return tuple(c for c in children if isinstance(c, Statement) and c.keyword != "skipped_line")

    @v_args(meta=True)  # type: ignore[untyped-decorator]  # from the unchecked _lalr, as Transformer
    def statement(self, meta: Positioned, children: Children) -> Statement:
        """A keyword, its values and its block if it has one."""
        keyword: Token = children[0]
        values = tuple(c for c in children[1:] if isinstance(c, Value))
        blocks = [c for c in children[1:] if isinstance(c, tuple)]
        block = blocks[0] if blocks else None
        return Statement(str(keyword), self._span(keyword), values, block, self._span(meta))

    def block(self, children: Children) -> tuple[Statement, ...]:
        """The statements between braces."""
        return tuple(c for c in children if isinstance(c, Statement) and c.keyword != "skipped_line")

    def string(self, children: Children) -> Value:
        """A quoted text, unescaped."""
        tok = children[0]
        text = self._unescape(tok)
        if len(text) > MAX_TEXT_CHARS:
            self.diags.error(
                "CG112",
                f"this text is {len(text):,} characters long; a quoted text may have at most {MAX_TEXT_CHARS:,}",
                Span(self.source.name, tok.line, tok.column, tok.line, tok.column + 1),
                "a name, title or address is a line of text; check that the closing quote is where you meant it",
            )
        bidi = _BIDI_CONTROL.search(text)
        if bidi:
            self.diags.warning(
                "CG113",
                f"this text holds a character ({describe_character(bidi.group())}) that makes the words around it display in a different order than they are read",
                Span(self.source.name, tok.line, tok.column, tok.line, tok.column + 1),
                "delete it: it can make a name look different from what the documents say (it comes with text pasted from another program)",
            )
        return Value("string", text, self._span(tok))

    def number(self, children: Children) -> Value:
        """A number, read exactly (a Decimal)."""
        tok = children[0]
        return Value("number", Decimal(str(tok)), self._span(tok))

    def name(self, children: Children) -> Value:
        """A bare word or a dotted reference."""
        tok = children[0]
        return Value("name", str(tok), self._span(tok))

    def date(self, children: Children) -> Value:
        """A date; one not in the calendar is reported and read as 1970-01-01."""
        tok = children[0]
        span = self._span(tok)
        try:
            return Value("date", date.fromisoformat(str(tok)), span)
        except ValueError:
            if self._room():
                self.diags.error(
                    "CG108", f"{tok} is not a date in the calendar", span, "write a real date as YYYY-MM-DD"
                )
            return Value("date", date(1970, 1, 1), span)

    def _unescape(self, tok: Token) -> str:
        raw = str(tok)[1:-1]
        out: list[str] = []
        i = 0
        problems = len(self.diags.items)
        while i < len(raw):
            ch = raw[i]
            if ch != "\\":
                if unwritable(ch) and len(self.diags.items) == problems:  # one report per text is enough
                    self._unwritable(ch, tok, i, 1)
                out.append(ch)
                i += 1
                continue
            nxt = raw[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            m = _UNICODE_ESCAPE.match(raw, i + 1)  # no slicing: a long text stays linear
            col = tok.column + 1 + i
            if m:
                code = int(m.group(1), 16)
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    if self._room():
                        self.diags.error(
                            "CG104",
                            f"`\\u{{{m.group(1)}}}` is not a character",
                            Span(self.source.name, tok.line, col, tok.line, col + m.end() - i),
                            "give the number of a real Unicode character, such as \\u{e9} for é",
                        )
                else:
                    if unwritable(chr(code)) and len(self.diags.items) == problems:
                        self._unwritable(chr(code), tok, i, m.end() - i)
                    out.append(chr(code))
                i = m.end()
                continue
            if self._room():
                self.diags.error(
                    "CG104",
                    f"`\\{nxt}` is not a known escape in a quoted text",
                    Span(self.source.name, tok.line, col, tok.line, col + 2),
                    'write \\" for a quote, \\\\ for a backslash, \\n for a new line, \\u{e9} for a character by number',
                )
            i += 2
        return "".join(out)

    def _room(self) -> bool:
        """Is there room for one more report? A file of junk is not a million errors."""
        return len(self.diags.items) < 2 * MAX_SYNTAX_ERRORS

    def _unwritable(self, ch: str, tok: Token, at: int, width: int) -> None:
        """Report a character in quoted text that no document can hold (CG111)."""
        col = tok.column + 1 + at
        self.diags.error(
            "CG111",
            f"this text contains an invisible character ({describe_character(ch)}) that documents cannot hold",
            Span(self.source.name, tok.line, col, tok.line, col + width),
            "delete it; if you meant a new line, write \\n",
        )
