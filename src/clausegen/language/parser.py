"""Parse regime text into the AST, with syntax errors in a drafter's words.

Lark does the parsing (LALR, positions on). Before it runs, a scan of the raw
text finds the mistakes Lark explains worst: binary junk, unclosed strings and
unbalanced braces, each reported where the drafter needs to look. When Lark
stops on an error, the offending line is blanked and the parse retried, so one
run reports every broken line rather than only the first.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ..diagnostics import CompileError, Diagnostics
from ..source import SourceFile, Span, describe_character, is_invisible, split_lines, unwritable
from ._lalr import (
    Lark,
    Lark_StandAlone,
    Token,
    Transformer,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    v_args,
)
from .ast import SourceTree, Statement, Value

MAX_SYNTAX_ERRORS = 20
MAX_DEPTH = 32  # blocks nest three or four deep; far more is a broken file
MAX_BYTES = 2_000_000  # a regime is a few kilobytes; megabytes are a wrong file
# The largest example has under 900 words and symbols. Parsing costs about as
# much per word as Lark takes, so words, not bytes, bound the time a file takes.
MAX_WORDS = 20_000
# The longest quoted text: ten times a long legal name or address, and a
# size every document can carry in any number of places (clause templates
# are bounded in what they may print, see documents/sandbox.py).
MAX_TEXT_CHARS = 100_000
# Unicode's directional overrides and isolates: text shown in another order
# than it is stored ("Trojan Source"). Marks (U+200E, U+200F) are harmless.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Recovery re-parses the whole file once per broken line: at most this many
# words parsed in all, so a large broken file gets fewer retries.
RECOVERY_BUDGET = 100_000
_WORD = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[^\s"#{},]+|[{},"]')
_UNICODE_ESCAPE = re.compile(r"u\{([0-9A-Fa-f]{1,8})\}")

# Token names as a drafter would say them.
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

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


@lru_cache(maxsize=1)
def _lark() -> Lark:
    # Pre-built from grammar/regime.lark (LALR, positions on, no placeholders):
    # see standalone.py for why and how it is regenerated.
    return Lark_StandAlone()


def _refuse(source: SourceFile, code: str, message: str, hint: str) -> None:
    """Stop at once with one diagnostic about the whole file (empty, too large)."""
    diags = Diagnostics()
    diags.error(code, message, Span.point(source.name, 1, 1), hint)
    raise CompileError(diags.sorted())


def parse(source: SourceFile, warnings: Diagnostics | None = None) -> SourceTree:
    """Parse a source file; raise CompileError with every syntax error found.

    Warnings about the text (CG113) go to `warnings` when given.
    """
    diags = Diagnostics()
    text = source.text
    if "\x00" in text or _looks_binary(text):
        bad = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\n\r\f"), 0)
        line = text.count("\n", 0, bad) + 1
        column = bad - (text.rfind("\n", 0, bad) + 1) + 1
        diags.error(
            "CG106",
            "this file is not a regime text file",
            Span.point(source.name, line, column),
            "a .regime file is plain UTF-8 text; check that you gave the right file",
        )
        raise CompileError(diags.sorted())
    if len(text) > MAX_BYTES:
        _refuse(
            source,
            "CG110",
            f"this file is too large for a regime ({len(text) // 1_000_000} MB)",
            "a regime is a few kilobytes of text; check that you gave the right file",
        )
    if not text.strip() or not _strip_comments(text).strip():
        _refuse(source, "CG107", "this file is empty", 'start with: regime "Name of the agreement" { ... }')
    words = _count_words(text)
    if words > MAX_WORDS:
        _refuse(
            source,
            "CG110",
            f"this file is too large for a regime (more than {MAX_WORDS:,} words)",
            "a regime is a few hundred words and numbers; check that you gave the right file",
        )
    _scan_strings_and_braces(source, diags)
    if diags.has_errors:
        raise CompileError(diags.sorted())
    tree = _parse_with_recovery(
        source, diags, attempts=max(2, min(MAX_SYNTAX_ERRORS, RECOVERY_BUDGET // max(words, 1)))
    )
    builder = _TreeBuilder(source, diags)
    statements = builder.transform(tree) if tree is not None else ()
    if diags.has_errors:
        raise CompileError(diags.sorted())
    if warnings is not None:
        warnings.extend(diags.items)
    return SourceTree(source.name, tuple(statements))


def _count_words(text: str) -> int:
    """Words, numbers, texts and braces (not comments), counted up to MAX_WORDS + 1."""
    count = 0
    for m in _WORD.finditer(text):
        if not m.group().startswith("#"):
            count += 1
            if count > MAX_WORDS:
                break
    return count


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > 0 and controls * 20 > len(sample)


def _strip_comments(text: str) -> str:
    return re.sub(r"#[^\n]*", "", text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _scan_strings_and_braces(source: SourceFile, diags: Diagnostics) -> None:
    """Report unclosed quotes and unbalanced braces before Lark sees the text.

    Braces are matched in order, but a `}` that starts its line is taken to
    close the block opened on a line with the same indentation: so a missing
    or extra brace is reported where the drafter's layout says it is, not at
    the end of the file.
    """
    stack: list[tuple[Span, int]] = []
    for number, line in enumerate(split_lines(source.text), start=1):
        i = 0
        while i < len(line):
            if len(diags.items) >= MAX_SYNTAX_ERRORS:
                # Enough to fix first; on a file of junk, a scan to the end
                # would bury the first errors under a million more.
                return
            ch = line[i]
            if ch == "#":
                break
            if ch == '"':
                j = i + 1
                while j < len(line) and line[j] != '"':
                    j += 2 if line[j] == "\\" else 1
                if j >= len(line):
                    diags.error(
                        "CG103",
                        "this quoted text is never closed",
                        Span(source.name, number, i + 1, number, len(line) + 1),
                        'add the closing `"` before the end of the line; a quote inside a text is written \\"',
                    )
                    break
                i = j + 1
                continue
            if ch == "{":
                stack.append((Span.point(source.name, number, i + 1), _indent(line)))
                if len(stack) == MAX_DEPTH + 1:
                    diags.error(
                        "CG109",
                        f"blocks are nested more than {MAX_DEPTH} deep here",
                        stack[-1][0],
                        "a regime needs only a few levels of blocks; check for a missing `}`",
                    )
                    return  # the nesting is broken: which `{` is unclosed means nothing now
            elif ch == "}":
                _close(source, diags, stack, number, i, line)
            i += 1
    for opened, _ in stack:
        diags.error(
            "CG101",
            "this `{` is never closed",
            opened,
            "add a `}` on its own line where the block ends",
        )


def _close(source: SourceFile, diags: Diagnostics, stack: list, number: int, i: int, line: str) -> None:
    here = Span.point(source.name, number, i + 1)
    extra = ("CG102", "this `}` closes nothing", here, "remove it, or add the `{` it was meant to close")
    if not stack:
        diags.error(*extra)
        return
    starts_line = line[:i].strip() == ""
    indent = _indent(line)
    if not starts_line or stack[-1][1] == indent:
        stack.pop()
        return
    depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == indent), None)
    if depth is None:
        if indent > stack[-1][1]:
            diags.error(*extra)  # deeper than any open block: a stray brace
        else:
            stack.pop()
        return
    for opened, _ in stack[depth + 1 :]:
        diags.error("CG101", "this `{` is never closed", opened, "add a `}` on its own line where the block ends")
    del stack[depth:]


def _parse_with_recovery(source: SourceFile, diags: Diagnostics, attempts: int = MAX_SYNTAX_ERRORS):
    """Parse; on an error, report it, blank the line and try again (`attempts` parses at most)."""
    lines = split_lines(source.text)
    blanked: set[int] = set()
    for _ in range(attempts):
        text = "\n".join(lines)
        if not text.endswith("\n"):
            text += "\n"
        try:
            return _lark().parse(text)
        except UnexpectedInput as exc:
            line = _report(source, exc, diags)
            if line is None or line in blanked or not (1 <= line <= len(lines)):
                return None
            blanked.add(line)
            lines[line - 1] = _placeholder(lines[line - 1])
    return None


def _placeholder(line: str) -> str:
    """A line that parses, keeping the braces so the nesting is unchanged."""
    braces = "".join(ch for ch in _strip_comments(line) if ch in "{}")
    if braces.startswith("}"):
        return "}" + (" skipped_line {" if "{" in braces[1:] else "")
    return "skipped_line" + (" {" if "{" in braces else "")


def _report(source: SourceFile, exc: UnexpectedInput, diags: Diagnostics) -> int | None:
    """Turn one Lark error into a diagnostic; return the line to blank."""
    name = source.name
    if isinstance(exc, UnexpectedCharacters):
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
                return exc.line
            help = STRAY_CHARACTERS.get(ch, "remove it; names with spaces or symbols go in double quotes")
            diags.error(
                "CG105", f"`{ch}` is not part of the language here", Span.point(name, exc.line, exc.column), help
            )
        return exc.line
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
    return tok.line


def _comma_before(source: SourceFile, tok: Token) -> Span | None:
    """The comma just before a token (across line ends), if that is what precedes it."""
    lines = split_lines(source.text)
    line, col = tok.line, tok.column - 1
    while line >= 1:
        text = _strip_comments(lines[line - 1]) if line <= len(lines) else ""
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


class _TreeBuilder(Transformer):
    """Lark parse tree -> AST dataclasses (the transformer stays thin)."""

    def __init__(self, source: SourceFile, diags: Diagnostics):
        super().__init__()
        self.source = source
        self.diags = diags

    def _span(self, meta_or_tok) -> Span:
        m = meta_or_tok
        return Span(self.source.name, m.line, m.column, m.end_line, m.end_column)

    def start(self, children):
        return tuple(c for c in children if isinstance(c, Statement) and c.keyword != "skipped_line")

    @v_args(meta=True)
    def statement(self, meta, children):
        keyword: Token = children[0]
        values = tuple(c for c in children[1:] if isinstance(c, Value))
        blocks = [c for c in children[1:] if isinstance(c, tuple)]
        block = blocks[0] if blocks else None
        return Statement(str(keyword), self._span(keyword), values, block, self._span(meta))

    def block(self, children):
        return tuple(c for c in children if isinstance(c, Statement) and c.keyword != "skipped_line")

    def string(self, children):
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

    def number(self, children):
        tok = children[0]
        return Value("number", Decimal(str(tok)), self._span(tok))

    def name(self, children):
        tok = children[0]
        return Value("name", str(tok), self._span(tok))

    def date(self, children):
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
        out = []
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
