"""The clause-library lock: which clause and template files each document used, and their text's hash.

A lock sits beside its regime (acme-globex.regime -> acme-globex.regime.lock)
and records the clausegen version and, per document kind, every clause and
template file the document used, by library name (`builtin/schedule/x.md`,
`org:schedule/x.md`, `builtin/schedule.toml`) with the SHA-256 of its text.
`build --locked` compares the files a build uses with it, so that a new
clausegen or an edited organisation library never changes the wording of a
signed contract unnoticed; `lock --update` accepts new wording. The format
and the commands are described in docs/lock.md.

The hash is of the text as clausegen reads it (UTF-8 without a byte order
mark, line ends as "\\n"), so a checkout with Windows line ends locks the same.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diagnostics import CompileError, Diagnostics
from .docmodel import KINDS
from .source import Span, toml_mistake

#: the version of the lock format this clausegen writes and reads
FORMAT = 1
FILE_KINDS = ("clause", "data", "template")
#: built-in files of clauses/ whose wording clausegen's own code uses (see _data_entries)
DATA_FILES = ("laws.toml", "phrases.toml", "regions.toml")
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Entry:
    """One file a document used: "clause", "template" or "data", and the SHA-256 of its text."""

    kind: str
    sha256: str


#: document kind -> library name -> entry
Used = dict[str, dict[str, Entry]]


@dataclass(frozen=True)
class Lock:
    """A lock file's content: the clausegen version that wrote it and the files used."""

    clausegen: str
    documents: Used


@dataclass(frozen=True)
class LibraryChange:
    """A library file whose use differs from a lock.

    change: "changed" (its wording differs), "added" (used now, not in the
    lock) or "removed" (in the lock, no longer used). documents: the
    document kinds concerned, in build order. old/new: the hashes (None on
    the side where the file is not used).
    """

    name: str
    kind: str
    change: str
    documents: tuple[str, ...]
    old: str | None
    new: str | None

    def describe(self) -> str:
        """One line for a drafter: `~ org:schedule/mediation.md (schedule, handbook): wording changed`."""
        what = {"changed": "wording changed", "added": "now used", "removed": "no longer used"}[self.change]
        sign = {"changed": "~", "added": "+", "removed": "-"}[self.change]
        return f"{sign} {self.name} ({', '.join(self.documents)}): {what}"


def lock_path(regime_path: str | Path) -> Path:
    """Where the lock of a regime file lives: beside it, `.lock` added to its name."""
    p = Path(regime_path)
    return p.with_name(p.name + ".lock")


def sha256_of(text: str) -> str:
    """The hash recorded for a file: SHA-256 of its text in UTF-8, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entries(recorded: Mapping[str, tuple[str, Callable[[], str]]]) -> dict[str, Entry]:
    """What Library.recording() collected, as lock entries (hashing each text
    once), with the built-in data files every document's wording draws on."""
    found = {name: Entry(kind, sha256_of(read())) for name, (kind, read) in recorded.items()}
    found.update(_data_entries())
    return dict(sorted(found.items()))


def _data_entries() -> dict[str, Entry]:
    """clauses/laws.toml, phrases.toml and regions.toml: wording clausegen's own
    code puts in every document (phrases, names of laws and regions). They are
    read by Python, not per document, so every document records them."""
    from .resources import data_dir

    out = {}
    for name in DATA_FILES:
        path = data_dir("clauses") / name
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        out[f"builtin/{name}"] = Entry("data", sha256_of(text))
    return out


def used_files(
    regime, clause_dirs: tuple[Path, ...] = (), template_dirs: tuple[Path, ...] = (), kinds: tuple[str, ...] = KINDS
) -> Used:
    """The files each document of a regime uses, by assembling the documents
    (nothing is rendered or written). Raises CompileError with every problem
    found in the library, as build does. Kinds the regime has no document of
    are left out."""
    from .api import assemble_documents
    from .documents.library import Library

    assembled = assemble_documents(regime, tuple(kinds), Library(tuple(clause_dirs), tuple(template_dirs)))
    return from_build(assembled.used)


def from_build(built_used: Mapping[str, Mapping[str, tuple[str, Callable[[], str]]]]) -> Used:
    """The files a build used (api.Built.used), as lock entries."""
    return {kind: entries(recorded) for kind, recorded in built_used.items()}


# -- writing --------------------------------------------------------------------------


