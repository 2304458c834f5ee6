"""The cursor over one statement's values, and what the builder carries while it reads a file.

`Values` walks a statement's values left to right, reads each value shape the
language has (a quoted text, a whole number, a date, a word out of a list, a
reference, a time limit with the event it runs from, trailing options) and
reports, in a drafter's words, what it expected where a value is missing or
of the wrong kind. `Context` collects the references and the lines written,
for the checks that run once the whole file is read.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from ..diagnostics import Diagnostics, did_you_mean
from ..events import EVENT_WORDS
from ..model import Period, Unit
from ..source import Span
from .ast import Statement, Value

UNITS = {
    "day": Unit.CALENDAR_DAYS,
    "days": Unit.CALENDAR_DAYS,
    "calendar_day": Unit.CALENDAR_DAYS,
    "calendar_days": Unit.CALENDAR_DAYS,
    "business_day": Unit.BUSINESS_DAYS,
    "business_days": Unit.BUSINESS_DAYS,
    "working_day": Unit.BUSINESS_DAYS,
    "working_days": Unit.BUSINESS_DAYS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
    "year": Unit.YEARS,
    "years": Unit.YEARS,
}

# Every word a period may be counted from (`within 10 days of appointment`);
# which of them each keyword takes is the timing model's.
EVENTS = EVENT_WORDS

# Words that follow a name in a statement, where an unquoted name stops.
CONNECTORS = {
    "as",
    "kind",
    "seniority",
    "person",
    "email",
    "phone",
    "exclusive",
    "non_exclusive",
    "within",
    "otherwise",
}

FOUND = {
    "string": lambda v: f'the text "{v.text}"',
    "number": lambda v: f"the number {v.text}",
    "date": lambda v: f"the date {v.text}",
    "name": lambda v: f"`{v.text}`",
}


MAX_NUMBER = 9999  # no period, tribunal or quorum in a contract comes near it


class Missing(Exception):
    """A value was missing or wrong; the diagnostic is already reported."""


@dataclass
class Context:
    """What the builder carries while it reads one file."""

    diags: Diagnostics
    file: str
    # (kind, id, span) of every reference, checked once everything is defined.
    references: list[tuple[str, str, Span]] = field(default_factory=list)
    # block span -> keyword -> where the keyword was written (read or not),
    # so checks can point at a line, and stay quiet about a line that is
    # there but could not be read (it has its own error already).
    written: dict[Span, dict[str, Span]] = field(default_factory=dict)
    # "business" and/or "working": how the drafter named business days
    day_words: set[str] = field(default_factory=set)

    def wrote(self, block: Span, keyword: str) -> bool:
        """Did the drafter write `keyword` in the block at `block` (readable or not)?"""
        return keyword in self.written.get(block, {})

    def where(self, block: Span, keyword: str) -> Span:
        """Where `keyword` was written in a block, or the block itself."""
        return self.written.get(block, {}).get(keyword, block)


class Values:
    """A cursor over the values of one statement."""

    def __init__(self, stmt: Statement, ctx: Context) -> None:
        self.stmt = stmt
        self.ctx = ctx
        self.pos = 0

    # -- low level ---------------------------------------------------------

    def peek(self) -> Value | None:
        """The next value, or None at the end of the statement."""
        return self.stmt.values[self.pos] if self.pos < len(self.stmt.values) else None

    def _after(self) -> Span:
        """Where a missing value would go: just after the last thing read."""
        if self.pos > 0:
            last = self.stmt.values[self.pos - 1].span
        else:
            last = self.stmt.keyword_span
        return Span(last.file, last.end_line, last.end_column, last.end_line, last.end_column + 1)

    def fail(self, what: str, example: str = "") -> Missing:
        """Report that `what` was expected at the cursor; return the exception for the caller to raise."""
        v = self.peek()
        help = f"for example: {self.stmt.keyword} {example}" if example else ""
        if v is None:
            self.ctx.diags.error("CG202", f"`{self.stmt.keyword}` needs {what}", self._after(), help)
        else:
            found = f"`{v.text}`" if v.kind == "name" else FOUND[v.kind](v)
            span = v.span
            if v.kind == "name" and "quote" in what:
                # An unquoted name often runs over several words: quote them all.
                words = self._unquoted_run()
                span = v.span.to(words[-1].span)
                found = "`" + " ".join(w.text for w in words) + "`"
                help = "put names in double quotes: " + '"' + " ".join(w.text for w in words) + '"'
            self.ctx.diags.error("CG202", f"`{self.stmt.keyword}` expects {what} here, not {found}", span, help)
        return Missing()

    def _unquoted_run(self) -> list[Value]:
        out: list[Value] = []
        for v in self.stmt.values[self.pos :]:
            if v.kind not in ("name", "number") or (out and v.value in CONNECTORS):
                break
            out.append(v)
        return out

    def more(self) -> bool:
        """Are there values left to read?"""
        return self.peek() is not None

    def done(self) -> None:
        """Report values left over after the statement has been read."""
        v = self.peek()
        if v is not None:
            self.ctx.diags.error(
                "CG203",
                f"`{self.stmt.keyword}` does not take `{v.text}` here",
                v.span.to(self.stmt.values[-1].span),
                "remove the extra words, or start a new line for a new statement",
            )

    # -- typed values ------------------------------------------------------

    def string(self, what: str = "a quoted text", example: str = '"..."') -> str:
        """A quoted text (an empty one is reported but read)."""
        v = self.peek()
        if v is None or v.kind != "string":
            raise self.fail(what, example)
        self.pos += 1
        if not str(v.value).strip():
            self.ctx.diags.error("CG202", f"`{self.stmt.keyword}` needs a text, not an empty one", v.span)
        return str(v.value)

    def integer(self, what: str = "a whole number", example: str = "") -> int:
        """A whole number, at most MAX_NUMBER (a fraction or a larger number is reported)."""
        v = self.peek()
        if v is None or v.kind != "number":
            raise self.fail(what, example)
        number = cast(Decimal, v.value)  # the parser reads every number as a Decimal
        if number != int(number):
            self.ctx.diags.error(
                "CG202",
                f"`{self.stmt.keyword}` needs a whole number, not {v.text}",
                v.span,
                f"use a whole number, such as {int(number) or 1}",
            )
        elif number > MAX_NUMBER:
            self.ctx.diags.error(
                "CG202", f"{v.text} is far too large here", v.span, f"a number in a regime is at most {MAX_NUMBER}"
            )
        self.pos += 1
        return min(int(number), MAX_NUMBER)

    def date(self, example: str = "2026-03-01") -> datetime.date:
        """A date such as 2026-03-01."""
        v = self.peek()
        if v is None or v.kind != "date":
            raise self.fail("a date", example)
        self.pos += 1
        return cast(datetime.date, v.value)  # the parser reads every date as a date

    def word(self, choices: tuple[str, ...], what: str = "") -> str:
        """One bare word out of `choices`."""
        v = self.peek()
        what = what or "one of " + ", ".join(f"`{c}`" for c in choices)
        if v is None or v.kind != "name":
            raise self.fail(what, choices[0])
        if v.value not in choices:
            hint = did_you_mean(str(v.value), choices)
            self.ctx.diags.error(
                "CG202",
                f"`{v.text}` is not something `{self.stmt.keyword}` accepts",
                v.span,
                hint or "use " + what,
            )
            raise Missing()
        self.pos += 1
        return str(v.value)

    def accept(self, word: str) -> bool:
        """Consume `word` if it comes next."""
        v = self.peek()
        if v is not None and v.kind == "name" and v.value == word:
            self.pos += 1
            return True
        return False

    def expect(self, word: str, example: str = "") -> None:
        """Consume `word`, which must come next."""
        if not self.accept(word):
            raise self.fail(f"`{word}`", example)

    def words(self, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The rest of the values as bare words (from `choices` if given)."""
        out: list[str] = []
        while (v := self.peek()) is not None:
            if choices is None:
                if v.kind != "name":
                    raise self.fail("a word")
                self.pos += 1
                out.append(str(v.value))
            else:
                out.append(self.word(choices))
        if not out:
            raise self.fail("at least one item", ", ".join(choices[:2]) if choices else "")
        return tuple(out)

    def strings(self) -> tuple[str, ...]:
        """The rest of the values as quoted texts."""
        out = [self.string()]
        while self.more():
            out.append(self.string())
        return tuple(out)

    def reference(self, kind: str) -> str:
        """A reference to something defined elsewhere (a role, a forum)."""
        v = self.peek()
        if v is None or v.kind != "name":
            example = "client.contract_manager" if kind == "role" else "operational_review"
            raise self.fail(f"a {kind} name such as {example}", example)
        self.pos += 1
        self.ctx.references.append((kind, str(v.value), v.span))
        return str(v.value)

    def references(self, kind: str) -> tuple[str, ...]:
        """The rest of the values as references to things of one kind."""
        out = [self.reference(kind)]
        while self.more():
            out.append(self.reference(kind))
        return tuple(out)

    def period(self, default_start: str = "") -> Period:
        """`10 business_days`, optionally `of appointment` / `from notice`."""
        v = self.peek()
        if v is None or v.kind != "number":
            raise self.fail("a time limit such as `10 business_days`", "10 business_days")
        start_span = v.span
        amount = self.integer()
        u = self.peek()
        if u is None or u.kind != "name" or u.value not in UNITS:
            if u is not None and u.kind == "name":
                hint = did_you_mean(str(u.value), UNITS)
                self.ctx.diags.error(
                    "CG202",
                    f"`{u.text}` is not a unit of time",
                    u.span,
                    hint or "use days, business_days, working_days, weeks, months or years",
                )
                raise Missing()
            raise self.fail("a unit of time after the number (days, business_days, weeks, months)")
        self.pos += 1
        starts, starts_span = default_start, None
        if self.accept("of") or self.accept("from") or self.accept("after"):
            event = self.peek()
            starts_span = event.span if event is not None else None
            starts = self.word(EVENTS, "the event the clock starts from, such as `appointment` or `notice`")
        if UNITS[str(u.value)] is Unit.BUSINESS_DAYS:
            self.ctx.day_words.add("working" if str(u.value).startswith("working") else "business")
        return Period(amount, UNITS[str(u.value)], start_span.to(u.span), starts, starts_span)

    def options(self, readers: Mapping[str, LineReader]) -> Fields:
        """Trailing `keyword value` pairs in any order: `seniority 2 person "X"`."""
        out: Fields = {}
        while (v := self.peek()) is not None:
            if v.kind != "name" or str(v.value) not in readers:
                if v.kind == "name":
                    hint = did_you_mean(str(v.value), readers)
                    self.ctx.diags.error(
                        "CG203",
                        f"`{self.stmt.keyword}` does not take `{v.text}` here",
                        v.span,
                        hint or "it can take: " + ", ".join(readers),
                    )
                    raise Missing()
                self.done()
                raise Missing()
            self.pos += 1
            out[str(v.value)] = readers[str(v.value)](self)
        return out


# The fields read from one block, by model field name, each passed on to a
# model class as a keyword argument: their types are the model's, per block.
Fields = dict[str, Any]

# The reader of a keyword that stands on one line: its values -> a model value, or Fields to merge.
LineReader = Callable[["Values"], object]
