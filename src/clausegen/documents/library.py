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

Files are listed by name up front but read only when used, and every read
goes through libfiles (inside its library, regular, small, UTF-8); rendering
runs in sandbox.BoundedEnvironment.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from jinja2 import BaseLoader, Environment, StrictUndefined, Template, TemplateNotFound

from ..resources import data_dir
from ..source import Span
from . import libfiles
from .problems import ClauseProblem
from .sandbox import BoundedEnvironment

if TYPE_CHECKING:
    from jinja2.bccache import BytecodeCache

FAMILIES = ("england_wales", "new_york", "singapore", "germany")
STYLES = ("formal", "plain")
_FRONT = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)

#: A clause file's front matter: the TOML between its `+++` lines (title, applies).
FrontMatter = dict[str, Any]


class UsedFile(NamedTuple):
    """One library file a document used (see Library.recording): what it is, and how to read its text."""

    kind: Literal["clause", "template"]
    read: Callable[[], str]


@dataclass(frozen=True)
class ClauseFile:
    """One clause file found in a library; its header is read on first use."""

    id: str
    variant: str  # "" for the neutral file
    path: Path
    relative: str  # path relative to its library root, with "/" separators
    read: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def header(self) -> tuple[FrontMatter, int]:
        """(front matter, number of front lines); raises ClauseProblem."""
        meta, _, front = split_front_matter(self.read(), self.path)
        return meta, front

    @property
    def title(self) -> str:
        """The clause's title from its front matter ("" when it has none)."""
        return str(self.header[0].get("title", ""))

    @property
    def applies(self) -> str:
        """The condition under which the clause appears (a Jinja expression; "" for always)."""
        return str(self.header[0].get("applies", ""))

    @property
    def front_lines(self) -> int:
        """How many lines the front matter takes (the body starts on the next)."""
        return self.header[1]


