"""Lark's parse errors -> diagnostics in a drafter's words.

Lark stops at the first token it cannot take and says which tokens it
expected, in grammar terms. `report` turns that into one diagnostic a drafter
understands (a stray character, a number run into a word, a date written
with slashes, a trailing comma, a line that does not start with a keyword)
and returns the line the parser should blank before it tries again.
"""

from __future__ import annotations

import re
import unicodedata

from ..diagnostics import Diagnostics
from ..source import SourceFile, Span, describe_character, is_invisible, split_lines
from ._lalr import Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

# At most this many syntax errors are reported for one file: enough to fix first.
MAX_SYNTAX_ERRORS = 20

TOKEN_WORDS = {
    "KEYWORD": "a keyword",
    "NAME": "a name such as client.sponsor",
    "STRING": 'a quoted text such as "London"',
    "NUMBER": "a number",
    "DATE": "a date such as 2026-03-01",
    "_NL": "the end of the line",
    "_LBRACE": "`{`",
    "_RBRACE": "`}`",
    "_COMMA": "`,`",
    "$END": "the end of the file",
}

# Characters that are not part of the language, and what the drafter meant.
STRAY_CHARACTERS = {
    ";": "statements end at the end of the line: remove the `;`",
    ":": 'write the keyword and its value side by side, without a colon: venue "London"',
    "=": 'write the keyword and its value side by side, without `=`: venue "London"',
    "'": 'put names in double quotes: "Acme Ltd", not single quotes',
    "\u201c": 'use straight double quotes ("), not curly quotes: your word processor changed them',
    "\u201d": 'use straight double quotes ("), not curly quotes: your word processor changed them',
    "\u2018": 'use straight double quotes ("), not curly quotes',
    "\u2019": 'use straight double quotes ("), not curly quotes',
    "(": "brackets are not part of the language: remove them",
    ")": "brackets are not part of the language: remove them",
    "[": "lists are written with commas and no brackets: contents summary, remedy_sought",
    "]": "lists are written with commas and no brackets: contents summary, remedy_sought",
}

FOUND_WORDS = {"STRING": "a quoted text", "NUMBER": "a number", "DATE": "a date", "NAME": "a dotted name"}


def strip_comments(text: str) -> str:
    """The text without its comments (from `#` to the end of each line)."""
    return re.sub(r"#[^\n]*", "", text)


def report(source: SourceFile, exc: UnexpectedInput, diags: Diagnostics) -> int | None:
    """Turn one Lark error into a diagnostic; return the line to blank."""
    name = source.name
    if isinstance(exc, UnexpectedCharacters):
        line: int = exc.line
        text = source.line(exc.line)
        rest = text[exc.column - 1 :]
        glued = re.match(r"(\d+)([^\W\d]\w*)", rest)
        # A date like 01/03/2026 fails after its first number: look back for it.
        start = exc.column - 1
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] in "/."):
            start -= 1
        slash_date = re.match(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}", text[start:])
        if slash_date:
            exc.column = start + 1
        if glued:
            diags.error(
                "CG105",
                f"`{glued.group(0)}` runs a number into a word",
                Span(name, exc.line, exc.column, exc.line, exc.column + len(glued.group(0))),
                f"put a space between them: {glued.group(1)} {glued.group(2)}",
            )
        elif slash_date:
            diags.error(
                "CG105",
                f"`{slash_date.group(0)}` is not written as a date the language reads",
                Span(name, exc.line, exc.column, exc.line, exc.column + len(slash_date.group(0))),
                "write dates as year-month-day: 2026-03-01",
            )
        else:
            ch = rest[:1] or "?"
            if is_invisible(ch):
                # Shown raw, an invisible character would make the message unreadable.
                diags.error(
                    "CG105",
                    f"an invisible character ({describe_character(ch)}) is not part of the language here",
                    Span.point(name, exc.line, exc.column),
                    "replace it with an ordinary space (it often comes with text pasted from a word processor or a web page)"
                    if unicodedata.category(ch) == "Zs"
                    else "delete it (it often comes with text pasted from a web page or a PDF)",
                )
                return line
            help = STRAY_CHARACTERS.get(ch, "remove it; names with spaces or symbols go in double quotes")
            diags.error(
                "CG105", f"`{ch}` is not part of the language here", Span.point(name, exc.line, exc.column), help
            )
        return line
    if isinstance(exc, UnexpectedEOF):
        diags.error("CG100", "the file ends too early", source.end_span(), "finish the last statement")
        return None
    assert isinstance(exc, UnexpectedToken)
    tok: Token = exc.token
    if tok.type == "$END":
        diags.error("CG100", "the file ends too early", source.end_span(), "finish the last statement")
        return None
    span = Span(name, tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)
    expected = sorted(exc.expected)
    comma = _comma_before(source, tok)
    if comma is not None:
        diags.error(
            "CG100", "a `,` must be followed by another item of the list", comma, "remove the comma after the last item"
        )
        return comma.line
    if tok.type == "_LBRACE":
        diags.error(
            "CG100",
            "a `{` must follow a keyword on the same line",
            span,
            "move the `{` to the end of the line above it",
        )
    elif tok.type in ("STRING", "NUMBER", "DATE", "NAME") and "KEYWORD" in expected:
        diags.error(
            "CG100",
            f"a line must start with a keyword, not {FOUND_WORDS[tok.type]}",
            span,
            "a statement fits on one line (a list may go on after a comma): join this line to the one above, or start it with a keyword",
        )
    elif tok.type == "_COMMA":
        diags.error("CG100", "a `,` must stand between two values", span, "remove the extra comma")
    else:
        words = [TOKEN_WORDS.get(e, e.lower()) for e in expected if not e.startswith("__")]
        found = TOKEN_WORDS.get(tok.type, repr(str(tok)))
        diags.error(
            "CG100",
            f"expected {_or_list(words)}, found {found}",
            span,
            "each statement is one keyword and its values on one line",
        )
    line = tok.line
    return line


def _comma_before(source: SourceFile, tok: Token) -> Span | None:
    """The comma just before a token (across line ends), if that is what precedes it."""
    lines = split_lines(source.text)
    line, col = tok.line, tok.column - 1
    while line >= 1:
        text = strip_comments(lines[line - 1]) if line <= len(lines) else ""
        before = text[:col].rstrip() if col is not None else text.rstrip()
        if before:
            return Span.point(source.name, line, len(before)) if before.endswith(",") else None
        line, col = line - 1, None
    return None


def _or_list(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    if len(words) <= 1:
        return "".join(words) or "something else"
    return ", ".join(words[:-1]) + " or " + words[-1]
