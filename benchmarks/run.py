#!/usr/bin/env python3
"""Benchmark clausegen's build against "the alternative a user would pick".

One run measures, as separate processes, N times each (interleaved, so slow
drift of the machine hits every benchmark alike):

* ``clausegen build REGIME -o TMP``            every kind x docx/pdf/html/md
* ``clausegen build REGIME -o TMP --format md`` Markdown only
* ``clausegen check REGIME``
* pandoc alone: for every Markdown document clausegen wrote, one pandoc
  process per document per format, as a user's shell loop would do:
  ``pandoc in.md -o out.docx``, ``pandoc -s in.md -o out.html`` and a PDF.
  The PDF goes through pandoc's Typst route: ``pandoc in.md -o out.pdf
  --pdf-engine=typst`` when a ``typst`` CLI is on PATH (or beside this
  Python); otherwise ``pandoc -s -t typst in.md -o out.typ`` followed by
  one Python process per document that calls ``typst.compile`` (the typst
  wheel ships no CLI). The output says which route was used.
* ``python -c "import clausegen.cli"`` (and ``python -c pass`` as baseline)

It also checks, in a subprocess, that ``clausegen check`` does not import
docx, pypandoc or typst, prints a table with median and min wall times and
the ratio clausegen / pandoc (target: <= 0.5), and writes everything to
benchmarks/results.json.

Standard library only. Usage (from the repository root, with the venv's
Python so that ``clausegen``, pandoc and typst are found):

    python benchmarks/run.py --runs 5
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
DEFAULT_REGIME = ROOT / "examples" / "uk-public-sector-it.regime"
DEFAULT_JSON = ROOT / "benchmarks" / "results.json"
TARGET_RATIO = 0.5
HEAVY_MODULES = ("docx", "pypandoc", "typst")

# The PDF step of the fallback route: one Python process per document.
TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], format='pdf')"


# --------------------------------------------------------------------------
# helpers


def run(cmd: list[str], cwd: Path | None = None) -> float:
    """Run cmd, fail loudly on a non-zero exit, return its wall time (s)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(
            f"benchmark command failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n"
            f"{proc.stderr.decode(errors='replace')}"
        )
    return elapsed


def stats(samples: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(samples), 4),
        "min_s": round(min(samples), 4),
        "max_s": round(max(samples), 4),
        "runs_s": [round(s, 4) for s in samples],
    }


