"""Parse regime text into the AST, with syntax errors in a drafter's words.

Lark does the parsing (LALR, positions on). Before it runs, a scan of the raw
text finds the mistakes Lark explains worst: binary junk, unclosed strings and
unbalanced braces, each reported where the drafter needs to look. When Lark
stops on an error, the offending line is blanked and the parse retried, so one
run reports every broken line rather than only the first.

What each Lark error means to a drafter is syntax_errors.py; the tree Lark
returns becomes the AST in tree_to_ast.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..diagnostics import CompileError, Diagnostics
from ..source import SourceFile, Span, split_lines
from ._lalr import Lark, Lark_StandAlone, Tree, UnexpectedInput
from .ast import SourceTree
from .syntax_errors import MAX_SYNTAX_ERRORS, report, strip_comments
from .tree_to_ast import TreeToAst

MAX_DEPTH = 32  # blocks nest three or four deep; far more is a broken file
MAX_BYTES = 2_000_000  # a regime is a few kilobytes; megabytes are a wrong file
# The largest example has under 900 words and symbols. Parsing costs about as
# much per word as Lark takes, so words, not bytes, bound the time a file takes.
MAX_WORDS = 20_000
# Recovery re-parses the whole file once per broken line: at most this many
# words parsed in all, so a large broken file gets fewer retries.
RECOVERY_BUDGET = 100_000
_WORD = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[^\s"#{},]+|[{},"]')


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
    if not text.strip() or not strip_comments(text).strip():
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
    builder = TreeToAst(source, diags)
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


def _close(
    source: SourceFile, diags: Diagnostics, stack: list[tuple[Span, int]], number: int, i: int, line: str
) -> None:
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


def _parse_with_recovery(source: SourceFile, diags: Diagnostics, attempts: int = MAX_SYNTAX_ERRORS) -> Tree | None:
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
            line = report(source, exc, diags)
            if line is None or line in blanked or not (1 <= line <= len(lines)):
                return None
            blanked.add(line)
            lines[line - 1] = _placeholder(lines[line - 1])
    return None


def _placeholder(line: str) -> str:
    """A line that parses, keeping the braces so the nesting is unchanged."""
    braces = "".join(ch for ch in strip_comments(line) if ch in "{}")
    if braces.startswith("}"):
        return "}" + (" skipped_line {" if "{" in braces[1:] else "")
    return "skipped_line" + (" {" if "{" in braces else "")
