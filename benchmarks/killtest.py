#!/usr/bin/env python3
"""kill -9 clausegen builds at random moments; check what they leave behind.

Each round builds examples/uk-public-sector-it.regime (alternately as
version A and version B, which differ only in their title, so every output
file differs) into one output folder, and SIGKILLs the build process after a
random delay (seeded). It then checks:

- orphans: no process of the build's process group is still running after a
  short grace period (the build forks two render workers; they must die with it);
- leftovers: hidden `.<name>.clausegen-tmp-<pid>` / `-old-` folders present
  right after the kill (allowed), and after the next, completed build (none allowed);
- mixed folders: every file in the regime's folder is byte-identical to the
  same file of a complete build of A, or every one to B (never some of each,
  never a file of neither, never a missing file once the folder exists).

A second phase (--writer-kills, default 100) kills a process that does
nothing but replace the same folder with A, B, A... so that kills land
inside the write-and-swap step itself, which a whole build reaches only in
its last few milliseconds.

By default every kill is followed by a completed build of the same version
(the "next build"); --settle-every N does that only every N rounds (the
final round always settles).

    python benchmarks/killtest.py                 # 50 kills, seed 8
    python benchmarks/killtest.py --kills 5 --doc schedule,notice --format docx,pdf,md

Prints the counts as JSON; exit status 0 when orphans, leftovers after the
next build and mixed folders are all zero. Linux (it reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "uk-public-sector-it.regime"
TITLE = 'regime "Digital Casework Platform Services Contract"'
LEFTOVER = re.compile(r"\.clausegen-(tmp|old)-\d+$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--max-delay", type=float, default=0.0, help="seconds; default: the measured build time x 1.1")
    ap.add_argument("--grace", type=float, default=0.5, help="seconds to let workers die after the kill")
    ap.add_argument("--settle-every", type=int, default=1, help="a completed build after every N kills")
    ap.add_argument("--writer-kills", type=int, default=100, help="kills of a process that only rewrites the folder")
    ap.add_argument("--doc", default="all")
    ap.add_argument("--format", default="all")
    args = ap.parse_args(argv)

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    work = Path(tempfile.mkdtemp(prefix="clausegen-killtest-"))
    try:
        return run(args, env, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, env: dict, work: Path) -> int:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert TITLE in text
    versions = {v: text.replace(TITLE, TITLE[:-1] + f' (version {v})"') for v in "AB"}
    source = work / "contract.regime"
    out = work / "out"
    folder = out / "contract"

    def command(dest: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "clausegen.cli",
            "build",
            str(source),
            "-o",
            str(dest),
            "--doc",
            args.doc,
            "--format",
            args.format,
        ]

    refs: dict[str, dict[str, bytes]] = {}
    took = []
    for v, body in versions.items():
        source.write_text(body, encoding="utf-8")
        start = time.monotonic()
        subprocess.run(command(work / f"ref-{v}"), env=env, check=True, capture_output=True)
        took.append(time.monotonic() - start)
        refs[v] = _files(work / f"ref-{v}" / "contract")
    max_delay = args.max_delay or max(took) * 1.1

    rng = random.Random(args.seed)
    counts = {
        "kills": 0,
        "finished_before_kill": 0,
        "builds_with_orphans": 0,
        "orphans": 0,
        "leftovers_after_kill": 0,
        "kills_leaving_leftovers": 0,
        "leftovers_after_next_build": 0,
        "mixed_or_broken_folders": 0,
        "folder_was_new_version": 0,
        "folder_was_old_version": 0,
        "folder_missing": 0,
    }
    problems: list[str] = []
    for k in range(args.kills):
        v = "AB"[k % 2]
        source.write_text(versions[v], encoding="utf-8")
        proc = subprocess.Popen(
            command(out), env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        delay = rng.uniform(0, max_delay)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        counts["kills"] += 1
        counts["finished_before_kill"] += proc.returncode == 0
        time.sleep(args.grace)

        left = _group(proc.pid)
        if left:
            counts["builds_with_orphans"] += 1
            counts["orphans"] += len(left)
            problems.append(f"kill {k} at {delay:.2f}s: {len(left)} process(es) of the build still running")
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

        temps = _leftovers(out)
        counts["leftovers_after_kill"] += len(temps)
        counts["kills_leaving_leftovers"] += bool(temps)

        state = _state(folder, refs)
        if state == "missing":
            counts["folder_missing"] += 1
        elif state == v:
            counts["folder_was_new_version"] += 1
        elif state in refs:
            counts["folder_was_old_version"] += 1
        else:
            counts["mixed_or_broken_folders"] += 1
            problems.append(f"kill {k} at {delay:.2f}s: folder is {state}")

        if (k + 1) % args.settle_every == 0 or k == args.kills - 1:
            done = subprocess.run(command(out), env=env, capture_output=True, text=True)
            after = _leftovers(out)
            counts["leftovers_after_next_build"] += len(after)
            if done.returncode != 0 or after or _state(folder, refs) != v:
                problems.append(
                    f"next build after kill {k}: exit {done.returncode}, leftovers {after}, folder {_state(folder, refs)}"
                )

    writer = _writer_phase(args, env, work, refs, rng) if args.writer_kills else None

    report = {
        "kills": args.kills,
        "seed": args.seed,
        "max_delay_s": round(max_delay, 2),
        "build_s": [round(t, 2) for t in took],
        "counts": counts,
        "writer_phase": writer,
        "problems": problems + (writer or {}).pop("problems", []),
    }
    print(json.dumps(report, indent=2))
    bad = (
        counts["orphans"]
        + counts["leftovers_after_next_build"]
        + counts["mixed_or_broken_folders"]
        + len(report["problems"])
    )
    return 1 if bad else 0


# A process that only writes: it replaces the folder with version A, then B,
# then A... as fast as it can, so that a kill lands inside the write-and-swap
# step almost every time (in a whole build that step is a few milliseconds
# of the build's seconds, and random kills rarely hit it).
WRITER = """
import sys
from pathlib import Path
from clausegen.outdir import replace_folder
refs = {v: {p.name: p.read_bytes() for p in sorted(Path(d).iterdir())} for v, d in (("A", sys.argv[1]), ("B", sys.argv[2]))}
folder = Path(sys.argv[3])
print("ready", flush=True)
while True:
    for v in "AB":
        replace_folder(folder, refs[v])
