"""A clause that fails to render, in a clause author's words.

Any failure while rendering a clause, a title or a condition (a ClauseProblem
from the sandbox or the library, a Jinja error, a Python error a template
triggered) becomes one diagnostic: `describe` gives its code, message and
hint, `blame` the clause file and line that caused it.
"""

from __future__ import annotations

import re
import traceback
from typing import TYPE_CHECKING

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from ..source import Span
from .problems import ClauseProblem

if TYPE_CHECKING:
    from .library import Library


def blame(exc: BaseException, path: str, fallback_line: int, library: Library) -> Span:
    """The clause file and line to blame: the problem's own place, the syntax
    error's line, or the innermost clause-file line running when it failed."""
    if isinstance(exc, ClauseProblem) and exc.span is not None:
        return exc.span
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return Span.point(exc.filename or path, exc.lineno, 1)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in library.loaded and f.lineno]
    line: int
    if frames:
        path, line = frames[-1].filename, frames[-1].lineno or fallback_line
    else:
        line = getattr(exc, "lineno", None) or fallback_line
    return Span.point(path, line, _column(library, path, line, getattr(exc, "name", None)))


def _column(library: Library, path: str, line: int, needle: object) -> int:
    """The column of `needle` (a file name an include gives) on that line, or of its first word."""
    text = library.loaded_text(path)
    lines = text.split("\n") if text else []
    if not 0 < line <= len(lines):
        return 1
    row = lines[line - 1]
    if isinstance(needle, str) and needle and needle in row:
        return row.index(needle) + 1
    return len(row) - len(row.lstrip()) + 1


def describe(exc: BaseException) -> tuple[str, str, str]:
    """(code, message, hint) for a failure while rendering a clause, in a clause author's words."""
    names_help = "check the names used between {{ }} against the variables in docs/clauses.md"
    if isinstance(exc, ClauseProblem):
        return exc.code, exc.message, exc.help
    if isinstance(exc, TemplateNotFound):
        return (
            "CG318",
            f"this clause names `{exc.name}`, which is not in the clause library",
            "include, import or extend a file by its path in the library, such as `handbook/_macros.md`",
        )
    if isinstance(exc, SecurityError):
        m = re.search(r"attribute '([^']*)' of '([^']*)'", str(exc))
        if m:
            attr, kind = m.groups()
            kind = f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"
            if attr.startswith("_"):
                what = f"reaches for `{attr}` of {kind} value, a Python internal that clause files may not use"
            else:
                what = f"uses `{attr}` of {kind} value, which would change it; clause text may read values but not change them"
        else:
            what = f"does something clause files may not do ({exc})"
        return "CG300", f"this clause {what}", "a clause may use only the values and helpers listed in docs/clauses.md"
    if isinstance(exc, RecursionError):
        return (
            "CG316",
            "this clause never finishes, or is nested too deeply to read: a macro that calls itself, files that include, import or extend each other in a loop, or brackets or blocks nested hundreds deep",
            "make sure every macro stops calling itself, that no file includes or extends one that leads back to it, and write deep expressions in steps with {% set %}",
        )
    if isinstance(exc, MemoryError):
        return "CG314", "this clause needs more memory than there is", "look for a list or text that grows in a loop"
    if isinstance(exc, UndefinedError):
        return "CG300", f"this clause cannot be rendered: {exc.message or exc}", names_help
    if isinstance(exc, TemplateSyntaxError):
        return "CG300", f"this clause cannot be rendered: {exc.message or exc}", names_help
    if isinstance(exc, ZeroDivisionError):
        return "CG300", "this clause cannot be rendered: it divides by zero", "check the arithmetic between {{ }}"
    if isinstance(exc, KeyError):
        return (
            "CG300",
            f"this clause cannot be rendered: there is no value named {exc.args[0]!r}"
            if exc.args
            else "this clause cannot be rendered: a value is missing",
            names_help,
        )
    if isinstance(exc, OverflowError):
        return (
            "CG315",
            "this clause computes a number too large to handle",
            "no contract needs such a number; check the arithmetic",
        )
    detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return "CG300", f"this clause cannot be rendered: {detail}", names_help
