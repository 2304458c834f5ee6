"""`clausegen watch`: wait for files to change, say which, and which regimes that affects.

The waiting is done by the `watchfiles` library (inotify, FSEvents and
ReadDirectoryChangesW through the Rust `notify` crate), not by polling code
of our own. It is an optional extra: `pip install 'clausegen[watch]'`.

`affected` is deliberately simple (docs/reports.md, "Watch"): a changed
regime file rebuilds that regime; a changed file under a job's clause or
template folders, its reference DOCX or its fonts rebuilds the jobs that use
it; a changed clausegen.toml rebuilds every job. The incremental build then
skips every regime whose inputs did not really change, so being generous
here costs little. New and removed regimes are not jobs of the project the
caller already has: the caller reloads the project on every batch of
changes (cheap: a glob) and passes the new one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .jobs import Project, RegimeJob

INSTALL_HINT = "clausegen watch needs the watch extra: pip install 'clausegen[watch]'"


class WatchUnavailable(RuntimeError):
    """The `watchfiles` library is not installed; the message says how to install it."""


def require_watchfiles() -> ModuleType:
    """The `watchfiles` module, or WatchUnavailable with the install command.

    The CLI calls this before the first build, so a missing extra is said at
    once (exit 2), not after building the whole library.
    """
    try:
        import watchfiles
    except ImportError:
        raise WatchUnavailable(INSTALL_HINT) from None
    return watchfiles


def watch(
    paths_to_watch: Iterable[Path],
    on_change: Callable[[set[Path]], None],
    stop_event: threading.Event | None = None,
    *,
    ignore: Iterable[Path] = (),
    debounce_ms: int = 1600,
    step_ms: int = 100,
) -> None:
    """Call `on_change(paths)` with each batch of changed files until `stop_event` is set (or Ctrl-C).

    Changes are debounced: a batch is handed over once nothing has changed
    for `step_ms`, or at the latest `debounce_ms` after its first change, so
    an editor's save (write a temporary file, rename it) is one batch. Paths
    are absolute. Files under `ignore` (the output folder, the cache) and
    the usual noise (.git, editor swap and backup files, __pycache__) never
    reach `on_change`. Changes made while `on_change` runs are kept and come
    in the next batch. Raises WatchUnavailable without the watch extra.

    Ctrl-C ends it with KeyboardInterrupt, whatever the SIGINT handler
    raises: watchfiles checks for signals while it waits and turns any
    exception from a handler into KeyboardInterrupt.
    """
    watchfiles = require_watchfiles()
    roots = [str(Path(p)) for p in paths_to_watch]
    if not roots:
        raise ValueError("nothing to watch")
    ignored = [Path(p).resolve() for p in ignore]
    noise = watchfiles.DefaultFilter()

    def wanted(change: Any, path: str) -> bool:
        if not noise(change, path):
            return False
        resolved = Path(path).resolve()
        return not any(resolved == i or i in resolved.parents for i in ignored)

    for changes in watchfiles.watch(
        *roots,
        watch_filter=wanted,
        debounce=debounce_ms,
        step=step_ms,
        stop_event=stop_event,
        yield_on_timeout=False,
    ):
        paths = {Path(path).absolute() for _, path in changes}
        if paths:
            on_change(paths)


def watched_paths(project: Project) -> tuple[Path, ...]:
    """What `clausegen watch` watches for `project`: its root, and every input folder or file outside it."""
    root = Path(project.root).resolve()
    found: list[Path] = [root]
    for job in project.jobs:
        for p in (
            job.path,
            *job.clause_dirs,
            *job.template_dirs,
            *(() if job.reference_docx is None else (job.reference_docx,)),
            *job.font_dirs,
        ):
            p = Path(p).resolve()
            if not any(p == f or f in p.parents for f in found):
                found.append(p)
    return tuple(found)


def ignored_paths(project: Project) -> tuple[Path, ...]:
    """Folders whose changes are clausegen's own doing: the output folder and the cache."""
    return (Path(project.output), Path(project.cache_dir))


def affected(project: Project, changed_paths: Iterable[Path]) -> tuple[RegimeJob, ...]:
    """The jobs of `project` to rebuild after `changed_paths` changed, in job order.

    A job is affected when its regime file changed, or a file under one of
    its clause or template folders, its reference DOCX or a file under its
    font folders changed. Every job is affected when clausegen.toml changed.
    Anything else (output files, a README, an unrelated file) affects none.
    """
    changed = {Path(p).resolve() for p in changed_paths}
    if not changed:
        return ()
    config = Path(project.config_file).resolve() if project.config_file is not None else None
    if config is not None and config in changed:
        return tuple(project.jobs)

    def touched(inputs: Iterable[Path], folders: Iterable[Path]) -> bool:
        files = {Path(p).resolve() for p in inputs}
        dirs = [Path(d).resolve() for d in folders]
        return any(c in files or any(d == c or d in c.parents for d in dirs) for c in changed)

    out = []
    for job in project.jobs:
        inputs = [job.path] + ([job.reference_docx] if job.reference_docx is not None else [])
        folders = [*job.clause_dirs, *job.template_dirs, *job.font_dirs]
        if touched(inputs, folders):
            out.append(job)
    return tuple(out)
