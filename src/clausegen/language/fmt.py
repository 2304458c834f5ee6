"""The canonical layout of a regime file (`clausegen fmt`).

The layout, in short (docs/fmt.md says it for drafters):

- two spaces of indentation per block level; one space between values; a
  `,` right after its item; a list continued after a comma goes on four
  spaces deeper than its statement;
- `{` at the end of its statement's line, `}` alone on its own line; an empty
  block is written `{}`;
- a run of statements with the same keyword and no block, one under the
  other, is a table: their values are aligned in columns (roles, notices);
- a comment after a statement is kept on its line, two spaces after the
  text; the comments of consecutive lines are aligned with each other;
  a comment on its own line takes the indentation of what follows it;
- at most one blank line in a row, none at the start or end of a block or
  the file; a blank line is added after a block's `}` when a statement with
  another keyword follows, at the top two levels (between `notices { }` and
  `governance { }`, not between two `party` blocks);
- nothing is reordered: the language gives no order to sort by.

Formatting works on tokens, not on the AST, because the AST drops comments.
The text is first parsed by the real parser, so a file that does not parse
gets the same diagnostics as `check`; every token is then written as it was
typed (quoted texts keep their escapes, numbers their digits), which is why
formatting cannot change what a regime means. `format_source` still checks
that: it reads its own output back and compares statements and comments.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import cast

from ..source import SourceFile
from .parser import parse

INDENT = "  "
CONTINUATION = "    "  # a list continued after a comma, relative to its statement
COMMENT_GAP = "  "

# The tokens of grammar/regime.lark. Once the parser has accepted the text,
# every run of characters that is not space, a quote, a comment, a brace or a
# comma is exactly one of its tokens (keyword, name, number or date).
_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<nl>\n)"
    r"|(?P<space>[\t \f]+)"
    r"|(?P<lbrace>\{)|(?P<rbrace>\})|(?P<comma>,)"
    r'|(?P<word>[^\s"#{},]+)'
)


@dataclass
class _Tok:
    kind: str
    text: str
    line: int


@dataclass
class _Row:
    """One output line of a statement: its values (and a comment after them)."""

    parts: list[str] = field(default_factory=list)
    comment: str | None = None


@dataclass
class _Stmt:
    """A statement as typed: keyword, rows of values, its block's items, the comment after its `}`."""

    keyword: str
    rows: list[_Row]
    block: list[_Item] | None = None
    close_comment: str | None = None


@dataclass
class _Comment:
    """A comment on its own line."""

    text: str


class _Blank:
    """A blank line (one stands for a run of them)."""


_BLANK = _Blank()

# What a file or block holds, in order.
_Item = _Stmt | _Comment | _Blank


def format_source(text: str, name: str = "<input>") -> str:
    """The text in the canonical layout; CompileError when it does not parse.

    Idempotent: format_source(format_source(t)) == format_source(t).
    """
    source = SourceFile(name, text.removeprefix("\ufeff"))
    parse(source)  # raises CompileError with the parser's diagnostics
    items = _Reader(_tokens(source.text)).items(in_block=False)
    out = _render(items)
    _verify(items, out)
    return out


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    line = 1
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # the parser accepted the text, so this cannot happen
            raise AssertionError(f"fmt: cannot read the text at line {line}")
        kind = cast(str, m.lastgroup)  # every alternative of _TOKEN is a named group
        if kind != "space":
            toks.append(_Tok(kind, m.group(), line))
        if kind == "nl":
            line += 1
        pos = m.end()
    toks.append(_Tok("eof", "", line))
    return toks


class _Reader:
    """Tokens -> statements, comments and blank lines (a tree with comments)."""

    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def items(self, in_block: bool) -> list[_Item]:
        items: list[_Item] = []
        newlines = 0
        while True:
            tok = self.peek()
            if tok.kind == "nl":
                self.take()
                newlines += 1
                if newlines >= 2:
                    items.append(_BLANK)
                    newlines = 1  # collapsed later
                continue
            if tok.kind == "eof" or (tok.kind == "rbrace" and in_block):
                return items
            newlines = 0
            if tok.kind == "comment":
                items.append(_Comment(self.take().text))
            else:
                items.append(self.statement())

    def statement(self) -> _Stmt:
        stmt = _Stmt(self.take().text, [_Row()])
        while True:
            tok = self.peek()
            row = stmt.rows[-1]
            if tok.kind in ("string", "word"):
                row.parts.append(self.take().text)
            elif tok.kind == "comma":
                comma = self.take()
                row.parts[-1] += ","
                self._after_comma(stmt, comma.line)
            elif tok.kind == "comment":
                row.comment = self.take().text  # the statement ends at the line's end
            elif tok.kind == "lbrace":
                brace = self.take()
                if self.peek().kind == "comment" and self.peek().line == brace.line:
                    row.comment = self.take().text
                stmt.block = self.items(in_block=True)
                close = self.take()  # the `}`
                if self.peek().kind == "comment" and self.peek().line == close.line:
                    stmt.close_comment = self.take().text
                return stmt
            else:  # end of line, `}` of the enclosing block, end of file
                return stmt

    def _after_comma(self, stmt: _Stmt, line: int) -> None:
        """After a comma the list may go on below, past comments and blank lines."""
        broke = False
        while self.peek().kind in ("nl", "comment"):
            tok = self.take()
            if tok.kind == "nl":
                broke = True
            elif tok.line == line:
                stmt.rows[-1].comment = tok.text
            else:
                stmt.rows.append(_Row(comment=tok.text))
        if broke:
            stmt.rows.append(_Row())


# -- rendering ---------------------------------------------------------------


