"""Building a whole library of regimes: in parallel, incrementally, or checking.

build_project() builds every regime of a Project (see project.config) with
one pool of worker processes for the whole library. Each worker keeps its
clause library, with its compiled templates, for its whole life
(project.worker); per regime it compiles the source, assembles the documents
and runs every writer, and sends back the files' bytes. This process writes
each regime's folder at once (outdir.replace_folder) and its record in the
cache (project.cache). One broken regime does not stop the others: its
diagnostics come back in its result and the rest are built.

A regime whose key (a hash of everything its documents depend on: see
project.cache) is the one recorded, and whose outputs are on disk as they
were written, is not built again ("unchanged"). With check=True nothing is
written: regimes are built in memory (the unchanged ones skipped the same
way) and each file compared with the disk.

RegimeJob and Project come from project.config; this module only reads
their fields.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import CompileError, Diagnostic
from . import cache
from .worker import Reply, Task

#: how many entries of the output folder a build looks through for build records of removed regimes
MAX_WALK = 200_000
#: pool replies seen in the last build_project (test hook): (pid, libraries the worker had made, cpu seconds)
WORKER_STATS: list[tuple[int, int, float]] = []


@dataclass(frozen=True)
class RegimeResult:
    """What happened to one regime.

    status: "built", "unchanged" or "failed" in a build; "current", "stale"
    or "failed" with check=True; "removed" for a regime no longer in the
    project whose outputs a build removed. outputs: (file, sha256) of every
    file the regime has now (check mode: would have). problems (check mode):
    (file, "stale" | "missing" | "extra", why), why naming the input that
    made it so.
    """

    path: Path
    status: str
    outputs: tuple[tuple[Path, str], ...]
    seconds: float
    warnings: tuple[Diagnostic, ...]
    errors: tuple[Diagnostic, ...]
    problems: tuple[tuple[Path, str, str], ...] = ()


def build_project(
    project,
    workers: int,
    force: bool = False,
    check: bool = False,
    on_result: Callable[[RegimeResult], None] | None = None,
    on_start: Callable[[object], None] | None = None,
    prune: bool = True,
) -> list[RegimeResult]:
    """Build (or with check=True, compare) every regime of `project`; results in job order.

    `workers` processes build the regimes (1: all in this process); `force`
    rebuilds regimes whose key has not changed. on_start(job) is called as a
    regime is handed to a worker (or found unchanged), on_result(result) as
    it is done. With `prune` (the default), the outputs of regimes the cache
    recorded but the project no longer has are removed (check mode: reported
    as extra files, in results after the jobs'); pass prune=False when
    building only a share of the library (--shard). Output problems raise
    outdir.OutputProblem; a source that cannot be read raises OSError.
    """
    from .worker import forget_libraries

    forget_libraries()  # files may have changed since an earlier build in this process
    WORKER_STATS.clear()
    run = _Run(project, check, on_result)
    pending: list[tuple[int, object, Task, dict]] = []
    for index, job in enumerate(project.jobs):
        started = time.perf_counter()
        prepared = run.prepare(index, job, force)
        if isinstance(prepared, RegimeResult):  # unchanged, or a source too large to read
            if on_start:
                on_start(job)
            run.done(index, _timed(prepared, time.perf_counter() - started))
            continue
        pending.append((index, job, *prepared))
    _dispatch(run, pending, workers, on_start)
    results = [run.results[i] for i in range(len(project.jobs))]
    if prune:
        results += run.prune()
    return results


def _timed(result: RegimeResult, seconds: float) -> RegimeResult:
    from dataclasses import replace

    return replace(result, seconds=seconds)


# -- running the tasks ----------------------------------------------------------------


def _dispatch(run: _Run, pending: list, workers: int, on_start) -> None:
    """Build the pending regimes: in a pool of `workers` processes, or here."""
    from .worker import build

    pool = None
    if workers > 1 and len(pending) > 1:
        from ..render import preload

        preload(sorted({fmt for _, _, task, _ in pending for fmt in task.formats}))
        pool = _pool(min(workers, len(pending)))
    if pool is None:
        for _index, job, task, inputs in pending:
            if on_start:
                on_start(job)
            run.finish(job, build(task), inputs)
        return
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    from ..render import WorkerFailure, _signals_held
    from .worker import build_aside

    queue = list(reversed(pending))
    running: dict = {}
    broken: list = []
    try:
        while queue or running:
            while queue and len(running) < 2 * workers and not broken:
                item = queue.pop()
                if on_start:
                    on_start(item[1])
                with _signals_held():  # a submit may fork a worker
                    running[pool.submit(build_aside, item[2])] = item
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item = running.pop(future)
                try:
                    reply = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    broken.append(item)
                    continue
                except WorkerFailure as failure:
                    failure.reraise()
                WORKER_STATS.append((reply.pid, reply.libraries_made, reply.cpu))
                run.finish(item[1], reply, item[3])
            if broken and not running:
                break
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    # What a dead pool did not build is built here, one after another.
    for _index, job, task, inputs in sorted(broken + list(reversed(queue)), key=lambda item: item[0]):
        run.finish(job, build(task), inputs)


def _pool(workers: int):
    """A process pool whose workers die with this process and leave Ctrl-C to it; None if none can be made."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..render import _can_fork

    # fork shares this process's imports; spawn where forking is unsafe (threads, Typst loaded)
    method = "fork" if _can_fork() else "spawn"
    try:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )
    except (OSError, ImportError, NotImplementedError, ValueError):
        return None  # no semaphores here (some sandboxes): build in this process


