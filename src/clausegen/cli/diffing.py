"""The body of `clausegen diff`: two versions compared, the report printed, the exit code chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import CompileError, Diagnostic, render_all
from ..source import SourceFile

if TYPE_CHECKING:
    from ..api import Compiled

EXIT_SAME, EXIT_CHANGED, EXIT_INPUT = 0, 1, 2


def run_diff(
    old: str,
    new: str,
    fmt: str,
    notified: date | None,
    with_documents: bool,
    clause_dirs: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    read: Callable[[str], SourceFile],
    safe_source: Callable[[str], SourceFile | None],
) -> int:
    """Compile both versions, print the report; 0 no change, 1 changes, 2 a broken input.

    `read` is the CLI's file reader (a path it cannot read raises its
    UsageProblem, exit 2 with the path); `safe_source` finds the text that
    diagnostics quote. Diagnostics print exactly as `check` prints them.
    """
    from ..api import compile_source

    compiled: list[Compiled] = []
    diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    for path in (old, new):
        try:
            source = read(path)
            sources[source.name] = source
            compiled.append(compile_source(source))
        except CompileError as exc:
            diags += exc.diagnostics
    if not diags:
        from ..changes.report import make_report

        try:
            report = make_report(compiled[0], compiled[1], notified, with_documents, clause_dirs, template_dirs)
        except CompileError as exc:  # the clause library, a template, or a date past 9999
            diags += exc.diagnostics
    if diags:
        for d in diags:
            if d.span.file not in sources:
                found = safe_source(d.span.file)
                if found is not None:
                    sources[d.span.file] = found
        click.echo(render_all(diags, sources), err=True)
        return EXIT_INPUT
    from ..changes.report import to_json, to_markdown, to_text

    render = {"json": to_json, "markdown": to_markdown}.get(fmt, to_text)
    click.echo(render(report), nl=False)
    return EXIT_CHANGED if report.changed else EXIT_SAME
