"""The one exception the clause library raises about a clause author's mistake.

Reading, containment and rendering limits all raise `ClauseProblem`, a
Jinja `TemplateError`, so it travels through Jinja's include and import
machinery unchanged and the assembler turns it into a diagnostic.
"""

from __future__ import annotations

from jinja2 import TemplateError

from ..source import Span


class ClauseProblem(TemplateError):
    """A diagnostic-to-be: code, message and hint; `span` when the problem has
    its own place (a line in the file read), None to blame the clause line
    that was running (the include, the loop, the arithmetic)."""

    def __init__(self, code: str, message: str, help: str = "", span: Span | None = None, name: str | None = None):
        super().__init__(message)
        self.code = code
        self.help = help
        self.span = span
        self.name = name  # the file name a clause gave, to place the caret on it

    @property
    def message(self) -> str:
        """The message, as a diagnostic shows it (TemplateError's property, without its None case)."""
        return str(self.args[0])
