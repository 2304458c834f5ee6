"""`clausegen.toml`: a folder of regimes built as one library.

`load_project` reads the file (with tomllib) into a Project: one RegimeJob per
regime file the `regimes` globs match, each with its own output folder and
options (the file's settings, then its `[regime."<glob>"]` tables in the
order written, then the command line, which wins). Every problem in the file
is a Diagnostic at clausegen.toml:line:column (CG140-CG149, see
docs/diagnostics.md), all of them reported in one pass: project.settings
reports CG140-CG143 and CG148, project.layout CG144-CG147 and CG149. `shard` cuts the jobs
into the stable, balanced shares a CI matrix builds. docs/library.md is the
reference of the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from .jobs import CONFIG_NAME, Overrides, Project, RegimeJob, parse_shard, shard
from .layout import LibraryLoader
from .settings import _REGIME_KEYS


def find_project(start: Path) -> Path | None:
    """The folder holding clausegen.toml: `start` itself when it is such a folder, else None.

    Like black and ruff, a folder above `start` is not searched: a library is
    built from its own folder (`clausegen build` there, or `clausegen build DIR`).
    """
    start = Path(start)
    return start if start.is_dir() and (start / CONFIG_NAME).is_file() else None


def load_project(folder: Path, overrides: Overrides | None = None) -> Project:
    """The library in `folder`, with command-line `overrides` over its clausegen.toml.

    `overrides` may hold "output", "kinds", "formats", "clause_dirs",
    "template_dirs", "reference_docx", "font_dirs", "draft" and "notified";
    a key that is absent, None, an empty tuple or False was not given on the
    command line (no option can ask for "no folders" or "not a draft", so
    click's defaults for unused options can be passed as they are; but
    `--doc`/`--format` must give None, not every choice, when not used). They
    apply to every regime, over the file and its [regime."..."] tables, and
    their paths are taken as given (relative to the current folder), as
    every command-line path is. A folder without clausegen.toml is a library
    of every .regime file under it, with the defaults.

    A clausegen.toml that cannot be read raises OSError (exit 2 with its
    path); one with mistakes raises CompileError with every diagnostic.
    """
    root = Path(folder)
    given = cast(
        Overrides,
        {k: v for k, v in (overrides or {}).items() if v is not None and v is not False and v != () and v != []},
    )
    config_file = root / CONFIG_NAME
    if config_file.is_file():
        return LibraryLoader(root, config_file, config_file.read_bytes(), given).load()
    return LibraryLoader(root, None, b"", given).load()


__all__ = [
    "CONFIG_NAME",
    "_REGIME_KEYS",
    "Overrides",
    "Project",
    "RegimeJob",
    "find_project",
    "load_project",
    "parse_shard",
    "shard",
]
