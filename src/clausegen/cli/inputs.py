"""What the commands read from the user: regime files, folders, dates and lists of choices.

A file or folder that cannot be used is a UsageProblem (exit 2); a regime's
own problems are CompileErrors, shown with the source lines they point into.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import click

from ..diagnostics import CompileError, Diagnostic
from ..kinds import KINDS as DOC_KINDS  # the kinds are stated once there (docmodel.KINDS is the same tuple)
from ..source import NotARegularFile, SourceFile
from ..writers import FORMATS
from .exits import UsageProblem

#: The output formats, in the order the command line lists them (stated once, in clausegen.writers).
OUTPUT_FORMATS = tuple(FORMATS)

__all__ = [
    "DOC_KINDS",
    "OUTPUT_FORMATS",
    "choices",
    "iso_date",
    "read_regime",
    "require_folders",
    "safe_source",
    "shown_source",
    "source_date",
    "sources_of",
]


def read_regime(path: str) -> SourceFile:
    """Read one regime file; a path that is no readable regular file is a UsageProblem.

    A FIFO, a device or a socket is refused before anything is read from it
    (see api.read_source), so `check` never hangs or fills memory.
    """
    from ..api import read_source

    p = Path(path)
    if not p.exists():
        raise UsageProblem(f"no such file: {path}")
    if p.is_dir():
        raise UsageProblem(f"{path} is a folder; give the .regime file inside it")
    try:
        return read_source(path)
    except NotARegularFile:
        raise UsageProblem(f"{path} is not a regular file") from None
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror or exc}") from None


def safe_source(path: str) -> SourceFile | None:
    """The file for showing diagnostics' source lines, if it can be read."""
    from ..api import read_source

    try:
        return read_source(path)
    except (OSError, CompileError):
        return None


def shown_source(path: str) -> dict[str, SourceFile]:
    """The file for render_all: {path: its source}, or nothing when it cannot be read."""
    source = safe_source(path)
    return {path: source} if source is not None else {}


def sources_of(diags: list[Diagnostic], known: dict[str, SourceFile]) -> dict[str, SourceFile]:
    """The files every diagnostic points into, for showing their lines (clause files too)."""
    sources = dict(known)
    for d in diags:
        if d.span.file not in sources:
            source = safe_source(d.span.file)
            if source is not None:
                sources[d.span.file] = source
    return sources


def require_folders(folders: Iterable[str]) -> None:
    """Every --clauses or --templates folder must exist: a UsageProblem names the first that does not."""
    for d in folders:
        if not Path(d).is_dir():
            raise UsageProblem(f"no such folder: {d}")


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A click callback for a YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-11-02") from None


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a datetime, when set (for reproducible outputs)."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return datetime.fromtimestamp(int(value), tz=UTC)
    return None


def choices(allowed: tuple[str, ...]) -> Callable[[click.Context, click.Parameter, str | None], tuple[str, ...]]:
    """A click callback for comma-separated choices; '' or 'all' means all."""

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
        if value in (None, "", "all"):
            return allowed
        assert value is not None
        items = tuple(v.strip() for v in value.split(",") if v.strip())
        bad = [v for v in items if v not in allowed]
        if bad:
            raise click.BadParameter(f"unknown {', '.join(bad)}; choose from {', '.join(allowed)}")
        return tuple(dict.fromkeys(items))

    return parse


def clauses_option(help: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """`--clauses DIR` (repeatable): an organisation clause library; each command says what it is for."""
    return click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(file_okay=False), help=help)


def templates_option(help: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """`--templates DIR` (repeatable): an organisation's templates folder; each command says what it is for."""
    return click.option("--templates", "template_dirs", multiple=True, type=click.Path(file_okay=False), help=help)
