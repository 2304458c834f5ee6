"""A Jinja sandbox that also bounds time, output and the size of what a clause computes.

Jinja's sandbox stops a clause from reaching Python internals, but not from
running for ever or filling the memory: `range(10**9)`, `[0] * 10**9`,
`7 ** (10**9)`, a string doubled in a loop. BoundedEnvironment intercepts
the operators and calls that can grow values (Jinja's documented "operator
intercepting": `intercepted_binops` and `call_binop`, and `call`), caps
`range`, string repetition, `~` joins and the filters that pad or repeat,
and runs every render under a deadline and an output cap. Exceeding a limit
raises ClauseProblem, which the assembler reports at the clause line.

The deadline is checked cooperatively (in calls, operators, ranges and
output chunks) and, in the main thread, also by a SIGALRM timer, which
interrupts loops that call nothing. One render at a time per environment.
"""

from __future__ import annotations

import functools
import math
import re
import signal
import threading
import time
from contextlib import contextmanager

from jinja2 import Template
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .problems import ClauseProblem

#: seconds one clause (or title, or condition) may take to render
RENDER_SECONDS = 3.0
# A regime's quoted texts may be 100,000 characters long (CG112), and arrive
# escaped (up to twice as long); the limits below leave room for a clause
# that names such a party a few dozen times, and none for a runaway loop.
#: characters one clause may produce
OUTPUT_CHARS = 10_000_000
#: characters (or list items) all the strings and lists a render computes may add up to
WORK_CHARS = 50_000_000
#: the longest string or list one operation may make
SEQUENCE_ITEMS = 1_000_000
#: the most numbers one range() may count
RANGE_ITEMS = 10_000
#: the largest whole number, in decimal digits (below Python's 4,300-digit limit for printing one)
INT_DIGITS = 4_000
_INT_BITS = math.ceil(INT_DIGITS * math.log2(10))
#: the widest field a format (`%10s`, `{:>10}`, center, ljust) may pad to
FORMAT_WIDTH = 10_000

#: Bump when what the compiled templates contain changes (the cache is keyed by it).
COMPILED_FORM = "bounded-2"

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_SEQUENCES = (str, bytes, list, tuple)


def weight(value, budget: int) -> int:
    """Characters and items in `value`, counting nested and repeated parts, up to just past `budget`.

    `["x" * 100000] * 100000` is a list of 100,000 items that share one text,
    but printing or joining it makes 10,000,000,000 characters: what a clause
    may build is measured by this, before the work is done. Each distinct
    object is measured once (shared parts are multiplied, not re-walked).
    """
    seen: dict[int, int] = {}

    def measure(v) -> int:
        if isinstance(v, (str, bytes)):
            return len(v)
        if not isinstance(v, (list, tuple, dict)):
            return 1
        key = id(v)
        if key in seen:
            return seen[key]
        seen[key] = budget + 1  # a value that contains itself is too large
        total = len(v)
        items = v.items() if isinstance(v, dict) else v
        for item in items:
            total += measure(item)
            if total > budget:
                break
        seen[key] = total
        return total

    return measure(value)


def _too_long(what: str) -> ClauseProblem:
    return ClauseProblem(
        "CG315",
        f"this clause makes {what} longer than {SEQUENCE_ITEMS:,} characters or items",
        "a clause computes short texts and small numbers; repeat or pad less",
    )


def _too_large_number() -> ClauseProblem:
    return ClauseProblem(
        "CG315",
        f"this clause computes a number with more than {INT_DIGITS:,} digits",
        "no contract needs such a number; check the arithmetic",
    )


def _too_wide() -> ClauseProblem:
    return ClauseProblem(
        "CG315", f"this clause pads text to more than {FORMAT_WIDTH:,} characters", "use a smaller width"
    )


