"""RegimeResult: what happened to one regime of a library build (built, unchanged, failed, stale...)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class RegimeResult:
    """What happened to one regime.

    status: "built", "unchanged" or "failed" in a build; "current", "stale"
    or "failed" with check=True; "removed" for a regime no longer in the
    project whose outputs a build removed. outputs: (file, sha256) of every
    file the regime has now (check mode: would have). problems (check mode):
    (file, "stale" | "missing" | "extra", why), why naming the input that
    made it so.
    """

    path: Path
    status: str
    outputs: tuple[tuple[Path, str], ...]
    seconds: float
    warnings: tuple[Diagnostic, ...]
    errors: tuple[Diagnostic, ...]
    problems: tuple[tuple[Path, str, str], ...] = ()
