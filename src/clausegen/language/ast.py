"""The abstract syntax tree: statements with values and optional blocks.

The tree is generic on purpose (see grammar/regime.lark): meaning is given to
keywords by the builder, which turns this tree into the regime model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..source import Span


@dataclass(frozen=True, slots=True)
class Value:
    """One value on a statement line.

    kind is "string" (a quoted text, unescaped), "number", "date" or "name"
    (a bare word or a dotted reference such as client.sponsor).
    """

    kind: str
    value: str | Decimal | date
    span: Span

    @property
    def text(self) -> str:
        """The value as a drafter would read it."""
        return str(self.value)


@dataclass(frozen=True, slots=True)
class Statement:
    """A keyword, its values, and the statements of its block if it has one."""

    keyword: str
    keyword_span: Span
    values: tuple[Value, ...]
    block: tuple[Statement, ...] | None
    span: Span

    @property
    def has_block(self) -> bool:
        return self.block is not None


@dataclass(frozen=True, slots=True)
class SourceTree:
    """A parsed file: its top-level statements."""

    file: str
    statements: tuple[Statement, ...]
