"""The lock file's text: written (render, write) and read back (read, parse).

A lock file is TOML, sorted, one library file per line, so the same lock
gives the same bytes. Reading checks it whole and reports every problem at
its line and column (CG130: not UTF-8 or not TOML; CG131: its keys and
version; CG132: its document kinds; CG133: an entry; CG134: a file name).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path, PurePosixPath
from typing import NoReturn

from ..diagnostics import CompileError, Diagnostics
from ..kinds import KINDS
from ..source import Span, toml_mistake
from .record import FILE_KINDS, FORMAT, Entry, Lock, Used

_SHA = re.compile(r"[0-9a-f]{64}")


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
    from ..outdir import replace_file

    replace_file(path, render(lock, regime_name).encode("utf-8"))


# -- reading --------------------------------------------------------------------------


def read(path: Path) -> Lock:
    """Read and check a lock file. OSError (missing, unreadable) passes to the
    caller (exit 2 with the path); a malformed lock raises CompileError (CG130-CG134)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from ..source import byte_position

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
    assert isinstance(clausegen, str)  # checked above
    return Lock(clausegen, used)


def _fail(code: str, message: str, span: Span, help: str) -> NoReturn:
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


def _entry_problem(value: object) -> tuple[Entry | None, str, str]:
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
