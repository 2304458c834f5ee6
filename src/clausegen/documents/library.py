"""The clause library: clause files, their variants, and organisation overrides.

A clause is one file, clauses/<group>/<name>.md: TOML front matter between
`+++` lines (title, applies) and a Jinja2 body in clause markup. Its id is
"<group>.<name>". Variants sit beside it as <name>.<variant>.md, where the
variant is a governing-law family (england_wales, new_york, singapore,
germany), a drafting style (formal, plain) or both (germany.plain). The most
specific variant that exists wins; the plain <name>.md is the neutral one.

Libraries given with --clauses are searched before the built-in one, file by
file: a file at the same relative path replaces the built-in file. An
override may extend the built-in clause with
`{% extends "builtin/<group>/<name>.md" %}` and `{{ super() }}` inside
`{% block body %}`, because every body is wrapped in that block.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..diagnostics import CompileError, Diagnostics
from ..resources import data_dir
from ..source import Span

FAMILIES = ("england_wales", "new_york", "singapore", "germany")
STYLES = ("formal", "plain")
_FRONT = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)


@dataclass(frozen=True)
class ClauseFile:
    """One clause file found in a library."""

    id: str
    variant: str  # "" for the neutral file
    path: Path
    relative: str  # path relative to its library root, with "/" separators
    title: str
    applies: str
    front_lines: int


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """(metadata, body with the front matter blanked out, number of front lines)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    try:
        meta = tomllib.loads(m.group(1))
    except tomllib.TOMLDecodeError as exc:
        diags = Diagnostics()
        line = getattr(exc, "lineno", 1) or 1
        diags.error("CG300", f"the clause header is not valid: {exc}", Span.point(str(path), line + 1, 1), "the lines between +++ are TOML: key = \"value\"")
        raise CompileError(diags.sorted()) from None
    lines = m.group(0).count("\n")
    # Blank lines keep every body line at its line number in the file.
    return meta, "\n" * lines + text[m.end() :], lines


class Library:
    """The built-in clause library with organisation libraries layered on top."""

    def __init__(self, overrides: tuple[Path, ...] = (), template_dirs: tuple[Path, ...] = ()):
        self.builtin = data_dir("clauses")
        self.roots = tuple(Path(p) for p in overrides) + (self.builtin,)
        self.template_roots = tuple(Path(p) for p in template_dirs) + (data_dir("templates"),)
        self._expressions: dict = {}
        self._strings: dict = {}
        self.env = ImmutableSandboxedEnvironment(
            loader=_ClauseLoader(self),
            bytecode_cache=_bytecode_cache(),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )

    @cached_property
    def files(self) -> dict[str, dict[str, ClauseFile]]:
        """clause id -> variant -> the file that wins for it."""
        found: dict[str, dict[str, ClauseFile]] = {}
        for root in reversed(self.roots):  # later roots are overridden by earlier ones
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*.md")):
                rel = path.relative_to(root).as_posix()
                if rel.count("/") < 1 or path.name.startswith(("_", ".")) or path.name == "README.md":
                    continue
                group, name = rel.rsplit("/", 1)
                stem, *variant = name[:-3].split(".", 1)
                meta, _, front = split_front_matter(path.read_text(encoding="utf-8"), path)
                clause_id = f"{group.replace('/', '.')}.{stem}"
                found.setdefault(clause_id, {})[variant[0] if variant else ""] = ClauseFile(
                    clause_id,
                    variant[0] if variant else "",
                    path,
                    rel,
                    str(meta.get("title", "")),
                    str(meta.get("applies", "")),
                    front,
                )
        return dict(sorted(found.items()))

    def expression(self, source: str):
        """A compiled Jinja expression (`when`, `applies`), compiled once per library."""
        if source not in self._expressions:
            self._expressions[source] = self.env.compile_expression(source, undefined_to_none=False)
        return self._expressions[source]

    def string_template(self, source: str):
        """A compiled Jinja template from a string (titles), compiled once per library."""
        if source not in self._strings:
            self._strings[source] = self.env.from_string(source)
        return self._strings[source]

    def template(self, kind: str) -> Path | None:
        """templates/<kind>.toml: an organisation's first, then the built-in one."""
        for root in self.template_roots:
            path = root / f"{kind}.toml"
            if path.is_file():
                return path
        return None

    def resolve(self, clause_id: str, family: str, style: str) -> ClauseFile | None:
        """The file for a clause: the most specific variant that exists."""
        variants = self.files.get(clause_id)
        if not variants:
            return None
        for key in (f"{family}.{style}", family, style, ""):
            if key in variants:
                return variants[key]
        return None

    def source(self, relative: str, builtin_only: bool = False) -> tuple[str, Path]:
        """The body of a library file, wrapped for extension, and its path."""
        roots = (self.builtin,) if builtin_only else self.roots
        for root in roots:
            path = root / relative
            if path.is_file():
                _, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
                if "{% extends" not in body and not path.name.startswith("_"):
                    # Wrapping adds no newline, so line numbers stay true.
                    body = "{% block body %}" + body + "{% endblock %}"
                return body, path
        raise TemplateNotFound(relative)


def _bytecode_cache():
    """Compiled clause templates, kept between runs (keyed by each file's checksum).

    Compiling ~130 clause files is most of a build's assembly time. The cache
    lives in $CLAUSEGEN_CACHE_DIR or the user's cache folder; set
    CLAUSEGEN_CACHE_DIR to an empty string to turn it off. An unwritable
    folder just means no cache.
    """
    import os

    from jinja2 import FileSystemBytecodeCache, __version__

    root = os.environ.get("CLAUSEGEN_CACHE_DIR")
    if root == "":
        return None
    try:
        base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "clausegen"
        folder = base / f"jinja-{__version__}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError, KeyError):  # no home folder, read-only disk: build without a cache
        return None
    return FileSystemBytecodeCache(str(folder))


class _ClauseLoader(BaseLoader):
    """Jinja loader over the layered library; "builtin/x" reaches the built-in file."""

    def __init__(self, library: Library):
        self.library = library

    def get_source(self, environment, template):
        if template.startswith("builtin/"):
            body, path = self.library.source(template[len("builtin/") :], builtin_only=True)
        else:
            body, path = self.library.source(template)
        return body, str(path), lambda: True
