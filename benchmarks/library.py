#!/usr/bin/env python3
"""Benchmark clausegen on a library of N regimes (issue 11's targets).

For each N (default 250 and 500; add 1000 with ``--sizes 250,500,1000``)
the script generates, in a fresh temporary folder, a library of N regimes:
variants of the examples with their own title, party names, effective date
and periods, every one of which passes ``clausegen check`` (verified before
timing), plus a ``clausegen.toml``::

    regimes = ["*.regime"]
    output = "build"
    formats = ["docx", "html", "md"]

It then measures, each as a separate process timed from the outside:

* ``build``        a full build of the library into an empty output folder;
* ``noop``         the same build again, nothing changed (incremental);
* ``check``        ``build --check`` against a fresh full build (it must say
                   everything is current);
* ``check_fresh``  the same after removing the cache folder, as a fresh clone
                   of a repository with the documents committed has them
                   (the build records in the output folders remain);
* ``check_cold``   the same with the build records removed too: every
                   regime is built in memory and compared;

wall time (``time.perf_counter``), CPU time of the process and every
process it waited for (user + system, ``RUSAGE_CHILDREN``) and peak memory
(largest ``ru_maxrss`` of any of those processes). Each command runs inside
a small measuring child of this script, so CPU and memory are that
command's alone.

The library is built with ``clausegen build DIR`` when the installed
clausegen has library builds (``build --help`` mentions ``--check``);
otherwise with ``clausegen build FILE... -o DIR/build`` (every file in one
process): then there is no incremental build (``noop`` is a second full
build) and no ``--check`` (reported as null). results say which.

Standard library only. Run from the repository root with the Python of the
environment clausegen is installed in:

    python benchmarks/library.py                       # N = 250, 500
    python benchmarks/library.py --sizes 250,500,1000 --formats docx,html,md,pdf
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.regime"))
DEFAULT_JSON = ROOT / "benchmarks" / "library-results.json"
CLAUSEGEN = [sys.executable, "-m", "clausegen.cli"]

# Surnames and trades for party names; combined with the variant number so
# every regime's parties differ.
NAMES = (
    "Ashdown",
    "Birchwood",
    "Calder",
    "Dunmore",
    "Elstree",
    "Fairlight",
    "Glenrock",
    "Hartwell",
    "Ironbridge",
    "Juniper",
)
TRADES = ("Services", "Systems", "Holdings", "Solutions", "Group")


# --------------------------------------------------------------------------
# the library


def variant(text: str, i: int, periods: bool = True) -> str:
    """Example `text` as regime number `i`: new title, party names, dates, periods."""
    text = re.sub(r'^(regime ")([^"]*)(")', lambda m: f"{m[1]}{m[2]} No. {i}{m[3]}", text, count=1, flags=re.M)

    def party(m: re.Match) -> str:
        n = NAMES[(i + len(m[1])) % len(NAMES)]
        t = TRADES[i % len(TRADES)]
        return f'{m[1]}"{n} {t} {i} Ltd"'

    text = re.sub(r'^(\s*party \w+ )"[^"]*"', party, text, flags=re.M)

    def moved(m: re.Match) -> str:
        return (date.fromisoformat(m[0]) + timedelta(days=i % 365)).isoformat()

    # Every date moves alike (effective, version history, ...), so their order holds.
    text = re.sub(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])", moved, text)
    if periods:
        # One more day on the longer steps: the order of the steps is kept.
        text = re.sub(
            r"\b(within|meet_within) (\d+) (\w*days)\b",
            lambda m: f"{m[1]} {int(m[2]) + (i % 2 if int(m[2]) >= 10 else 0)} {m[3]}",
            text,
        )
    return text


def make_library(folder: Path, n: int, formats: list[str]) -> None:
    """Write N regimes and clausegen.toml into `folder`; every regime passes check."""
    folder.mkdir(parents=True)
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in EXAMPLES]
    files = []
    for i in range(n):
        stem, text = sources[i % len(sources)]
        path = folder / f"{stem}-{i:04d}.regime"
        path.write_text(variant(text, i), encoding="utf-8")
        files.append(path)
    bad = failing(files)
    for path in bad:  # a period change broke a rule: keep the example's periods
        i = int(path.stem.rsplit("-", 1)[1])
        stem = path.stem.rsplit("-", 1)[0]
        path.write_text(variant(dict(sources)[stem], i, periods=False), encoding="utf-8")
    still = failing(bad) if bad else []
    if still:
        raise SystemExit(f"generated regimes fail `clausegen check`: {', '.join(p.name for p in still[:5])}")
    (folder / "clausegen.toml").write_text(
        'regimes = ["*.regime"]\noutput = "build"\nformats = [' + ", ".join(f'"{f}"' for f in formats) + "]\n",
        encoding="utf-8",
    )


def failing(files: list[Path]) -> list[Path]:
    """The files `clausegen check` reports errors for (one process for all)."""
    done = subprocess.run([*CLAUSEGEN, "check", "--format", "json", *map(str, files)], capture_output=True, text=True)
    if done.returncode == 0:
        return []
    try:
        errors = {d["file"] for d in json.loads(done.stdout) if d.get("severity") == "error"}
    except (ValueError, TypeError, KeyError):
        raise SystemExit(f"`clausegen check` failed: {done.stderr[-1000:]}") from None
    return [p for p in files if str(p) in errors] or list(files)


# --------------------------------------------------------------------------
# measuring


MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": r.ru_utime + r.ru_stime, "maxrss_kb": r.ru_maxrss, "rc": done.returncode, "stderr": done.stderr[-2000:]}))
"""


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run `cmd` in a measuring child: wall, CPU (children included), peak RSS, exit status."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(cwd), *cmd], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    return {
        "wall_s": round(out["wall"], 3),
        "cpu_s": round(out["cpu"], 3),
        "peak_rss_mb": round(out["maxrss_kb"] / 1024, 1),
        "exit": out["rc"],
        "stderr_tail": out["stderr"][-500:] if out["rc"] else "",
    }


