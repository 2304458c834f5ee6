"""What a library build is made of: a Project of RegimeJobs, the defaults, and the options that travel with them.

RegimeJob and Project are what `load_project` (project.config) makes of a
clausegen.toml; Overrides is what the command line puts over the file;
WriterOptions (writers/options.py) is what every writer is given for one regime; `shard` cuts the
jobs into the stable, balanced shares a CI matrix builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypedDict

from ..diagnostics import Diagnostic
from ..writers import FORMATS

CONFIG_NAME = "clausegen.toml"
DEFAULT_REGIMES = ("**/*.regime",)
DEFAULT_OUTPUT = "build"
DEFAULT_LAYOUT = "{stem}"
DEFAULT_CACHE = ".clausegen-cache"
#: Every format, in the order the command line lists them.
ALL_FORMATS = tuple(FORMATS)


@dataclass(frozen=True)
class RegimeJob:
    """One regime of a library and how to build it."""

    path: Path  # the .regime file
    out_dir: Path  # the folder its documents go into, e.g. OUTPUT/<stem>/
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    clause_dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]
    reference_docx: Path | None
    font_dirs: tuple[Path, ...]
    draft: bool
    notified: date | None = None


@dataclass(frozen=True)
class Project:
    """A library: its folder, its clausegen.toml (None when it has none) and its jobs, sorted by path.

    `warnings` holds the file's warning-level diagnostics (a glob or a
    [regime."..."] table that matches no regime, CG145): the caller prints
    them; they never stop a build.
    """

    root: Path
    config_file: Path | None
    output: Path
    cache_dir: Path
    jobs: tuple[RegimeJob, ...]
    warnings: tuple[Diagnostic, ...] = ()


class Overrides(TypedDict, total=False):
    """Command-line options over a library's clausegen.toml, keyed as RegimeJob's fields (and "output").

    Paths are as given on the command line (relative to the current folder).
    """

    output: str | Path
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    clause_dirs: tuple[str | Path, ...]
    template_dirs: tuple[str | Path, ...]
    reference_docx: str | Path | None
    font_dirs: tuple[str | Path, ...]
    draft: bool
    notified: date | None


def shard(jobs: Iterable[RegimeJob], index: int, count: int) -> tuple[RegimeJob, ...]:
    """Share `index` (1-based) of `count`: every count-th job by path, starting at the index-th.

    The jobs are first sorted by their path (as a POSIX string), so the
    shares do not depend on the order the file system lists files in; dealing
    them round-robin makes the shares differ in size by at most one, and the
    `count` shares together hold every job exactly once. ValueError (a usage
    problem, exit 2) when index is not between 1 and count.
    """
    if isinstance(count, bool) or isinstance(index, bool) or not isinstance(count, int) or not isinstance(index, int):
        raise ValueError(f"--shard takes I/N, two whole numbers; got {index}/{count}")
    if count < 1:
        raise ValueError(f"--shard {index}/{count}: the number of shards N must be at least 1")
    if not 1 <= index <= count:
        raise ValueError(f"--shard {index}/{count}: the shard I must be between 1 and {count} (I/N counts from 1)")
    ordered = sorted(jobs, key=lambda job: Path(job.path).as_posix())
    return tuple(ordered[index - 1 :: count])


def parse_shard(text: str) -> tuple[int, int]:
    """`"2/4"` as (2, 4); ValueError with a clear message for anything else (for the CLI's --shard)."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise ValueError(f"--shard takes I/N, e.g. 1/4 for the first of four shards; got {text!r}")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1:
        raise ValueError(f"--shard {text}: the number of shards N must be at least 1")
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: the shard I must be between 1 and {count} (I/N counts from 1)")
    return index, count