def find_clausegen() -> list[str]:
    """The clausegen console script of this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "clausegen"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("clausegen")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from clausegen.cli import main; sys.exit(main())"]


def find_pandoc() -> str:
    try:
        import pypandoc  # a clausegen dependency (pypandoc-binary)

        return pypandoc.get_pandoc_path()
    except Exception:
        found = shutil.which("pandoc")
        if not found:
            sys.exit("no pandoc found: install pypandoc-binary or pandoc")
        return found


def find_typst_cli() -> str | None:
    beside = Path(sys.executable).parent / "typst"
    if beside.exists():
        return str(beside)
    return shutil.which("typst")


def output_of(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine_info(pandoc: str, typst_cli: str | None) -> dict:
    try:
        import typst

        typst_version = getattr(typst, "__version__", "?")
    except ImportError:
        typst_version = None
    try:
        from importlib.metadata import version

        clausegen_version = version("clausegen")
    except Exception:
        clausegen_version = None
    commit = output_of(["git", "-C", str(ROOT), "rev-parse", "HEAD"])
    dirty = bool(
        output_of(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "templates", "clauses", "grammar"])
    )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "pandoc": output_of([pandoc, "--version"]).splitlines()[0] if pandoc else None,
        "pandoc_path": pandoc,
        "typst_python_package": typst_version,
        "typst_cli": (output_of([typst_cli, "--version"]) or typst_cli) if typst_cli else None,
        "clausegen": clausegen_version,
        "git_commit": commit or None,
        "git_sources_dirty": dirty,
    }


# --------------------------------------------------------------------------
# the pandoc leg


def pandoc_leg(pandoc: str, typst_cli: str | None, md_files: list[Path], out: Path) -> dict[str, float]:
    """Convert every Markdown file to docx, html and pdf; wall time per format."""
    times = {"docx": 0.0, "html": 0.0, "pdf": 0.0}
    for md in md_files:
        stem = out / md.stem
        times["docx"] += run([pandoc, str(md), "-o", f"{stem}.docx"])
        times["html"] += run([pandoc, "-s", str(md), "-o", f"{stem}.html"])
        if typst_cli:
            times["pdf"] += run([pandoc, str(md), "-o", f"{stem}.pdf", f"--pdf-engine={typst_cli}"])
        else:
            times["pdf"] += run([pandoc, "-s", "-t", "typst", str(md), "-o", f"{stem}.typ"])
            times["pdf"] += run([sys.executable, "-c", TYPST_COMPILE, f"{stem}.typ", f"{stem}.pdf"])
    return times


# --------------------------------------------------------------------------
# imports


IMPORT_PROBE = """
import json, sys
from clausegen.cli import main
sys.argv = ["clausegen"] + sys.argv[1:]
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print(json.dumps({{"exit": code, "heavy_modules": heavy, "module_count": len(sys.modules)}}))
"""


def modules_loaded_by(args: list[str]) -> dict:
    """Run a clausegen command in-process in a child Python; report heavy imports."""
    probe = IMPORT_PROBE.format(heavy=set(HEAVY_MODULES))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"import probe failed: {proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    top = sorted({m.split(".")[0] for m in result["heavy_modules"]})
    return {"command": "clausegen " + " ".join(args), "heavy_top_level": top, **result}


def importtime_us(module: str) -> dict:
    """Cumulative import time of `module` and its top contributors, from -X importtime."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True
    )
    rows = []  # (self_us, cumulative_us, indented name)
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        rows.append((int(self_us), int(cumulative_us), name[1:]))
    total = next((c for _, c, n in rows if n.strip() == module), None)
    # Modules imported directly by `module`: the output is in post-order, so
    # the one-level-indented rows just before `module`'s own row.
    direct, pending = [], []
    for _, c, n in rows:
        if not n.startswith("  "):
            if n.strip() == module:
                direct = pending
            pending = []
        elif not n.startswith("    "):
            pending.append((c, n.strip()))
    direct = sorted(direct, reverse=True)[:8]
    return {"cumulative_us": total, "direct_imports_us": [{"module": n, "cumulative_us": c} for c, n in direct]}


