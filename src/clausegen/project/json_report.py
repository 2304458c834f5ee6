"""The `--report FILE.json` of a library build, and its JSON Schema (docs/reports.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__
from .wording import all_diagnostics, is_check, shown_path

if TYPE_CHECKING:
    from .results import RegimeResult


SCHEMA_VERSION = 1


def _diagnostic_schema() -> dict[str, Any]:
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


JSON_SCHEMA: dict[str, Any] = {
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


def to_json(results: Sequence[RegimeResult], check: bool | None = None) -> str:
    """The `--report FILE.json` text: one entry per regime, in the order given (schema: JSON_SCHEMA).

    Only `seconds` differs between two runs with the same results. `check`
    says it was `build --check` (by default: when a result is current or
    stale; pass it, since a check where every regime failed has neither).
    """
    if check is None:
        check = is_check(results)
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
                "diagnostics": [d.to_json() for d in all_diagnostics(r)],
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