def split_front_matter(text: str, path: Path) -> tuple[FrontMatter, str, int]:
    """(metadata, body with the front matter blanked out, number of front lines)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    try:
        meta = tomllib.loads(m.group(1))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise ClauseProblem(
            "CG300",
            f"the clause header is not valid: {exc}",
            'the lines between +++ are TOML: key = "value"',
            Span.point(str(path), line + 1, 1),
        ) from None
    except RecursionError:
        raise ClauseProblem(
            "CG300",
            "the clause header is nested too deeply to read",
            'the lines between +++ hold simple keys: title = "..." and applies = "..."',
            Span.point(str(path), 2, 1),
        ) from None
    lines = m.group(0).count("\n")
    # Blank lines keep every body line at its line number in the file.
    return meta, "\n" * lines + text[m.end() :], lines


class Library:
    """The built-in clause library with organisation libraries layered on top."""

    def __init__(self, overrides: tuple[Path, ...] = (), template_dirs: tuple[Path, ...] = ()):
        self.builtin = data_dir("clauses")
        self.roots = tuple(Path(p) for p in overrides) + (self.builtin,)
        self.template_roots = tuple(Path(p) for p in template_dirs) + (data_dir("templates"),)
        self._expressions: dict[str, Callable[..., Any]] = {}
        self._strings: dict[str, Template] = {}
        self._texts: dict[Path, str] = {}
        self._real_roots: dict[Path, Path] = {}
        self._outside: dict[Path, list[str]] = {}
        #: every file handed to Jinja, by the name its frames carry (for diagnostics)
        self.loaded: set[str] = set()
        # The files the document being assembled uses (see recording()), and
        # each loaded file's library name, by the path Jinja knows it by.
        self._used: dict[str, UsedFile] | None = None
        self._names: dict[str, tuple[str, Callable[[], str]]] = {}  # Jinja's file name -> (library name, read)
        self.env = _RecordingEnvironment(
            loader=_ClauseLoader(self),
            bytecode_cache=_bytecode_cache(),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.env.library = self

    def _read(self, path: Path, root: Path) -> str:
        if path not in self._texts:
            if root not in self._real_roots:
                self._real_roots[root] = Path(os.path.realpath(root))
            self._texts[path] = libfiles.read_text(path, root, self._real_roots[root])
        return self._texts[path]

    @contextmanager
    def recording(self) -> Iterator[dict[str, UsedFile]]:
        """Collect the files used while the block runs: library name ->
        (kind "clause" | "template", a function giving its text).

        A library name is `builtin/<path>` for a built-in file and
        `org:<path>` for one from an organisation library (--clauses or
        --templates), the path relative to its library. Every use is seen,
        even of a template Jinja already holds compiled. See clausegen.lock.
        """
        outer, self._used = self._used, {}
        try:
            yield self._used
        finally:
            self._used = outer

    @contextmanager
    def not_recording(self) -> Iterator[None]:
        """Uses while the block runs are not collected (another document's files)."""
        outer, self._used = self._used, None
        try:
            yield
        finally:
            self._used = outer

    def _use(self, name: str, kind: Literal["clause", "template"], read: Callable[[], str]) -> None:
        if self._used is not None:
            self._used[name] = UsedFile(kind, read)

    def _used_jinja_file(self, filename: str | None) -> None:
        """Jinja loaded (or reused) the template of this file: record its use."""
        if self._used is not None and filename in self._names:
            self._used.setdefault(self._names[filename][0], UsedFile("clause", self._names[filename][1]))

    def _root_of(self, f: ClauseFile) -> Path:
        return next((r for r in self.roots if f.path == r / f.relative), self.builtin)

    def _library_name(self, root: Path, relative: str) -> str:
        builtin = root in (self.builtin, self.template_roots[-1])
        return ("builtin/" if builtin else "org:") + relative

    def loaded_text(self, name: str) -> str | None:
        """The text of a file already read, by the name Jinja knows it by."""
        return self._texts.get(Path(name))

    def text(self, f: ClauseFile) -> str:
        """The whole text of a clause file (already read when it was used)."""
        return f.read()

    @cached_property
    def files(self) -> dict[str, dict[str, ClauseFile]]:
        """clause id -> variant -> the file that wins for it (no file is opened)."""
        found: dict[str, dict[str, ClauseFile]] = {}
        for root in reversed(self.roots):  # later roots are overridden by earlier ones
            if not root.is_dir():
                continue
            names, self._outside[root] = libfiles.list_names(root)
            for rel in names:
                name = rel.rsplit("/", 1)[-1]
                if rel.count("/") < 1 or name.startswith(("_", ".")) or name == "README.md":
                    continue
                group = rel.rsplit("/", 1)[0]
                stem, *variant = name[:-3].split(".", 1)
                clause_id = f"{group.replace('/', '.')}.{stem}"
                path = root / rel
                found.setdefault(clause_id, {})[variant[0] if variant else ""] = ClauseFile(
                    clause_id,
                    variant[0] if variant else "",
                    path,
                    rel,
                    partial(self._read, path, root),
                )
        return dict(sorted(found.items()))

    def expression(self, source: str) -> Callable[..., Any]:
        """A compiled Jinja expression (`when`, `applies`), compiled once per library,
        evaluated under the render limits."""
        if source not in self._expressions:
            compiled = self.env.compile_expression(source, undefined_to_none=False)

            def run(*args: Any, **kwargs: Any) -> Any:
                with self.env.bounded():
                    return compiled(*args, **kwargs)

            self._expressions[source] = run
        return self._expressions[source]

    def string_template(self, source: str) -> Template:
        """A compiled Jinja template from a string (titles), compiled once per library."""
        if source not in self._strings:
            self._strings[source] = self.env.from_string(source)
        return self._strings[source]

    def template(self, kind: str) -> Path | None:
        """templates/<kind>.toml: an organisation's first, then the built-in one."""
        for root in self.template_roots:
            try:
                path = libfiles.locate(root, f"{kind}.toml") if root.is_dir() else None
            except ClauseProblem as exc:
                exc.span = exc.span or Span.point(str(root), 1, 1)  # the folder: the link itself cannot be shown
                raise
            if path is not None:
                return path
        return None

    def template_text(self, path: Path) -> str:
        """The text of a template file found by template(); raises ClauseProblem."""
        root = next(r for r in self.template_roots if path.parent == r)
        text = self._read(path, root)
        self._use(self._library_name(root, path.name), "template", lambda: text)
        return text

    def resolve(self, clause_id: str, family: str, style: str) -> ClauseFile | None:
        """The file for a clause: the most specific variant that exists.

        Raises ClauseProblem when the clause's folder is a link to outside
        its library (such a folder is never entered).
        """
        variants = self.files.get(clause_id)
        if not variants:
            group = clause_id.rsplit(".", 1)[0].replace(".", "/")
            for root, links in self._outside.items():
                for link in links:
                    if group == link or group.startswith(link + "/"):
                        raise ClauseProblem(
                            "CG309",
                            f"the clause `{clause_id}` would come from {root / link}, a link to a folder outside the library",
                            "copy the folder into the library instead of linking to it",
                        )
            return None
        for key in (f"{family}.{style}", family, style, ""):
            if key in variants:
                f = variants[key]
                self._use(self._library_name(self._root_of(f), f.relative), "clause", f.read)
                return f
        return None

    def source(self, relative: str, builtin_only: bool = False, shown: str | None = None) -> tuple[str, Path]:
        """The body of a library file, wrapped for extension, and its path.

        The name must stay inside the library it is looked up in; raises
        ClauseProblem for a name that escapes or a file that cannot be read.
        """
        libfiles.check_name(relative, shown)
        roots = (self.builtin,) if builtin_only else self.roots
        for root in roots:
            path = libfiles.locate(root, relative, shown)
            if path is not None:
                _, body, _ = split_front_matter(self._read(path, root), path)
                if "{% extends" not in body and not path.name.startswith("_"):
                    # Wrapping adds no newline, so line numbers stay true.
                    body = "{% block body %}" + body + "{% endblock %}"
                self.loaded.add(str(path))
                self._names[str(path)] = (
                    self._library_name(root, relative),
                    partial(self._read, path, root),
                )
                return body, path
        raise TemplateNotFound(relative)


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled clause templates, kept between runs (see documents.cache).

    Compiling ~130 clause files is a third of a cold build. The cache lives in
    $CLAUSEGEN_CACHE_DIR or the user's cache folder; set CLAUSEGEN_CACHE_DIR
    to an empty string to turn it off. A folder others could write, or one
    that cannot be made, just means no cache.
    """
    from .cache import bytecode_cache

    return bytecode_cache()


class _RecordingEnvironment(BoundedEnvironment):
    """The sandbox, telling its library of every template an include, import,
    extends or get_template uses, including those already compiled and cached
    (whose loader Jinja does not ask again). `_load_template` is the one place
    all of them pass in Jinja 3.1; tests/test_lock.py checks an include is seen."""

    library: Library | None = None

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        template = super()._load_template(name, globals)
        if self.library is not None:
            self.library._used_jinja_file(template.filename)
        return template


class _ClauseLoader(BaseLoader):
    """Jinja loader over the layered library; "builtin/x" reaches the built-in file."""

    def __init__(self, library: Library):
        self.library = library

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith("builtin/"):
            body, path = self.library.source(template[len("builtin/") :], builtin_only=True, shown=template)
        else:
            body, path = self.library.source(template)
        return body, str(path), lambda: True
