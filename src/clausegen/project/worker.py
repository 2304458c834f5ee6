"""Building one regime in memory, in a worker process or in this one.

A worker keeps one documents.library.Library per pair of (clause folders,
template folders) for its whole life, so the clause library is read and its
templates compiled once per worker, not once per regime. Everything a task
needs travels as plain data (Task), so tasks pickle whatever start method the
pool uses.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..documents.library import Library
    from ..lock import Used
    from ..writers import WriterOptions

#: Library objects this process has made (a test hook: once per worker per library).
LIBRARIES_MADE = 0
_LIBRARIES: dict[tuple[tuple[Path, ...], tuple[Path, ...]], Library] = {}


@dataclass(frozen=True)
class Task:
    """What a worker needs to build one regime: the source's bytes (read by the
    parent, so the build is of the very bytes the cache key was computed over)."""

    index: int
    name: str  # the file name diagnostics show
    data: bytes
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    clause_dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]
    notified: date | None
    options: WriterOptions  # as `clausegen build` gives them


@dataclass(frozen=True)
class Reply:
    """A worker's answer: files (name -> bytes) or errors, and what the build used."""

    index: int
    files: dict[str, bytes]  # file name in the regime's folder -> bytes
    used: Used  # lock.from_build(...) of the assembly: kind -> name -> Entry
    warnings: tuple[Diagnostic, ...]
    errors: tuple[Diagnostic, ...]
    seconds: float
    cpu: float
    pid: int
    libraries_made: int


def forget_libraries() -> None:
    """Drop the libraries this process holds (a new build in this process reads the files afresh)."""
    _LIBRARIES.clear()


def library_for(clause_dirs: tuple[Path, ...], template_dirs: tuple[Path, ...]) -> Library:
    """This process's Library for these folders, made on first use."""
    global LIBRARIES_MADE
    key = (tuple(clause_dirs), tuple(template_dirs))
    if key not in _LIBRARIES:
        from ..documents.library import Library

        _LIBRARIES[key] = Library(*key)
        LIBRARIES_MADE += 1
    return _LIBRARIES[key]


def build(task: Task) -> Reply:
    """Compile, assemble and render one regime; user-input problems come back as errors."""
    from ..api import assemble_documents, compile_source, decode_source
    from ..diagnostics import CompileError
    from ..lock import from_build
    from ..writers import writer

    wall, cpu = time.perf_counter(), time.process_time()
    files: dict[str, bytes] = {}
    used: Used = {}
    warnings: tuple[Diagnostic, ...] = ()
    errors: tuple[Diagnostic, ...] = ()
    try:
        compiled = compile_source(decode_source(task.name, task.data))
        warnings = tuple(compiled.warnings)
        library = library_for(task.clause_dirs, task.template_dirs)
        assembled = assemble_documents(compiled.regime, task.kinds, library, task.notified)
        warnings += tuple(assembled.warnings)
        for kind, document in assembled.documents.items():
            for fmt in task.formats:
                files[f"{kind}.{fmt}"] = writer(fmt)(document, task.options)
        used = from_build(assembled.used)
    except CompileError as exc:
        files, used, errors = {}, {}, tuple(exc.diagnostics)
    return Reply(
        task.index,
        files,
        used,
        warnings,
        errors,
        time.perf_counter() - wall,
        time.process_time() - cpu,
        os.getpid(),
        LIBRARIES_MADE,
    )


def build_aside(task: Task) -> Reply:
    """build() in a pool worker: an unexpected error comes back as text that pickles."""
    from ..render import WorkerFailure

    try:
        return build(task)
    except Exception as exc:
        import traceback

        if isinstance(exc, OSError):
            raise
        raise WorkerFailure(type(exc).__name__, str(exc), traceback.format_exc()) from None
