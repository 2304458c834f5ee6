#!/usr/bin/env python3
"""A grammar-blind mutation fuzzer for clausegen: no source file may crash it.

Inputs are the seeds (examples/*.regime and examples/invalid/*.regime)
mutated at random: characters flipped, odd characters inserted (form feed,
vertical tab, CR, NEL, U+2028, BOM, NUL, U+FFFE, markup characters...),
spans and lines deleted, duplicated and swapped, two seeds spliced, numbers
and dates replaced by extremes, keywords replaced by other keywords, and at
the byte level invalid UTF-8 and UTF-16 chunks. Input number i of a run is a
function of (--seed, i) only, so every finding can be regenerated.

Each input is written to a file and checked in-process by worker processes
the way `clausegen check` does it (api.read_source, then api.compile_source);
every diagnostic must point inside the file and render. One passing input in
--build-every is also built to Markdown (every kind, in memory). One input in
--cli-every is also run through the real CLI in a subprocess (`check`, and
`build --format md` if it passes): exit 3 or a traceback is a crash.

Outcomes: clean (passes check), diagnostics (CompileError), crash (any other
exception, grouped by exception type and innermost clausegen frame), badspan
(a diagnostic outside the file, or one that cannot be rendered), hang (no
answer within --timeout: the worker is killed), died (the worker process
died: out of memory, a segfault). Crashes, badspans, hangs and deaths are
saved under --out, a folder per root cause with up to 5 inputs and their
tracebacks, plus summary.json.

    python benchmarks/fuzz.py -n 100000 --seed 1 --jobs 2
    python benchmarks/fuzz.py minimise FILE [-o SMALL.regime] [--lines]   # shrink one finding
    python benchmarks/fuzz.py replay FILE                       # what one file does

Standard library only. Run from the repository root with the clausegen under
test importable (PYTHONPATH=src, or the venv).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FINDINGS = ROOT / "benchmarks" / "fuzz-findings"
NAME = "fuzz.regime"

# -- mutations -------------------------------------------------------------------------

INTERESTING = (
    "\f",
    "\v",
    "\r",
    "\r\n",
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u200b",
    "\u202e",
    "\u0301",
    "\U0001f600",
    "\u00e9",
    "\u6771",
    "|",
    "[",
    "]",
    "*",
    "_",
    "#",
    "`",
    "\\",
    "{",
    "}",
    "<",
    ">",
    "&",
    '"',
    ",",
    ";",
    ":",
    "=",
    "'",
    "\u201c",
    "\n",
    "\t",
    " ",
    "\\u{0}",
    "\\u{110000}",
    "\\u{d800}",
    "\\u{fffe}",
    "\\n",
    "\\",
    "\\x",
    '\\"',
    "\n\n1. [[def:Waiver]] text",
    "[[ref:nope]]",
    "[[def:X]]",
    "{{ 1 }}",
    "{% raw %}",
    "{",
    "}\n",
    "{\n",
    "\n}\n",
    '"',
    '""',
    "#",
    "a.b.c",
    "9999",
    "-",
    ".",
    "2.5",
)
NUMBERS = ("0", "1", "2", "9999", "10000", "99999999999999999999999999", "2.5", "0.5", "00", "007", "4294967296", "1.0")
DATES = (
    "0001-01-01",
    "9999-12-31",
    "9999-06-01",
    "9999-12-25",
    "9999-12-01",
    "2024-02-29",
    "2026-02-29",
    "2026-02-30",
    "0000-00-00",
    "2026-13-01",
)
BAD_BYTES = (
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
)
NUMBER_RE = re.compile(r"(?<![\w.-])\d+(\.\d+)?(?![\w-])")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
WORD_RE = re.compile(r"[^\W\d]\w*")


def load_seeds() -> list[tuple[str, str]]:
    """(name, text) of every seed; bytes that are not UTF-8 kept as surrogate escapes."""
    paths = sorted((ROOT / "examples").glob("*.regime")) + sorted((ROOT / "examples" / "invalid").glob("*.regime"))
    return [(p.name, p.read_bytes().decode("utf-8", "surrogateescape")) for p in paths]


class Mutator:
    """Makes input number i of a run from the seeds, deterministically."""

    def __init__(self, seeds: list[tuple[str, str]], seed: int):
        self.seeds = seeds
        self.seed = seed
        words: set[str] = set()
        for _, text in seeds:
            words.update(WORD_RE.findall(re.sub(r'"[^"\n]*"|#[^\n]*', " ", text)))
        self.words = sorted(words)

    def make(self, index: int) -> tuple[bytes, str]:
        """The bytes of input `index`, and which seed it came from."""
        rng = random.Random(f"{self.seed}:{index}")
        # The valid examples are the richest seeds: start from one most of the time.
        pool = self.seeds[:5] if rng.random() < 0.6 else self.seeds
        name, text = rng.choice(pool)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4, 6))):
            text = rng.choice(self.TEXT_MUTATIONS)(self, rng, text)
        data = text.encode("utf-8", "surrogateescape")
        if rng.random() < 0.08:
            data = rng.choice(self.BYTE_MUTATIONS)(self, rng, data)
        return data, name

    # text mutations

    def _pos(self, rng: random.Random, text: str) -> int:
        return rng.randrange(len(text) + 1)

    def flip(self, rng, text):
        if not text:
            return text
        i = rng.randrange(len(text))
        ch = (
            rng.choice(INTERESTING)
            if rng.random() < 0.7
            else chr(rng.choice((rng.randrange(32, 0x250), rng.randrange(0xE000, 0x110000))))
        )
        return text[:i] + ch + text[i + 1 :]

    def insert(self, rng, text):
        i = self._pos(rng, text)
        return text[:i] + rng.choice(INTERESTING) * rng.choice((1, 1, 1, 2, 5, 40)) + text[i:]

    def insert_in_string(self, rng, text):
        quotes = [m.start() + 1 for m in re.finditer(r'"', text)]
        if not quotes:
            return self.insert(rng, text)
        i = rng.choice(quotes)
        return text[:i] + rng.choice(INTERESTING) + text[i:]

    def delete_span(self, rng, text):
        i = self._pos(rng, text)
        return text[:i] + text[i + rng.choice((1, 1, 2, 5, 20, 200)) :]

    def duplicate_span(self, rng, text):
        i = self._pos(rng, text)
        j = min(len(text), i + rng.choice((1, 3, 10, 50)))
        return text[:j] + text[i:j] * rng.choice((1, 2, 10, 100)) + text[j:]

    def delete_line(self, rng, text):
        lines = text.split("\n")
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)

    def duplicate_line(self, rng, text):
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.choice((1, 1, 2, 40))
        return "\n".join(lines)

    def swap_lines(self, rng, text):
        lines = text.split("\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)

    def splice(self, rng, text):
        other = rng.choice(self.seeds)[1].split("\n")
        lines = text.split("\n")
        return "\n".join(lines[: rng.randrange(len(lines) + 1)] + other[rng.randrange(len(other) + 1) :])

    def transplant_line(self, rng, text):
        other = rng.choice(self.seeds[:5])[1].split("\n")
        lines = text.split("\n")
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(other))
        return "\n".join(lines)

    def _replace_match(self, rng, text, regex, choices):
        found = list(regex.finditer(text))
        if not found:
            return self.insert(rng, text)
        m = rng.choice(found)
        return text[: m.start()] + rng.choice(choices) + text[m.end() :]

    def number(self, rng, text):
        return self._replace_match(rng, text, NUMBER_RE, NUMBERS)

    def date(self, rng, text):
        return self._replace_match(rng, text, DATE_RE, DATES)

    def keyword(self, rng, text):
        return self._replace_match(rng, text, WORD_RE, self.words)

    def line_ending(self, rng, text):
        return text.replace("\n", rng.choice(("\r\n", "\r", "\f", "\v", "\x85", "\u2028", "\u2029", "\n\f")))

    TEXT_MUTATIONS = (
        flip,
        flip,
        insert,
        insert,
        insert_in_string,
        insert_in_string,
        delete_span,
        duplicate_span,
        delete_line,
        duplicate_line,
        swap_lines,
        splice,
        transplant_line,
        number,
        number,
        date,
        date,
        keyword,
        keyword,
        line_ending,
    )

    # byte mutations

    def bad_bytes(self, rng, data):
        i = rng.randrange(len(data) + 1)
        return data[:i] + rng.choice(BAD_BYTES) + data[i:]

    def utf16_chunk(self, rng, data):
        i = rng.randrange(len(data) + 1)
        j = min(len(data), i + rng.choice((2, 10, 100)))
        chunk = data[i:j].decode("utf-8", "replace").encode(rng.choice(("utf-16", "utf-16-le", "utf-16-be")))
        return data[:i] + chunk + data[j:]

    def utf16_file(self, rng, data):
        return data.decode("utf-8", "replace").encode(
            rng.choice(("utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252")), "replace"
        )

    def bom(self, rng, data):
        return rng.choice((b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) + data

    def byte_flip(self, rng, data):
        if not data:
            return data
        i = rng.randrange(len(data))
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]

    BYTE_MUTATIONS = (bad_bytes, bad_bytes, utf16_chunk, utf16_file, bom, byte_flip, byte_flip)


# -- running one input -----------------------------------------------------------------


@dataclass
class Outcome:
    """What one input did: status, and for a finding its root cause and details."""

    index: int
    status: str  # clean | diagnostics | crash | badspan | hang | died
    signature: str = ""
    detail: str = ""
    built: bool = False
    cli: bool = False


def _innermost(tb) -> str:
    """'clausegen/calendar.py:131 deadline': the innermost clausegen frame."""
    frames = [f for f in traceback.extract_tb(tb) if "/clausegen/" in f.filename.replace(os.sep, "/")]
    if not frames:
        return "outside clausegen"
    f = frames[-1]
    path = f.filename.replace(os.sep, "/")
    return f"{path[path.rindex('/clausegen/') + 1 :]}:{f.lineno} {f.name}"


def _span_problem(d, text: str) -> str:
    """Why a diagnostic's position is not inside the file, or ''."""
    if d.span.file != NAME:
        return ""
    by_nl, by_sl = text.split("\n"), text.splitlines() or [""]
    s = d.span
    if not 1 <= s.line <= max(len(by_nl), len(by_sl)):
        return f"line {s.line} of a {len(by_nl)}-line file"
    width = max(len(lines[s.line - 1].rstrip("\r")) for lines in (by_nl, by_sl) if s.line <= len(lines))
    if not 1 <= s.column <= width + 1:
        return f"column {s.column} of a {width}-character line"
    if s.end_line < s.line:
        return f"ends on line {s.end_line}, before it starts"
    return ""


