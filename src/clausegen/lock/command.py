"""The `clausegen lock` command on one regime: write its lock, leave it, or update it (docs/lock.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..diagnostics import CompileError
from .compare import compare
from .file import read, write
from .record import Lock, lock_path, used_files

if TYPE_CHECKING:
    from ..model import Regime

#: what `clausegen lock` did with a lock (see Outcome)
OutcomeStatus = Literal["written", "up to date", "updated", "kept"]


@dataclass(frozen=True)
class Outcome:
    """What `clausegen lock` did with one regime's lock.

    status: "written" (there was none), "up to date" (left as it is),
    "updated" (--update rewrote it) or "kept" (it differs and --update was
    not given: nothing written). lines: the differences, as Comparison.lines.
    """

    path: Path
    status: OutcomeStatus
    lines: list[str]


def lock_regime(
    regime_path: str | Path,
    regime: Regime,
    clause_dirs: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    update: bool,
    version: str,
) -> Outcome:
    """Write, keep or update the lock of one checked regime (see docs/lock.md).

    Raises CompileError for problems of the clause library (as build does)
    and, without `update`, for a malformed lock (with it, the lock is written
    afresh); OSError for a lock that cannot be read or written.
    """
    where = lock_path(regime_path)
    used = used_files(regime, clause_dirs, template_dirs)
    new = Lock(version, used)
    old = None
    if where.exists():
        try:
            old = read(where)
        except CompileError:
            if not update:
                raise
    if old is None:
        write(where, new, Path(regime_path).name)
        return Outcome(where, "written", [])
    result = compare(old, used, version)
    if result.clean:
        return Outcome(where, "up to date", [])
    if not update:
        return Outcome(where, "kept", result.lines())
    write(where, new, Path(regime_path).name)
    return Outcome(where, "updated", result.lines())
