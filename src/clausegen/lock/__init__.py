"""The clause-library lock: which clause and template files each document used, and their text's hash.

A lock sits beside its regime (acme-globex.regime -> acme-globex.regime.lock)
and records the clausegen version and, per document kind, every clause and
template file the document used, by library name (`builtin/schedule/x.md`,
`org:schedule/x.md`, `builtin/schedule.toml`) with the SHA-256 of its text.
`build --locked` compares the files a build uses with it, so that a new
clausegen or an edited organisation library never changes the wording of a
signed contract unnoticed; `lock --update` accepts new wording. The format
and the commands are described in docs/lock.md.

The hash is of the text as clausegen reads it (UTF-8 without a byte order
mark, line ends as "\\n"), so a checkout with Windows line ends locks the same.

The package in four modules, each with one job:

- `record`: what a lock records (Lock, Entry) and how the files a build
  used become its entries;
- `file`: the lock file's text, written (render, write) and read back with
  every problem reported (read, parse: CG130-CG134);
- `compare`: a lock against the files used now (library_changes, compare);
- `command`: the `clausegen lock` command on one regime (lock_regime).

The rest of clausegen imports from here.
"""

from __future__ import annotations

from .command import Outcome, OutcomeStatus, lock_regime
from .compare import ChangeKind, Comparison, LibraryChange, compare, library_changes
from .file import parse, read, render, write
from .record import (
    DATA_FILES,
    FILE_KINDS,
    FORMAT,
    Entry,
    FileKind,
    Lock,
    Used,
    entries,
    from_build,
    lock_path,
    sha256_of,
    used_files,
)

__all__ = [
    "DATA_FILES",
    "FILE_KINDS",
    "FORMAT",
    "ChangeKind",
    "Comparison",
    "Entry",
    "FileKind",
    "LibraryChange",
    "Lock",
    "Outcome",
    "OutcomeStatus",
    "Used",
    "compare",
    "entries",
    "from_build",
    "library_changes",
    "lock_path",
    "lock_regime",
    "parse",
    "read",
    "render",
    "sha256_of",
    "used_files",
    "write",
]
