#!/usr/bin/env python3
"""Benchmark the language server's re-check of a ~200-line regime, in-process.

While a drafter types, the server re-checks the whole text after each pause
(clausegen.lsp.analysis.analyse: parse, build, every check, the symbol
index: the same work as `clausegen check`, without starting a process).
This times that re-check on the examples of about 200 lines, as typed
(each run checks a slightly different text, so no cache can answer), for
a clean text and for one with a misspelt keyword (the error path).
Target: the median at most 100 ms (issue 13).

Also timed: how long after a `didOpen` the diagnostics arrive over stdio
from a real `clausegen lsp` process (no debounce on open).

Results, with the machine's description, go to benchmarks/lsp-results.json.
From the repository root, with the venv's Python:

    PYTHONPATH=src python benchmarks/lsp.py --runs 30
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from clausegen.lsp.analysis import analyse  # noqa: E402

REGIMES = ["examples/germany-managed-services.regime", "examples/uk-public-sector-it.regime"]
TARGET = 0.100


def _times(text: str, runs: int) -> list[float]:
    out = []
    for i in range(runs):
        edited = text + f"\n# edit {i}\n"  # a new text each time, as when typing
        start = time.perf_counter()
        analyse(edited, "bench.regime")
        out.append(time.perf_counter() - start)
    return out


def _stdio_latency(text: str, runs: int) -> list[float]:
    """Seconds from sending didOpen to reading publishDiagnostics, over a real server's pipes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "clausegen.cli", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )

    def send(msg: dict) -> None:
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def read() -> dict:
        length = 0
        while True:
            line = proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(proc.stdout.read(length))

    send(
        {
            "jsonrpc": "2.0",
            "id": 0,
            "method": "initialize",
            "params": {"capabilities": {}, "processId": None, "rootUri": None},
        }
    )
    while read().get("id") != 0:
        pass
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    out = []
    for i in range(runs):
        uri = f"file:///bench/{i}.regime"
        start = time.perf_counter()
        send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "regime", "version": 1, "text": text}},
            }
        )
        while True:
            msg = read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                break
        out.append(time.perf_counter() - start)
    send({"jsonrpc": "2.0", "id": 1, "method": "shutdown", "params": None})
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait(timeout=10)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    analyse('regime "warm" {\n}\n', "warm.regime")  # imports and the parser tables, once
    results = []
    for rel in REGIMES:
        text = (ROOT / rel).read_text(encoding="utf-8")
        broken = text.replace("escalation {", "escalaton {", 1)
        # A line half typed: a syntax error the parser recovers from.
        typing = text.replace("escalation {", 'escalation {\n    "tier" x ,', 1)
        for label, body in (("clean", text), ("misspelt keyword", broken), ("syntax error", typing)):
            analyse(body, "bench.regime")
            t = _times(body, args.runs)
            row = {
                "regime": rel,
                "lines": text.count("\n"),
                "text": label,
                "median_ms": round(statistics.median(t) * 1000, 1),
                "min_ms": round(min(t) * 1000, 1),
                "max_ms": round(max(t) * 1000, 1),
            }
            results.append(row)
            print(
                f"{rel} ({row['lines']} lines, {label}): median {row['median_ms']} ms, min {row['min_ms']}, max {row['max_ms']}"
            )
    latency = _stdio_latency((ROOT / REGIMES[1]).read_text(encoding="utf-8"), max(5, args.runs // 3))
    stdio = {
        "regime": REGIMES[1],
        "median_ms": round(statistics.median(latency) * 1000, 1),
        "max_ms": round(max(latency) * 1000, 1),
    }
    print(f"didOpen -> publishDiagnostics over stdio: median {stdio['median_ms']} ms, max {stdio['max_ms']}")
    worst = max(r["median_ms"] for r in results)
    report = {
        "target_ms": TARGET * 1000,
        "runs": args.runs,
        "within_target": worst <= TARGET * 1000,
        "recheck": results,
        "stdio_open_to_diagnostics": stdio,
        "machine": {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
    }
    (ROOT / "benchmarks" / "lsp-results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if report["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