def run_one(path: Path, index: int, build: bool) -> Outcome:
    """Check one file in-process as `clausegen check` does; build md if asked."""
    from clausegen.api import build_documents, compile_source, read_source
    from clausegen.diagnostics import CompileError

    try:
        try:
            source = read_source(str(path))
        except CompileError as exc:
            return _judge(index, exc.diagnostics, None, "")
        text = source.text
        try:
            compiled = compile_source(source)
        except CompileError as exc:
            return _judge(index, exc.diagnostics, source, text)
        out = _judge(index, compiled.warnings, source, text, clean=True)
        if build and out.status == "clean":
            from clausegen.kinds import KINDS

            out.built = True
            try:
                build_documents(compiled, path.parent / "out", KINDS, ("md",))
            except CompileError as exc:
                foreign = sorted({d.span.file for d in exc.diagnostics} - {NAME})
                if foreign:  # a built-in clause file blamed for the regime's text
                    d = exc.diagnostics[0]
                    return Outcome(
                        index, "badspan", f"build blames built-in {Path(d.span.file).name}: {d.code}", d.message
                    )
        return out
    except MemoryError:
        return Outcome(index, "crash", "MemoryError", traceback.format_exc())
    except RecursionError as exc:
        return Outcome(
            index, "crash", f"RecursionError at {_innermost(exc.__traceback__)}", traceback.format_exc(limit=-15)
        )
    except Exception as exc:
        return Outcome(
            index, "crash", f"{type(exc).__name__} at {_innermost(exc.__traceback__)}", traceback.format_exc()
        )


