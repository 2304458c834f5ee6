"""Source files and the spans that point into them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a source file: 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int) -> "Span":
        """A one-character span at line:column."""
        return cls(file, line, column, line, column + 1)

    def to(self, other: "Span") -> "Span":
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one regime file, with the name diagnostics should show."""

    name: str
    text: str

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, without its line ending."""
        lines = self.text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""

    def end_span(self) -> Span:
        """A span at the very end of the file (for 'missing X at end of file')."""
        lines = self.text.splitlines() or [""]
        last = len(lines)
        return Span.point(self.name, last, len(lines[-1]) + 1)
