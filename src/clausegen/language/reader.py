"""Reading the values of one statement, and the statements of one block.

`Values` walks a statement's values left to right and reports, in a drafter's
words, what it expected where a value is missing or of the wrong kind.
`read_block` dispatches each statement of a block to the reader its keyword
names in a `Spec`, and reports unknown, repeated and missing keywords.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from ..diagnostics import Diagnostics, did_you_mean
from ..model import Period, Unit
from ..source import Span
from ..timing import EVENT_WORDS
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

KIND_WORDS = {
    "string": 'a quoted text such as "London"',
    "number": "a number",
    "date": "a date such as 2026-03-01",
    "name": "a word",
}


MAX_NUMBER = 9999  # no period, tribunal or quorum in a contract comes near it

# How to write each keyword a block requires, for the "add ..." hint.
REQUIRED_EXAMPLES = {
    "within": "within 10 business_days",
    "representatives": "representatives client.contract_manager, provider.delivery_manager",
    "members": "members client.contract_manager, provider.delivery_manager",
    "meets": "meets every 1 months",
    "tier": 'tier operational "Operational Review" { ... }',
    "contents": "contents summary, remedy_sought",
    "clock_starts": "clock_starts on_receipt",
    "decided_by": "decided_by client.sponsor",
    "matters": 'matters "Service credit calculations"',
    "trigger": "trigger after_escalation",
    "scope": "scope disputed_initiative_only",
    "courts": 'courts "England and Wales" exclusive',
    "period": "period 6 years",
    "law": 'law "England and Wales"',
    "party": 'party client "Acme Retail Group plc" as "Customer"',
    "escalation": "escalation { ... }",
    "version": 'version "1.0" 2025-01-01 "First signed version."',
}


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

# A keyword that opens a block of its own, read: its statement and the fields of its block.
OpenedBlock = tuple[Statement, Fields]

T = TypeVar("T")

# The reader of a keyword that stands on one line: its values -> a model value, or Fields to merge.
LineReader = Callable[["Values"], object]
# The reader of a keyword that may open a block: it gets the statement too.
BlockReader = Callable[["Values", Statement], T]


@dataclass(frozen=True)
class Field:
    """How one keyword of a block is read and which model field it fills.

    read returns the value, or Fields to merge into several model fields (then
    `name` is None). `many` collects every occurrence into a list; otherwise a
    repeat is an error. `block` passes the statement itself to `read` (a
    `BlockReader`, for keywords that open a block); otherwise `read` is a
    `LineReader`.
    """

    name: str | None
    read: Callable[..., object]
    many: bool = False
    block: bool = False


# One block's vocabulary: keyword -> how it is read. Order matters: it is the order of "did you mean" candidates.
Spec = dict[str, Field]


def flag(name: str) -> Field:
    """A keyword that stands alone and sets a field to True."""
    return Field(name, lambda r: True)


def read_block(
    stmt: Statement,
    spec: Spec,
    ctx: Context,
    where: str,
    required: tuple[str, ...] = (),
) -> Fields:
    """Read every statement of stmt's block by `spec`; return the fields read."""
    fields: Fields = {}
    seen: dict[str, Span] = {}
    setter: dict[str, str] = {}  # field -> the keyword that set it
    ctx.written[stmt.span] = seen
    for child in _split_runaway_lists(stmt.block or (), spec, ctx):
        entry = spec.get(child.keyword)
        if entry is None:
            _unknown_keyword(child, spec, ctx, where)
            continue
        if child.keyword in seen and not entry.many:
            first = seen[child.keyword]
            ctx.diags.error(
                "CG204",
                f"`{child.keyword}` is already set in this {where} (line {first.line})",
                child.keyword_span,
                "say it once; remove one of the two lines",
            )
            continue
        seen[child.keyword] = child.span
        if child.has_block and not entry.block:
            ctx.diags.error(
                "CG203",
                f"`{child.keyword}` does not open a block",
                child.span,
                f"write `{child.keyword}` and its values on one line, without braces",
            )
            continue
        values = Values(child, ctx)
        try:
            value = entry.read(values, child) if entry.block else entry.read(values)
            values.done()
        except Missing:
            continue
        if value is None:
            continue
        if entry.name and not entry.many and setter.get(entry.name, child.keyword) != child.keyword:
            ctx.diags.error(
                "CG204",
                f"`{child.keyword}` contradicts `{setter[entry.name]}` on line {seen[setter[entry.name]].line}",
                child.keyword_span,
                "keep one of the two lines",
            )
            continue
        if entry.name:
            setter[entry.name] = child.keyword
        if isinstance(value, dict) and entry.name is None and not entry.many:
            fields.update(value)
            continue
        # Only a reader that returns Fields may leave the model field unnamed.
        assert entry.name is not None, f"`{child.keyword}` names no model field"
        if entry.many:
            fields.setdefault(entry.name, []).append(value)
        else:
            fields[entry.name] = value
    for keyword in required:
        if keyword not in seen:
            ctx.diags.error(
                "CG201",
                f"this {where} has no `{keyword}`",
                stmt.keyword_span,
                f"add `{REQUIRED_EXAMPLES.get(keyword, keyword)}` to the {where}",
            )
    return fields


def _split_runaway_lists(statements: Iterable[Statement], spec: Spec, ctx: Context) -> Iterator[Statement]:
    """Undo a list that ran on to the next statement through a trailing comma.

    `contents summary, remedy_sought,` followed by `clock_starts on_receipt`
    reads as one long list; when a continuation line starts with a keyword of
    this block, report the stray comma and read that line as its own statement.
    """
    for st in statements:
        cut = next(
            (
                k
                for k, v in enumerate(st.values)
                if k > 0 and v.kind == "name" and v.value in spec and v.span.line > st.values[k - 1].span.line
            ),
            None,
        )
        if cut is None:
            yield st
            continue
        prev = st.values[cut - 1].span
        ctx.diags.error(
            "CG100",
            "a `,` must be followed by another item of the list",
            Span.point(prev.file, prev.end_line, prev.end_column),
            f"remove the comma at the end of line {prev.end_line}",
        )
        head = st.values[cut]
        yield Statement(st.keyword, st.keyword_span, st.values[:cut], None, st.keyword_span.to(prev))
        yield Statement(str(head.value), head.span, st.values[cut + 1 :], st.block, head.span.to(st.span))


def _unknown_keyword(child: Statement, spec: Spec, ctx: Context, where: str) -> None:
    hint = did_you_mean(child.keyword, spec)
    help = hint or f"a {where} can say: " + ", ".join(sorted(spec))
    if not hint:
        # The keyword may belong to another block: say where it goes.
        home = KEYWORD_HOMES.get(child.keyword)
        if home and home != where:
            help = f"`{child.keyword}` belongs in the {home}"
    ctx.diags.error("CG200", f"`{child.keyword}` is not something a {where} can say", child.keyword_span, help)


# Filled by the builder: keyword -> the block it belongs in, for better hints.
KEYWORD_HOMES: dict[str, str] = {}