def _worker_start(parent: int) -> None:
    from ..render import _worker_start as start
    from . import worker

    start(parent)
    worker.forget_libraries()
    worker.LIBRARIES_MADE = 0


def stop_pool(pool) -> None:
    """End a pool's workers now (interrupted or failed): render.stop_pool, one rule for both."""
    from ..render import stop_pool as stop

    stop(pool)


# -- one build ------------------------------------------------------------------------


class _Run:
    """The state of one build_project: records, hashes, results."""

    def __init__(self, project, check: bool, on_result):
        from ..docmodel import KINDS
        from ..writers import FORMATS

        self.project, self.check, self.on_result = project, check, on_result
        self.root = Path(project.root)
        self.cache_dir = Path(project.cache_dir)
        self.records = cache.read_records(self.cache_dir)
        self.hasher = cache.Hasher()
        self.resolved: dict = {}  # (library name, kind, folders) -> sha256 of its current text
        self.results: dict[int, RegimeResult] = {}
        self.managed = {f"{k}.{f}" for k in KINDS for f in FORMATS}  # the names a build writes
        self.epoch = _source_date_epoch()
        self.jobs_by_path = {cache.relative(job.path, self.root): job for job in project.jobs}

    # -- before building

    def prepare(self, index: int, job, force: bool):
        """An unchanged result, or (task, inputs without files) to build."""
        from ..api import _too_large
        from ..language.parser import MAX_BYTES
        from ..source import FileTooLarge, read_limited

        try:
            data = read_limited(job.path, MAX_BYTES)
        except FileTooLarge as exc:
            try:
                _too_large(_shown_name(job.path), exc.size)
            except CompileError as err:
                return RegimeResult(Path(job.path), "failed", (), 0.0, (), tuple(err.diagnostics))
        common = self.common_inputs(job, data)
        rel, out_rel = cache.relative(job.path, self.root), cache.relative(job.out_dir, self.root)
        # The cache's record first (it knows the files' times, so outputs are
        # not read again), then the record in the output folder (a fresh clone).
        for rec in () if force else (self.records.get(rel), self.manifest(job)):
            if rec is None or rec.regime != rel or rec.out_dir != out_rel:
                continue
            inputs = dict(common, files=self.current_files(rec.inputs.get("files"), job))
            if cache.key_of(inputs) == rec.key and self.outputs_on_disk(job, rec.outputs):
                return self.unchanged(job, rec, inputs)
        task = Task(
            index,
            _shown_name(job.path),
            data,
            tuple(job.kinds),
            tuple(job.formats),
            tuple(Path(p) for p in job.clause_dirs),
            tuple(Path(p) for p in job.template_dirs),
            job.notified,
            self.writer_options(job),
        )
        return task, common

    def manifest(self, job):
        """The build record in the regime's output folder, if any."""
        return cache.read_manifest(Path(job.out_dir), self.managed)

    def unchanged(self, job, rec, inputs: dict) -> RegimeResult:
        """The result of a regime whose key and outputs are as recorded: nothing to build."""
        extras = self.extras(job, set(rec.outputs))
        outputs = tuple((Path(job.out_dir) / n, o["sha256"]) for n, o in sorted(rec.outputs.items()))
        warnings = cache.warnings_from_json(rec.warnings, self.root, _shown_name)
        if self.check:
            problems = tuple((f, "extra", "the regime does not have this document in this format") for f in extras)
            return RegimeResult(
                Path(job.path), "stale" if problems else "current", outputs, 0.0, warnings, (), problems
            )
        self.remove(extras)
        if rec is not self.records.get(rec.regime):  # known from the folder's record: remember the times now
            self.record(job, rec.key, inputs, {n: o["sha256"] for n, o in rec.outputs.items()}, rec.warnings)
        else:  # the folder's record goes with the documents: put it back if it went missing
            manifest = cache.manifest_bytes(rec)
            path = Path(job.out_dir) / cache.MANIFEST
            try:
                same = path.read_bytes() == manifest
            except OSError:
                same = False
            if not same:
                from ..outdir import OutputProblem, plain_reason, replace_file

                try:
                    replace_file(path, manifest)
                except OSError as exc:
                    raise OutputProblem(path, plain_reason(exc)) from None
        return RegimeResult(Path(job.path), "unchanged", outputs, 0.0, warnings, ())

    def writer_options(self, job) -> dict:
        """The writer options `clausegen build` gives for the same settings."""
        return {
            "draft": bool(job.draft),
            "reference_docx": str(job.reference_docx) if job.reference_docx else None,
            "source_date_epoch": self.epoch,
            "font_paths": tuple(str(p) for p in job.font_dirs),
        }

    def common_inputs(self, job, data: bytes) -> dict:
        """The key's inputs other than the library files used."""
        from .. import __version__
        from ..resources import data_dir

        rel = lambda p: cache.relative(Path(p), self.root)  # noqa: E731
        libraries = {}
        for i, d in enumerate(job.clause_dirs):
            libraries[f"clauses {i}"] = self.hasher.listing(Path(d), ".md", deep=True)
        libraries["builtin clauses"] = self.hasher.listing(data_dir("clauses"), ".md", deep=True)
        for i, d in enumerate(job.template_dirs):
            libraries[f"templates {i}"] = self.hasher.listing(Path(d), ".toml", deep=False)
        libraries["builtin templates"] = self.hasher.listing(data_dir("templates"), ".toml", deep=False)
        formats = tuple(job.formats)
        return {
            "source": cache.sha256_bytes(data),
            "clausegen": __version__,
            "code": cache.code_sha(),
            "packages": cache.package_versions(),
            "options": {
                "kinds": list(job.kinds),
                "formats": list(formats),
                "draft": bool(job.draft),
                "notified": job.notified.isoformat() if job.notified else None,
                "out_dir": rel(job.out_dir),
                "clause_dirs": [rel(p) for p in job.clause_dirs],
                "template_dirs": [rel(p) for p in job.template_dirs],
                "source_date_epoch": self.epoch,
            },
            "libraries": libraries,
            "reference_docx": self.hasher.file(Path(job.reference_docx))
            if job.reference_docx and "docx" in formats
            else None,
            "fonts": self.hasher.fonts(tuple(Path(p) for p in job.font_dirs))
            if job.font_dirs and "pdf" in formats
            else None,
        }

    def current_files(self, recorded, job) -> dict:
        """The recorded library files with their current hashes (None: gone or unreadable)."""
        out = {}
        if not isinstance(recorded, dict):
            return {"?": None}
        folders = (tuple(job.clause_dirs), tuple(job.template_dirs))
        for name, entry in recorded.items():
            kind = entry.get("kind") if isinstance(entry, dict) else None
            found = self.resolved.get((name, kind, folders), False)
            if found is False:  # each library file is found and hashed once per build
                path = _resolve(name, kind, job)
                found = self.resolved[name, kind, folders] = self.hasher.text(path) if path else None
            out[name] = {"kind": kind, "sha256": found}
        return out

    def outputs_on_disk(self, job, outputs: dict) -> bool:
        """Whether every recorded output is on disk with its recorded bytes."""
        for name, o in outputs.items():
            path = Path(job.out_dir) / name
            try:
                st = path.stat()
            except OSError:
                return False
            if st.st_size != o.get("size"):
                return False
            if st.st_mtime_ns == o.get("mtime_ns"):
                continue  # as written: not read again
            if self.hasher.file(path) != o.get("sha256"):
                return False
        return True

    def extras(self, job, produced: set[str]) -> list[Path]:
        """Files of the regime's folder that a build writes but this regime does not have now."""
        try:
            names = os.listdir(job.out_dir)
        except OSError:
            return []
        return [Path(job.out_dir) / n for n in sorted(names) if n in self.managed and n not in produced]

    def remove(self, files: list[Path]) -> None:
        from ..outdir import OutputProblem, plain_reason

        for f in files:
            try:
                f.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise OutputProblem(f, plain_reason(exc)) from None

    # -- after building

    def finish(self, job, reply: Reply, common: dict) -> None:
        """Write (or compare) what a worker built, and record it."""
        index = reply.index
        if reply.errors:
            self.done(index, RegimeResult(Path(job.path), "failed", (), reply.seconds, reply.warnings, reply.errors))
            return
        files_used = {
            name: {"kind": e.kind, "sha256": e.sha256} for kind in reply.used for name, e in reply.used[kind].items()
        }
        inputs = dict(common, files=dict(sorted(files_used.items())))
        out_dir = Path(job.out_dir)
        outputs = tuple((out_dir / n, cache.sha256_bytes(b)) for n, b in reply.files.items())
        rel = cache.relative(job.path, self.root)
        rec = self.records.get(rel) or self.manifest(job)
        if self.check:
            problems = self.compare(job, reply.files, rec, inputs)
            status = "stale" if problems else "current"
            self.done(index, RegimeResult(Path(job.path), status, outputs, reply.seconds, reply.warnings, (), problems))
            return
        from ..outdir import replace_folder

        key, warnings = cache.key_of(inputs), cache.warnings_to_json(reply.warnings, self.root)
        sizes = {n: {"sha256": sha, "size": len(reply.files[n])} for n, (_, sha) in zip(reply.files, outputs)}
        manifest = cache.manifest_bytes(
            cache.Record(rel, cache.relative(out_dir, self.root), key, inputs, sizes, warnings)
        )
        replace_folder(out_dir, {**reply.files, cache.MANIFEST: manifest})
        self.remove(self.extras(job, set(reply.files)))
        if rec is not None and rec.out_dir != cache.relative(out_dir, self.root):
            self.remove_outputs(rec)  # the layout moved this regime's folder
        self.record(job, key, inputs, {n: sha for n, (_, sha) in zip(reply.files, outputs)}, warnings)
        self.done(index, RegimeResult(Path(job.path), "built", outputs, reply.seconds, reply.warnings, ()))

    def record(self, job, key: str, inputs: dict, shas: dict, warnings: list) -> None:
        """Write the cache's record of a regime whose outputs are on disk as `shas` say."""
        recorded = {}
        for name, sha in sorted(shas.items()):
            st = (Path(job.out_dir) / name).stat()
            recorded[name] = {"sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        rel = cache.relative(job.path, self.root)
        record = cache.Record(
            rel, cache.relative(job.out_dir, self.root), key, inputs, recorded, warnings, _source_text(job.path)
        )
        cache.write_record(self.cache_dir, record)
        self.records[rel] = record

    def compare(self, job, files: dict, rec, inputs: dict) -> tuple:
        """Check mode: each file's state on disk against what the build gave, and why."""
        problems = []
        why = _why(rec.inputs if rec else None, inputs)
        for name, data in files.items():
            path = Path(job.out_dir) / name
            try:
                same = path.stat().st_size == len(data) and path.read_bytes() == data
            except FileNotFoundError:
                problems.append(
                    (
                        path,
                        "missing",
                        "it was deleted since it was built" if rec and name in rec.outputs else "it has not been built",
                    )
                )
                continue
            except OSError:
                same = False
            if not same:
                if rec and name in rec.outputs and cache.key_of(inputs) == rec.key:
                    reason = "the file was changed since it was built"
                else:
                    reason = why
                problems.append((path, "stale", reason))
        for path in self.extras(job, set(files)):
            problems.append((path, "extra", "the regime does not have this document in this format"))
        if rec is not None and rec.out_dir != cache.relative(job.out_dir, self.root):
            for path in self.recorded_files(rec):
                problems.append((path, "extra", "the regime's documents now go to another folder"))
        return tuple(problems)

    def done(self, index: int, result: RegimeResult) -> None:
        self.results[index] = result
        if self.on_result:
            self.on_result(result)

    # -- regimes no longer in the project

    def current_dirs(self) -> set[str]:
        return {cache.relative(job.out_dir, self.root) for job in self.project.jobs}

    def recorded_files(self, rec) -> list[Path]:
        """The files a record lists that are still on disk (none in a folder a current regime writes)."""
        if rec.out_dir in self.current_dirs():
            return []
        folder = self.root / rec.out_dir
        return [
            folder / n for n in sorted(rec.outputs) if "/" not in n and n in self.managed and (folder / n).is_file()
        ]

    def remove_outputs(self, rec) -> list[Path]:
        files = self.recorded_files(rec)
        self.remove(files)
        folder = self.root / rec.out_dir
        if files:
            self.remove([folder / cache.MANIFEST])
            try:
                folder.rmdir()  # only when nothing else is in it
            except OSError:
                pass
        return files

    def prune(self) -> list[RegimeResult]:
        """Remove (check mode: report) the outputs of recorded regimes the project no longer has.

        The records are the cache's and the output folders' own (a fresh
        clone has only those); a folder a regime used to write before the
        layout moved it counts too.
        """
        out = []
        for rec, why in self.orphans():
            path = self.root / rec.regime
            if self.check:
                files = self.recorded_files(rec)
                if files:
                    out.append(RegimeResult(path, "stale", (), 0.0, (), (), tuple((f, "extra", why) for f in files)))
                continue
            files = self.remove_outputs(rec)
            if rec.regime not in self.jobs_by_path:
                cache.remove_record(self.cache_dir, rec.regime)
            out.append(
                RegimeResult(
                    path, "removed", tuple((f, str(rec.outputs[f.name].get("sha256", ""))) for f in files), 0.0, (), ()
                )
            )
        return out

    def orphans(self) -> list:
        """(record, why) for each recorded folder no current regime writes."""
        out, seen = [], set()
        for rec in [*self.records.values(), *self.folder_records()]:
            if (rec.regime, rec.out_dir) in seen:
                continue
            seen.add((rec.regime, rec.out_dir))
            job = self.jobs_by_path.get(rec.regime)
            if job is None:
                out.append((rec, f"the regime {rec.regime} is no longer in the library"))
            elif rec.out_dir != cache.relative(job.out_dir, self.root) and rec is not self.records.get(rec.regime):
                # (the cache's own record of a moved folder is dealt with as the regime is built)
                out.append((rec, "the regime's documents now go to another folder"))
        return sorted(out, key=lambda item: (item[0].regime, item[0].out_dir))

    def folder_records(self) -> list:
        """The build records in the output folder's regime folders (a fresh clone has no cache).

        A record counts only where it lies in the folder it names, so one
        copied elsewhere cannot make a build remove another folder's files.
        """
        found = []
        seen = 0
        # a folder a current regime writes, or one the cache knows, is no orphan to find
        known = self.current_dirs() | {rec.out_dir for rec in self.records.values()}
        for folder, dirs, names in os.walk(Path(self.project.output)):
            seen += len(dirs) + len(names)
            if seen > MAX_WALK:
                break
            dirs.sort()
            if cache.MANIFEST in names and cache.relative(Path(folder), self.root) not in known:
                rec = cache.read_manifest(Path(folder), self.managed)
                if rec is not None and rec.out_dir == cache.relative(Path(folder), self.root):
                    found.append(rec)
        return found


def _why(old: dict | None, new: dict) -> str:
    """Which inputs differ between a record and now, in words."""
    if old is None:
        return "no earlier build of this regime is recorded, and the file differs from what it gives now"
    reasons = []
    if old.get("source") != new["source"]:
        reasons.append("the source changed")
    if old.get("clausegen") != new["clausegen"]:
        reasons.append(f"clausegen version changed ({old.get('clausegen')} to {new['clausegen']})")
    elif old.get("code") != new["code"]:
        reasons.append("clausegen's code changed")
    old_packages = old.get("packages") or {}
    for name, version in new["packages"].items():
        if old_packages.get(name) != version:
            reasons.append(f"{name} version changed ({old_packages.get(name)} to {version})")
    old_options = old.get("options") or {}
    changed = [k for k in new["options"] if old_options.get(k) != new["options"][k]]
    if changed:
        reasons.append(f"the options changed ({', '.join(changed)})")
    old_libraries = old.get("libraries") or {}
    for name, sha in new["libraries"].items():
        if old_libraries.get(name) != sha:
            reasons.append(f"a file was added to or removed from the {name} library")
    if old.get("reference_docx") != new["reference_docx"]:
        reasons.append("the reference DOCX changed")
    if old.get("fonts") != new["fonts"]:
        reasons.append("the fonts changed")
    old_files = old.get("files") or {}
    for name, entry in new["files"].items():
        kind = entry["kind"] if entry["kind"] != "data" else "data"
        if name not in old_files:
            reasons.append(f"{kind} file {name} is now used")
        elif old_files[name].get("sha256") != entry["sha256"]:
            reasons.append(f"{kind} file {name} changed")
    for name in old_files:
        if name not in new["files"]:
            reasons.append(f"{name} is no longer used")
    return "; ".join(reasons) or "the file was changed since it was built"


def _resolve(name: str, kind: str | None, job) -> Path | None:
    """The file a library name stands for, with the job's folders, as the library finds it."""
    from ..resources import data_dir

    if name.startswith("builtin/"):
        rest = name[len("builtin/") :]
        return data_dir("templates" if kind == "template" else "clauses") / rest
    if name.startswith("org:"):
        rest = name[len("org:") :]
        roots = job.template_dirs if kind == "template" else job.clause_dirs
        for root in roots:
            candidate = Path(root) / rest
            if os.path.lexists(candidate):
                return candidate
    return None


def _shown_name(path) -> str:
    """The regime's name in diagnostics: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, as `clausegen build` reads it (reproducible outputs)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else None


def _source_text(path) -> str:
    """A regime's text for its record ("" when it cannot be read as UTF-8 text now)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    return data.decode("utf-8-sig", errors="replace") if len(data) <= 2_000_000 else ""
