#!/usr/bin/env python3
"""Benchmark `clausegen diff` against `clausegen check` and plain `diff -u`.

Two typical versions of a regime are made from an example (a time limit
changed, the mediation body changed, a concession added, the version line
changed), then each command runs as its own process, N times, interleaved
(run i does every command once before run i+1), so slow drift of the
machine hits every command alike:

* ``clausegen diff OLD NEW``                  (the default: with documents)
* ``clausegen diff --no-documents OLD NEW``   (model changes and the worst case only)
* ``clausegen diff OLD OLD``                  (identical versions)
* ``clausegen check OLD NEW``                 (what reading both versions costs)
* ``diff -u OLD NEW``                         (the alternative a user would pick)

For each, wall time (perf_counter around the process) and CPU time (user +
system of the process and the children it waited for, from os.wait4) are
recorded; the median and min are printed side by side and written, with
the machine's description and load average, to benchmarks/diff-results.json.

Standard library only. From the repository root, with the venv's Python:

    python benchmarks/diff.py --runs 15
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGIME = ROOT / "examples" / "acme-globex.regime"
DEFAULT_JSON = ROOT / "benchmarks" / "diff-results.json"
TARGET_SECONDS = 0.3

EDITS = (  # (old text, new text): a typical renegotiation
    ('version "2.0"', 'version "2.1"'),
    (
        "      representatives client.commercial_director, provider.commercial_lead\n      within 10 business_days",
        "      representatives client.commercial_director, provider.commercial_lead\n      within 15 business_days",
    ),
    ('body "CEDR"', 'body "IDRC"'),
    ('    renegotiable "Contact lists', '    renegotiable "Volume bands"\n    renegotiable "Contact lists'),
)


def timed(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "git_commit": commit,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--regime", type=Path, default=DEFAULT_REGIME)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args()

    text = args.regime.read_text(encoding="utf-8")
    new_text = text
    for old, new in EDITS:
        if old in new_text:
            new_text = new_text.replace(old, new, 1)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cli = [sys.executable, "-m", "clausegen.cli"]
    desc = machine()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "v1.regime", Path(tmp) / "v2.regime"
        a.write_text(text, encoding="utf-8")
        b.write_text(new_text, encoding="utf-8")
        benches = {
            "clausegen diff": cli + ["diff", str(a), str(b)],
            "clausegen diff --no-documents": cli + ["diff", "--no-documents", str(a), str(b)],
            "clausegen diff (identical)": cli + ["diff", str(a), str(a)],
            "clausegen check (both files)": cli + ["check", str(a), str(b)],
            "diff -u": [shutil.which("diff") or "diff", "-u", str(a), str(b)],
        }
        for _ in range(args.warmup):
            for cmd in benches.values():
                timed(cmd, env)
        samples: dict[str, list[tuple[float, float]]] = {k: [] for k in benches}
        codes: dict[str, int] = {}
        for _ in range(args.runs):
            for name, cmd in benches.items():
                wall, cpu, code = timed(cmd, env)
                samples[name].append((wall, cpu))
                codes[name] = code
    results = {}
    print(f"{'benchmark':32} {'wall median':>12} {'wall min':>9} {'CPU median':>11} {'CPU min':>8}  exit")
    for name, rows in samples.items():
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        results[name] = {
            "command": " ".join(Path(p).name if i == 0 else p for i, p in enumerate(benches[name])).replace(tmp, "TMP"),
            "exit_code": codes[name],
            "wall_median_s": round(statistics.median(walls), 4),
            "wall_min_s": round(min(walls), 4),
            "cpu_median_s": round(statistics.median(cpus), 4),
            "cpu_min_s": round(min(cpus), 4),
        }
        r = results[name]
        print(
            f"{name:32} {r['wall_median_s']:12.3f} {r['wall_min_s']:9.3f} {r['cpu_median_s']:11.3f} {r['cpu_min_s']:8.3f}  {codes[name]}"
        )
    desc["load_average_at_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    out = {
        "regime": str(args.regime.relative_to(ROOT)) if args.regime.is_relative_to(ROOT) else str(args.regime),
        "edits": [f"{o!r} -> {n!r}" for o, n in EDITS],
        "runs": args.runs,
        "warmup": args.warmup,
        "target_seconds": TARGET_SECONDS,
        "machine": desc,
        "results": results,
    }
    args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
