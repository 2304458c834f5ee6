"""Reading the statements of one block by its table in the vocabulary.

`read_block` dispatches each statement of a block to the reader its keyword
names in a `Spec` (a table of `Field`s, see the vocabulary package), collects
the model fields read (in the model's form, with the table's defaults for
what the block does not say), and reports unknown, repeated, contradictory and
missing keywords. The values of each statement are read by the `Values`
cursor (values.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, TypeVar

from ..diagnostics import did_you_mean
from ..source import Span
from .ast import Statement
from .values import Context, Fields, Missing, Values

__all__ = [
    "KEYWORD_HOMES",
    "NO_DEFAULT",
    "BlockReader",
    "Field",
    "OpenedBlock",
    "Spec",
    "defaults",
    "flag",
    "read_block",
]

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


# A keyword that opens a block of its own, read: its statement and the fields of its block.
OpenedBlock = tuple[Statement, Fields]

T = TypeVar("T")

# The reader of a keyword that may open a block: it gets the statement too.
BlockReader = Callable[["Values", Statement], T]


class _NoDefault(Enum):
    """The type of NO_DEFAULT: a field with no default is left out of the fields when its keyword is absent."""

    NO_DEFAULT = "no default"


NO_DEFAULT: Final = _NoDefault.NO_DEFAULT


@dataclass(frozen=True)
class Field:
    """How one keyword of a block is read and which model field it fills.

    read returns the value, or Fields to merge into several model fields (then
    `name` is None). `many` collects every occurrence into a list; otherwise a
    repeat is an error. `block` passes the statement itself to `read` (a
    `BlockReader`, for keywords that open a block); otherwise `read` is a
    `LineReader`.

    `finish` turns what was read into what the model field holds, once the
    block is read (the list a `many` keyword collected into a tuple, or its
    lists flattened into one tuple). `default` is the model field's value when
    the block does not say it, for a model field that has no default of its
    own (Fields to merge when `name` is None); with NO_DEFAULT the field is
    left out of the fields read.
    """

    name: str | None
    read: Callable[..., object]
    many: bool = False
    block: bool = False
    finish: Callable[[Any], object] | None = None
    default: object = NO_DEFAULT


# One block's vocabulary: keyword -> how it is read. Order matters: it is the order of "did you mean" candidates.
Spec = dict[str, Field]


def flag(name: str, default: object = NO_DEFAULT) -> Field:
    """A keyword that stands alone and sets a field to True (to `default` when it is absent, if given)."""
    return Field(name, lambda r: True, default=default)


def read_block(
    stmt: Statement,
    spec: Spec,
    ctx: Context,
    where: str,
    required: tuple[str, ...] = (),
) -> Fields:
    """Read every statement of stmt's block by `spec`; return the fields read, finished, with their defaults."""
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
    _finish(spec, fields)
    for keyword in required:
        if keyword not in seen:
            ctx.diags.error(
                "CG201",
                f"this {where} has no `{keyword}`",
                stmt.keyword_span,
                f"add `{REQUIRED_EXAMPLES.get(keyword, keyword)}` to the {where}",
            )
    return fields


def defaults(spec: Spec) -> Fields:
    """The fields of a block that does not say them: each `Field.default` that is given."""
    out: Fields = {}
    for entry in spec.values():
        if entry.default is NO_DEFAULT:
            continue
        if entry.name is not None:
            out.setdefault(entry.name, entry.default)
            continue
        assert isinstance(entry.default, dict), "a Field without a name defaults to Fields"
        for name, value in entry.default.items():
            out.setdefault(name, value)
    return out


def _finish(spec: Spec, fields: Fields) -> None:
    """Give each field read its model form (`Field.finish`), and each field not read its default."""
    finished: set[str] = set()
    for entry in spec.values():
        if entry.finish is not None and entry.name in fields and entry.name not in finished:
            fields[entry.name] = entry.finish(fields[entry.name])
            finished.add(entry.name)
    for name, value in defaults(spec).items():
        fields.setdefault(name, value)


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
    a = "an" if where[:1] in "aeiou" else "a"  # "an escalation block", "a tier"
    help = hint or f"{a} {where} can say: " + ", ".join(sorted(spec))
    if not hint:
        # The keyword may belong to another block: say where it goes.
        home = KEYWORD_HOMES.get(child.keyword)
        if home and home != where:
            help = f"`{child.keyword}` belongs in the {home}"
    ctx.diags.error("CG200", f"`{child.keyword}` is not something {a} {where} can say", child.keyword_span, help)


# Filled by the vocabulary package: keyword -> the block it belongs in, for better hints
# (the first block in vocabulary.BLOCKS that has the keyword).
KEYWORD_HOMES: dict[str, str] = {}
