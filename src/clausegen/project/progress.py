"""Progress of a library build for the person at the terminal: a one-line bar, or one line per regime."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from .wording import (
    MODES,
    all_diagnostics,
    display_path,
    problem_lines,
    rendered_diagnostics,
    result_line,
    summary_line,
)

if TYPE_CHECKING:
    from .jobs import RegimeJob
    from .results import RegimeResult


class Progress:
    """Progress of a library build, written to `stream` as it happens.

    Use as a context manager; call `start(job)` when a regime starts and
    `done(result)` when it ends (from the thread that runs the build):

        with Progress(len(jobs), sys.stderr, "auto") as progress:
            build_project(project, workers, on_start=progress.start, on_result=progress.done)

    Modes:
      * "auto": a bar when `stream` is a terminal, else as "plain";
      * "plain": one line per regime ('built a.regime (5 files, 0.41 s)',
        'unchanged b.regime (5 files, 0.00 s)', 'FAILED c.regime: 2 errors');
      * "verbose": as plain, plus each output file under its regime;
      * "quiet": only failed (and, with --check, stale) regimes and the
        summary; no times anywhere, so the text is the same on every run.
    The last line is the summary: '3 built, 1 unchanged, 1 failed in 2.4 s'.

    With `show_diagnostics` (the default) the diagnostics of a failed regime
    are printed under its line as `check` prints them, and its warnings too
    (not in quiet mode); the stale, missing and extra files of a --check
    result are always listed with what made them stale. `check` chooses the
    summary's words (current/stale/failed); by default they follow the
    results seen. `clock` is for tests.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO,
        mode: str = "auto",
        *,
        show_diagnostics: bool = True,
        check: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.total = total
        self.stream = stream
        self.mode = mode
        self.show_diagnostics = show_diagnostics
        self.check = check
        self.clock = clock
        self.results: list[RegimeResult] = []
        self.bar = mode == "auto" and _is_terminal(stream)
        self._running: list[Path] = []  # started and not done, oldest first
        self._lock = threading.Lock()  # the ticker thread redraws the bar too
        self._started = 0.0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._bar_shown = False

    # -- context manager

    def __enter__(self) -> Progress:
        self._started = self.clock()
        if self.bar:
            self._draw()
            # A slow regime (PDF) must not freeze the elapsed time shown.
            self._ticker = threading.Thread(target=self._tick, name="clausegen-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self._clear_bar()
            if exc_type is None:
                self._write(self.summary())
            self.stream.flush()

    # -- events

    def start(self, job: RegimeJob) -> None:
        """A regime has started building (the bar shows it as the current one)."""
        with self._lock:
            self._running.append(Path(job.path))
            if self.bar:
                self._draw()

    def done(self, result: RegimeResult) -> None:
        """A regime has finished: print its line (and diagnostics), move the bar on."""
        with self._lock:
            self.results.append(result)
            try:
                self._running.remove(Path(result.path))
            except ValueError:
                pass  # a result without a start (e.g. extra outputs of a removed regime)
            self._clear_bar()
            for line in self._lines_for(result):
                self._write(line)
            if self.bar:
                self._draw()
            self.stream.flush()

    def summary(self) -> str:
        """The closing line; timed except in quiet mode."""
        seconds = None if self.mode == "quiet" else self.clock() - self._started
        return summary_line(self.results, seconds, self.check)

    # -- what is printed

    def _lines_for(self, result: RegimeResult) -> list[str]:
        bad = result.status in ("failed", "stale")
        lines: list[str] = []
        if self.mode == "quiet":
            if bad:
                lines.append(result_line(result, timed=False))
        elif self.bar:
            # The bar shows progress; only what needs reading stays on screen.
            if bad or (self.show_diagnostics and result.warnings):
                lines.append(result_line(result))
        else:
            lines.append(result_line(result))
            if self.mode == "verbose":
                lines += [f"  {display_path(path)}" for path, _ in result.outputs]
        if result.status == "stale":
            lines += problem_lines(result)
        if self.show_diagnostics:
            diags = list(result.errors) if self.mode == "quiet" else all_diagnostics(result)
            if diags:
                lines += [rendered_diagnostics(diags), ""]
        return lines

    # -- the bar

    def _bar_text(self) -> str:
        done = len(self.results)
        elapsed = int(self.clock() - self._started)
        clock = f"{elapsed // 60}:{elapsed % 60:02d}"
        width = _columns(self.stream)
        count = f"{done}/{self.total}"
        cells = max(10, min(30, width // 4))
        filled = cells * done // self.total if self.total else cells
        bar = "[" + "#" * filled + "-" * (cells - filled) + "]"
        current = display_path(self._running[-1]) if self._running else ""
        room = width - len(bar) - len(count) - len(clock) - 4
        if len(current) > room:
            current = ("\u2026" + current[-(room - 1) :]) if room > 1 else ""
        return f"{bar} {count} {clock} {current}".rstrip()

    def _draw(self) -> None:
        self.stream.write("\r\x1b[K" + self._bar_text())
        self.stream.flush()
        self._bar_shown = True

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\x1b[K")
            self._bar_shown = False

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                if not self._stop.is_set():
                    self._draw()

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")


def _columns(stream: TextIO) -> int:
    """The width of the terminal `stream` writes to (stderr may be one while stdout is a pipe)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        columns = 0
    # A terminal that reports no size (some pseudo-terminals in CI): $COLUMNS, or 80.
    return columns if columns > 0 else shutil.get_terminal_size((80, 24)).columns


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
