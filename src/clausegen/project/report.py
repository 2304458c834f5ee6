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

Each lives in its own module (progress, json_report, junit_report; the
wording they share in wording); this module is where the rest of clausegen
imports them from. They only read the results' field names, so they do not
import the engine (no import circle, and tests can pass stand-in results).
"""

from __future__ import annotations

from .json_report import JSON_SCHEMA, SCHEMA_VERSION, to_json
from .junit_report import to_junit
from .progress import Progress
from .wording import (
    BUILD_STATUSES,
    CHECK_STATUSES,
    MODES,
    problem_lines,
    rendered_diagnostics,
    result_line,
    shown_path,
    summary_line,
)

__all__ = [
    "BUILD_STATUSES",
    "CHECK_STATUSES",
    "JSON_SCHEMA",
    "MODES",
    "SCHEMA_VERSION",
    "Progress",
    "problem_lines",
    "rendered_diagnostics",
    "result_line",
    "shown_path",
    "summary_line",
    "to_json",
    "to_junit",
]