"""


def _writer_phase(args, env: dict, work: Path, refs: dict, rng: random.Random) -> dict:
    """Kill a folder-writing loop at random moments; the folder must stay whole."""
    out = work / "writer-out"
    folder = out / "contract"
    counts = {
        "kills": 0,
        "leftovers_after_kill": 0,
        "kills_leaving_leftovers": 0,
        "leftovers_after_next_write": 0,
        "mixed_or_broken_folders": 0,
        "folder_A": 0,
        "folder_B": 0,
        "folder_missing": 0,
    }
    problems = []
    for k in range(args.writer_kills):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(work / "ref-A" / "contract"),
                str(work / "ref-B" / "contract"),
                str(folder),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        proc.stdout.readline()  # imported and ready: from now on it only writes
        time.sleep(rng.uniform(0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        counts["kills"] += 1
        temps = _leftovers(out)
        counts["leftovers_after_kill"] += len(temps)
        counts["kills_leaving_leftovers"] += bool(temps)
        state = _state(folder, refs)
        if state in refs:
            counts[f"folder_{state}"] += 1
        elif state == "missing":
            counts["folder_missing"] += 1
        else:
            counts["mixed_or_broken_folders"] += 1
            problems.append(f"writer kill {k}: folder is {state}")
        if (k + 1) % max(1, args.settle_every) == 0 or k == args.writer_kills - 1:
            v = "AB"[k % 2]
            code = (
                "import sys; from pathlib import Path; from clausegen.outdir import replace_folder; "
                "replace_folder(Path(sys.argv[2]), {p.name: p.read_bytes() for p in sorted(Path(sys.argv[1]).iterdir())})"
            )
            subprocess.run(
                [sys.executable, "-c", code, str(work / f"ref-{v}" / "contract"), str(folder)], env=env, check=True
            )
            after = _leftovers(out)
            counts["leftovers_after_next_write"] += len(after)
            if after or _state(folder, refs) != v:
                problems.append(f"next write after writer kill {k}: leftovers {after}, folder {_state(folder, refs)}")
    counts["problems"] = problems
    return counts


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    if not out.is_dir():
        return []
    found = [p.name for p in out.iterdir() if LEFTOVER.search(p.name)]
    # and the per-file temp files an older writer used
    found += [f"{q.parent.name}/{q.name}" for q in out.glob("*/.*.tmp")]
    return found


def _state(folder: Path, refs: dict[str, dict[str, bytes]]) -> str:
    """'missing', 'A' or 'B' (complete and all of one version), else a description."""
    if not folder.exists():
        return "missing"
    files = _files(folder)
    names = set(next(iter(refs.values())))
    if set(files) != names:
        return f"incomplete/extra files: {sorted(set(files) ^ names)}"
    kinds = set()
    for name, data in files.items():
        of = [v for v, ref in refs.items() if ref[name] == data]
        if not of:
            return f"foreign content in {name}"
        kinds.add(of[0])
    return kinds.pop() if len(kinds) == 1 else f"mixed {sorted(kinds)}"


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes in a process group, from /proc."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            alive.append(int(entry))
    return alive


if __name__ == "__main__":
    sys.exit(main())
