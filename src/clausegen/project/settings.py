"""Reading a clausegen.toml: its text, its keys, and the settings of one regime.

SettingsReader decodes and parses the file (tomllib; tomlpos finds the line
and column of each key), checks its keys, and reads one table's regime
settings (kinds, formats, folders, reference DOCX, draft, notified) into
RegimeJob's field names, collecting a Diagnostic at clausegen.toml:line:column
for every mistake (CG140-CG143, CG148). project.layout reads the library as a
whole on top of it.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..diagnostics import CompileError, Diagnostics, did_you_mean
from ..kinds import KINDS
from ..source import Span, byte_position, toml_mistake
from .jobs import ALL_FORMATS, CONFIG_NAME, Overrides
from .tomlpos import Positions, scan

#: A TOML table as tomllib reads it.
Table = dict[str, Any]
#: One regime's settings as a table gives them, checked, keyed by RegimeJob's field names.
Settings = dict[str, Any]

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


class SettingsReader:
    """One reading of a clausegen.toml: the file's text and positions, and every diagnostic found."""

    def __init__(self, root: Path, config_file: Path | None, data: bytes, overrides: Overrides):
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
        """An error-level diagnostic at a (line, column, width) of the file."""
        self.diags.error(code, message, self._span(where), help)

    def warning(self, code: str, message: str, where: tuple[int, int, int], help: str) -> None:
        """A warning-level diagnostic at a (line, column, width) of the file."""
        self.diags.warning(code, message, self._span(where), help)

    def _parse(self) -> Table:
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

    def _check_keys(self, table: Table) -> None:
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

    def _settings(self, table: Table, at: tuple[str, ...]) -> Settings:
        """The regime settings a table sets, checked; keyed by RegimeJob field name."""
        out: Settings = {}
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