def library_builds() -> bool:
    """Does this clausegen build a library folder (build DIR, --check)?"""
    done = subprocess.run([*CLAUSEGEN, "build", "--help"], capture_output=True, text=True)
    return "--check" in done.stdout


def bench(n: int, formats: list[str], tmp: Path, project: bool) -> dict:
    """Generate a library of N regimes and time build, no-op rebuild and --check."""
    lib = tmp / f"lib-{n}"
    started = time.perf_counter()
    make_library(lib, n, formats)
    result: dict = {"n": n, "generate_s": round(time.perf_counter() - started, 1)}
    if project:
        build = [*CLAUSEGEN, "build", str(lib)]
    else:
        files = sorted(str(p) for p in lib.glob("*.regime"))
        build = [*CLAUSEGEN, "build", *files, "-o", str(lib / "build"), "--format", ",".join(formats)]
    result["build"] = measure(build, lib)
    result["noop"] = measure(build, lib)
    if project:
        check = [*CLAUSEGEN, "build", str(lib), "--check"]
        result["check"] = measure(check, lib)
        # a fresh clone: the documents and their folders' build records, no cache folder
        shutil.rmtree(lib / ".clausegen-cache", ignore_errors=True)
        result["check_fresh"] = measure(check, lib)
        # nothing recorded anywhere: every regime built in memory and compared
        shutil.rmtree(lib / ".clausegen-cache", ignore_errors=True)
        for record in (lib / "build").rglob(".clausegen-build.json"):
            record.unlink()
        result["check_cold"] = measure(check, lib)
    else:
        result["check"] = result["check_fresh"] = result["check_cold"] = None
    result["outputs"] = sum(1 for p in (lib / "build").rglob("*") if p.is_file()) if (lib / "build").exists() else 0
    shutil.rmtree(lib, ignore_errors=True)
    return result


def machine() -> dict:
    """What the numbers were measured on."""
    model = ""
    try:
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    except OSError:
        pass
    try:
        from importlib.metadata import version

        clausegen_version = version("clausegen")
    except Exception:
        clausegen_version = "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "commit": commit or None,
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "clausegen": clausegen_version,
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500", help="library sizes, comma-separated (default 250,500)")
    parser.add_argument("--formats", default="docx,html,md", help="formats, comma-separated (default docx,html,md)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    formats = [f for f in args.formats.split(",") if f]
    project = library_builds()
    print(
        f"clausegen {'build DIR (library)' if project else 'build FILE... (no library build in this clausegen)'}; formats {','.join(formats)}"
    )
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "mode": "build DIR" if project else "build FILE...",
        "formats": formats,
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="clausegen-library-") as tmp:
        for n in sizes:
            r = bench(n, formats, Path(tmp), project)
            results["runs"].append(r)
            line = f"N={n:5d}  build {r['build']['wall_s']:8.2f} s wall {r['build']['cpu_s']:8.2f} s CPU {r['build']['peak_rss_mb']:7.1f} MB (exit {r['build']['exit']})"
            line += f"  no-op {r['noop']['wall_s']:.2f} s"
            if r["check"]:
                line += f"  --check {r['check']['wall_s']:.2f} s (exit {r['check']['exit']})"
                line += f"  fresh clone {r['check_fresh']['wall_s']:.2f} s (exit {r['check_fresh']['exit']})"
                line += f"  nothing recorded {r['check_cold']['wall_s']:.2f} s"
            print(line, flush=True)
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # each N as it is done
    walls = {r["n"]: r["build"]["wall_s"] for r in results["runs"]}
    for n in walls:
        if 2 * n in walls:
            results[f"ratio_{2 * n}_over_{n}"] = round(walls[2 * n] / walls[n], 2)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
