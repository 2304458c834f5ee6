"""The library as a whole: which regimes a clausegen.toml names, and where each one's documents go.

LibraryLoader reads the library-wide settings (regimes, output, layout,
cache and the [regime."<glob>"] tables, CG144-CG147), matches the regime
files, and expands the layout into one RegimeJob per regime (CG149 when two
would share a folder), with the command line's overrides over the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostics import CompileError, did_you_mean
from ..kinds import KINDS
from .jobs import (
    ALL_FORMATS,
    CONFIG_NAME,
    DEFAULT_CACHE,
    DEFAULT_LAYOUT,
    DEFAULT_OUTPUT,
    DEFAULT_REGIMES,
    Project,
    RegimeJob,
)
from .settings import _REGIME_KEYS, Settings, SettingsReader, Table

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDERS = ("stem", "dir")


class LibraryLoader(SettingsReader):
    """One reading of a clausegen.toml into a Project: collects every diagnostic, then builds the jobs."""

    def load(self) -> Project:
        """The Project the file describes; CompileError with every diagnostic when it has mistakes."""
        table = self._parse() if self.config_file else {}
        self._check_keys(table)
        settings = self._settings(table, ())
        patterns = self._regime_patterns(table)
        output = self._output(table)
        layout = self._layout(table)
        cache = self._cache(table)
        overrides = self._override_tables(table)
        if self.diags.has_errors:
            raise CompileError(self.diags.sorted())
        paths = self._match_regimes(patterns, output, cache)
        jobs = self._jobs(paths, settings, overrides, output, layout)
        if self.diags.has_errors:
            raise CompileError(self.diags.sorted())
        return Project(self.root, self.config_file, output, cache, jobs, tuple(self.diags.sorted()))

    # -- the library as a whole ----------------------------------------------------------

    def _regime_patterns(self, table: Table) -> list[tuple[int, str]]:
        if "regimes" not in table:
            return [(-1, p) for p in DEFAULT_REGIMES]
        if isinstance(table["regimes"], dict):  # [regimes."x"] meant as [regime."x"]
            self._wrong_type(
                ("regimes",),
                table["regimes"],
                "a list of globs",
                'regimes = ["contracts/**/*.regime"]; the settings of one regime go in a table [regime."contracts/acme.regime"] (regime, not regimes)',
            )
            return []
        items = self._strings(table["regimes"], ("regimes",), '["contracts/**/*.regime"]')
        if items is None:
            return []
        if not items:
            self.error(
                "CG146",
                "`regimes` is empty: the library has no regimes",
                self.pos.value(("regimes",)),
                'list the regime files with globs, e.g. regimes = ["contracts/**/*.regime"], or remove the line for every .regime file in the folder',
            )
        out = []
        for i, pattern in enumerate(items):
            problem = _pattern_problem(pattern)
            if problem:
                self.error(
                    "CG144",
                    f"the glob `{pattern}` {problem}",
                    self.pos.element(("regimes",), i),
                    f'write globs relative to the folder of {CONFIG_NAME}, inside it, e.g. "contracts/**/*.regime"',
                )
            else:
                out.append((i, pattern))
        return out

    def _output(self, table: Table) -> Path:
        if "output" in self.overrides:
            return Path(self.overrides["output"])
        value = table.get("output", DEFAULT_OUTPUT)
        if not isinstance(value, str) or not value.strip():
            self._wrong_type(("output",), value, "a folder, in double quotes", 'output = "build"')
            return self.root / DEFAULT_OUTPUT
        problem = _inside_problem(value)
        if problem:
            self.error(
                "CG147",
                f"the output folder `{value}` {problem}",
                self.pos.value(("output",)),
                'clausegen replaces what is in the output folder and removes the documents of regimes no longer in the library: give a folder of its own inside the library, e.g. output = "build"',
            )
        return self.root / value

    def _layout(self, table: Table) -> str:
        value = table.get("layout", DEFAULT_LAYOUT)
        if not isinstance(value, str):
            self._wrong_type(
                ("layout",),
                value,
                "a pattern of folder names, in double quotes",
                'layout = "{stem}" or layout = "{dir}/{stem}"',
            )
            return DEFAULT_LAYOUT
        where = self.pos.value(("layout",))
        names = _PLACEHOLDER.findall(value)
        bad = [n for n in names if n not in _PLACEHOLDERS]
        if bad:
            hint = did_you_mean(bad[0], _PLACEHOLDERS).replace("`", "`{", 1).replace("`?", "}`?")
            self.error(
                "CG147",
                f"the layout `{value}` has `{{{bad[0]}}}`, which clausegen does not fill in",
                where,
                f'{hint + " " if hint else ""}a layout is made of {{stem}} (the regime\'s file name without .regime), {{dir}} (its folder) and fixed names, e.g. "{{dir}}/{{stem}}"'.strip(),
            )
        elif "stem" not in names:
            self.error(
                "CG147",
                f"the layout `{value}` has no {{stem}}: every regime would write into the same folder",
                where,
                'put {stem} in it, e.g. layout = "{stem}" or "{dir}/{stem}"',
            )
        else:
            problem = _inside_problem(_PLACEHOLDER.sub("x", value))
            if problem:
                self.error(
                    "CG147",
                    f"the layout `{value}` {problem.replace('folder', 'output folder')}",
                    where,
                    'a layout names a folder inside the output folder, e.g. "{stem}" or "{dir}/{stem}"',
                )
            else:
                return value
        return DEFAULT_LAYOUT

    def _cache(self, table: Table) -> Path:
        value = table.get("cache", DEFAULT_CACHE)
        if not isinstance(value, str) or not value.strip():
            self._wrong_type(("cache",), value, "a folder, in double quotes", 'cache = ".clausegen-cache"')
            return self.root / DEFAULT_CACHE
        return self._path(value)

    def _override_tables(self, table: Table) -> list[tuple[str, Settings]]:
        """The [regime."<glob>"] tables in the order written, each with its checked settings."""
        regime = table.get("regime", {})
        if not isinstance(regime, dict):
            self._wrong_type(
                ("regime",),
                regime,
                "a set of tables, one per regime or glob",
                '[regime."contracts/acme.regime"] and below it that regime\'s settings, e.g. formats = ["docx"]',
            )
            return []
        out = []
        for pattern, settings in regime.items():
            path = ("regime", pattern)
            if not isinstance(settings, dict):
                self._wrong_type(
                    path,
                    settings,
                    "a table of settings",
                    f'[regime."{pattern}"] and below it the settings for it, e.g. formats = ["docx"]',
                )
                continue
            problem = _pattern_problem(pattern)
            if problem:
                self.error(
                    "CG144",
                    f'[regime."{pattern}"]: the path or glob {problem}',
                    self.pos.key(path),
                    f'name a regime file or a glob relative to the folder of {CONFIG_NAME}, e.g. [regime."contracts/acme.regime"]',
                )
                continue
            for key in settings:
                if key not in _REGIME_KEYS:
                    self._unknown_key(
                        key, path + (key,), tuple(_REGIME_KEYS), f'a setting of one regime (in [regime."{pattern}"])'
                    )
            out.append((pattern, self._settings(settings, path)))
        return out

    # -- the regimes ---------------------------------------------------------------------

    def _match_regimes(self, patterns: list[tuple[int, str]], output: Path, cache: Path) -> list[Path]:
        """Every .regime file the globs match, once each, sorted by path; CG145/CG146 for nothing."""
        found: dict[str, Path] = {}
        empty = []
        for index, pattern in patterns:
            matched = self._glob(pattern, output, cache)
            if self.skipped and index >= 0 and (_has_magic(pattern) is False or not matched):
                # A glob written for regimes that are in the output folder or the cache.
                where = (
                    self.pos.value(("output",))
                    if ("output",) in self.pos.keys
                    else self.pos.element(("regimes",), index)
                )
                self.error(
                    "CG147",
                    f"the regime {self.skipped[0]} is inside the output folder or the cache, which clausegen replaces",
                    where,
                    'keep the regimes and the documents built from them in separate folders, e.g. regimes in contracts/ and output = "build"',
                )
                continue
            if not matched and index >= 0:
                empty.append((index, pattern))
            for rel, path in matched.items():
                found.setdefault(rel, path)
        if found:  # with no regime at all, CG146 below says it once
            for index, pattern in empty:
                self.warning(
                    "CG145",
                    f"the glob `{pattern}` matches no regime file",
                    self.pos.element(("regimes",), index),
                    "check the folder names and that the files end in .regime; globs are relative to the folder of clausegen.toml, and ** matches any depth of folders",
                )
        elif not self.diags.has_errors:
            where = self.pos.value(("regimes",)) if ("regimes",) in self.pos.keys else (1, 1, 1)
            self.error(
                "CG146",
                f"the library {self.root} has no regime files",
                where,
                'put .regime files in the folder, or list where they are: regimes = ["contracts/**/*.regime"]',
            )
        return [found[rel] for rel in sorted(found)]

    def _glob(self, pattern: str, output: Path, cache: Path) -> dict[str, Path]:
        """{relative POSIX path: path} of the .regime files `pattern` matches, inside the library.

        Files in hidden folders (.git, .venv), in the output folder and in the
        cache are never regimes of the library; nor is a file a symbolic link
        takes outside the library's folder.
        """
        root = self.root.resolve()
        skip = [p.resolve() for p in (output, cache)]
        self.skipped = []  # regime files left out for being in the output folder or the cache
        out: dict[str, Path] = {}
        try:
            candidates = list(self.root.glob(pattern))
        except (ValueError, NotImplementedError, OSError):
            return out
        for path in candidates:
            rel = path.relative_to(self.root)
            if path.suffix != ".regime" or any(part.startswith(".") for part in rel.parts[:-1]):
                continue
            try:
                real = path.resolve()
                if not path.is_file() or not real.is_relative_to(root):
                    continue
                if any(real.is_relative_to(s) for s in skip):
                    self.skipped.append(rel.as_posix())
                    continue
            except OSError:
                continue
            out[rel.as_posix()] = path
        return out

    def _jobs(
        self, paths: list[Path], settings: Settings, overrides: list[tuple[str, Settings]], output: Path, layout: str
    ) -> tuple[RegimeJob, ...]:
        base: Settings = {
            "kinds": KINDS,
            "formats": ALL_FORMATS,
            "clause_dirs": (),
            "template_dirs": (),
            "reference_docx": None,
            "font_dirs": (),
            "draft": False,
            "notified": None,
        }
        base.update(settings)
        per_path: dict[Path, Settings] = {p: dict(base) for p in paths}
        for pattern, extra in overrides:
            matched = self._glob(pattern, output, output) if _has_magic(pattern) else self._exact(pattern)
            hits = [p for p in paths if p.relative_to(self.root).as_posix() in matched]
            if not hits:
                self.warning(
                    "CG145",
                    f'[regime."{pattern}"] matches no regime of the library',
                    self.pos.key(("regime", pattern)),
                    "the table names a regime file, or a glob, relative to the folder of clausegen.toml, that `regimes` also includes",
                )
            for p in hits:
                per_path[p].update(extra)
        command_line = {k: _command_line_value(k, v) for k, v in self.overrides.items() if k in base}
        jobs: list[RegimeJob] = []
        folders: dict[str, Path] = {}
        for p in paths:
            values = {**per_path[p], **command_line}
            out_dir = output / _fill(layout, p.relative_to(self.root))
            job = RegimeJob(path=p, out_dir=out_dir, **values)
            # Capitals ignored: `Acme` and `acme` are one folder on Windows and
            # macOS, so a library is refused on every machine alike.
            key = os.path.normpath(out_dir).casefold()
            if key in folders:
                self.error(
                    "CG149",
                    f"{folders[key].relative_to(self.root).as_posix()} and {p.relative_to(self.root).as_posix()} would both write into {out_dir}",
                    self.pos.value(("layout",)) if ("layout",) in self.pos.keys else self.pos.value(("regimes",)),
                    'two regimes with the same file name in different folders need the folder in the layout: layout = "{dir}/{stem}"',
                )
            folders.setdefault(key, p)
            jobs.append(job)
        # One regime's folder inside another's: replacing the outer folder
        # whole would delete the inner one's documents.
        for key, p in folders.items():
            for parent in Path(key).parents:
                outer = folders.get(str(parent))
                if outer is not None:
                    self.error(
                        "CG149",
                        f"the documents of {p.relative_to(self.root).as_posix()} would go inside the folder of {outer.relative_to(self.root).as_posix()}",
                        self.pos.value(("layout",)) if ("layout",) in self.pos.keys else self.pos.value(("regimes",)),
                        "each regime needs a folder of its own, not one inside another's: rename the regime file or its folder, or change the layout",
                    )
                    break
        return tuple(jobs)

    def _exact(self, pattern: str) -> set[str]:
        return {PurePosixPath(os.path.normpath(pattern).replace(os.sep, "/")).as_posix()}


def _fill(layout: str, rel: Path) -> str:
    parent = rel.parent.as_posix()
    text = layout.replace("{stem}", rel.stem).replace("{dir}", "" if parent == "." else parent)
    return os.path.normpath(text)  # "{dir}/{stem}" for a regime at the top is just "<stem>"


def _command_line_value(key: str, value: Any) -> Any:
    """A command-line value in the type RegimeJob holds (paths as Path, lists as tuples)."""
    if key in ("clause_dirs", "template_dirs", "font_dirs"):
        return tuple(Path(v) for v in value)
    if key == "reference_docx":
        return Path(value)
    if key in ("kinds", "formats"):
        return tuple(value)
    if key == "draft":
        return bool(value)
    return value


def _has_magic(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def _pattern_problem(pattern: str) -> str:
    """Why a glob cannot be used ("" when it can): it must stay inside the library's folder."""
    if not pattern.strip():
        return "is empty"
    if "\\" in pattern:
        return "has a backslash; write folders with / on every system"
    if any("**" in part and part != "**" for part in pattern.split("/")):
        return "has ** inside a name; ** stands alone for any depth of folders, as in contracts/**/*.regime"
    return _inside_problem(pattern)


def _inside_problem(text: str) -> str:
    """Why a relative path written in the file leaves the library's folder ("" when it does not)."""
    p = PurePosixPath(text)
    if p.is_absolute() or re.match(r"^[A-Za-z]:", text) or text.startswith("~"):
        return "is not inside the library's folder (it must be relative to it)"
    if ".." in p.parts:
        return "leaves the library's folder (`..`)"
    if not p.parts or p.parts == (".",):
        return "is the library's folder itself"
    return ""
