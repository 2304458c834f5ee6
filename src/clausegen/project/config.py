"""`clausegen.toml`: a folder of regimes built as one library.

`load_project` reads the file (with tomllib) into a Project: one RegimeJob per
regime file the `regimes` globs match, each with its own output folder and
options (the file's settings, then its `[regime."<glob>"]` tables in the
order written, then the command line, which wins). Every problem in the file
is a Diagnostic at clausegen.toml:line:column (CG140-CG149, see
docs/diagnostics.md), all of them reported in one pass. `shard` cuts the jobs
into the stable, balanced shares a CI matrix builds. docs/library.md is the
reference of the file.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostics import CompileError, Diagnostic, Diagnostics, did_you_mean
from ..docmodel import KINDS
from ..source import Span, byte_position, toml_mistake
from ..writers import FORMATS
from .tomlpos import Positions, scan

CONFIG_NAME = "clausegen.toml"
DEFAULT_REGIMES = ("**/*.regime",)
DEFAULT_OUTPUT = "build"
DEFAULT_LAYOUT = "{stem}"
DEFAULT_CACHE = ".clausegen-cache"
#: Every format, in the order the command line lists them.
ALL_FORMATS = tuple(f for f in ("docx", "pdf", "html", "md") if f in FORMATS) + tuple(
    f for f in FORMATS if f not in ("docx", "pdf", "html", "md")
)

# The settings a regime can have, each as (key in the file, name in RegimeJob and in overrides).
_REGIME_KEYS = {
    "documents": "kinds",
    "formats": "formats",
    "clauses": "clause_dirs",
    "templates": "template_dirs",
    "reference-docx": "reference_docx",
    "fonts": "font_dirs",
    "draft": "draft",
    "notified": "notified",
}
# Settings of the library as a whole (not allowed in a [regime."..."] table).
_LIBRARY_KEYS = ("regimes", "output", "layout", "cache", "regime")
# Names a CI engineer may reach for, from the command line or other tools.
_SYNONYMS = {
    "kinds": "documents",
    "doc": "documents",
    "docs": "documents",
    "document": "documents",
    "format": "formats",
    "clause-dirs": "clauses",
    "clause_dirs": "clauses",
    "template-dirs": "templates",
    "template_dirs": "templates",
    "reference_docx": "reference-docx",
    "reference": "reference-docx",
    "font-dir": "fonts",
    "font-dirs": "fonts",
    "font_dirs": "fonts",
    "out": "output",
    "out-dir": "output",
    "output-dir": "output",
    "cache-dir": "cache",
    "cache_dir": "cache",
    "include": "regimes",
    "files": "regimes",
    "regimes-dir": "regimes",
    "overrides": "regime",
    "regime-overrides": "regime",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDERS = ("stem", "dir")


@dataclass(frozen=True)
class RegimeJob:
    """One regime of a library and how to build it."""

    path: Path  # the .regime file
    out_dir: Path  # the folder its documents go into, e.g. OUTPUT/<stem>/
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    clause_dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]
    reference_docx: Path | None
    font_dirs: tuple[Path, ...]
    draft: bool
    notified: date | None = None


@dataclass(frozen=True)
class Project:
    """A library: its folder, its clausegen.toml (None when it has none) and its jobs, sorted by path.

    `warnings` holds the file's warning-level diagnostics (a glob or a
    [regime."..."] table that matches no regime, CG145): the caller prints
    them; they never stop a build.
    """

    root: Path
    config_file: Path | None
    output: Path
    cache_dir: Path
    jobs: tuple[RegimeJob, ...]
    warnings: tuple[Diagnostic, ...] = ()


def find_project(start: Path) -> Path | None:
    """The folder holding clausegen.toml: `start` itself when it is such a folder, else None.

    Like black and ruff, a folder above `start` is not searched: a library is
    built from its own folder (`clausegen build` there, or `clausegen build DIR`).
    """
    start = Path(start)
    return start if start.is_dir() and (start / CONFIG_NAME).is_file() else None


def load_project(folder: Path, overrides: dict | None = None) -> Project:
    """The library in `folder`, with command-line `overrides` over its clausegen.toml.

    `overrides` may hold "output", "kinds", "formats", "clause_dirs",
    "template_dirs", "reference_docx", "font_dirs", "draft" and "notified";
    a key that is absent, None, an empty tuple or False was not given on the
    command line (no option can ask for "no folders" or "not a draft", so
    click's defaults for unused options can be passed as they are; but
    `--doc`/`--format` must give None, not every choice, when not used). They
    apply to every regime, over the file and its [regime."..."] tables, and
    their paths are taken as given (relative to the current folder), as
    every command-line path is. A folder without clausegen.toml is a library
    of every .regime file under it, with the defaults.

    A clausegen.toml that cannot be read raises OSError (exit 2 with its
    path); one with mistakes raises CompileError with every diagnostic.
    """
    root = Path(folder)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None and v is not False and v != () and v != []}
    config_file = root / CONFIG_NAME
    if config_file.is_file():
        return _Loader(root, config_file, config_file.read_bytes(), overrides).load()
    return _Loader(root, None, b"", overrides).load()


def shard(jobs: Iterable[RegimeJob], index: int, count: int) -> tuple[RegimeJob, ...]:
    """Share `index` (1-based) of `count`: every count-th job by path, starting at the index-th.

    The jobs are first sorted by their path (as a POSIX string), so the
    shares do not depend on the order the file system lists files in; dealing
    them round-robin makes the shares differ in size by at most one, and the
    `count` shares together hold every job exactly once. ValueError (a usage
    problem, exit 2) when index is not between 1 and count.
    """
    if isinstance(count, bool) or isinstance(index, bool) or not isinstance(count, int) or not isinstance(index, int):
        raise ValueError(f"--shard takes I/N, two whole numbers; got {index}/{count}")
    if count < 1:
        raise ValueError(f"--shard {index}/{count}: the number of shards N must be at least 1")
    if not 1 <= index <= count:
        raise ValueError(f"--shard {index}/{count}: the shard I must be between 1 and {count} (I/N counts from 1)")
    ordered = sorted(jobs, key=lambda job: Path(job.path).as_posix())
    return tuple(ordered[index - 1 :: count])


def parse_shard(text: str) -> tuple[int, int]:
    """`"2/4"` as (2, 4); ValueError with a clear message for anything else (for the CLI's --shard)."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise ValueError(f"--shard takes I/N, e.g. 1/4 for the first of four shards; got {text!r}")
    index, count = int(m.group(1)), int(m.group(2))
    if count < 1:
        raise ValueError(f"--shard {text}: the number of shards N must be at least 1")
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: the shard I must be between 1 and {count} (I/N counts from 1)")
    return index, count


# -- reading the file ---------------------------------------------------------------


class _Loader:
    """One reading of a clausegen.toml: collects every diagnostic, then builds the Project."""

    def __init__(self, root: Path, config_file: Path | None, data: bytes, overrides: dict):
        self.root = root
        self.config_file = config_file
        self.name = str(config_file) if config_file else CONFIG_NAME
        self.data = data
        self.overrides = overrides
        self.diags = Diagnostics()
        self.pos = Positions()
        self.skipped: list[str] = []  # set by each _glob

    # diagnostics at a key, a value or an element of an array value
    def _span(self, where: tuple[int, int, int]) -> Span:
        line, column, width = where
        return Span(self.name, line, column, line, column + width)

    def error(self, code: str, message: str, where: tuple[int, int, int], help: str) -> None:
        self.diags.error(code, message, self._span(where), help)

    def warning(self, code: str, message: str, where: tuple[int, int, int], help: str) -> None:
        self.diags.warning(code, message, self._span(where), help)

    def load(self) -> Project:
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

    def _parse(self) -> dict:
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, column = byte_position(self.data, exc.start)
            self.error(
                "CG140",
                f"{CONFIG_NAME} is not UTF-8 text",
                (line, column, 1),
                'save the file as UTF-8 (any editor\'s "UTF-8" encoding) and run again',
            )
            raise CompileError(self.diags.sorted()) from None
        text = text.replace("\r\n", "\n")
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            mistake = toml_mistake(exc, text)
            self.error(
                "CG140",
                f"{CONFIG_NAME} is not valid TOML: {mistake.reason}",
                (mistake.line, mistake.column, 1),
                "it holds a merge conflict: keep one side of each <<<<<<< ... >>>>>>> block"
                if mistake.merge_conflict
                else 'each setting is written key = value, a text in double quotes ("build"), a list in brackets (["docx", "html"])',
            )
            raise CompileError(self.diags.sorted()) from None
        except RecursionError:
            self.error(
                "CG140",
                f"{CONFIG_NAME} is nested too deeply to read",
                (1, 1, 1),
                "a clausegen.toml needs at most two levels of tables",
            )
            raise CompileError(self.diags.sorted()) from None
        self.pos = scan(text)
        return table

    # -- keys -----------------------------------------------------------------------

    def _check_keys(self, table: dict) -> None:
        known = tuple(_REGIME_KEYS) + _LIBRARY_KEYS
        for key in table:
            if key not in known:
                self._unknown_key(key, (key,), known, "a key of clausegen.toml")

    def _unknown_key(self, key: str, path: tuple[str, ...], known: Iterable[str], what: str) -> None:
        hint = did_you_mean(key, known)
        if key in _SYNONYMS and _SYNONYMS[key] in known:
            hint = f"did you mean `{_SYNONYMS[key]}`?"
        if not hint and key in _LIBRARY_KEYS:
            hint = f'`{key}` is a setting of the whole library: move it above the first [regime."..."] table'
        listing = "the keys are " + ", ".join(sorted(known))
        self.error("CG141", f"`{key}` is not {what}", self.pos.key(path), f"{hint} ({listing})" if hint else listing)

    # -- one regime's settings --------------------------------------------------------

    def _settings(self, table: dict, at: tuple[str, ...]) -> dict[str, Any]:
        """The regime settings a table sets, checked; keyed by RegimeJob field name."""
        out: dict[str, Any] = {}
        for key, field_name in _REGIME_KEYS.items():
            if key not in table:
                continue
            value, path = table[key], at + (key,)
            if field_name in ("kinds", "formats"):
                choices = KINDS if field_name == "kinds" else ALL_FORMATS
                names = self._names(value, path, choices, "document kind" if field_name == "kinds" else "format")
                if names is not None:
                    out[field_name] = names
            elif field_name in ("clause_dirs", "template_dirs", "font_dirs"):
                paths = self._paths(value, path, want_dir=field_name != "font_dirs")
                if paths is not None:
                    out[field_name] = paths
            elif field_name == "reference_docx":
                if not isinstance(value, str) or not value:
                    self._wrong_type(
                        path, value, "the path of a Word file, in double quotes", 'reference-docx = "house-style.docx"'
                    )
                else:
                    ref = self._path(value)
                    problem = _reference_problem(ref)
                    if problem:
                        self.error(
                            "CG148",
                            f"the reference Word file `{value}` {problem}",
                            self.pos.value(path),
                            f"give the path of a .docx file saved from Word, relative to the folder of {CONFIG_NAME}",
                        )
                    else:
                        out[field_name] = ref
            elif field_name == "draft":
                if not isinstance(value, bool):
                    self._wrong_type(path, value, "true or false", "draft = true or draft = false, without quotes")
                else:
                    out[field_name] = value
            elif field_name == "notified":
                notified = _as_date(value)
                if notified is None:
                    self._wrong_type(path, value, "a date written YYYY-MM-DD", "notified = 2026-03-01")
                else:
                    out[field_name] = notified
        return out

    def _wrong_type(self, path: tuple[str, ...], value: Any, want: str, example: str) -> None:
        """CG142: `want` says what the value must be, `example` how to write it."""
        self.error(
            "CG142", f"`{path[-1]}` is {_kind_of(value)}; it must be {want}", self.pos.value(path), f"write {example}"
        )

    def _strings(self, value: Any, path: tuple[str, ...], example: str) -> list[str] | None:
        """A list of non-empty texts, or None after a CG142."""
        if isinstance(value, str):
            value = [value]  # one text where a list is expected: what was meant is plain
        if not isinstance(value, list):
            self._wrong_type(path, value, "a list of texts in brackets", f"{path[-1]} = {example}")
            return None
        ok = True
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(
                    "CG142",
                    f"item {i + 1} of `{path[-1]}` is {_kind_of(item)}; it must be a text in double quotes",
                    self.pos.element(path, i),
                    f"write {path[-1]} = {example}",
                )
                ok = False
        return list(value) if ok else None

    def _names(self, value: Any, path: tuple[str, ...], choices: tuple[str, ...], what: str) -> tuple[str, ...] | None:
        example = '["schedule", "handbook"]' if what == "document kind" else '["docx", "html"]'
        items = self._strings(value, path, example)
        if items is None:
            return None
        if not items:
            self.error(
                "CG143",
                f"`{path[-1]}` is empty: nothing would be built",
                self.pos.value(path),
                f"name at least one {what}: {', '.join(choices)}; or remove the line for all of them",
            )
            return None
        ok = True
        for i, item in enumerate(items):
            if item == "all":
                continue
            if item not in choices:
                hint = did_you_mean(item, choices)
                self.error(
                    "CG143",
                    f"`{item}` is not a {what}",
                    self.pos.element(path, i),
                    f"{hint + ' ' if hint else ''}the {what}s are {', '.join(choices)}",
                )
                ok = False
        if not ok:
            return None
        # Canonical order, whatever order the file lists them in: the same
        # settings give the same job (and the same cache key).
        return choices if "all" in items else tuple(c for c in choices if c in items)

    def _paths(self, value: Any, path: tuple[str, ...], want_dir: bool) -> tuple[Path, ...] | None:
        items = self._strings(value, path, '["house-clauses"]' if want_dir else '["fonts"]')
        if items is None:
            return None
        out, ok = [], True
        for i, item in enumerate(items):
            p = self._path(item)
            if want_dir and not p.is_dir():
                what = "clause library" if path[-1] == "clauses" else "templates folder"
                self.error(
                    "CG148",
                    f"the {what} `{item}` is not a folder",
                    self.pos.element(path, i),
                    f"give the path of a folder, relative to the folder of {CONFIG_NAME}",
                )
                ok = False
            elif not want_dir and not p.exists():
                self.error(
                    "CG148",
                    f"the font file or folder `{item}` does not exist",
                    self.pos.element(path, i),
                    f"give the path of a font file or a folder of fonts, relative to the folder of {CONFIG_NAME}",
                )
                ok = False
            out.append(p)
        return tuple(out) if ok else None

    def _path(self, text: str) -> Path:
        """A path written in the file: relative to the library's folder."""
        p = Path(os.path.expanduser(text)) if text.startswith("~") else Path(text)
        return p if p.is_absolute() else self.root / p

    # -- the library as a whole ----------------------------------------------------------

    def _regime_patterns(self, table: dict) -> list[tuple[int, str]]:
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

    def _output(self, table: dict) -> Path:
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

    def _layout(self, table: dict) -> str:
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

    def _cache(self, table: dict) -> Path:
        value = table.get("cache", DEFAULT_CACHE)
        if not isinstance(value, str) or not value.strip():
            self._wrong_type(("cache",), value, "a folder, in double quotes", 'cache = ".clausegen-cache"')
            return self.root / DEFAULT_CACHE
        return self._path(value)

    def _override_tables(self, table: dict) -> list[tuple[str, dict[str, Any]]]:
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
        self, paths: list[Path], settings: dict, overrides: list, output: Path, layout: str
    ) -> tuple[RegimeJob, ...]:
        base = {
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
        per_path: dict[Path, dict] = {p: dict(base) for p in paths}
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
        jobs, folders = [], {}
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


def _reference_problem(path: Path) -> str:
    """Why a reference DOCX cannot be used, in words ("" when it can)."""
    if not path.is_file():
        return "does not exist" if not path.exists() else "is not a file"
    from ..writers.docx import reference_problem  # python-docx: only for a library that has one

    try:
        problem = reference_problem(str(path))
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return "is not a Word document clausegen can read" if problem else ""


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


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return None  # a time of day means nothing for a notification date
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        except ValueError:
            return None
    return None


def _kind_of(value: Any) -> str:
    """What a TOML value is, in words."""
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (yes or no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (date, datetime)):
        return f"the date {value.isoformat()}"
    return "a value of another kind"


__all__ = ["CONFIG_NAME", "Project", "RegimeJob", "find_project", "load_project", "parse_shard", "shard"]
