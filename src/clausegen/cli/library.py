"""`build` of a library of regimes (a folder with a clausegen.toml), and `clausegen watch`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import click

from ..diagnostics import CompileError, render_all
from .exits import EXIT_ERRORS, UsageProblem, guarded
from .inputs import require_folders, safe_source, sources_of
from .program import main

# `build`'s options a library's clausegen.toml also has: option -> its key in project.jobs.Overrides.
_OVERRIDDEN = {
    "out_dir": "output",
    "kinds": "kinds",
    "formats": "formats",
    "clause_dirs": "clause_dirs",
    "template_dirs": "template_dirs",
    "reference_docx": "reference_docx",
    "font_dirs": "font_dirs",
    "draft": "draft",
    "notified": "notified",
}


@dataclass(frozen=True)
class LibraryRequest:
    """The options of `build` a library build reads, as the command line gave them."""

    out_dir: str
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    clause_dirs: tuple[str, ...]
    template_dirs: tuple[str, ...]
    reference_docx: str | None
    font_dirs: tuple[str, ...]
    draft: bool
    notified: date | None
    workers: int | None
    force: bool
    check_only: bool
    show_diff: bool
    shard: str | None
    report_file: str | None
    junit_file: str | None
    quiet: bool
    verbose: bool


def build_library(library: Path | None, files: tuple[str, ...], given: LibraryRequest) -> int:
    """`build` of a library, or of named files with library options (-j, --check, reports)."""
    import os

    from ..project.jobs import Overrides
    from .library_build import adhoc_project, run_library

    ctx = click.get_current_context()
    # Only what the command line really says overrides the library's file.
    overrides = cast(
        Overrides,
        {
            key: getattr(given, param)
            for param, key in _OVERRIDDEN.items()
            if ctx.get_parameter_source(param) is not click.core.ParameterSource.DEFAULT
        },
    )
    require_folders(tuple(given.clause_dirs) + tuple(given.template_dirs))
    if library is not None:
        from ..project.config import load_project

        try:
            project = load_project(library, overrides)
        except CompileError as exc:
            click.echo(render_all(exc.diagnostics, sources_of(exc.diagnostics, {})), err=True)
            return EXIT_ERRORS
    else:
        named: Overrides = {"output": given.out_dir, "kinds": given.kinds, "formats": given.formats}
        project = adhoc_project(files, cast(Overrides, {**named, **overrides}))
    mode = "quiet" if given.quiet else "verbose" if given.verbose else "auto"
    try:
        return run_library(
            project,
            given.workers or os.cpu_count() or 1,
            given.force,
            given.check_only,
            given.show_diff,
            given.shard,
            given.report_file,
            given.junit_file,
            mode,
            safe_source,
        )
    except ValueError as exc:  # a malformed --shard
        raise UsageProblem(str(exc)) from None
    finally:
        if library is None:  # named files: their throwaway cache goes
            import shutil

            shutil.rmtree(project.cache_dir, ignore_errors=True)


@main.command()
@click.argument("folder", required=False)
@click.option(
    "-j", "--jobs", "workers", type=click.IntRange(min=1), help="Regimes built at once (default: the number of cores)."
)
@guarded
def watch(folder: str | None, workers: int | None) -> int:
    """Build the library in FOLDER (default: here), then rebuild what changes, until Ctrl-C.

    Needs the watch extra: pip install 'clausegen[watch]'.
    """
    import os

    from ..project.config import find_project, load_project
    from .library_build import run_watch

    root = find_project(Path(folder or "."))
    if root is None:
        raise UsageProblem(
            f"{folder or 'this folder'} is not a library: it has no clausegen.toml (see docs/library.md)"
        )
    try:
        project = load_project(root, {})
    except CompileError as exc:
        click.echo(render_all(exc.diagnostics, sources_of(exc.diagnostics, {})), err=True)
        return EXIT_ERRORS
    from ..project.watch import WatchUnavailable

    try:
        return run_watch(project, workers or os.cpu_count() or 1, safe_source, reload=lambda: load_project(root, {}))
    except WatchUnavailable as exc:
        raise UsageProblem(str(exc)) from None
