"""Rendering documents to bytes, the slow writers in worker processes."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .docmodel import Document
    from .writers.options import WriterOptions


class WorkerFailure(Exception):
    """A writer's error in a worker process, carried back as text.

    The original exception may not survive pickling (lxml's errors hold
    their C error log), which used to lose the cause; its kind, message and
    traceback always do.
    """

    def __init__(self, kind: str, message: str, details: str = "") -> None:
        super().__init__(kind, message, details)
        self.kind, self.message, self.details = kind, message, details

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"

    def reraise(self) -> NoReturn:
        """The same kind of exception in this process (a builtin one), else this one."""
        import builtins

        cls = getattr(builtins, self.kind, None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                exc = cls(self.message)
            except Exception:
                raise self from None
            raise exc from self
        raise self


class Renderer:
    """Renders documents to every format, the slow ones in worker processes.

    Compiling PDFs (Typst) is the slowest writer and holds the GIL, so each
    PDF is handed to a worker process as soon as its document is assembled,
    while this process goes on assembling and writing the other formats.
    Where processes cannot be forked, everything runs here, in order.
    Workers die with this process, however it ends (see _worker_start).
    """

    ASIDE = ("pdf", "docx")

    def __init__(self, formats: tuple[str, ...], options: WriterOptions) -> None:
        import multiprocessing

        self.formats, self.options = formats, options
        self.pending: list[tuple[str, Document]] = []
        self.futures: dict[tuple[str, str], Future[bytes]] = {}
        self.pool: ProcessPoolExecutor | None = None
        if any(f in self.ASIDE for f in formats) and _can_fork():
            from concurrent.futures import ProcessPoolExecutor

            preload(formats)

            try:
                self.pool = ProcessPoolExecutor(
                    max_workers=2,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_worker_start,
                    initargs=(os.getpid(),),
                )
            except (OSError, ImportError, NotImplementedError):
                self.pool = None  # no semaphores here (some sandboxes): render in this process

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self.pool is None:
            return
        if exc_type is not None:
            self._stop_now()
            return
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _stop_now(self) -> None:
        if self.pool is not None:
            stop_pool(self.pool)

    def start(self, kind: str, document: Document) -> None:
        """Take a document as soon as it is assembled: its slow formats start in a worker now."""
        self.pending.append((kind, document))
        if self.pool is not None:
            with _signals_held():  # the first submit forks the workers
                for fmt in self.ASIDE:  # slowest first, so the workers stay busy
                    if fmt in self.formats:
                        self.futures[kind, fmt] = self.pool.submit(_render_aside, fmt, document, self.options)

    def finish(self) -> dict[tuple[str, str], bytes]:
        """Every document in every format, by (kind, format): the rest written here, then the workers' waited for."""
        out = {}
        for kind, document in self.pending:
            for fmt in self.formats:
                if (kind, fmt) not in self.futures:
                    out[kind, fmt] = _render(fmt, document, self.options)
        from concurrent.futures.process import BrokenProcessPool

        documents = dict(self.pending)
        for (kind, fmt), future in self.futures.items():
            try:
                out[kind, fmt] = future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): do it here
                out[kind, fmt] = _render(fmt, documents[kind], self.options)
            except WorkerFailure as failure:
                failure.reraise()
        return out


def preload(formats: Iterable[str]) -> None:
    """Import the writers of these formats here, before workers are forked.

    Each forked worker then shares this process's imports instead of making
    its own (python-docx alone is ~70 ms of CPU per process). The PDF
    writer's module is imported but not Typst, which it loads only when it
    compiles: a process that has loaded Typst must not fork (_can_fork).
    """
    from .writers import writer

    for fmt in formats:
        writer(fmt)


def _render(fmt: str, document: Document, options: WriterOptions) -> bytes:
    from .writers import writer

    return writer(fmt)(document, options)


def _render_aside(fmt: str, document: Document, options: WriterOptions) -> bytes:
    """_render in a worker: any error comes back as a WorkerFailure that pickles."""
    import pickle
    import traceback

    try:
        return _render(fmt, document, options)
    except Exception as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            pass
        else:
            if type(exc).__module__.startswith("clausegen") or isinstance(exc, OSError):
                raise  # our own errors (CompileError) and file errors (path, errno) travel as they are
        raise WorkerFailure(type(exc).__name__, str(exc), traceback.format_exc()) from None


def _worker_start(parent: int) -> None:
    """Initialise a worker: die with the parent, leave Ctrl-C to the parent.

    A parent killed with SIGKILL cannot stop its workers, so each worker
    asks the kernel to kill it when the parent goes (Linux PR_SET_PDEATHSIG)
    and then checks the parent did not go before that request. Elsewhere a
    thread watches the parent and ends the worker when it is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just end
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent while forking
    if not _kill_me_with_parent():
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before we asked: go now
        os._exit(1)


_HELD = {signal.SIGINT, signal.SIGTERM}


class _signals_held:
    """Hold Ctrl-C and SIGTERM while workers are forked; they arrive right after.

    A KeyboardInterrupt raised inside fork's bookkeeping (Python's after-fork
    hooks) is swallowed as "Exception ignored", and the build would go on.
    """

    def __enter__(self) -> None:
        self.old: set[int | signal.Signals] | None
        self.old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if hasattr(signal, "pthread_sigmask") else None

    def __exit__(self, *exc: object) -> None:
        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)


def _kill_me_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _can_fork() -> bool:
    """Whether worker processes may be forked from this one safely.

    Forking copies only the calling thread. Typst keeps a pool of native
    threads once it has compiled anything, and a forked child that then
    compiles waits for threads it does not have; other Python threads may
    hold locks the child inherits. So fork only a process with one thread
    that has not loaded Typst (the CLI's case); otherwise render here.
    """
    import multiprocessing
    import threading

    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "typst" not in sys.modules
    )


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a process pool's workers now (interrupted or failed), rather than wait for them.

    Uses the executor's own tables (_processes, _result_queue). A worker
    killed while sending a result leaves the pool's manager thread
    waiting for the rest of that message, and shutdown() would wait for
    it forever; once every worker is gone, closing this process's copy
    of the result pipe's write end turns that wait into end-of-file.
    Used by Renderer and by the library build (clausegen.project.engine).
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.kill()
        except (OSError, AttributeError, ValueError):
            pass
    for process in processes:
        try:
            process.join(timeout=5)
        except (OSError, AttributeError, ValueError, AssertionError):
            pass
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    try:
        if writer is not None:
            writer.close()
        pool.shutdown(wait=True, cancel_futures=True)
    except Exception:
        pass
