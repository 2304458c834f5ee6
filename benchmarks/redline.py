#!/usr/bin/env python3
"""Benchmark `clausegen redline` against a normal build of the new version.

Issue 10's target: a redline of all five documents in all formats takes
under 2x a normal build of the new version. Measured as separate processes,
interleaved, N runs each, wall time and CPU seconds (user + system of the
process and its children, so PDF workers count):

* ``clausegen redline OLD NEW -o TMP --format docx,html,pdf,md``
* ``clausegen build NEW -o TMP``                  (every kind x every format)
* ``clausegen build OLD NEW -o TMP``              (what a user did before: build
  both versions, then compare the files by eye or with Word's Compare)

Standard library only. Usage, from the repository root:

    python benchmarks/redline.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import find_clausegen, find_pandoc, find_typst_cli, machine_info

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "examples" / "renegotiation" / "acme-v1.regime"
NEW = ROOT / "examples" / "renegotiation" / "acme-v2.regime"
DEFAULT_JSON = ROOT / "benchmarks" / "redline-results.json"
TARGET = 2.0


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one command; fail loudly on an error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(
            f"benchmark command failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n{proc.stderr.decode(errors='replace')}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--old", type=Path, default=OLD)
    ap.add_argument("--new", type=Path, default=NEW)
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = ap.parse_args()
    cg = find_clausegen()
    benches = {
        "redline (5 kinds x docx, html, pdf, md)": lambda out: (
            cg + ["redline", str(args.old), str(args.new), "-o", out, "--format", "docx,html,pdf,md"]
        ),
        "build new version (5 kinds x 4 formats)": lambda out: cg + ["build", str(args.new), "-o", out],
        "build both versions (what a user did before)": lambda out: (
            cg + ["build", str(args.old), str(args.new), "-o", out]
        ),
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in benches}
    for cmd in benches.values():  # warm up (file cache, template cache)
        with tempfile.TemporaryDirectory() as tmp:
            timed(cmd(tmp))
    for _ in range(args.runs):
        for name, cmd in benches.items():
            with tempfile.TemporaryDirectory() as tmp:
                samples[name].append(timed(cmd(tmp)))
    results = {}
    for name, runs in samples.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        results[name] = {
            "wall_median_s": round(statistics.median(walls), 3),
            "wall_min_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3),
            "runs": [[round(w, 3), round(c, 3)] for w, c in runs],
        }
    names = list(benches)
    ratio_wall = results[names[0]]["wall_median_s"] / results[names[1]]["wall_median_s"]
    ratio_cpu = results[names[0]]["cpu_median_s"] / results[names[1]]["cpu_median_s"]
    print(f"{'benchmark':<48} {'wall median':>12} {'cpu median':>12}")
    for name, r in results.items():
        print(f"{name:<48} {r['wall_median_s']:>11.3f}s {r['cpu_median_s']:>11.3f}s")
    print(f"redline / build of the new version: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU (target < {TARGET}x)")
    payload = {
        "machine": machine_info(find_pandoc(), find_typst_cli()),
        "old": str(args.old.relative_to(ROOT)) if args.old.is_relative_to(ROOT) else str(args.old),
        "new": str(args.new.relative_to(ROOT)) if args.new.is_relative_to(ROOT) else str(args.new),
        "runs": args.runs,
        "results": results,
        "ratio_redline_to_build": {"wall": round(ratio_wall, 3), "cpu": round(ratio_cpu, 3), "target": TARGET},
    }
    args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.json}")
    return 0 if ratio_wall < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
