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

This module holds the environment and the budget of one render (its time,
output and total work); the limits on single values and the checks that
enforce them are documents.limits.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any, cast

from jinja2 import Template
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import Concat
from jinja2.runtime import Context, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .limits import (
    FILTER_CHECKS,
    INT_BITS,
    SEQUENCE_ITEMS,
    SEQUENCES,
    BoundedRange,
    check_braces,
    check_operands,
    check_str_method,
    guarded_filter,
    too_large_number,
    too_long,
    weight,
)
from .problems import ClauseProblem

#: seconds one clause (or title, or condition) may take to render
RENDER_SECONDS = 3.0
# A regime's quoted texts may be 100,000 characters long (CG112), and arrive
# escaped (up to twice as long); the limits below (and those in
# documents.limits) leave room for a clause that names such a party a few
# dozen times, and none for a runaway loop.
#: characters one clause may produce
OUTPUT_CHARS = 10_000_000
#: characters (or list items) all the strings and lists a render computes may add up to
WORK_CHARS = 50_000_000

#: Bump when what the compiled templates contain changes (the cache is keyed by it).
COMPILED_FORM = "bounded-2"


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` into a length-checked join."""

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedTemplate(Template):
    """A template whose render() runs under the environment's limits."""

    environment: BoundedEnvironment

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The template's text for these variables, rendered under the limits (raises ClauseProblem past one)."""
        env = self.environment
        with env.bounded():
            ctx = self.new_context(dict(*args, **kwargs))
            try:
                # a generator (Jinja types it as an iterator): consume() may throw into it
                return env.consume(cast("Generator[str, None, None]", self.root_render_func(ctx)))
            except Exception:
                env.handle_exception()


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with bounded time, output and value sizes."""

    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
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
        for name, check in FILTER_CHECKS.items():
            self.filters[name] = guarded_filter(self, self.filters[name], check)

    # -- the budget of one render ------------------------------------------------------

    @contextmanager
    def bounded(self) -> Iterator[None]:
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

    def consume(self, chunks: Generator[str, None, None]) -> str:
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

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`left <operator> right` for `*`, `**`, `%` and `+`, refused before it makes too large a value."""
        self.tick()
        check_operands(operator, left, right)
        result = self.binop_table[operator](left, right)
        if type(result) is int and result.bit_length() > INT_BITS:
            raise too_large_number()
        if isinstance(result, SEQUENCES):
            self.spend(len(result))
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from a clause: a string method that would make too long a text is refused first."""
        __self.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, SEQUENCES):
            __self.spend(len(result))
        return result

    def wrap_str_format(self, value: Any) -> Any:
        """`text.format(...)` from a clause: refused when it would pad too wide or print too much."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            check_braces(text, args, kwargs)
            result: str = wrapped(*args, **kwargs)
            self.spend(len(result))
            return result

        return checked

    def _printable(self, value: Any) -> Any:
        """What `{{ }}` prints: refused before it is turned into text if it would be too long."""
        if isinstance(value, (list, tuple, dict)) and weight(value, OUTPUT_CHARS) > OUTPUT_CHARS:
            raise ClauseProblem(
                "CG314",
                f"this clause prints more than {OUTPUT_CHARS:,} characters",
                "a clause is a few paragraphs; look for a loop that prints too often",
            )
        return value

    def bounded_concat(self, parts: Sequence[Any]) -> str:
        """`a ~ b ~ c`, refusing a result over SEQUENCE_ITEMS."""
        self.tick()
        result = str_join(parts)
        if len(result) > SEQUENCE_ITEMS:
            raise too_long("a text")
        self.spend(len(result))
        return result


def _timeout() -> ClauseProblem:
    return ClauseProblem(
        "CG313",
        f"this clause takes more than {RENDER_SECONDS:g} seconds to render",
        "a clause renders in milliseconds; look for a loop that runs too long",
    )


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _timeout()


def _can_use_alarm() -> bool:
    # Signals reach only the main thread, and a timer someone else set is theirs.
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
