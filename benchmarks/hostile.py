#!/usr/bin/env python3
"""Benchmark builds of regimes with a hostile 100,000-character party name.

Issue 8: the inline-markup parser was quadratic (a name of 32,000 `[` took
6.7 s to build the schedule; 100,000 ran past 5 minutes). This measures,
as whole processes, side by side with the same regime and its ordinary
name:

* ``clausegen build R --doc schedule --format md``  (the inline parser's case)
* ``clausegen build R``                             (every kind x every format)

for names of 100,000 characters made of `[`, `*`, `[[a`, `\\`, `|` and
`**a`. Wall and CPU seconds (the process and its workers), median of N
runs; results go to benchmarks/hostile-results.json with the machine.

    python benchmarks/hostile.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "acme-globex.regime"
NAME = '"Acme Retail Group plc"'
LENGTH = 100_000
PATTERNS = {"ordinary": None, "[": "[", "*": "*", "[[a": "[[a", "\\": "\\", "|": "|", "**a": "**a"}


def regime_with(pattern: str | None) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    if pattern is None:
        return text
    name = (pattern * (LENGTH // len(pattern) + 1))[:LENGTH]
    return text.replace(NAME, '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"', 1)


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one process and every process it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "hostile-results.json"))
    parser.add_argument("--no-full", action="store_true", help="only the schedule in Markdown")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "clausegen.cli"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, pattern in PATTERNS.items():
            path = Path(tmp) / "hostile.regime"
            path.write_text(regime_with(pattern), encoding="utf-8")
            legs = {"schedule md": ["--doc", "schedule", "--format", "md"]}
            if not args.no_full:
                legs["full build (20 files)"] = []
            for leg, extra in legs.items():
                samples = [
                    timed(exe + ["build", str(path), "-o", str(Path(tmp) / "out")] + extra) for _ in range(args.runs)
                ]
                row = {
                    "name": label,
                    "leg": leg,
                    "wall_median_s": round(statistics.median(s[0] for s in samples), 3),
                    "cpu_median_s": round(statistics.median(s[1] for s in samples), 3),
                }
                rows.append(row)
                print(
                    f"{label:>9}  {leg:<22} wall {row['wall_median_s']:7.3f} s   cpu {row['cpu_median_s']:7.3f} s",
                    flush=True,
                )
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "name_length": LENGTH,
        "runs": args.runs,
        "rows": rows,
    }
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
