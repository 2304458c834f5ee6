"""`clausegen diff` and `redline`: two versions of a regime, compared."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import CompileError, render_all
from ..source import SourceFile
from .exits import EXIT_ERRORS, EXIT_OK, UsageProblem, guarded
from .inputs import (
    DOC_KINDS,
    OUTPUT_FORMATS,
    choices,
    clauses_option,
    iso_date,
    read_regime,
    require_folders,
    safe_source,
    source_date,
    sources_of,
    templates_option,
)
from .program import main

if TYPE_CHECKING:
    from ..api import Compiled
    from ..writers import WriterOptions


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "-o", "--output", "out_dir", default="redline", show_default=True, help="Folder to write the redlines into."
)
@click.option("--doc", "kinds", callback=choices(DOC_KINDS), default="all", help="Document kinds, comma-separated.")
@click.option(
    "--format",
    "formats",
    callback=choices(OUTPUT_FORMATS),
    default="docx,html,pdf",
    show_default=True,
    help="Formats, comma-separated.",
)
@click.option("--author", default="clausegen", show_default=True, help="The author every tracked change in Word shows.")
@clauses_option("The organisation clause library of the new version (repeatable).")
@templates_option("The organisation templates of the new version (repeatable).")
@click.option(
    "--old-clauses",
    "old_clause_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The old version's clause library, when it differs from --clauses (repeatable).",
)
@click.option(
    "--old-templates",
    "old_template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="The old version's templates, when they differ from --templates (repeatable).",
)
@guarded
def redline(
    old: str,
    new: str,
    out_dir: str,
    kinds: tuple[str, ...],
    formats: tuple[str, ...],
    author: str,
    clause_dirs: tuple[str, ...],
    template_dirs: tuple[str, ...],
    old_clause_dirs: tuple[str, ...],
    old_template_dirs: tuple[str, ...],
) -> int:
    """Redlines of every document from regime OLD to regime NEW, as OUTPUT/<kind>.redline.<format>.

    Word files carry real tracked changes (accept them all and you have the
    new version's document, reject them all and you have the old one's);
    HTML, PDF and Markdown underline insertions, strike deletions and open
    with a summary of the changes. The date of every change is
    SOURCE_DATE_EPOCH when set, else the new version's effective date.

    Exit codes: 0 redlines written, 1 a version has errors (shown as `check`
    shows them), 2 usage or I/O problems.
    """
    from ..api import compile_source, write_outputs
    from ..renegotiation import Version, redline_documents, revision_date

    require_folders(clause_dirs + template_dirs + old_clause_dirs + old_template_dirs)
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageProblem(f"{out_dir} is not a folder; give -o a folder to write the redlines into")
    sources: dict[str, SourceFile] = {}
    try:
        versions: list[Compiled] = []
        for path in (old, new):
            source = read_regime(path)
            sources[source.name] = source
            versions.append(compile_source(source))
        new_dirs = (tuple(map(Path, clause_dirs)), tuple(map(Path, template_dirs)))
        old_dirs = (
            tuple(map(Path, old_clause_dirs)) or new_dirs[0],
            tuple(map(Path, old_template_dirs)) or new_dirs[1],
        )
        epoch = source_date()
        options: WriterOptions = {
            "source_date_epoch": int(epoch.timestamp()) if epoch else None,
            "revision_author": author,
            "revision_date": revision_date(versions[1], epoch),
        }
        made = redline_documents(
            Version(versions[0], *old_dirs),
            Version(versions[1], *new_dirs),
            Path(out_dir),
            kinds,
            formats,
            options,
        )
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, sources_of(exc.diagnostics, sources)), err=True)
        return EXIT_ERRORS
    for kind in made.only_old:
        click.echo(
            f"note: only {old} has a {kind}; no redline of it (the new version does not provide for one)", err=True
        )
    for kind in made.only_new:
        click.echo(f"note: only {new} has a {kind}; no redline of it (build it with `clausegen build {new}`)", err=True)
    report = made.report
    if report.library:
        click.echo(
            f"note: the clause library's wording changed since {old}.lock; both versions are shown in today's wording, so the redline marks only the renegotiated changes:",
            err=True,
        )
        for c in report.library:
            click.echo(f"  {c.describe()}", err=True)
    write_outputs(made.outputs)
    n = len(report.changes)
    click.echo(
        f"{n} change{'s' if n != 1 else ''} in the regime; wrote {len(made.outputs)} file{'s' if len(made.outputs) != 1 else ''} to {out_dir}",
        err=True,
    )
    return EXIT_OK


@main.command(
    epilog="Exit codes: 0 no change, 1 changes, 2 usage or input error (a file that cannot be read, or a version that does not compile: its diagnostics are printed as `check` prints them)."
)
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text (like a plan), json (docs/diff.md) or markdown (a pull-request comment).",
)
@click.option(
    "--notified",
    callback=iso_date,
    help="Date the worst case is counted from (YYYY-MM-DD); default: the new version's effective date.",
)
@click.option(
    "--documents/--no-documents",
    "with_documents",
    default=True,
    help="Say which documents and clause numbers change (assembles both versions).",
)
@clauses_option("An organisation clause library over the built-in one (repeatable).")
@templates_option("An organisation's templates folder (repeatable).")
@guarded
def diff(
    old: str,
    new: str,
    fmt: str,
    notified: date | None,
    with_documents: bool,
    clause_dirs: tuple[str, ...],
    template_dirs: tuple[str, ...],
) -> int:
    """What changed from regime OLD to regime NEW, and what follows from it."""
    from .diffing import run_diff

    require_folders(clause_dirs + template_dirs)
    return run_diff(
        old,
        new,
        fmt,
        notified,
        with_documents,
        tuple(map(Path, clause_dirs)),
        tuple(map(Path, template_dirs)),
        read_regime,
        safe_source,
    )
