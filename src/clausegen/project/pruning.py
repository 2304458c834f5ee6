"""Removing (or, when checking, reporting) the outputs of regimes a library no longer has."""

from __future__ import annotations

import os
from pathlib import Path

from . import cache
from .jobs import Project, RegimeJob
from .results import RegimeResult

#: how many entries of the output folder a build looks through for build records of removed regimes
MAX_WALK = 200_000


class Pruning:
    """The part of a build that finds and removes the files of regimes no longer in the project."""

    project: Project
    check: bool
    root: Path
    cache_dir: Path
    records: dict[str, cache.Record]
    managed: set[str]
    jobs_by_path: dict[str, RegimeJob]

    def remove(self, files: list[Path]) -> None:
        """Delete files of the output folder (gone already is fine); OutputProblem when one cannot go."""
        from ..outdir import OutputProblem, plain_reason

        for f in files:
            try:
                f.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise OutputProblem(f, plain_reason(exc)) from None

    def current_dirs(self) -> set[str]:
        """The output folders the project's regimes write, relative to the library."""
        return {cache.relative(job.out_dir, self.root) for job in self.project.jobs}

    def recorded_files(self, rec: cache.Record) -> list[Path]:
        """The files a record lists that are still on disk (none in a folder a current regime writes)."""
        if rec.out_dir in self.current_dirs():
            return []
        folder = self.root / rec.out_dir
        return [
            folder / n for n in sorted(rec.outputs) if "/" not in n and n in self.managed and (folder / n).is_file()
        ]

    def remove_outputs(self, rec: cache.Record) -> list[Path]:
        """Remove a record's files (and its folder when that leaves it empty); the files removed."""
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

    def orphans(self) -> list[tuple[cache.Record, str]]:
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

    def folder_records(self) -> list[cache.Record]:
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
