"""Building a whole library of regimes: in parallel, incrementally, or checking.

build_project() builds every regime of a Project (see project.config) with
one pool of worker processes for the whole library. Each worker keeps its
clause library, with its compiled templates, for its whole life
(project.worker); per regime it compiles the source, assembles the documents
and runs every writer, and sends back the files' bytes. This process writes
each regime's folder at once (outdir.replace_folder) and its record in the
cache (project.cache). One broken regime does not stop the others: its
diagnostics come back in its result and the rest are built.

A regime whose key (a hash of everything its documents depend on: see
project.cache) is the one recorded, and whose outputs are on disk as they
were written, is not built again ("unchanged"). With check=True nothing is
written: regimes are built in memory (the unchanged ones skipped the same
way) and each file compared with the disk.

The work is shared out: project.incremental decides what is unchanged and
writes what was built; project.pool runs the workers; project.pruning removes
the outputs of regimes no longer in the library; project.results holds
RegimeResult. RegimeJob and Project come from project.jobs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .incremental import BuildRun
from .jobs import Project, RegimeJob
from .pool import WORKER_STATS, Pending, dispatch
from .results import RegimeResult

__all__ = ["WORKER_STATS", "RegimeResult", "build_project"]


def build_project(
    project: Project,
    workers: int,
    force: bool = False,
    check: bool = False,
    on_result: Callable[[RegimeResult], None] | None = None,
    on_start: Callable[[RegimeJob], None] | None = None,
    prune: bool = True,
) -> list[RegimeResult]:
    """Build (or with check=True, compare) every regime of `project`; results in job order.

    `workers` processes build the regimes (1: all in this process); `force`
    rebuilds regimes whose key has not changed. on_start(job) is called as a
    regime is handed to a worker (or found unchanged), on_result(result) as
    it is done. With `prune` (the default), the outputs of regimes the cache
    recorded but the project no longer has are removed (check mode: reported
    as extra files, in results after the jobs'); pass prune=False when
    building only a share of the library (--shard). Output problems raise
    outdir.OutputProblem; a source that cannot be read raises OSError.
    """
    from .worker import forget_libraries

    forget_libraries()  # files may have changed since an earlier build in this process
    WORKER_STATS.clear()
    run = BuildRun(project, check, on_result)
    pending: list[Pending] = []
    for index, job in enumerate(project.jobs):
        started = time.perf_counter()
        prepared = run.prepare(index, job, force)
        if isinstance(prepared, RegimeResult):  # unchanged, or a source too large to read
            if on_start:
                on_start(job)
            run.done(index, _timed(prepared, time.perf_counter() - started))
            continue
        task, inputs = prepared
        pending.append((index, job, task, inputs))
    dispatch(run, pending, workers, on_start)
    results = [run.results[i] for i in range(len(project.jobs))]
    if prune:
        results += run.prune()
    return results


def _timed(result: RegimeResult, seconds: float) -> RegimeResult:
    from dataclasses import replace

    return replace(result, seconds=seconds)
