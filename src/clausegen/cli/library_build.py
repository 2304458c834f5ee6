"""The body of `clausegen build` for a library (a folder with a clausegen.toml), and of `watch`.

Loads the project (command-line options win over the file), takes this
shard's share, builds or checks it in one pool of workers, shows progress,
writes the reports asked for, and gives the exit status: 0 all built (or,
with --check, all current), 1 a regime failed or (with --check) an output is
stale, missing or extra.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import render_all

if TYPE_CHECKING:
    from ..project.jobs import Overrides, Project, RegimeJob
    from ..project.results import RegimeResult
    from ..source import SourceFile


def library_folder(files: tuple[str, ...]) -> Path | None:
    """The library `build` was pointed at: no FILE inside a library folder, or one FILE that is a library folder."""
    from ..project.config import find_project

    if not files:
        return find_project(Path.cwd())
    if len(files) == 1 and Path(files[0]).is_dir():
        return find_project(Path(files[0]))
    return None


def adhoc_project(files: tuple[str, ...], overrides: Overrides) -> Project:
    """A project of the regime files named on the command line (for --check, -j and reports)."""
    import tempfile

    from ..project.jobs import Project, RegimeJob

    output = Path(overrides.get("output") or "build")
    reference = overrides.get("reference_docx")
    jobs = tuple(
        RegimeJob(
            path=Path(f),
            out_dir=output / Path(f).stem,
            kinds=overrides["kinds"],
            formats=overrides["formats"],
            clause_dirs=tuple(map(Path, overrides.get("clause_dirs") or ())),
            template_dirs=tuple(map(Path, overrides.get("template_dirs") or ())),
            reference_docx=Path(reference) if reference else None,
            font_dirs=tuple(map(Path, overrides.get("font_dirs") or ())),
            draft=bool(overrides.get("draft")),
            notified=overrides.get("notified"),
        )
        for f in sorted(files)
    )
    # No library, no cache to keep: every named regime is built (or checked) afresh.
    cache = Path(tempfile.mkdtemp(prefix="clausegen-cache-"))
    return Project(root=Path.cwd(), config_file=None, output=output, cache_dir=cache, jobs=jobs)


def run_library(
    project: Project,
    workers: int,
    force: bool,
    check: bool,
    show_diff: bool,
    shard: str | None,
    report: str | None,
    junit: str | None,
    mode: str,
    read_source: Callable[[str], SourceFile | None],
) -> int:
    """Build (or check) a project's regimes; print progress and diagnostics; write reports."""
    from ..project.engine import build_project
    from ..project.report import Progress, to_json, to_junit

    if shard:
        from ..project.jobs import parse_shard
        from ..project.jobs import shard as share

        index, count = parse_shard(shard)
        project = replace(project, jobs=share(project.jobs, index, count))
    if getattr(project, "warnings", ()):
        click.echo(render_all(list(project.warnings), {}), err=True)
    # Progress prints each regime's line and its diagnostics, as `check` prints them.
    with Progress(len(project.jobs), sys.stderr, mode, check=check) as progress:
        # A shard builds only its share: the others' outputs are not "removed".
        results = build_project(
            project,
            workers,
            force=force,
            check=check,
            on_result=progress.done,
            on_start=progress.start,
            prune=not shard,
        )
    if check and show_diff:
        _show_semantic_diffs(project, results)
    for path, text in (
        (report, to_json(results, check=check) if report else ""),
        (junit, to_junit(results, check=check) if junit else ""),
    ):
        if path:
            from ..outdir import replace_file

            replace_file(Path(path), text.encode("utf-8"))
    failed = any(r.status == "failed" for r in results)
    stale = check and any(r.status == "stale" for r in results)
    return 1 if failed or stale else 0


def _show_semantic_diffs(project: Project, results: list[RegimeResult]) -> None:
    """For each stale regime, what changed in it since its outputs were built (the text
    its cache record keeps), as `clausegen diff` says it."""
    from ..api import compile_source, read_source
    from ..changes import make_report, to_text
    from ..diagnostics import CompileError
    from ..project import cache
    from ..source import SourceFile

    records = cache.read_records(project.cache_dir)
    for r in results:
        if r.status != "stale":
            continue
        rel = cache.relative(r.path, project.root)
        rec = records.get(rel)
        if rec is None or not rec.source:
            click.echo(f"note: {rel}: no record of the text it was built from, so no semantic diff", err=True)
            continue
        try:
            old = compile_source(SourceFile(f"{rel} (as built)", rec.source))
            new = compile_source(read_source(str(r.path)))
        except (CompileError, OSError):
            continue  # a version that does not compile has its diagnostics already
        click.echo(to_text(make_report(old, new, with_documents=False)), nl=False, err=True)


def run_watch(
    project: Project,
    workers: int,
    read_source: Callable[[str], SourceFile | None],
    reload: Callable[[], Project] | None = None,
) -> int:
    """Build the library, then rebuild what each change touches, until Ctrl-C.

    Diagnostics print as `check` prints them. Watches the library folder (its
    regimes and clausegen.toml) and the organisation's clause and template
    folders, never the output or the cache; each batch of changes reloads
    the project (`reload()`, so a new regime is picked up) and rebuilds the
    regimes it touches (see watch.affected).
    """
    from ..project.engine import build_project
    from ..project.report import Progress
    from ..project.watch import affected, ignored_paths, require_watchfiles, watch, watched_paths

    require_watchfiles()  # before the first build: the message comes first

    def rebuild(current: Project, jobs: Sequence[RegimeJob]) -> None:
        with Progress(len(jobs), sys.stderr, "plain") as progress:
            build_project(
                replace(current, jobs=tuple(jobs)),
                workers,
                prune=False,
                on_result=progress.done,
                on_start=progress.start,
            )
        click.echo("watching for changes (Ctrl-C to stop)", err=True)

    rebuild(project, project.jobs)
    state = {"project": project}

    def on_change(changed: set[Path]) -> None:
        current = state["project"]
        if reload is not None:
            try:
                current = state["project"] = reload()
            except Exception as exc:
                diagnostics = getattr(exc, "diagnostics", None)
                click.echo(render_all(diagnostics, {}) if diagnostics else f"error: {exc}", err=True)
                return
        jobs = affected(current, changed)
        if jobs:
            rebuild(current, jobs)

    watch(watched_paths(project), on_change, ignore=ignored_paths(project))
    return 0
