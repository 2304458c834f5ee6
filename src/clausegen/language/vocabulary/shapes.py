"""The value shapes many blocks share, and the reader of a keyword that opens a block.

Each function reads the values of one statement through a `Values` cursor;
the block tables name them as the reader of a keyword.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from ...model import Period
from ...source import Span
from ..ast import Statement
from ..reader import OpenedBlock, Spec, defaults, read_block
from ..values import Missing, Values

T = TypeVar("T")


def period(r: Values) -> Period:
    """A bare time limit: `10 business_days`."""
    return r.period()


def within(r: Values, start: str = "") -> Period:
    """`within 10 business_days`, counted from `start` unless the line says otherwise."""
    r.expect("within", "within 10 business_days")
    return r.period(start)


def quoted(r: Values) -> str:
    """One quoted text: `"CEDR"`."""
    return r.string()


def yes_no(r: Values) -> bool:
    """`yes` or `no`."""
    return r.word(("yes", "no")) == "yes"


def every(r: Values) -> Period:
    """How often a meeting is held: `every 1 months`."""
    r.expect("every", "every 1 months")
    return r.period()


def papers_before(r: Values) -> Period:
    """How long before a meeting its papers go out: `5 business_days before`."""
    p = r.period()
    r.expect("before", "5 business_days before")
    return p


def id_and_name(r: Values, what: str, example: str) -> tuple[str, str]:
    """The short id and the quoted name that open a forum, tier or route: `operational "Operational Review"`."""
    v = r.peek()
    if v is None or v.kind != "name" or "." in str(v.value):
        raise r.fail(f"a short id for the {what}, then its name in quotes", example)
    r.pos += 1
    name = r.string(f"the {what}'s name in double quotes", example)
    r.ctx.references.append((f"{what}-definition", str(v.value), v.span))
    return str(v.value), name


def flattened(lists: list[tuple[T, ...]]) -> tuple[T, ...]:
    """The items of every line of a repeatable list keyword, in one tuple (a `Field.finish`)."""
    return tuple(x for xs in lists for x in xs)


class SubBlock:
    """The reader of a keyword that opens a block read by `spec` (in `where`'s words, e.g. "mediation block").

    It gives the block's statement and fields. `spec` is public: the language server completes
    the block's keywords from it.
    """

    def __init__(self, spec: Spec, where: str, required: tuple[str, ...] = ()) -> None:
        self.spec, self.where, self.required = spec, where, required

    def __call__(self, r: Values, stmt: Statement) -> OpenedBlock:
        """The block's statement and the fields read from it."""
        _needs_block(r, stmt)
        return stmt, read_block(stmt, self.spec, r.ctx, self.where, self.required)


class ModelBlock(Generic[T]):
    """The reader of a keyword that opens a block read by `spec` and built straight from its fields.

    The block's model object is `model(span=the block's span, **the fields read)`: each field is
    named after the model's, in the model's form (`Field.finish`), with a default where the model
    has none (`Field.default`). `spec` is public, as for SubBlock.
    """

    def __init__(self, model: Callable[..., T], spec: Spec, where: str, required: tuple[str, ...] = ()) -> None:
        self.model, self.spec, self.where, self.required = model, spec, where, required

    def __call__(self, r: Values, stmt: Statement) -> T:
        """The block's model object."""
        _needs_block(r, stmt)
        return self.model(span=stmt.span, **read_block(stmt, self.spec, r.ctx, self.where, self.required))


def default_block(model: Callable[..., T], spec: Spec, span: Span) -> T:
    """The model object of a block the source leaves out: every field at its default."""
    return model(span=span, **defaults(spec))


def _needs_block(r: Values, stmt: Statement) -> None:
    """Report a keyword that should open a block but has none, and stop reading it."""
    if not stmt.has_block:
        r.ctx.diags.error(
            "CG201",
            f"`{stmt.keyword}` needs a block in braces",
            stmt.span,
            f"write `{stmt.keyword} {{`, the details on the lines below, and `}}`",
        )
        raise Missing()
