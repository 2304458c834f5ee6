"""Rendering documents to bytes (the slow writers in worker processes) and writing files."""

from __future__ import annotations

from pathlib import Path


class Renderer:
    """Renders documents to every format, the slow ones in worker processes.

    Compiling PDFs (Typst) is the slowest writer and holds the GIL, so each
    PDF is handed to a worker process as soon as its document is assembled,
    while this process goes on assembling and writing the other formats.
    Where processes cannot be forked, everything runs here, in order.
    """

    ASIDE = ("pdf", "docx")

    def __init__(self, formats: tuple[str, ...], options: dict):
        import multiprocessing

        self.formats, self.options = formats, options
        self.pending: list[tuple[str, object]] = []
        self.futures: dict = {}
        self.pool = None
        if any(f in self.ASIDE for f in formats) and _can_fork():
            from concurrent.futures import ProcessPoolExecutor

            try:
                self.pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"))
            except (OSError, ImportError, NotImplementedError):
                self.pool = None  # no semaphores here (some sandboxes): render in this process

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def start(self, kind: str, document) -> None:
        self.pending.append((kind, document))
        if self.pool is not None:
            for fmt in self.ASIDE:  # slowest first, so the workers stay busy
                if fmt in self.formats:
                    self.futures[kind, fmt] = self.pool.submit(_render, fmt, document, self.options)

    def finish(self) -> dict[tuple[str, str], bytes]:
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
        return out


def _render(fmt: str, document, options: dict) -> bytes:
    from .writers import writer

    return writer(fmt)(document, options)


def _can_fork() -> bool:
    """Whether worker processes may be forked from this one safely.

    Forking copies only the calling thread. Typst keeps a pool of native
    threads once it has compiled anything, and a forked child that then
    compiles waits for threads it does not have; other Python threads may
    hold locks the child inherits. So fork only a process with one thread
    that has not loaded Typst (the CLI's case); otherwise render here.
    """
    import multiprocessing
    import sys
    import threading

    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "typst" not in sys.modules
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that it appears whole or not at all; leave an unchanged file alone."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return  # unchanged: keep the file (and its timestamp) as it is
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
