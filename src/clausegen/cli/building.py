"""`clausegen build`: the documents of named regime files (a library build goes to cli.library)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import CompileError, Diagnostic, render_all
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
    source_date,
    sources_of,
    templates_option,
)
from .library import LibraryRequest, build_library
from .locking import lock_holds, locks_of
from .program import main

if TYPE_CHECKING:
    from ..api import Compiled, Output
    from ..model import Regime
    from ..writers import WriterOptions


@main.command(
    epilog=f"\b\nDocument kinds (--doc): {', '.join(DOC_KINDS)}\nFormats (--format): {', '.join(OUTPUT_FORMATS)}\nFiles go into OUTPUT/<file>/: build/acme-globex/ for acme-globex.regime\n\nWith no FILE inside a library folder (one with a clausegen.toml), or with FILE a library folder, builds the whole library (docs/library.md); options given here override the file. Exit codes: 0 built (with --check: every output up to date), 1 errors in a regime or (with --check) a stale, missing or extra output, 2 usage or I/O problems."
)
@click.argument("files", nargs=-1)
@click.option("-o", "--output", "out_dir", default="build", show_default=True, help="Folder to write into.")
@click.option(
    "--doc",
    "kinds",
    callback=choices(DOC_KINDS),
    default="all",
    help=f"Document kinds, comma-separated: {', '.join(DOC_KINDS)} (default all).",
)
@click.option(
    "--format",
    "formats",
    callback=choices(OUTPUT_FORMATS),
    default="all",
    help=f"Formats, comma-separated: {', '.join(OUTPUT_FORMATS)} (default all).",
)
@clauses_option("An organisation clause library over the built-in one (repeatable).")
@templates_option("An organisation's templates folder, searched before the built-in one (repeatable).")
@click.option(
    "--notified",
    callback=iso_date,
    help="Date a dispute was notified (YYYY-MM-DD): the handbook then shows the date of every deadline.",
)
@click.option(
    "--between",
    "between",
    help="The parties of one dispute of a multi-party deal, comma-separated party ids (client,hosting): the handbook, settlement, notice and agreement to mediate are worded for them.",
)
@click.option("--draft", is_flag=True, help="Mark every page as a draft.")
@click.option(
    "--reference-docx",
    type=click.Path(dir_okay=False),
    help="A Word file whose styles (the house style) the DOCX output uses.",
)
@click.option(
    "--font-dir",
    "font_dirs",
    multiple=True,
    type=click.Path(),
    help="Extra fonts for PDF output, e.g. a CJK font for Chinese names (repeatable).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--previous",
    "previous",
    type=click.Path(dir_okay=False),
    help="The previous version's .regime file: the handbook then opens with what changed since it (one FILE only).",
)
@click.option(
    "--locked",
    is_flag=True,
    help="Fail (exit 1), writing nothing, when a clause or template file's wording, the files used, or clausegen's version differ from each regime's lock (FILE.lock, see `clausegen lock`); a missing lock is exit 2.",
)
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(min=1), help="Regimes built at once (default: the number of cores)."
)
@click.option("--force", is_flag=True, help="Rebuild every regime, even those whose inputs have not changed.")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 listing every output that is stale, missing or extra (for CI and pre-commit).",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="With --check: say what changed in the regime of each stale output."
)
@click.option("--shard", help="Build only share I of N of the library (I/N, e.g. 2/4), for CI matrices.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False),
    help="Write a JSON report (per regime: status, outputs with sha256, time, diagnostics).",
)
@click.option(
    "--junit", "junit_file", type=click.Path(dir_okay=False), help="Write a JUnit XML report for CI test panes."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures and the summary line.")
@click.option("-v", "--verbose", is_flag=True, help="Print every output file.")
@guarded
def build(
    files: tuple[str, ...],
    out_dir: str,
    kinds: tuple[str, ...],
    formats: tuple[str, ...],
    clause_dirs: tuple[str, ...],
    template_dirs: tuple[str, ...],
    notified: date | None,
    between: str | None,
    draft: bool,
    reference_docx: str | None,
    font_dirs: tuple[str, ...],
    strict: bool,
    previous: str | None,
    locked: bool,
    workers: int | None,
    force: bool,
    check_only: bool,
    show_diff: bool,
    shard: str | None,
    report_file: str | None,
    junit_file: str | None,
    quiet: bool,
    verbose: bool,
) -> int:
    """Build the documents of regime FILES into OUTPUT/<file>/<kind>.<format>."""
    from ..api import build_documents, compile_source, dispute_parties_problem, write_outputs

    library_options = (workers, force, check_only, show_diff, shard, report_file, junit_file, quiet, verbose)
    from .library_build import library_folder

    library = library_folder(files)
    if library is not None or any(library_options):
        if between:
            raise UsageProblem("--between names the parties of one dispute: give one FILE to build, not a library")
        if previous or locked or strict:
            raise UsageProblem(
                "--previous, --locked and --strict apply to single builds of named files, not to a library build or --check"
            )
        request = LibraryRequest(
            out_dir=out_dir,
            kinds=kinds,
            formats=formats,
            clause_dirs=clause_dirs,
            template_dirs=template_dirs,
            reference_docx=reference_docx,
            font_dirs=font_dirs,
            draft=draft,
            notified=notified,
            workers=workers,
            force=force,
            check_only=check_only,
            show_diff=show_diff,
            shard=shard,
            report_file=report_file,
            junit_file=junit_file,
            quiet=quiet,
            verbose=verbose,
        )
        return build_library(library, files, request)
    if not files:
        raise UsageProblem(
            "give a .regime FILE to build, or run inside a library folder (one with a clausegen.toml; see docs/library.md)"
        )

    require_folders(clause_dirs + template_dirs)
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageProblem(f"{out_dir} is not a folder; give -o a folder to write the documents into")
    if reference_docx:
        _check_reference(reference_docx)
    for d in font_dirs:
        if not Path(d).exists():
            raise UsageProblem(f"no such font file or folder: {d}")
    epoch = source_date()
    options: WriterOptions = {
        "draft": draft,
        "reference_docx": reference_docx,
        "source_date_epoch": int(epoch.timestamp()) if epoch else None,
        "font_paths": tuple(font_dirs),
    }
    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    failed = False
    written = 0
    folders: dict[Path, None] = {}  # each regime's folder written, in order
    old: Compiled | None = None
    if previous:
        if len(files) != 1:
            raise UsageProblem("--previous compares two versions of one regime: give one FILE to build")
        try:
            source = read_regime(previous)
            sources[source.name] = source
            old = compile_source(source)
            all_diags += old.warnings
        except CompileError as exc:  # reported as `check` reports it; nothing is built
            all_diags += exc.diagnostics
            files, failed = (), True
    locks = locks_of(files) if locked else {}
    pending: list[list[Output]] = []  # with --locked, nothing is written until every lock holds
    lock_failed = False
    for path in files:
        lock = locks.get(path)
        if isinstance(lock, CompileError):  # a malformed lock: its diagnostics, nothing built
            all_diags += lock.diagnostics
            failed = lock_failed = True
            continue
        try:
            source = read_regime(path)
            sources[source.name] = source
            compiled = compile_source(source)
            parties = tuple(x.strip() for x in between.split(",") if x.strip()) if between else None
            if parties and dispute_parties_problem(compiled.regime, parties):
                raise UsageProblem(dispute_parties_problem(compiled.regime, parties))
            built = build_documents(
                compiled,
                Path(out_dir),
                kinds,
                formats,
                tuple(map(Path, clause_dirs)),
                tuple(map(Path, template_dirs)),
                notified,
                options,
                _change_sentences(old.regime, compiled.regime) if old else None,
                parties,
            )
            all_diags += list(compiled.warnings) + built.warnings
            for kind in built.skipped:
                click.echo(f"note: {path} has no {kind} (the regime does not provide for one)", err=True)
            if strict and (compiled.warnings or built.warnings):
                failed = True
                continue
            if locked:
                assert lock is not None
                if not lock_holds(path, lock, built, kinds):
                    failed = lock_failed = True
                    continue
                pending.append(built.outputs)
                continue
            write_outputs(built.outputs)
            written += len(built.outputs)
            folders.update(dict.fromkeys(o.path.parent for o in built.outputs))
        except CompileError as exc:
            all_diags += exc.diagnostics
            failed = True
    if all_diags:
        click.echo(render_all(all_diags, sources_of(all_diags, sources)), err=True)
    if not lock_failed:
        for outputs in pending:
            write_outputs(outputs)
            written += len(outputs)
            folders.update(dict.fromkeys(o.path.parent for o in outputs))
    # Name each regime's own folder (build/acme-globex/), where the drafter looks next.
    import os

    where = ", ".join(f"{folder}{os.sep}" for folder in folders) or f"{out_dir}"
    click.echo(f"wrote {written} file{'s' if written != 1 else ''} to {where}", err=True)
    return EXIT_ERRORS if failed else EXIT_OK


def _change_sentences(old_regime: Regime, new_regime: Regime) -> tuple[str, ...]:
    """What changed between two versions of a regime, one sentence each, for the handbook
    (`build --previous`; see clausegen.changes.sentences)."""
    from ..changes import sentences

    return sentences(old_regime, new_regime)


def _check_reference(path: str) -> None:
    """A --reference-docx that is missing, unreadable or not a Word file is a usage problem."""
    from ..outdir import plain_reason
    from ..writers.docx import reference_problem

    if not Path(path).is_file():
        raise UsageProblem(f"no such file: {path}" if not Path(path).exists() else f"{path} is not a file")
    try:
        problem = reference_problem(path)
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {plain_reason(exc)}") from None
    if problem:
        raise UsageProblem(problem)
