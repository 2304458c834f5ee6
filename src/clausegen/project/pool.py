"""The pool of worker processes a library build hands its regimes to (or builds them here, one after another)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from .cache import KeyInputs
from .jobs import RegimeJob
from .worker import Reply, Task

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .incremental import BuildRun

#: A regime to build: its index in the project, its job, its task, and its key's inputs but the files used.
Pending = tuple[int, RegimeJob, Task, KeyInputs]

#: pool replies seen in the last build_project (test hook): (pid, libraries the worker had made, cpu seconds)
WORKER_STATS: list[tuple[int, int, float]] = []


def dispatch(run: BuildRun, pending: list[Pending], workers: int, on_start: Callable[[RegimeJob], None] | None) -> None:
    """Build the pending regimes: in a pool of `workers` processes, or here."""
    from .worker import build

    pool = None
    if workers > 1 and len(pending) > 1:
        from ..render import preload

        preload(sorted({fmt for _, _, task, _ in pending for fmt in task.formats}))
        pool = _pool(min(workers, len(pending)))
    if pool is None:
        for _index, job, task, inputs in pending:
            if on_start:
                on_start(job)
            run.finish(job, build(task), inputs)
        return
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    from ..render import WorkerFailure, _signals_held
    from .worker import build_aside

    queue = list(reversed(pending))
    running: dict[Future[Reply], Pending] = {}
    broken: list[Pending] = []
    try:
        while queue or running:
            while queue and len(running) < 2 * workers and not broken:
                item = queue.pop()
                if on_start:
                    on_start(item[1])
                with _signals_held():  # a submit may fork a worker
                    running[pool.submit(build_aside, item[2])] = item
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                try:
                    reply = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    broken.append(item)
                    continue
                except WorkerFailure as failure:
                    failure.reraise()
                WORKER_STATS.append((reply.pid, reply.libraries_made, reply.cpu))
                run.finish(item[1], reply, item[3])
            if broken and not running:
                break
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    # What a dead pool did not build is built here, one after another.
    for _index, job, task, inputs in sorted(broken + list(reversed(queue)), key=lambda item: item[0]):
        run.finish(job, build(task), inputs)


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """A process pool whose workers die with this process and leave Ctrl-C to it; None if none can be made."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..render import _can_fork

    # fork shares this process's imports; spawn where forking is unsafe (threads, Typst loaded)
    method = "fork" if _can_fork() else "spawn"
    try:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )
    except (OSError, ImportError, NotImplementedError, ValueError):
        return None  # no semaphores here (some sandboxes): build in this process


def _worker_start(parent: int) -> None:
    from ..render import _worker_start as start
    from . import worker

    start(parent)
    worker.forget_libraries()
    worker.LIBRARIES_MADE = 0


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers now (interrupted or failed): render.stop_pool, one rule for both."""
    from ..render import stop_pool as stop

    stop(pool)
