"""The command line: the one place where errors become messages and exit codes.

Exit codes: 0 clean, 1 errors in an input (or warnings with --strict),
2 usage or I/O problems, 3 an internal error in clausegen itself; 130
interrupted (Ctrl-C), 141 output pipe closed, 143 terminated (SIGTERM).

- program: the `clausegen` click group (`main`, the entry point) that every
  command module below adds its commands to;
- exits: exit codes, UsageProblem, and `guarded`, which turns every failure
  of a command into one message and one exit code;
- inputs: reading regime files, folders, dates and comma-separated choices;
- inspecting: check, dump, schema, clauses list;
- authoring: init, fmt, lsp;
- building: build of named files; library: build of a library, and watch,
  with library_build, their bodies (progress, reports, exit status);
- locking: lock (and build --locked); comparing: diff and redline, with
  diffing, the body of diff;
- timetable: timeline.

Every heavy import (the compiler, the writers, pygls) happens inside a
command, so `clausegen check` starts fast.
"""

from __future__ import annotations

# Each command module adds its commands to `main` as it is imported.
from . import authoring, building, comparing, inspecting, library, locking, timetable
from .exits import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_TERMINATED,
    EXIT_USAGE,
    Interrupted,
    Terminated,
    UsageProblem,
)
from .inputs import DOC_KINDS, OUTPUT_FORMATS
from .program import main

__all__ = [
    "DOC_KINDS",
    "EXIT_ERRORS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "OUTPUT_FORMATS",
    "Interrupted",
    "Terminated",
    "UsageProblem",
    "authoring",
    "building",
    "comparing",
    "inspecting",
    "library",
    "locking",
    "main",
    "timetable",
]
