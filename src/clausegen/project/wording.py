"""The words a library build's reports share: paths as shown, result and summary lines, diagnostics.

Progress, the JSON report and JUnit XML all say the same thing the same way;
each reads only the results' field names (results.RegimeResult, or a stand-in
in tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, render
from ..source import FileTooLarge, NotARegularFile, SourceFile, read_limited, visible

if TYPE_CHECKING:
    from .results import RegimeResult


MODES = ("auto", "plain", "quiet", "verbose")
BUILD_STATUSES = ("built", "unchanged", "failed")
CHECK_STATUSES = ("current", "stale", "failed")
_MAX_SOURCE = 2_000_000  # as the parser's limit: bigger files are not shown, only named


def shown_path(path: Path | str) -> str:
    """A path as the reports show it: relative to the current folder when under it, with `/`."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return p.as_posix()


def display_path(path: Path | str) -> str:
    """A path for the terminal: a file name's control characters must not reach it as they are."""
    return visible(shown_path(path))


def plural(n: int, word: str) -> str:
    """'1 regime', '2 regimes'."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def is_check(results: Iterable[RegimeResult]) -> bool:
    """Whether the results are of --check (current, stale) rather than of a build."""
    return any(r.status in ("current", "stale") for r in results)


def summary_line(results: Sequence[RegimeResult], seconds: float | None = None, check: bool | None = None) -> str:
    """'3 built, 1 unchanged, 1 failed in 2.4 s' (or 'current, stale, failed' for --check).

    Without `seconds` the line has no time, so it is the same on every run.
    """
    if check is None:
        check = is_check(results)
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


def result_line(result: RegimeResult, timed: bool = True) -> str:
    """One plain line for one regime: 'built a.regime (5 files, 0.41 s)', 'FAILED b.regime: 2 errors'."""
    name = display_path(result.path)
    n_warn = len(result.warnings)
    warn = f", {plural(n_warn, 'warning')}" if n_warn else ""
    secs = f", {result.seconds:.2f} s" if timed else ""
    status = result.status
    if status == "removed":
        return f"removed {name} (no longer in the library: {plural(len(result.outputs), 'file')} deleted)"
    if status == "failed":
        return f"FAILED {name}: {plural(len(result.errors), 'error')}{warn}"
    if status == "stale":
        kinds: dict[str, int] = {}
        for _, kind, _ in result.problems:
            kinds[kind] = kinds.get(kind, 0) + 1
        what = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "out of date"
        return f"STALE {name}: {what}"
    return f"{status} {name} ({plural(len(result.outputs), 'file')}{secs}{warn})"


def problem_lines(result: RegimeResult) -> list[str]:
    """The stale, missing or extra files of a --check result, one indented line each, with why."""
    lines = []
    for path, kind, why in result.problems:
        lines.append(f"  {kind} {display_path(path)}" + (f" ({visible(why)})" if why else ""))
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


def all_diagnostics(result: RegimeResult) -> list[Diagnostic]:
    """Errors and warnings of a result in the order `check` prints them."""
    return sorted([*result.errors, *result.warnings], key=Diagnostic.sort_key)