class BoundedRange:
    """range() for clauses: at most RANGE_ITEMS numbers, and counting watches the clock."""

    __slots__ = ("_env", "_range")

    def __init__(self, env: BoundedEnvironment, *args):
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

    def __iter__(self):
        tick = self._env.tick
        for i, x in enumerate(self._range):
            if not i & 255:
                tick()
            yield x

    def __reversed__(self):
        return iter(list(self)[::-1])

    def __len__(self):
        return len(self._range)

    def __getitem__(self, index):
        return self._range[index]

    def __contains__(self, value):
        return value in self._range

    def __repr__(self):
        return repr(self._range)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` into a length-checked join."""

    @optimizeconst
    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(Template):
    """A template whose render() runs under the environment's limits."""

    def render(self, *args, **kwargs) -> str:
        env = self.environment
        with env.bounded():
            ctx = self.new_context(dict(*args, **kwargs))
            try:
                return env.consume(self.root_render_func(ctx))
            except Exception:
                env.handle_exception()


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with bounded time, output and value sizes."""

    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Jinja folds filters on constants while compiling (`[1]|batch(10**9, 'x')`),
        # outside any render and so outside every limit: compile without it.
        self.optimized = False
        self.finalize = self._printable
        self._depth = 0
        self._deadline = 0.0
        self._work = 0
        self.globals["range"] = functools.partial(BoundedRange, self)
        self.globals.pop("lipsum", None)  # makes paragraphs by the thousand; no clause needs it
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _guarded_filter(self, self.filters[name], check)

    # -- the budget of one render ------------------------------------------------------

    @contextmanager
    def bounded(self):
        """Run one render (and everything it includes) under the limits."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._deadline = time.monotonic() + RENDER_SECONDS
        self._work = 0
        self._depth = 1
        alarm = _can_use_alarm()
        if alarm:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS + 0.25)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
            self._depth = 0

    def tick(self) -> None:
        """Stop a render that has run past its deadline."""
        if self._depth and time.monotonic() > self._deadline:
            raise _timeout()

    def spend(self, n: int) -> None:
        """Count characters or items a render computed; stop it past WORK_CHARS."""
        self._work += n
        if self._work > WORK_CHARS:
            raise ClauseProblem(
                "CG314",
                f"this clause computes more than {WORK_CHARS:,} characters of text",
                "a clause prints its wording once; look for a loop that builds ever longer text",
            )

    def consume(self, chunks) -> str:
        """Join a render's output, stopping it at OUTPUT_CHARS or the deadline.

        A limit is raised inside the template (gen.throw), so the traceback
        shows the clause line that was printing.
        """
        out: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            out.append(chunk)
            problem = None
            if size > OUTPUT_CHARS:
                problem = ClauseProblem(
                    "CG314",
                    f"this clause prints more than {OUTPUT_CHARS:,} characters",
                    "a clause is a few paragraphs; look for a loop that prints too often",
                )
            elif time.monotonic() > self._deadline:
                problem = _timeout()
            if problem is not None:
                chunks.throw(problem)
        return "".join(out)

    # -- intercepted operations --------------------------------------------------------

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            if (
                type(left) is int
                and type(right) is int
                and right > 0
                and abs(left) > 1
                and right * math.log2(abs(left)) > _INT_BITS
            ):
                raise _too_large_number()
        elif operator == "*":
            if isinstance(left, int) and isinstance(right, _SEQUENCES):
                left, right = right, left
                swapped = True
            else:
                swapped = False
            if (
                isinstance(left, _SEQUENCES)
                and isinstance(right, int)
                and right > 0
                and weight(left, SEQUENCE_ITEMS // right + 1) * right > SEQUENCE_ITEMS
            ):
                raise _too_long("a text or list")
            if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > _INT_BITS + 1:
                raise _too_large_number()
            if swapped:
                left, right = right, left
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        elif (
            operator == "+"
            and isinstance(left, _SEQUENCES)
            and isinstance(right, _SEQUENCES)
            and weight(left, SEQUENCE_ITEMS) + weight(right, SEQUENCE_ITEMS) > SEQUENCE_ITEMS
        ):
            raise _too_long("a text or list")
        result = self.binop_table[operator](left, right)
        if type(result) is int and result.bit_length() > _INT_BITS:
            raise _too_large_number()
        if isinstance(result, _SEQUENCES):
            self.spend(len(result))
        return result

    def call(__self, __context, __obj, *args, **kwargs):
        __self.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, _SEQUENCES):
            __self.spend(len(result))
        return result

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        def checked(*args, **kwargs):
            _check_braces(text, args, kwargs)
            result = wrapped(*args, **kwargs)
            self.spend(len(result))
            return result

        return checked

    def _printable(self, value):
        """What `{{ }}` prints: refused before it is turned into text if it would be too long."""
        if isinstance(value, (list, tuple, dict)) and weight(value, OUTPUT_CHARS) > OUTPUT_CHARS:
            raise ClauseProblem(
                "CG314",
                f"this clause prints more than {OUTPUT_CHARS:,} characters",
                "a clause is a few paragraphs; look for a loop that prints too often",
            )
        return value

    def bounded_concat(self, parts) -> str:
        """`a ~ b ~ c`, refusing a result over SEQUENCE_ITEMS."""
        self.tick()
        result = str_join(parts)
        if len(result) > SEQUENCE_ITEMS:
            raise _too_long("a text")
        self.spend(len(result))
        return result


def _timeout() -> ClauseProblem:
    return ClauseProblem(
        "CG313",
        f"this clause takes more than {RENDER_SECONDS:g} seconds to render",
        "a clause renders in milliseconds; look for a loop that runs too long",
    )


def _on_alarm(signum, frame):
    raise _timeout()


def _can_use_alarm() -> bool:
    # Signals reach only the main thread, and a timer someone else set is theirs.
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )


def _check_percent(fmt: str, args) -> None:
    values = list(args.values()) if isinstance(args, dict) else list(args) if isinstance(args, tuple) else [args]
    _check_fields(fmt.count("%"), values)
    for width, precision in _PERCENT.findall(fmt):
        for n in (width, precision):
            if n.isdigit() and int(n) > FORMAT_WIDTH:
                raise _too_wide()
            if n == "*":
                values = args if isinstance(args, tuple) else (args,)
                if any(type(v) is int and abs(v) > FORMAT_WIDTH for v in values):
                    raise _too_wide()


def _check_braces(fmt: str, args, kwargs) -> None:
    for spec in _BRACE_SPEC.findall(fmt):
        if any(int(n) > FORMAT_WIDTH for n in re.findall(r"\d+", spec)):
            raise _too_wide()
    if re.search(r"\{[^{}]*:[^{}]*\{", fmt):  # a width given as an argument: {:{}}
        values = list(args) + list(kwargs.values())
        if any(_as_width(v) > FORMAT_WIDTH for v in values):
            raise _too_wide()
    _check_fields(fmt.count("{"), list(args) + list(kwargs.values()))


def _as_width(value) -> int:
    """A value as format() would read it for a width: 99 and "99" alike."""
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def _check_fields(fields: int, values) -> None:
    """A format with `fields` places, each of which may print any of `values`."""
    if fields and values and fields * max(weight(v, SEQUENCE_ITEMS) for v in values) > SEQUENCE_ITEMS:
        raise _too_long("a text")


def _width(value) -> int:
    return len(value) if isinstance(value, str) else int(value) if isinstance(value, (int, float)) else 0


def _check_growth(text: str, old, new, count=None) -> None:
    if not (isinstance(old, str) and isinstance(new, str)):
        return
    n = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    if len(text) + n * (len(new) - len(old)) > SEQUENCE_ITEMS:
        raise _too_long("a text")


def _check_join(sep: str, items) -> None:
    if isinstance(items, (list, tuple)) and weight(items, SEQUENCE_ITEMS) + len(sep) * len(items) > SEQUENCE_ITEMS:
        raise _too_long("a text")


def _check_str_method(text: str, name: str, args, kwargs) -> None:
    if name in ("ljust", "rjust", "center", "zfill"):
        if _width(args[0] if args else kwargs.get("width", 0)) > FORMAT_WIDTH:
            raise _too_wide()
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and len(text) + text.count("\t") * size > SEQUENCE_ITEMS:
            raise _too_long("a text")
    elif name == "replace" and len(args) >= 2:
        _check_growth(text, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
    elif name == "join" and args:
        _check_join(text, args[0])


# Filters that pad, repeat or join: each check sees the filter's own arguments
# (after the eval context for those that take one).
def _check_center(args, kwargs):
    if _width(args[1] if len(args) > 1 else kwargs.get("width", 80)) > FORMAT_WIDTH:
        raise _too_wide()
    return args, kwargs


def _check_indent(args, kwargs):
    text = str(args[0]) if args else ""
    width = _width(args[1] if len(args) > 1 else kwargs.get("width", 4))
    if len(text) + (text.count("\n") + 1) * width > SEQUENCE_ITEMS:
        raise _too_long("a text")
    return args, kwargs


def _check_replace(args, kwargs):
    if len(args) >= 4:
        _check_growth(str(args[1]), args[2], args[3], args[4] if len(args) > 4 else kwargs.get("count"))
    return args, kwargs


def _check_join_filter(args, kwargs):
    if len(args) >= 2 and not isinstance(args[1], (str, list, tuple)):
        items = []
        for item in args[1]:  # an iterator: take it in, but no more than a clause may
            items.append(item)
            if len(items) > SEQUENCE_ITEMS:
                raise _too_long("a list")
        args = (args[0], items, *args[2:])
    if len(args) >= 2 and isinstance(args[1], (list, tuple)) and not kwargs.get("attribute") and len(args) < 4:
        sep = args[2] if len(args) > 2 else kwargs.get("d", "")
        _check_join(str(sep), args[1])
    return args, kwargs


def _check_format_filter(args, kwargs):
    if args:
        _check_percent(str(args[0]), tuple(args[1:]) or kwargs)
    return args, kwargs


def _whole_value(position: int):
    """tojson, pprint, string, list, sum: the result is as large as the whole value (args[position])."""

    def check(args, kwargs):
        value = args[position] if len(args) > position else None
        if weight(value, SEQUENCE_ITEMS) > SEQUENCE_ITEMS:
            raise _too_long("a text or list")
        return args, kwargs

    return check


def _check_sum(args, kwargs):
    # sum(start=[]) joins the lists it is given: as large as all of them together.
    _whole_value(1)(args, kwargs)
    start = kwargs.get("start", args[3] if len(args) > 3 else 0)
    if (
        isinstance(start, _SEQUENCES)
        and weight(start, SEQUENCE_ITEMS) + weight(args[1] if len(args) > 1 else (), SEQUENCE_ITEMS) > SEQUENCE_ITEMS
    ):
        raise _too_long("a list")
    return args, kwargs


def _check_count_argument(position: int, name: str):
    """batch(n) and slice(n) make n-item rows or n slices, filled out to size."""

    def check(args, kwargs):
        n = args[position] if len(args) > position else kwargs.get(name, 0)
        if isinstance(n, int) and n > SEQUENCE_ITEMS:
            raise _too_long("a list")
        return args, kwargs

    return check


_FILTER_CHECKS = {
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


def _guarded_filter(env: BoundedEnvironment, original, check):
    @functools.wraps(original)  # keeps Jinja's pass_eval_context marker
    def guarded(*args, **kwargs):
        args, kwargs = check(args, kwargs)
        result = original(*args, **kwargs)
        if isinstance(result, str):
            env.spend(len(result))
        return result

    return guarded