@dataclass
class _Line:
    """One output line before alignment: indentation, cells and comment."""

    indent: str
    cells: list[str]
    comment: str | None = None
    table: int | None = None  # lines of one table share a number
    blank: bool = False


def _render(items: list[_Item]) -> str:
    lines: list[_Line] = []
    _emit(items, 0, lines, [0])
    _align_tables(lines)
    return _join(lines)


def _normalised(items: list[_Item], depth: int) -> list[_Item]:
    """Blank lines: at most one in a row, none at either end, one between block neighbours."""
    out: list[_Item] = []
    for item in items:
        if item is _BLANK and (not out or out[-1] is _BLANK):
            continue
        out.append(item)
    while out and out[-1] is _BLANK:
        out.pop()
    if depth > 1:
        return out
    result: list[_Item] = []
    prev: _Stmt | None = None
    since = 0  # where the items after the previous statement begin in result
    for item in out:
        if isinstance(item, _Stmt):
            between = result[since:]
            if prev is not None and _BLANK not in between and prev.block is not None and prev.keyword != item.keyword:
                result.insert(since, _BLANK)
            prev = item
            result.append(item)
            since = len(result)
        else:
            result.append(item)
    return result


def _emit(items: list[_Item], depth: int, lines: list[_Line], tables: list[int]) -> None:
    indent = INDENT * depth
    items = _normalised(items, depth)
    prev_key = None
    for item in items:
        if isinstance(item, _Blank):
            lines.append(_Line("", [], blank=True))
            prev_key = None
        elif isinstance(item, _Comment):
            lines.append(_Line(indent, [], item.text))
            prev_key = None
        else:
            key = item.keyword if item.block is None and len(item.rows) == 1 else None
            if key is None or key != prev_key:
                tables[0] += 1
            prev_key = key
            _emit_statement(item, depth, lines, tables, tables[0] if key else None)
            if item.block is not None:
                prev_key = None


def _emit_statement(stmt: _Stmt, depth: int, lines: list[_Line], tables: list[int], table: int | None) -> None:
    indent = INDENT * depth
    first = _Line(indent, [stmt.keyword, *stmt.rows[0].parts], stmt.rows[0].comment, table)
    lines.append(first)
    for row in stmt.rows[1:]:
        if row.parts:
            lines.append(_Line(indent + CONTINUATION, [" ".join(row.parts)], row.comment))
        elif row.comment is not None:
            lines.append(_Line(indent + CONTINUATION, [], row.comment))
    if stmt.block is None:
        return
    last = lines[-1]
    has_content = any(item is not _BLANK for item in stmt.block)
    if not has_content and last.comment is None:
        last.cells.append("{}")
        last.comment = stmt.close_comment
        return
    last.cells.append("{")
    _emit(stmt.block, depth + 1, lines, tables)
    lines.append(_Line(indent, ["}"], stmt.close_comment))


def _align_tables(lines: list[_Line]) -> None:
    """Pad the values of each table into columns (every cell but a row's last)."""
    groups: dict[int, list[_Line]] = {}
    for line in lines:
        if line.table is not None:
            groups.setdefault(line.table, []).append(line)
    for rows in groups.values():
        if len(rows) < 2:
            continue
        widths: dict[int, int] = {}
        for row in rows:
            for col, cell in enumerate(row.cells[:-1]):
                widths[col] = max(widths.get(col, 0), _width(cell))
        for row in rows:
            row.cells = [
                _pad(cell, widths[col]) if col < len(row.cells) - 1 else cell for col, cell in enumerate(row.cells)
            ]


def _width(text: str) -> int:
    """Columns the text takes in an editor: wide (CJK) characters take two, accents none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _join(lines: list[_Line]) -> str:
    """The text; comments after code on consecutive lines share one column."""
    codes = [line.indent + " ".join(line.cells) if line.cells else "" for line in lines]
    columns: list[int | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        if lines[i].cells and lines[i].comment is not None:
            j = i
            while j < len(lines) and lines[j].cells and lines[j].comment is not None:
                j += 1
            column = max(_width(codes[k]) for k in range(i, j)) + len(COMMENT_GAP)
            for k in range(i, j):
                columns[k] = column
            i = j
        else:
            i += 1
    out: list[str] = []
    for line, code, at in zip(lines, codes, columns, strict=True):
        if line.blank:
            out.append("")
        elif line.comment is None:
            out.append(code)
        elif line.cells:
            assert at is not None  # set above for every line with code and a comment
            out.append(_pad(code, at) + line.comment.rstrip())
        else:
            out.append(line.indent + line.comment.rstrip())
    return "\n".join(out) + "\n"


# -- the safety net ----------------------------------------------------------


def _verify(items: list[_Item], after: str) -> None:
    """Formatting must keep every statement, value and comment: check it.

    The output is read back into statements and compared with the input's
    (tests/test_fmt.py also checks that the parser reads both alike).
    """
    again = _Reader(_tokens(after)).items(in_block=False)
    if _shape(again) != _shape(items):
        raise AssertionError("fmt would change the file's statements or comments (please report this)")


def _shape(items: list[_Item]) -> tuple[object, ...]:
    """What formatting must keep: keywords, values, comments and nesting, without layout."""
    out: list[object] = []
    for item in items:
        if isinstance(item, _Comment):
            out.append(item.text.rstrip())
        elif isinstance(item, _Stmt):
            values = tuple(part for row in item.rows for part in row.parts)
            notes = tuple(row.comment.rstrip() for row in item.rows if row.comment is not None)
            block = None if item.block is None else _shape(item.block)
            out.append((item.keyword, values, notes, block, (item.close_comment or "").rstrip()))
    return tuple(out)
