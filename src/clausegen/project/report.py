"""What a library build tells people and CI: progress lines, a JSON report, JUnit XML.

Three consumers, three forms of the same results (engine.RegimeResult):

* `Progress` is for the person at the terminal: a one-line bar while the
  library builds (regimes done / total, the regime being built, elapsed
  time), or one plain line per regime when the output is a log file, a CI
  console or `--quiet` / `--verbose` was given, then one summary line.
* `to_json` is the `--report FILE.json` file, schema in docs/reports.md
  (`JSON_SCHEMA` here is the same schema, and a test keeps them equal).
* `to_junit` is the `--junit FILE.xml` file that GitLab, GitHub (through a
  test-report action) and Jenkins show in their test panes.

The module only reads the results' field names, so it does not import the
engine (no import circle, and tests can pass stand-in results).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..diagnostics import Diagnostic, Severity, render, summary
from ..source import FileTooLarge, NotARegularFile, SourceFile, read_limited, visible

SCHEMA_VERSION = 1
MODES = ("auto", "plain", "quiet", "verbose")
BUILD_STATUSES = ("built", "unchanged", "failed")
CHECK_STATUSES = ("current", "stale", "failed")
_MAX_SOURCE = 2_000_000  # as the parser's limit: bigger files are not shown, only named


# --------------------------------------------------------------------------
# Shared wording


def shown_path(path: Path | str) -> str:
    """A path as the reports show it: relative to the current folder when under it, with `/`."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return p.as_posix()


def _display(path: Path | str) -> str:
    """A path for the terminal: a file name's control characters must not reach it as they are."""
    return visible(shown_path(path))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _is_check(results: Iterable[Any]) -> bool:
    return any(r.status in ("current", "stale") for r in results)


def summary_line(results: Sequence[Any], seconds: float | None = None, check: bool | None = None) -> str:
    """'3 built, 1 unchanged, 1 failed in 2.4 s' (or 'current, stale, failed' for --check).

    Without `seconds` the line has no time, so it is the same on every run.
    """
    if check is None:
        check = _is_check(results)
    words = CHECK_STATUSES if check else BUILD_STATUSES
    counts = dict.fromkeys(words, 0)
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    line = ", ".join(f"{counts[w]} {w}" for w in words)
    if counts.get("removed"):  # a regime gone from the library: its outputs went with it
        line += f", {counts['removed']} removed"
    if seconds is not None:
        line += f" in {seconds:.1f} s"
    return line


def result_line(result: Any, timed: bool = True) -> str:
    """One plain line for one regime: 'built a.regime (5 files, 0.41 s)', 'FAILED b.regime: 2 errors'."""
    name = _display(result.path)
    n_warn = len(result.warnings)
    warn = f", {_plural(n_warn, 'warning')}" if n_warn else ""
    secs = f", {result.seconds:.2f} s" if timed else ""
    status = result.status
    if status == "removed":
        return f"removed {name} (no longer in the library: {_plural(len(result.outputs), 'file')} deleted)"
    if status == "failed":
        return f"FAILED {name}: {_plural(len(result.errors), 'error')}{warn}"
    if status == "stale":
        kinds: dict[str, int] = {}
        for _, kind, _ in result.problems:
            kinds[kind] = kinds.get(kind, 0) + 1
        what = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "out of date"
        return f"STALE {name}: {what}"
    return f"{status} {name} ({_plural(len(result.outputs), 'file')}{secs}{warn})"


def problem_lines(result: Any) -> list[str]:
    """The stale, missing or extra files of a --check result, one indented line each, with why."""
    lines = []
    for path, kind, why in result.problems:
        lines.append(f"  {kind} {_display(path)}" + (f" ({visible(why)})" if why else ""))
    return lines


def _read_for_display(path: str) -> SourceFile | None:
    """A file diagnostics point into, to show its lines; None when it cannot be read."""
    try:
        data = read_limited(path, _MAX_SOURCE)
    except (OSError, FileTooLarge, NotARegularFile):
        return None
    return SourceFile(path, data.decode("utf-8", errors="replace"))


def rendered_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    """Diagnostics rendered as `clausegen check` prints them, with their source lines when readable.

    Without check's closing count: the regime's own line already says it.
    """
    sources: dict[str, SourceFile] = {}
    for d in diagnostics:
        if d.span.file not in sources:
            source = _read_for_display(d.span.file)
            if source is not None:
                sources[d.span.file] = source
    return "\n\n".join(render(d, sources.get(d.span.file)) for d in diagnostics)


def _all_diagnostics(result: Any) -> list[Diagnostic]:
    """Errors and warnings of a result in the order `check` prints them."""
    return sorted([*result.errors, *result.warnings], key=Diagnostic.sort_key)


# --------------------------------------------------------------------------
# Progress


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
        self.results: list[Any] = []
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

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            self._clear_bar()
            if exc_type is None:
                self._write(self.summary())
            self.stream.flush()

    # -- events

    def start(self, job: Any) -> None:
        """A regime has started building (the bar shows it as the current one)."""
        with self._lock:
            self._running.append(Path(job.path))
            if self.bar:
                self._draw()

    def done(self, result: Any) -> None:
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

    def _lines_for(self, result: Any) -> list[str]:
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
                lines += [f"  {_display(path)}" for path, _ in result.outputs]
        if result.status == "stale":
            lines += problem_lines(result)
        if self.show_diagnostics:
            diags = list(result.errors) if self.mode == "quiet" else _all_diagnostics(result)
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
        current = _display(self._running[-1]) if self._running else ""
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


# --------------------------------------------------------------------------
# JSON report


