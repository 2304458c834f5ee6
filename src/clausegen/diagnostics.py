"""Diagnostics: the one user-facing error type and its rustc-style rendering.

Every stage reports problems as `Diagnostic` values into a `Diagnostics`
collector, so a drafter sees every problem of a file in one pass. A stage that
cannot go on raises `CompileError` carrying everything collected so far; the
CLI catches it in one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, TypedDict

from .source import SourceFile, Span, visible


class Severity(str, Enum):
    """How bad a diagnostic is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class DiagnosticJSON(TypedDict):
    """A diagnostic as `--format json` prints it (and build records store it)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: Literal["error", "warning"]
    message: str
    help: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a source file (or a clause file)."""

    code: str
    severity: Severity
    message: str
    span: Span
    help: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Where it is (file, line, column), then its code and message: the order diagnostics are shown in."""
        return (self.span.file, self.span.line, self.span.column, self.code, self.message)

    def to_json(self) -> DiagnosticJSON:
        """The diagnostic as the plain dict `--format json` prints."""
        return {
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "help": self.help,
        }


class CompileError(Exception):
    """The one exception for problems in user input; carries its diagnostics."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0].message if self.diagnostics else "compile error"
        super().__init__(first)


@dataclass
class Diagnostics:
    """A collector that stages append to; sorted and de-duplicated on read."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, span: Span, help: str = "") -> None:
        """Report an error: the regime cannot be built into documents until it is fixed."""
        self.items.append(Diagnostic(code, Severity.ERROR, message, span, help))

    def warning(self, code: str, message: str, span: Span, help: str = "") -> None:
        """Report a warning: the documents are built, but the drafter should look (an error under --strict)."""
        self.items.append(Diagnostic(code, Severity.WARNING, message, span, help))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Add diagnostics another stage collected."""
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        """Whether any diagnostic is an error."""
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """The diagnostics in the order they are shown (sort_key), each reported once."""
        seen: set[tuple[str, str, Span]] = set()
        out = []
        for d in sorted(self.items, key=Diagnostic.sort_key):
            key = (d.code, d.message, d.span)
            if key not in seen:
                seen.add(key)
                out.append(d)
        return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean `x`?' suffix, or '' when nothing is close."""
    import difflib  # only a file with a mistake needs it

    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def render(diagnostic: Diagnostic, source: SourceFile | None) -> str:
    """Render one diagnostic like rustc: header, arrow, source line, caret, help."""
    d = diagnostic
    s = d.span
    # A message or path may quote what the user typed: control characters
    # in it would reach the terminal as they are (a NUL, an escape sequence).
    lines = [f"{d.severity.value}[{d.code}]: {visible(d.message)}", f"  --> {visible(s.file)}:{s.line}:{s.column}"]
    text = source.line(s.line) if source is not None else ""
    if source is not None:
        gutter = " " * len(str(s.line))
        width = (s.end_column - s.column) if s.end_line == s.line else len(text) - s.column + 1
        width = max(1, min(width, max(1, len(text) - s.column + 1)))
        # Cut first, then make visible: both keep one column per character.
        shown, caret, width = _window(text, s.column - 1, width)
        shown = visible(shown).expandtabs(1)
        lines += [
            f"{gutter} |",
            f"{s.line} | {shown}",
            f"{gutter} | {' ' * caret}{'^' * width}",
        ]
        if d.help:
            lines.append(f"{gutter} = help: {d.help}")
    elif d.help:
        lines.append(f"   = help: {d.help}")
    return "\n".join(lines)


MAX_SHOWN = 120  # characters of a long source line shown around the caret


def _window(line: str, caret: int, width: int) -> tuple[str, int, int]:
    """A long line cut to MAX_SHOWN characters around the caret, marked with `…`.

    Returns the text to show, the caret's new offset and its width. Without
    this, a thousand diagnostics on one very long line would print it a
    thousand times.
    """
    if len(line) <= MAX_SHOWN:
        return line, caret, width
    start = max(0, min(caret - MAX_SHOWN // 3, len(line) - MAX_SHOWN))
    end = start + MAX_SHOWN
    prefix = "\u2026" if start > 0 else ""
    suffix = "\u2026" if end < len(line) else ""
    return prefix + line[start:end] + suffix, caret - start + len(prefix), max(1, min(width, end - caret))


def render_all(diagnostics: Sequence[Diagnostic], sources: dict[str, SourceFile]) -> str:
    """Render many diagnostics and a closing summary line."""
    parts = [render(d, sources.get(d.span.file)) for d in diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics:
        parts.append(summary(errors, warnings))
    return "\n\n".join(parts)


def summary(errors: int, warnings: int) -> str:
    """'2 errors, 1 warning' style summary."""

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def to_json(diagnostics: Sequence[Diagnostic]) -> str:
    """All diagnostics as a JSON array."""
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False)