# --------------------------------------------------------------------------
# main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs of every benchmark (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--regime", type=Path, default=DEFAULT_REGIME, help="the .regime file (default: the UK example)")
    ap.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help="where to write the results (default benchmarks/results.json)"
    )
    ap.add_argument(
        "--profile",
        type=Path,
        metavar="FILE.prof",
        help="also profile one full build with cProfile into FILE.prof and print the top costs",
    )
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    regime = args.regime.resolve()
    if not regime.is_file():
        ap.error(f"no such file: {regime}")

    clausegen = find_clausegen()
    pandoc = find_pandoc()
    typst_cli = find_typst_cli()
    info = machine_info(pandoc, typst_cli)
    if typst_cli:
        pdf_route = f"pandoc in.md -o out.pdf --pdf-engine={typst_cli} (one pandoc process per document)"
    else:
        pdf_route = (
            "no typst CLI found (the typst wheel ships only a Python module): per document "
            "`pandoc -s -t typst in.md -o out.typ` then one Python process calling typst.compile(out.typ) -> out.pdf"
        )

    work = Path(tempfile.mkdtemp(prefix="clausegen-bench-"))
    try:
        # The Markdown documents clausegen writes are the pandoc leg's input.
        src_dir = work / "md"
        run([*clausegen, "build", str(regime), "-o", str(src_dir), "--format", "md"])
        md_files = sorted((src_dir / regime.stem).glob("*.md"))
        if not md_files:
            sys.exit("clausegen wrote no Markdown documents")
        kinds = [p.stem for p in md_files]

        def full_build() -> float:
            with tempfile.TemporaryDirectory(dir=work) as out:
                return run([*clausegen, "build", str(regime), "-o", out])

        def md_build() -> float:
            with tempfile.TemporaryDirectory(dir=work) as out:
                return run([*clausegen, "build", str(regime), "-o", out, "--format", "md"])

        def check() -> float:
            return run([*clausegen, "check", str(regime)])

        def pandoc_all() -> dict[str, float]:
            with tempfile.TemporaryDirectory(dir=work) as out:
                start = time.perf_counter()
                parts = pandoc_leg(pandoc, typst_cli, md_files, Path(out))
                parts["total"] = time.perf_counter() - start
                return parts

        def import_cli() -> float:
            return run([sys.executable, "-c", "import clausegen.cli"])

        def python_bare() -> float:
            return run([sys.executable, "-c", "pass"])

        # How many files a full build writes (and which kinds).
        with tempfile.TemporaryDirectory(dir=work) as out:
            run([*clausegen, "build", str(regime), "-o", out])
            built_files = sorted(p.relative_to(out).as_posix() for p in Path(out).rglob("*") if p.is_file())

        print(f"clausegen benchmark: {regime.relative_to(ROOT) if regime.is_relative_to(ROOT) else regime}")
        print(f"  {len(kinds)} kinds ({', '.join(kinds)}); full build writes {len(built_files)} files")
        print(f"  python {info['python']}, {info['cpu_count']} CPUs, {info['platform']}")
        print(f"  {info['pandoc']}; typst python package {info['typst_python_package']}")
        print(f"  PDF leg of pandoc alone: {pdf_route}")
        print(f"  {args.warmup} warm-up + {args.runs} timed runs, interleaved ...", flush=True)

        for _ in range(args.warmup):
            full_build(), md_build(), check(), pandoc_all(), import_cli(), python_bare()

        samples: dict[str, list[float]] = {
            k: []
            for k in (
                "clausegen_build_all",
                "clausegen_build_md",
                "clausegen_check",
                "pandoc_total",
                "pandoc_docx",
                "pandoc_html",
                "pandoc_pdf",
                "import_clausegen_cli",
                "python_bare",
            )
        }
        for i in range(args.runs):
            samples["clausegen_build_all"].append(full_build())
            samples["clausegen_build_md"].append(md_build())
            samples["clausegen_check"].append(check())
            p = pandoc_all()
            for k in ("total", "docx", "html", "pdf"):
                samples[f"pandoc_{k}"].append(p[k])
            samples["import_clausegen_cli"].append(import_cli())
            samples["python_bare"].append(python_bare())
            print(
                f"  run {i + 1}/{args.runs}: build {samples['clausegen_build_all'][-1]:.2f} s, "
                f"pandoc {p['total']:.2f} s",
                flush=True,
            )

        results = {k: stats(v) for k, v in samples.items()}
        n = len(md_files)
        labels = {
            "clausegen_build_all": f"clausegen build (all: {len(built_files)} files)",
            "clausegen_build_md": f"clausegen build --format md ({n} files)",
            "clausegen_check": "clausegen check",
            "pandoc_total": f"pandoc alone ({n} docs x docx/html/pdf)",
            "pandoc_docx": f"  docx   ({n} pandoc processes)",
            "pandoc_html": f"  html -s ({n} pandoc processes)",
            "pandoc_pdf": f"  pdf    ({n} x typst route, see above)",
            "import_clausegen_cli": 'python -c "import clausegen.cli"',
            "python_bare": 'python -c "pass" (baseline)',
        }
        for key, label in labels.items():
            results[key]["label"] = label.strip()

        ratio_median = results["clausegen_build_all"]["median_s"] / results["pandoc_total"]["median_s"]
        ratio_min = results["clausegen_build_all"]["min_s"] / results["pandoc_total"]["min_s"]
        met = ratio_median <= TARGET_RATIO

        imports_check = modules_loaded_by(["check", str(regime)])
        with tempfile.TemporaryDirectory(dir=work) as out:
            imports_md = modules_loaded_by(["build", str(regime), "-o", out, "--format", "md"])
        importtime = importtime_us("clausegen.cli")

        # ---- the table
        width = max(len(label) for label in labels.values())
        print()
        print(f"{'benchmark':<{width}}  {'median':>8}  {'min':>8}")
        print(f"{'-' * width}  {'-' * 8}  {'-' * 8}")
        for key, label in labels.items():
            r = results[key]
            print(f"{label:<{width}}  {r['median_s']:>7.3f}s  {r['min_s']:>7.3f}s")
        print()
        print(
            f"ratio clausegen full build / pandoc alone: {ratio_median:.2f} (median), {ratio_min:.2f} (min); "
            f"target <= {TARGET_RATIO:.2f}: {'MET' if met else 'NOT MET'}"
        )
        print(
            f"import clausegen.cli: {results['import_clausegen_cli']['median_s']:.3f} s wall "
            f"(interpreter alone {results['python_bare']['median_s']:.3f} s); "
            f"-X importtime cumulative {importtime['cumulative_us'] / 1000:.1f} ms"
        )
        heavy = imports_check["heavy_top_level"]
        print(
            f"clausegen check imports {', '.join(HEAVY_MODULES)}: "
            f"{'none (ok)' if not heavy else 'YES: ' + ', '.join(heavy)}; "
            f"build --format md imports: {', '.join(imports_md['heavy_top_level']) or 'none'}"
        )

        payload = {
            "regime": str(regime.relative_to(ROOT)) if regime.is_relative_to(ROOT) else str(regime),
            "kinds": kinds,
            "files_written_by_full_build": built_files,
            "runs": args.runs,
            "warmup": args.warmup,
            "machine": info,
            "commands": {
                "clausegen_build_all": "clausegen build REGIME -o TMP",
                "clausegen_build_md": "clausegen build REGIME -o TMP --format md",
                "clausegen_check": "clausegen check REGIME",
                "pandoc_docx": "pandoc in.md -o out.docx  (per document)",
                "pandoc_html": "pandoc -s in.md -o out.html  (per document)",
                "pandoc_pdf": pdf_route,
                "import_clausegen_cli": 'python -c "import clausegen.cli"',
                "python_bare": 'python -c "pass"',
            },
            "pdf_route": "pandoc --pdf-engine=typst" if typst_cli else "pandoc -t typst + python typst.compile",
            "results": results,
            "ratio_build_over_pandoc": {
                "median": round(ratio_median, 3),
                "min": round(ratio_min, 3),
                "target": TARGET_RATIO,
                "met": met,
            },
            "imports": {
                "check": imports_check,
                "build_md": {**imports_md, "command": "clausegen build REGIME -o TMP --format md"},
                "importtime_clausegen_cli": importtime,
            },
        }
        payload["imports"]["check"]["command"] = "clausegen check REGIME"
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")

        if args.profile:
            profile_build(clausegen, regime, args.profile, work)
        return 0 if not heavy else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def profile_build(clausegen: list[str], regime: Path, prof: Path, work: Path) -> None:
    """One full build under cProfile; print the top costs by own and cumulative time."""
    import pstats

    script = clausegen[0] if len(clausegen) == 1 else None
    if script is None:
        print("profile skipped: no clausegen console script to run under cProfile")
        return
    with tempfile.TemporaryDirectory(dir=work) as out:
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(prof), script, "build", str(regime), "-o", out],
            check=True,
            capture_output=True,
        )
    print(f"\nprofile of one full build written to {prof}")
    for order in ("tottime", "cumulative"):
        print(f"\n--- top 25 by {order} ---")
        pstats.Stats(str(prof)).strip_dirs().sort_stats(order).print_stats(25)


if __name__ == "__main__":
    sys.exit(main())
