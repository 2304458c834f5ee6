"""The abstract syntax tree: statements with values and optional blocks.

The tree is generic on purpose (see grammar/regime.lark): meaning is given to
keywords by the builder, which turns this tree into the regime model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from ..source import Span

# What a value is: a quoted text, a number (a Decimal), a date, or a bare word or dotted reference (a str).
ValueKind = Literal["string", "number", "date", "name"]


@dataclass(frozen=True, slots=True)
class Value:
    """One value on a statement line.

    kind is "string" (a quoted text, unescaped), "number", "date" or "name"
    (a bare word or a dotted reference such as client.sponsor).
    """

    kind: ValueKind
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
        """Does the statement open a block (even an empty one)?"""
        return self.block is not None


@dataclass(frozen=True, slots=True)
class SourceTree:
    """A parsed file: its top-level statements."""

    file: str
    statements: tuple[Statement, ...]
