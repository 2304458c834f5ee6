"""How large a value one operation of a clause may make, and the checks that refuse more.

A clause computes short texts and small numbers. Before an operation that
can grow a value runs (`*`, `**`, `%`, `+`, a string method, a filter that
pads, repeats or joins, `range`), the checks here compare what it would make
with the limits below and raise ClauseProblem (CG315) instead of doing the
work. `weight` measures a value as printing or joining it would, so shared
parts count as often as they are repeated.

The budget of a whole render (time, output, total work) is the sandbox's
(documents.sandbox); the limits here are on single values.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeAlias

from .problems import ClauseProblem

#: the longest string or list one operation may make
SEQUENCE_ITEMS = 1_000_000
#: the most numbers one range() may count
RANGE_ITEMS = 10_000
#: the largest whole number, in decimal digits (below Python's 4,300-digit limit for printing one)
INT_DIGITS = 4_000
INT_BITS = math.ceil(INT_DIGITS * math.log2(10))
#: the widest field a format (`%10s`, `{:>10}`, center, ljust) may pad to
FORMAT_WIDTH = 10_000

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
#: the values whose length an operation can grow
SEQUENCES = (str, bytes, list, tuple)


class Budget(Protocol):
    """The running render's clock and work count (a BoundedEnvironment)."""

    def tick(self) -> None:
        """Stop a render that has run past its deadline."""

    def spend(self, n: int) -> None:
        """Count characters or items a render computed."""


def weight(value: object, budget: int) -> int:
    """Characters and items in `value`, counting nested and repeated parts, up to just past `budget`.

    `["x" * 100000] * 100000` is a list of 100,000 items that share one text,
    but printing or joining it makes 10,000,000,000 characters: what a clause
    may build is measured by this, before the work is done. Each distinct
    object is measured once (shared parts are multiplied, not re-walked).
    """
    seen: dict[int, int] = {}

    def measure(v: object) -> int:
        if isinstance(v, (str, bytes)):
            return len(v)
        if not isinstance(v, (list, tuple, dict)):
            return 1
        key = id(v)
        if key in seen:
            return seen[key]
        seen[key] = budget + 1  # a value that contains itself is too large
        total = len(v)
        items: Any = v.items() if isinstance(v, dict) else v
        for item in items:
            total += measure(item)
            if total > budget:
                break
        seen[key] = total
        return total

    return measure(value)


def too_long(what: str) -> ClauseProblem:
    """CG315: a text or list longer than SEQUENCE_ITEMS."""
    return ClauseProblem(
        "CG315",
        f"this clause makes {what} longer than {SEQUENCE_ITEMS:,} characters or items",
        "a clause computes short texts and small numbers; repeat or pad less",
    )


def too_large_number() -> ClauseProblem:
    """CG315: a whole number of more than INT_DIGITS digits."""
    return ClauseProblem(
        "CG315",
        f"this clause computes a number with more than {INT_DIGITS:,} digits",
        "no contract needs such a number; check the arithmetic",
    )


def too_wide() -> ClauseProblem:
    """CG315: a field padded wider than FORMAT_WIDTH."""
    return ClauseProblem(
        "CG315", f"this clause pads text to more than {FORMAT_WIDTH:,} characters", "use a smaller width"
    )


class BoundedRange:
    """range() for clauses: at most RANGE_ITEMS numbers, and counting watches the clock."""

    __slots__ = ("_env", "_range")

    def __init__(self, env: Budget, *args: int):
        r = range(*args)
        try:
            n = len(r)
        except OverflowError:
            n = RANGE_ITEMS + 1
        if n > RANGE_ITEMS:
            raise ClauseProblem(
                "CG315",
                f"this clause counts a range of more than {RANGE_ITEMS:,} numbers",
                "a clause counts parties, tiers or days: use a smaller range",
            )
        self._range = r
        self._env = env

    def __iter__(self) -> Iterator[int]:
        tick = self._env.tick
        for i, x in enumerate(self._range):
            if not i & 255:
                tick()
            yield x

    def __reversed__(self) -> Iterator[int]:
        return iter(list(self)[::-1])

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: int) -> int:
        return self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)