def _diagnostic_schema() -> dict:
    return {
        "type": "object",
        "required": ["file", "line", "column", "end_line", "end_column", "code", "severity", "message", "help"],
        "additionalProperties": False,
        "properties": {
            "file": {"type": "string"},
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "end_line": {"type": "integer", "minimum": 1},
            "end_column": {"type": "integer", "minimum": 1},
            "code": {"type": "string", "pattern": "^CG[0-9]{3}$"},
            "severity": {"enum": ["error", "warning"]},
            "message": {"type": "string"},
            "help": {"type": "string"},
        },
    }


JSON_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "clausegen build report",
    "type": "object",
    "required": ["schema_version", "clausegen_version", "mode", "summary", "regimes"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "clausegen_version": {"type": "string"},
        "mode": {"enum": ["build", "check"]},
        "summary": {
            "type": "object",
            "required": ["total", "built", "unchanged", "current", "stale", "failed", "removed"],
            "additionalProperties": False,
            "properties": {
                k: {"type": "integer", "minimum": 0}
                for k in ("total", "built", "unchanged", "current", "stale", "failed", "removed")
            },
        },
        "regimes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "status", "seconds", "outputs", "errors", "warnings", "diagnostics", "problems"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string"},
                    "status": {"enum": ["built", "unchanged", "failed", "current", "stale", "removed"]},
                    "seconds": {"type": "number", "minimum": 0},
                    "outputs": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["path", "sha256"],
                            "additionalProperties": False,
                            "properties": {
                                "path": {"type": "string"},
                                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                            },
                        },
                    },
                    "errors": {"type": "integer", "minimum": 0},
                    "warnings": {"type": "integer", "minimum": 0},
                    "diagnostics": {"type": "array", "items": _diagnostic_schema()},
                    "problems": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["path", "problem", "why"],
                            "additionalProperties": False,
                            "properties": {
                                "path": {"type": "string"},
                                "problem": {"enum": ["stale", "missing", "extra"]},
                                "why": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def to_json(results: Sequence[Any], check: bool | None = None) -> str:
    """The `--report FILE.json` text: one entry per regime, in the order given (schema: JSON_SCHEMA).

    Only `seconds` differs between two runs with the same results. `check`
    says it was `build --check` (by default: when a result is current or
    stale; pass it, since a check where every regime failed has neither).
    """
    if check is None:
        check = _is_check(results)
    counts = dict.fromkeys(("built", "unchanged", "current", "stale", "failed", "removed"), 0)
    for r in results:
        counts[r.status] += 1
    report = {
        "schema_version": SCHEMA_VERSION,
        "clausegen_version": __version__,
        "mode": "check" if check else "build",
        "summary": {"total": len(results), **counts},
        "regimes": [
            {
                "path": shown_path(r.path),
                "status": r.status,
                "seconds": round(max(0.0, r.seconds), 3),
                "outputs": [{"path": shown_path(p), "sha256": sha} for p, sha in r.outputs],
                "errors": len(r.errors),
                "warnings": len(r.warnings),
                "diagnostics": [d.to_json() for d in _all_diagnostics(r)],
                "problems": [{"path": shown_path(p), "problem": kind, "why": why} for p, kind, why in r.problems],
            }
            for r in results
        ],
    }
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (an undecodable file name): escape it, the file stays valid JSON
        text = json.dumps(report, indent=2, ensure_ascii=True) + "\n"
    return text


# --------------------------------------------------------------------------
# JUnit XML

# Characters XML 1.0 cannot hold at all, even escaped (most C0 controls, lone
# surrogates, U+FFFE/FFFF): a drafter's pasted control character must not
# make the whole report unreadable, so they are shown as visible symbols.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    def picture(m: re.Match) -> str:
        o = ord(m.group())
        return chr(0x2400 + o) if o < 0x20 else "\ufffd"

    return _NOT_XML.sub(picture, text)


def _failure_message(result: Any) -> str:
    if result.status == "stale":
        return result_line(result, timed=False)
    first = next((d for d in _all_diagnostics(result) if d.severity is Severity.ERROR), None)
    head = summary(len(result.errors), len(result.warnings))
    return f"{head}: {first.message}" if first else head


def to_junit(results: Sequence[Any], check: bool | None = None) -> str:
    """The `--junit FILE.xml` text: one <testcase> per regime in one <testsuite name="clausegen">.

    A failed regime (or, with --check, a stale one) has a <failure> whose
    message is its first error and whose text is every diagnostic as
    `check` renders it; warnings go to <system-out>. ElementTree escapes
    `<`, `&`, quotes and `]]>`; characters XML cannot hold are made visible.
    `check` as for to_json.
    """
    if check is None:
        check = _is_check(results)
    classname = "clausegen.check" if check else "clausegen.build"
    failures = sum(r.status in ("failed", "stale") for r in results)
    total_time = f"{sum(max(0.0, r.seconds) for r in results):.3f}"
    root = ET.Element(
        "testsuites",
        {"name": "clausegen", "tests": str(len(results)), "failures": str(failures), "errors": "0", "time": total_time},
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": "clausegen",
            "tests": str(len(results)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": total_time,
        },
    )
    for r in results:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": classname, "name": _xml_text(shown_path(r.path)), "time": f"{max(0.0, r.seconds):.3f}"},
        )
        if r.status in ("failed", "stale"):
            body = []
            if r.status == "stale":
                body += problem_lines(r)
            if r.errors:
                body.append(rendered_diagnostics(sorted(r.errors, key=Diagnostic.sort_key)))
            failure = ET.SubElement(case, "failure", {"message": _xml_text(_failure_message(r)), "type": r.status})
            failure.text = _xml_text("\n".join(body))
        out = [f"{shown_path(p)} sha256:{sha}" for p, sha in r.outputs]
        if r.warnings:
            out.append(rendered_diagnostics(sorted(r.warnings, key=Diagnostic.sort_key)))
        if out:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(out))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