def render(lock: Lock, regime_name: str = "") -> str:
    """The lock file's text: TOML, sorted, one file per line; the same lock gives the same bytes."""
    about = f" for {regime_name}" if regime_name else ""
    lines = [
        f"# clausegen lock{about}: the clause and template files each document used,",
        "# with the SHA-256 of their text. Written by `clausegen lock`; checked by",
        "# `clausegen build --locked`; new wording is accepted with `clausegen lock --update`.",
        "# See docs/lock.md.",
        f"lock-version = {FORMAT}",
        f"clausegen = {_string(lock.clausegen)}",
    ]
    for kind in sorted(lock.documents):
        lines += ["", f"[documents.{_key(kind)}]"]
        for name, e in sorted(lock.documents[kind].items()):
            lines.append(f"{_string(name)} = {{ kind = {_string(e.kind)}, sha256 = {_string(e.sha256)} }}")
    return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    # JSON's escapes are TOML's; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _string(text)


def write(path: Path, lock: Lock, regime_name: str = "") -> None:
    """Write a lock file whole (a temporary file renamed into place); OSError passes up."""
    from .outdir import replace_file

    replace_file(path, render(lock, regime_name).encode("utf-8"))


# -- reading --------------------------------------------------------------------------


def read(path: Path) -> Lock:
    """Read and check a lock file. OSError (missing, unreadable) passes to the
    caller (exit 2 with the path); a malformed lock raises CompileError (CG130-CG134)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .source import byte_position

        line, column = byte_position(data, exc.start)
        _fail(
            "CG130",
            "this lock file is not UTF-8 text",
            Span.point(str(path), line, column),
            "write it again with `clausegen lock --update` on its regime",
        )
    return parse(text.replace("\r\n", "\n"), str(path))


def parse(text: str, name: str) -> Lock:
    """A lock from its text; raises CompileError with every problem, each at its line and column."""
    diags = Diagnostics()
    redo = "write it again with `clausegen lock --update` on its regime"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        mistake = toml_mistake(exc, text)
        diags.error(
            "CG130",
            f"this lock file is not valid TOML: {mistake.reason}",
            Span.point(name, mistake.line, mistake.column),
            "it holds a merge conflict: run `clausegen lock --update` on its regime to write it afresh"
            if mistake.merge_conflict
            else redo,
        )
        raise CompileError(diags.sorted()) from None
    except RecursionError:
        _fail("CG130", "this lock file is nested too deeply to read", Span.point(name, 1, 1), redo)

    for key in data:
        if key not in ("lock-version", "clausegen", "documents"):
            diags.error(
                "CG131",
                f"`{key}` is not a key of a lock file",
                _at_key(text, name, key),
                "a lock file holds lock-version, clausegen and [documents.<kind>] tables; " + redo,
            )
    version = data.get("lock-version")
    if version != FORMAT or isinstance(version, bool):
        shown = "missing" if version is None else f"{version!r}"
        diags.error(
            "CG131",
            f"this lock file's format version is {shown}; this clausegen reads version {FORMAT}",
            _at_key(text, name, "lock-version"),
            f"a lock written by another clausegen: {redo}"
            if version is not None
            else f"the file must start with lock-version = {FORMAT}; {redo}",
        )
    clausegen = data.get("clausegen")
    if not isinstance(clausegen, str) or not clausegen:
        diags.error(
            "CG131",
            "this lock file does not say which clausegen wrote it",
            _at_key(text, name, "clausegen"),
            f'write clausegen = "<version>", or {redo}',
        )
    documents = data.get("documents", {})
    used: Used = {}
    if not isinstance(documents, dict):
        diags.error(
            "CG132",
            "`documents` must be tables [documents.<kind>]",
            _at_key(text, name, "documents"),
            "write one [documents.schedule] table per document kind, with one line per file",
        )
        documents = {}
    for kind, files in documents.items():
        header = _header(text, kind)
        if kind not in KINDS:
            diags.error(
                "CG132",
                f"`{kind}` is not a document kind",
                Span.point(name, header[0], header[1]),
                f"the kinds are {', '.join(KINDS)}",
            )
            continue
        if not isinstance(files, dict):
            diags.error(
                "CG132",
                f"`documents.{kind}` must be a table of files",
                Span.point(name, header[0], header[1]),
                f'write [documents.{kind}] and below it one line per file: "builtin/x.md" = {{ kind = "clause", sha256 = "..." }}',
            )
            continue
        used[kind] = {}
        after = header[2]
        for file_name, value in files.items():
            line, column, row = _entry(text, file_name, after)
            problem = _name_problem(file_name)
            if problem:
                diags.error(
                    "CG134",
                    f"`{file_name}` is not the name of a clause or template file: {problem}",
                    Span(name, line, column, line, column + len(file_name) + 2),
                    "a file is named builtin/<path> or org:<path>, its path inside its library, as `clausegen lock` writes it",
                )
                continue
            entry, what, needle = _entry_problem(value)
            if entry is None:
                col = row.find(needle) + 1 if needle and needle in row else column
                diags.error(
                    "CG133",
                    f"the entry for `{file_name}` {what}",
                    Span.point(name, line, col),
                    'each file is written "<name>" = { kind = "clause", "data" or "template", sha256 = "<64 hexadecimal digits>" }',
                )
                continue
            used[kind][file_name] = entry
    if diags.has_errors:
        raise CompileError(diags.sorted())
    return Lock(clausegen, used)


def _fail(code: str, message: str, span: Span, help: str):
    diags = Diagnostics()
    diags.error(code, message, span, help)
    raise CompileError(diags.sorted())


def _name_problem(file_name: str) -> str:
    """Why a name is no library name ("" when it is one)."""
    for prefix in ("builtin/", "org:"):
        if file_name.startswith(prefix):
            rest = file_name[len(prefix) :]
            break
    else:
        return "it does not start with builtin/ or org:"
    if (
        not rest
        or "\\" in rest
        or "\0" in rest
        or PurePosixPath(rest).is_absolute()
        or ".." in PurePosixPath(rest).parts
    ):
        return "its path leaves the library"
    if not rest.endswith((".md", ".toml")):
        return "a clause file ends in .md and a template in .toml"
    return ""


def _entry_problem(value) -> tuple[Entry | None, str, str]:
    """(the entry, or None with what is wrong and the text to point at)."""
    if not isinstance(value, dict):
        return None, "must be a table { kind = ..., sha256 = ... }", "="
    extra = sorted(set(value) - {"kind", "sha256"})
    if extra:
        return None, f"has `{extra[0]}`, which a lock entry does not have", extra[0]
    kind, sha = value.get("kind"), value.get("sha256")
    if kind not in FILE_KINDS:
        return (
            None,
            f'has kind {json.dumps(kind) if isinstance(kind, str) else "missing"}; it is "clause", "data" or "template"',
            "kind" if kind is not None else "{",
        )
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        return None, "has no valid sha256 (64 lowercase hexadecimal digits)", "sha256" if sha is not None else "{"
    return Entry(kind, sha), "", ""


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _at_key(text: str, name: str, key: str) -> Span:
    m = re.search(rf'(?m)^[ \t]*"?{re.escape(key)}"?[ \t]*[=.]', text) or re.search(
        rf"(?m)^[ \t]*\[[ \t]*\"?{re.escape(key)}", text
    )
    if not m:
        return Span.point(name, 1, 1)
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    line, column = _line_col(text, start)
    return Span(name, line, column, line, column + len(key))


def _header(text: str, kind: str) -> tuple[int, int, int]:
    """(line, column, offset after it) of the [documents.<kind>] header; (1, 1, 0) when not found."""
    m = re.search(rf'(?m)^[ \t]*\[[ \t]*documents[ \t]*\.[ \t]*"?{re.escape(kind)}"?[ \t]*\]', text)
    if not m:
        return 1, 1, 0
    line, column = _line_col(text, m.start() + len(m.group(0)) - len(m.group(0).lstrip()))
    return line, column, m.end()


def _entry(text: str, file_name: str, after: int) -> tuple[int, int, str]:
    """(line, column, the line's text) where a file's entry is written, searching from `after`."""
    for needle in (_string(file_name), file_name):
        idx = text.find(needle, after)
        if idx >= 0:
            line, column = _line_col(text, idx)
            return line, column, text.split("\n")[line - 1]
    return 1, 1, ""


# -- comparing ------------------------------------------------------------------------


def library_changes(
    lock: Lock | str | Path, now_used: Used, kinds: tuple[str, ...] | None = None
) -> list[LibraryChange]:
    """The library files whose use differs between a lock and the files used now.

    `lock` is a Lock or a lock file's path (read with read(): OSError and
    CompileError pass up); `now_used` is what used_files() or from_build()
    gives. Only the document kinds in `kinds` are compared (default: every
    kind in either). A file used by several documents is one change listing
    them all. Sorted by change ("changed", "added", "removed"), then name.
    For diff/redline: these are the wording changes that come from the
    library, not from the regime.
    """
    if not isinstance(lock, Lock):
        lock = read(Path(lock))
    compared = kinds if kinds is not None else tuple(k for k in KINDS if k in lock.documents or k in now_used)
    found: dict[tuple[str, str], dict] = {}
    for kind in compared:
        old, new = lock.documents.get(kind, {}), now_used.get(kind, {})
        for name in sorted(set(old) | set(new)):
            o, n = old.get(name), new.get(name)
            if o is not None and n is not None and o.sha256 == n.sha256:
                continue
            change = "changed" if o is not None and n is not None else "added" if o is None else "removed"
            item = found.setdefault(
                (change, name),
                {
                    "kind": (n or o).kind,
                    "old": o.sha256 if o else None,
                    "new": n.sha256 if n else None,
                    "documents": [],
                },
            )
            item["documents"].append(kind)
    order = {"changed": 0, "added": 1, "removed": 2}
    return [
        LibraryChange(name, v["kind"], change, tuple(v["documents"]), v["old"], v["new"])
        for (change, name), v in sorted(found.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
    ]


@dataclass(frozen=True)
class Comparison:
    """A lock against now: the library changes and the two clausegen versions."""

    changes: list[LibraryChange]
    locked_version: str
    version: str

    @property
    def version_changed(self) -> bool:
        return self.locked_version != self.version

    @property
    def clean(self) -> bool:
        return not self.changes and not self.version_changed

    def lines(self) -> list[str]:
        """The differences, one per line, for the terminal. A file that moved
        between the built-in and an organisation library (an override added or
        removed) is one line."""

        def path(name: str) -> str:
            return name.split("/", 1)[1] if name.startswith("builtin/") else name[len("org:") :]

        added = {(path(c.name), c.documents): c for c in self.changes if c.change == "added"}
        removed = {(path(c.name), c.documents): c for c in self.changes if c.change == "removed"}
        out = []
        for c in self.changes:
            key = (path(c.name), c.documents)
            if key in added and key in removed:
                if c.change == "added":
                    was = removed[key].name
                    now = (
                        "the organisation's file now replaces the built-in"
                        if c.name.startswith("org:")
                        else "the built-in file now replaces the organisation's"
                    )
                    out.append(f"~ {c.name} ({', '.join(c.documents)}): {now} {was}")
                continue
            out.append(c.describe())
        if self.version_changed:
            out.append(
                f"~ clausegen {self.locked_version} -> {self.version}: its own wording (numbering, figures, dates) may differ too"
            )
        return out


def compare(lock: Lock, now_used: Used, version: str, kinds: tuple[str, ...] | None = None) -> Comparison:
    """Compare a lock with the files used now and the running clausegen's version."""
    return Comparison(library_changes(lock, now_used, kinds), lock.clausegen, version)