def check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse `left <operator> right` (`*`, `**`, `%`, `+`) before it makes too large a value."""
    if operator == "**":
        if (
            type(left) is int
            and type(right) is int
            and right > 0
            and abs(left) > 1
            and right * math.log2(abs(left)) > INT_BITS
        ):
            raise too_large_number()
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, SEQUENCES):
            left, right = right, left
        if (
            isinstance(left, SEQUENCES)
            and isinstance(right, int)
            and right > 0
            and weight(left, SEQUENCE_ITEMS // right + 1) * right > SEQUENCE_ITEMS
        ):
            raise too_long("a text or list")
        if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > INT_BITS + 1:
            raise too_large_number()
    elif operator == "%" and isinstance(left, str):
        check_percent(left, right)
    elif (
        operator == "+"
        and isinstance(left, SEQUENCES)
        and isinstance(right, SEQUENCES)
        and weight(left, SEQUENCE_ITEMS) + weight(right, SEQUENCE_ITEMS) > SEQUENCE_ITEMS
    ):
        raise too_long("a text or list")


def check_percent(fmt: str, args: Any) -> None:
    """Refuse `fmt % args` when it would pad wider than FORMAT_WIDTH or print too much."""
    values = list(args.values()) if isinstance(args, dict) else list(args) if isinstance(args, tuple) else [args]
    _check_fields(fmt.count("%"), values)
    for width, precision in _PERCENT.findall(fmt):
        for n in (width, precision):
            if n.isdigit() and int(n) > FORMAT_WIDTH:
                raise too_wide()
            if n == "*":
                given = args if isinstance(args, tuple) else (args,)
                if any(type(v) is int and abs(v) > FORMAT_WIDTH for v in given):
                    raise too_wide()


def check_braces(fmt: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse `fmt.format(*args, **kwargs)` when it would pad wider than FORMAT_WIDTH or print too much."""
    for spec in _BRACE_SPEC.findall(fmt):
        if any(int(n) > FORMAT_WIDTH for n in re.findall(r"\d+", spec)):
            raise too_wide()
    if re.search(r"\{[^{}]*:[^{}]*\{", fmt):  # a width given as an argument: {:{}}
        values = list(args) + list(kwargs.values())
        if any(_as_width(v) > FORMAT_WIDTH for v in values):
            raise too_wide()
    _check_fields(fmt.count("{"), list(args) + list(kwargs.values()))


def _as_width(value: object) -> int:
    """A value as format() would read it for a width: 99 and "99" alike."""
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def _check_fields(fields: int, values: Sequence[object]) -> None:
    """A format with `fields` places, each of which may print any of `values`."""
    if fields and values and fields * max(weight(v, SEQUENCE_ITEMS) for v in values) > SEQUENCE_ITEMS:
        raise too_long("a text")


def _width(value: object) -> int:
    return len(value) if isinstance(value, str) else int(value) if isinstance(value, (int, float)) else 0


def _check_growth(text: str, old: object, new: object, count: object = None) -> None:
    if not (isinstance(old, str) and isinstance(new, str)):
        return
    n = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    if len(text) + n * (len(new) - len(old)) > SEQUENCE_ITEMS:
        raise too_long("a text")


def _check_join(sep: str, items: object) -> None:
    if isinstance(items, (list, tuple)) and weight(items, SEQUENCE_ITEMS) + len(sep) * len(items) > SEQUENCE_ITEMS:
        raise too_long("a text")


