"""`clausegen lock`, and the locks `build --locked` holds each regime's documents to."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..diagnostics import CompileError, Diagnostic, render_all
from ..source import SourceFile
from .exits import EXIT_ERRORS, EXIT_OK, UsageProblem, guarded
from .inputs import clauses_option, read_regime, require_folders, sources_of, templates_option
from .program import main

if TYPE_CHECKING:
    from ..api import Built
    from ..lock import Lock


def locks_of(files: tuple[str, ...]) -> dict[str, Lock | CompileError]:
    """Each regime's lock for `build --locked`: a missing or unreadable lock is a
    usage problem (exit 2, before anything is built); a malformed one is kept as
    its CompileError, reported with the regime's other problems."""
    from ..lock import lock_path, read

    locks: dict[str, Lock | CompileError] = {}
    for path in files:
        where = lock_path(path)
        if not where.is_file():
            raise UsageProblem(
                f"no lock file {where}: make it with `clausegen lock {path}`"
                if not where.exists()
                else f"{where} is not a file"
            )
        try:
            locks[path] = read(where)
        except OSError as exc:
            raise UsageProblem(f"cannot read {where}: {exc.strerror or exc}") from None
        except CompileError as exc:
            locks[path] = exc
    return locks


def lock_holds(path: str, lock: Lock, built: Built, kinds: tuple[str, ...]) -> bool:
    """Whether a build used exactly what the regime's lock records; says what differs when not."""
    from ..lock import compare, from_build, lock_path

    result = compare(lock, from_build(built.used), __version__, tuple(kinds))
    if result.clean:
        return True
    click.echo(
        f"error: {path}: the clause library differs from its lock {lock_path(path)}; nothing was written", err=True
    )
    for line in result.lines():
        click.echo(f"  {line}", err=True)
    click.echo(f"  = help: if the new wording is intended, run `clausegen lock --update {path}`", err=True)
    return False


@main.command("lock")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--update", is_flag=True, help="Accept the wording used now: rewrite a lock that differs, and say what changed."
)
@clauses_option("An organisation clause library over the built-in one (repeatable), as for build.")
@templates_option("An organisation's templates folder (repeatable), as for build.")
@guarded
def lock(files: tuple[str, ...], update: bool, clause_dirs: tuple[str, ...], template_dirs: tuple[str, ...]) -> int:
    """Record, beside each regime FILE (as FILE.lock), the clausegen version and the hash
    of every clause and template file its documents use; `build --locked` then fails when
    any of them changes. An existing lock that differs is kept, and the differences
    listed (exit 1), unless --update is given; an equal one is left as it is.

    Exit codes: 0 every lock written, updated or up to date; 1 a lock differs
    (and was kept), is malformed, or a regime or the library has errors; 2 a
    file or folder that cannot be read or written. See docs/lock.md."""
    from .. import lock as locks
    from ..api import compile_source

    require_folders(clause_dirs + template_dirs)
    all_diags: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    failed = False
    for path in files:
        try:
            source = read_regime(path)
            sources[source.name] = source
            regime = compile_source(source).regime
            done = locks.lock_regime(
                path, regime, tuple(map(Path, clause_dirs)), tuple(map(Path, template_dirs)), update, __version__
            )
        except CompileError as exc:
            all_diags += exc.diagnostics
            failed = True
            continue
        if done.status == "kept":
            click.echo(f"error: {done.path} differs from the wording used now, so it is kept:", err=True)
            failed = True
        else:
            click.echo(f"{done.path}: {done.status}", err=True)
        for line in done.lines:
            click.echo(f"  {line}", err=True)
        if done.status == "kept":
            click.echo(f"  = help: if the new wording is intended, run `clausegen lock --update {path}`", err=True)
    if all_diags:
        click.echo(render_all(all_diags, sources_of(all_diags, sources)), err=True)
    return EXIT_ERRORS if failed else EXIT_OK