def _judge(index, diagnostics, source, text, clean=False) -> Outcome:
    from clausegen.diagnostics import render_all

    for d in diagnostics:
        problem = _span_problem(d, text) if source is not None else ""
        if problem:
            return Outcome(index, "badspan", f"{d.code} outside the file", f"{d.code} {d.message!r}: {problem}")
    try:
        render_all(diagnostics, {NAME: source} if source is not None else {})
    except Exception as exc:
        return Outcome(
            index,
            "crash",
            f"{type(exc).__name__} at {_innermost(exc.__traceback__)} (rendering)",
            traceback.format_exc(),
        )
    return Outcome(index, "clean" if clean else "diagnostics")


def run_cli(path: Path, index: int, work: Path) -> Outcome | None:
    """The real CLI on one file: exit 3, or a traceback, is a crash."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    )
    commands = [["check", str(path)], ["build", str(path), "-o", str(work / "cli-out"), "--format", "md"]]
    for k, args in enumerate(commands):
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "clausegen.cli", *args], capture_output=True, timeout=60, env=env
            )
        except subprocess.TimeoutExpired:
            return Outcome(index, "hang", f"cli {args[0]} timed out", "")
        err = proc.stderr.decode("utf-8", "replace")
        if proc.returncode == 3 or "Traceback" in err or proc.returncode < 0:
            last = err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}"
            sig = re.sub(r"\d{4}-\d\d-\d\d|\d+", "N", last)[:120]
            return Outcome(index, "crash", f"cli {args[0]} exit {proc.returncode}: {sig}", err)
        if k == 0 and proc.returncode != 0:
            break  # only a file that passes check is built
        if k == 1 and proc.returncode != 0:
            return Outcome(
                index, "badspan", f"cli build fails on a file that passes check (exit {proc.returncode})", err
            )
    return None


# -- workers ----------------------------------------------------------------------------------


@dataclass
class Config:
    seed: int
    build_every: int
    cli_every: int
    memory_mb: int
    scratch: str


def worker(conn, config: Config) -> None:
    """Take input numbers from the parent, answer with Outcomes, until told to stop."""
    if config.memory_mb:
        limit = config.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    mutator = Mutator(load_seeds(), config.seed)
    # Inside the parent's scratch folder, which the parent removes even if
    # this worker is killed.
    work = Path(tempfile.mkdtemp(prefix="worker-", dir=config.scratch))
    path = work / NAME
    try:
        while True:
            index = conn.recv()
            if index is None:
                break
            data, _ = mutator.make(index)
            path.write_bytes(data)
            # Input numbers are independent of outcomes, so this builds about
            # 1 in K of the clean inputs, the same ones in every run.
            build = bool(config.build_every) and index % config.build_every == 0
            out = run_one(path, index, build)
            if config.cli_every and index % config.cli_every == 0 and out.status not in ("crash", "hang"):
                out.cli = True
                out = run_cli(path, index, work) or out
            conn.send(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Tally:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("clean", "diagnostics", "crash", "badspan", "hang", "died"), 0)
    )
    findings: dict[str, dict] = field(default_factory=dict)  # signature -> {status, count, first, saved}
    built: int = 0
    cli: int = 0


class Pool:
    """Worker processes fed one input at a time, each answer awaited with a time limit."""

    def __init__(self, jobs: int, config: Config, timeout: float):
        self.ctx = multiprocessing.get_context("fork")
        self.config, self.timeout = config, timeout
        self.workers: list[list] = [self._spawn() for _ in range(jobs)]  # [process, conn, index, started]

    def _spawn(self) -> list:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker, args=(child, self.config), daemon=True)
        proc.start()
        child.close()
        return [proc, parent, None, 0.0]

    def run(self, indices, on_outcome) -> None:
        todo = iter(indices)
        busy = 0
        for w in self.workers:
            busy += self._feed(w, todo)
        while busy:
            ready = wait([w[1] for w in self.workers if w[2] is not None], timeout=1.0)
            now = time.monotonic()
            for w in self.workers:
                if w[2] is None:
                    continue
                index = w[2]
                if w[1] in ready:
                    try:
                        out = w[1].recv()
                    except (EOFError, OSError):
                        w[0].join(5)
                        out = Outcome(index, "died", f"worker died (exit {w[0].exitcode})", "")
                        self._replace(w)
                elif now - w[3] > self.timeout * (
                    6 if self.config.cli_every and index % self.config.cli_every == 0 else 1
                ):
                    out = Outcome(index, "hang", "hang (no answer in time)", "")
                    self._replace(w)
                else:
                    continue
                w[2] = None
                busy -= 1
                on_outcome(out)
                busy += self._feed(w, todo)

    def _feed(self, w, todo) -> int:
        index = next(todo, None)
        if index is None:
            return 0
        w[1].send(index)
        w[2], w[3] = index, time.monotonic()
        return 1

    def _replace(self, w) -> None:
        if w[0].is_alive():
            os.kill(w[0].pid, signal.SIGKILL)
        w[0].join()
        w[1].close()
        w[0], w[1], _, _ = self._spawn()

    def close(self) -> None:
        for w in self.workers:
            try:
                w[1].send(None)
            except OSError:
                pass
        for w in self.workers:
            w[0].join(10)
            if w[0].is_alive():
                os.kill(w[0].pid, signal.SIGKILL)
                w[0].join()


def _slug(signature: str) -> str:
    return re.sub(r"[^\w.-]+", "_", signature)[:100].strip("_")


def save_finding(out_dir: Path, tally: Tally, out: Outcome, mutator: Mutator) -> None:
    info = tally.findings.setdefault(out.signature, {"status": out.status, "count": 0, "first": out.index, "saved": []})
    info["count"] += 1
    if len(info["saved"]) >= 5:
        return
    data, seed_name = mutator.make(out.index)
    folder = out_dir / _slug(out.signature)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{out.index}.regime").write_bytes(data)
    (folder / f"{out.index}.txt").write_text(
        f"{out.signature}\nseed file: {seed_name}\ninput: {out.index}\n\n{out.detail}", encoding="utf-8"
    )
    info["saved"].append(str(folder / f"{out.index}.regime"))


def _warm_up() -> None:
    """Import and exercise clausegen once, so forked workers start warm."""
    from clausegen.api import compile_source
    from clausegen.source import SourceFile

    compile_source(SourceFile(NAME, (ROOT / "examples" / "acme-globex.regime").read_text(encoding="utf-8")))


def fuzz(args) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    _warm_up()
    out_dir = Path(args.out)
    if out_dir.exists() and not args.keep:
        # Empty only a findings folder (never, by a typo, some other folder).
        if any(out_dir.iterdir()) and not (out_dir / "summary.json").exists():
            print(
                f"{out_dir} is not empty and holds no summary.json: not a findings folder; use another --out or --keep"
            )
            return 2
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="clausegen-fuzz-")
    config = Config(args.seed, args.build_every, args.cli_every, args.memory, scratch)
    mutator = Mutator(load_seeds(), args.seed)
    tally = Tally()
    start = time.monotonic()
    print(
        f"fuzzing {args.n} inputs from {len(mutator.seeds)} seeds, seed {args.seed}, {args.jobs} workers, findings in {out_dir}",
        flush=True,
    )
    pool = Pool(args.jobs, config, args.timeout)
    try:
        for first in range(args.start, args.start + args.n, args.batch):
            batch = range(first, min(first + args.batch, args.start + args.n))
            before = dict(tally.counts)
            t0 = time.monotonic()

            def on_outcome(out: Outcome) -> None:
                tally.counts[out.status] += 1
                tally.built += out.built
                tally.cli += out.cli
                if out.status not in ("clean", "diagnostics"):
                    new = out.signature not in tally.findings
                    save_finding(out_dir, tally, out, mutator)
                    if new:
                        print(f"  new {out.status}: {out.signature} (input {out.index})", flush=True)

            pool.run(batch, on_outcome)
            got = {k: tally.counts[k] - before[k] for k in tally.counts}
            dt = time.monotonic() - t0
            print(
                f"batch {first}-{batch[-1]}: {_line(got)} ({dt:.0f} s, {len(batch) / dt:.0f} inputs/s)",
                flush=True,
            )
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    finally:
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - start
    total = sum(tally.counts.values())
    summary = f"{total} inputs: {_line(tally.counts)} ({elapsed:.0f} s, {args.jobs} workers, {total / elapsed / args.jobs:.0f} inputs/s per worker)"
    print(f"{tally.built} clean inputs built to Markdown, {tally.cli} run through the CLI")
    for sig, info in sorted(tally.findings.items(), key=lambda kv: -kv[1]["count"]):
        print(f"  {info['count']:6d}  {info['status']:8s} {sig}  (first: input {info['first']})")
    print(summary)
    (out_dir / "summary.json").write_text(
        json.dumps(
            {
                "seed": args.seed,
                "start": args.start,
                "n": args.n,
                "jobs": args.jobs,
                "seconds": round(elapsed, 1),
                "counts": tally.counts,
                "built": tally.built,
                "cli": tally.cli,
                "findings": tally.findings,
                "summary": summary,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    bad = sum(tally.counts[k] for k in ("crash", "badspan", "hang", "died"))
    return 1 if bad else 0


def _line(c: dict) -> str:
    return (
        f"{c['clean']} clean, {c['diagnostics']} with diagnostics, {c['crash']} crashes, {c['hang']} hangs"
        + (f", {c['badspan']} bad spans" if c["badspan"] else "")
        + (f", {c['died']} workers died" if c["died"] else "")
    )


# -- one file: replay and minimise ----------------------------------------------------------------


def _signature_of(data: bytes, build: bool = True, seconds: int = 10) -> Outcome:
    """Run one input in this process under an alarm (a timeout counts as a hang)."""
    work = Path(tempfile.mkdtemp(prefix="clausegen-fuzz-"))
    path = work / NAME
    path.write_bytes(data)

    def alarm(*_):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return run_one(path, 0, build)
    except TimeoutError:
        return Outcome(0, "hang", "hang (no answer in time)")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        shutil.rmtree(work, ignore_errors=True)


def _bare(signature: str) -> str:
    """A signature without line numbers (they shift as the file shrinks... and code changes)."""
    return re.sub(r":\d+ ", " ", signature)


def _ddmin(units: list[bytes], keeps) -> list[bytes]:
    """Delta debugging: drop chunks of units while `keeps` still holds."""
    n = 2
    while len(units) >= 2:
        chunk = max(1, len(units) // n)
        for i in range(0, len(units), chunk):
            candidate = units[:i] + units[i + chunk :]
            if candidate and keeps(candidate):
                units = candidate
                n = max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(units), n * 2)
    return units


def minimise(args) -> int:
    data = Path(args.file).read_bytes()
    target = _signature_of(data)
    if target.status in ("clean", "diagnostics"):
        print(f"{args.file}: {target.status}, nothing to minimise")
        return 1
    want = _bare(target.signature)
    print(f"{args.file}: {target.signature}")
    tries = 0

    def keeps(units: list[bytes]) -> bool:
        nonlocal tries
        tries += 1
        out = _signature_of(b"".join(units), seconds=args.timeout)
        return out.status == target.status and _bare(out.signature) == want

    lines = _ddmin(re.split(b"(?<=\n)", data), keeps)
    small = b"".join(lines)
    if not args.lines and len(small) < 4000:  # then byte by byte: smaller, less readable
        small = b"".join(_ddmin([bytes([b]) for b in small], keeps))
    print(f"{len(data)} -> {len(small)} bytes in {tries} runs")
    if args.output:
        Path(args.output).write_bytes(small)
        print(f"written to {args.output}")
    else:
        sys.stdout.write(small.decode("utf-8", "backslashreplace"))
    return 0


def replay(args) -> int:
    out = _signature_of(Path(args.file).read_bytes(), seconds=args.timeout)
    print(f"{args.file}: {out.status} {out.signature}")
    if out.detail:
        print(out.detail)
    return 0 if out.status in ("clean", "diagnostics") else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["minimise"], ["minimize"], ["replay"]):
        p = argparse.ArgumentParser(prog="fuzz.py " + argv[0])
        p.add_argument("file")
        p.add_argument("-o", "--output")
        p.add_argument("--timeout", type=int, default=10)
        p.add_argument("--lines", action="store_true", help="minimise by whole lines only (readable)")
        args = p.parse_args(argv[1:])
        return replay(args) if argv[0] == "replay" else minimise(args)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=100_000, help="number of inputs (default 100000)")
    p.add_argument("--seed", type=int, default=1, help="run seed: input i depends only on (seed, i)")
    p.add_argument("--start", type=int, default=0, help="first input number (to redo part of a run)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--batch", type=int, default=5000, help="inputs per progress line")
    p.add_argument("--build-every", type=int, default=50, help="build Markdown for 1 in K clean inputs (0: never)")
    p.add_argument(
        "--cli-every", type=int, default=0, help="also run 1 in K inputs through the CLI in a subprocess (0: never)"
    )
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one input may take (a hang is a finding)")
    p.add_argument("--memory", type=int, default=2048, help="memory limit of a worker in MB (0: none)")
    p.add_argument("--out", default=str(FINDINGS), help="findings folder (emptied first)")
    p.add_argument("--keep", action="store_true", help="do not empty the findings folder first")
    return fuzz(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