def check_str_method(text: str, name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call of a string's method (ljust, replace, join...) that would make too long a text."""
    if name in ("ljust", "rjust", "center", "zfill"):
        if _width(args[0] if args else kwargs.get("width", 0)) > FORMAT_WIDTH:
            raise too_wide()
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and len(text) + text.count("\t") * size > SEQUENCE_ITEMS:
            raise too_long("a text")
    elif name == "replace" and len(args) >= 2:
        _check_growth(text, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
    elif name == "join" and args:
        _check_join(text, args[0])


# Filters that pad, repeat or join: each check sees the filter's own arguments
# (after the eval context for those that take one), and returns them (the
# join check takes in an iterator it is given, so the filter gets a list).
FilterArgs: TypeAlias = tuple[Any, ...]
FilterKwargs: TypeAlias = dict[str, Any]
FilterCheck: TypeAlias = Callable[[FilterArgs, FilterKwargs], tuple[FilterArgs, FilterKwargs]]


def _check_center(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    if _width(args[1] if len(args) > 1 else kwargs.get("width", 80)) > FORMAT_WIDTH:
        raise too_wide()
    return args, kwargs


def _check_indent(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    text = str(args[0]) if args else ""
    width = _width(args[1] if len(args) > 1 else kwargs.get("width", 4))
    if len(text) + (text.count("\n") + 1) * width > SEQUENCE_ITEMS:
        raise too_long("a text")
    return args, kwargs


def _check_replace(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    if len(args) >= 4:
        _check_growth(str(args[1]), args[2], args[3], args[4] if len(args) > 4 else kwargs.get("count"))
    return args, kwargs


def _check_join_filter(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    if len(args) >= 2 and not isinstance(args[1], (str, list, tuple)):
        items: list[Any] = []
        for item in args[1]:  # an iterator: take it in, but no more than a clause may
            items.append(item)
            if len(items) > SEQUENCE_ITEMS:
                raise too_long("a list")
        args = (args[0], items, *args[2:])
    if len(args) >= 2 and isinstance(args[1], (list, tuple)) and not kwargs.get("attribute") and len(args) < 4:
        sep = args[2] if len(args) > 2 else kwargs.get("d", "")
        _check_join(str(sep), args[1])
    return args, kwargs


def _check_format_filter(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    if args:
        check_percent(str(args[0]), tuple(args[1:]) or kwargs)
    return args, kwargs


def _whole_value(position: int) -> FilterCheck:
    """tojson, pprint, string, list, sum: the result is as large as the whole value (args[position])."""

    def check(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
        value = args[position] if len(args) > position else None
        if weight(value, SEQUENCE_ITEMS) > SEQUENCE_ITEMS:
            raise too_long("a text or list")
        return args, kwargs

    return check


def _check_sum(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
    # sum(start=[]) joins the lists it is given: as large as all of them together.
    _whole_value(1)(args, kwargs)
    start = kwargs.get("start", args[3] if len(args) > 3 else 0)
    if (
        isinstance(start, SEQUENCES)
        and weight(start, SEQUENCE_ITEMS) + weight(args[1] if len(args) > 1 else (), SEQUENCE_ITEMS) > SEQUENCE_ITEMS
    ):
        raise too_long("a list")
    return args, kwargs


def _check_count_argument(position: int, name: str) -> FilterCheck:
    """batch(n) and slice(n) make n-item rows or n slices, filled out to size."""

    def check(args: FilterArgs, kwargs: FilterKwargs) -> tuple[FilterArgs, FilterKwargs]:
        n = args[position] if len(args) > position else kwargs.get(name, 0)
        if isinstance(n, int) and n > SEQUENCE_ITEMS:
            raise too_long("a list")
        return args, kwargs

    return check


#: Jinja's filters that can make a large value, each with the check run before it.
FILTER_CHECKS: dict[str, FilterCheck] = {
    # (positions count the context or environment some filters take first)
    "tojson": _whole_value(1),
    "pprint": _whole_value(0),
    "string": _whole_value(0),
    "list": _whole_value(1),
    "sum": _check_sum,
    "batch": _check_count_argument(1, "linecount"),
    "slice": _check_count_argument(2, "slices"),
    "center": _check_center,
    "indent": _check_indent,
    "replace": _check_replace,
    "join": _check_join_filter,
    "format": _check_format_filter,
}


def guarded_filter(env: Budget, original: Callable[..., Any], check: FilterCheck) -> Callable[..., Any]:
    """The filter `original`, run after `check` and counting the text it makes against the render's work."""

    @functools.wraps(original)  # keeps Jinja's pass_eval_context marker
    def guarded(*args: Any, **kwargs: Any) -> Any:
        args, kwargs = check(args, kwargs)
        result = original(*args, **kwargs)
        if isinstance(result, str):
            env.spend(len(result))
        return result

    return guarded