# -- the `lock` command -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What `clausegen lock` did with one regime's lock.

    status: "written" (there was none), "up to date" (left as it is),
    "updated" (--update rewrote it) or "kept" (it differs and --update was
    not given: nothing written). lines: the differences, as Comparison.lines.
    """

    path: Path
    status: str
    lines: list[str]


def lock_regime(
    regime_path: str | Path,
    regime,
    clause_dirs: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    update: bool,
    version: str,
) -> Outcome:
    """Write, keep or update the lock of one checked regime (see docs/lock.md).

    Raises CompileError for problems of the clause library (as build does)
    and, without `update`, for a malformed lock (with it, the lock is written
    afresh); OSError for a lock that cannot be read or written.
    """
    where = lock_path(regime_path)
    used = used_files(regime, clause_dirs, template_dirs)
    new = Lock(version, used)
    old = None
    if where.exists():
        try:
            old = read(where)
        except CompileError:
            if not update:
                raise
    if old is None:
        write(where, new, Path(regime_path).name)
        return Outcome(where, "written", [])
    result = compare(old, used, version)
    if result.clean:
        return Outcome(where, "up to date", [])
    if not update:
        return Outcome(where, "kept", result.lines())
    write(where, new, Path(regime_path).name)
    return Outcome(where, "updated", result.lines())
