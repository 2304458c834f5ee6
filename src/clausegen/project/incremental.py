"""One build of a library: which regimes are unchanged, and writing (or comparing) what the workers built.

BuildRun holds the state of one build_project: the cache's records, the
hashes of the inputs, and the results. Before building, `prepare` finds a
regime whose key and outputs are as recorded (unchanged) or makes its Task;
after building, `finish` writes the regime's folder at once
(outdir.replace_folder) with its build record, and records it in the cache,
or with check=True compares each file with the disk and says why it differs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..diagnostics import CompileError, DiagnosticJSON
from ..writers import WriterOptions
from . import cache
from .cache import KeyInputs, Record
from .jobs import Project, RegimeJob
from .pruning import Pruning
from .results import RegimeResult
from .worker import Reply, Task

#: A build's problem with one output file (check mode): (file, "stale" | "missing" | "extra", why).
Problem = tuple[Path, str, str]


class BuildRun(Pruning):
    """The state of one build_project: records, hashes, results."""

    def __init__(self, project: Project, check: bool, on_result: Callable[[RegimeResult], None] | None):
        from ..kinds import KINDS
        from ..writers import FORMATS

        self.project, self.check, self.on_result = project, check, on_result
        self.root = Path(project.root)
        self.cache_dir = Path(project.cache_dir)
        self.records = cache.read_records(self.cache_dir)
        self.hasher = cache.Hasher()
        self.resolved: dict[
            tuple[str, str | None, tuple[tuple[Path, ...], tuple[Path, ...]]], str | None
        ] = {}  # (library name, kind, folders) -> sha256 of its current text
        self.results: dict[int, RegimeResult] = {}
        self.managed = {f"{k}.{f}" for k in KINDS for f in FORMATS}  # the names a build writes
        self.epoch = _source_date_epoch()
        self.jobs_by_path = {cache.relative(job.path, self.root): job for job in project.jobs}

    # -- before building

    def prepare(self, index: int, job: RegimeJob, force: bool) -> RegimeResult | tuple[Task, KeyInputs]:
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

    def manifest(self, job: RegimeJob) -> Record | None:
        """The build record in the regime's output folder, if any."""
        return cache.read_manifest(Path(job.out_dir), self.managed)

    def unchanged(self, job: RegimeJob, rec: Record, inputs: KeyInputs) -> RegimeResult:
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

    def writer_options(self, job: RegimeJob) -> WriterOptions:
        """The writer options `clausegen build` gives for the same settings."""
        return {
            "draft": bool(job.draft),
            "reference_docx": str(job.reference_docx) if job.reference_docx else None,
            "source_date_epoch": self.epoch,
            "font_paths": tuple(str(p) for p in job.font_dirs),
        }

    def common_inputs(self, job: RegimeJob, data: bytes) -> KeyInputs:
        """The key's inputs other than the library files used."""
        from .. import __version__
        from ..resources import data_dir

        def rel(p: Path) -> str:
            return cache.relative(Path(p), self.root)

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

    def current_files(self, recorded: object, job: RegimeJob) -> dict[str, object]:
        """The recorded library files with their current hashes (None: gone or unreadable)."""
        out: dict[str, object] = {}
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

    def outputs_on_disk(self, job: RegimeJob, outputs: dict[str, dict[str, Any]]) -> bool:
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

    def extras(self, job: RegimeJob, produced: set[str]) -> list[Path]:
        """Files of the regime's folder that a build writes but this regime does not have now."""
        try:
            names = os.listdir(job.out_dir)
        except OSError:
            return []
        return [Path(job.out_dir) / n for n in sorted(names) if n in self.managed and n not in produced]

    # -- after building

    def finish(self, job: RegimeJob, reply: Reply, common: KeyInputs) -> None:
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

    def record(
        self, job: RegimeJob, key: str, inputs: KeyInputs, shas: dict[str, str], warnings: list[DiagnosticJSON]
    ) -> None:
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

    def compare(
        self, job: RegimeJob, files: dict[str, bytes], rec: Record | None, inputs: KeyInputs
    ) -> tuple[Problem, ...]:
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
        """Keep a regime's result, and pass it on."""
        self.results[index] = result
        if self.on_result:
            self.on_result(result)


def _why(old: KeyInputs | None, new: KeyInputs) -> str:
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


def _resolve(name: str, kind: str | None, job: RegimeJob) -> Path | None:
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


def _shown_name(path: Path | str) -> str:
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


def _source_text(path: Path) -> str:
    """A regime's text for its record ("" when it cannot be read as UTF-8 text now)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ""
    return data.decode("utf-8-sig", errors="replace") if len(data) <= 2_000_000 else ""
