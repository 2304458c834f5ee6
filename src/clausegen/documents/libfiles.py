"""Reading clause and template files safely: inside their library, regular, small, UTF-8.

An organisation's clause library is input clausegen does not control. A
file is only read when a template or clause names it, and only when its
real path (after following every symlink) lies inside the library folder it
was found in; FIFOs, devices and sockets are refused before they are opened
(opening a FIFO blocks), and so are files over MAX_FILE_BYTES.
"""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path, PurePosixPath

from ..source import FileTooLarge, NotARegularFile, Span, byte_position, read_limited
from .problems import ClauseProblem

#: the largest clause or template file read (the biggest built-in one is ~10 kB)
MAX_FILE_BYTES = 1_000_000

_OUTSIDE_HELP = (
    "name a file by its path inside the library, such as `handbook/_macros.md` or `builtin/notice/raising.md`"
)


def check_name(name: str, shown: str | None = None) -> None:
    """Refuse a name that could only point outside a library, before any lookup.

    `shown` is the name as the clause wrote it (with its "builtin/" prefix)."""
    name_as_written = shown or name
    if (
        not name
        or "\\" in name
        or "\0" in name
        or PurePosixPath(name).is_absolute()
        or (len(name) > 1 and name[1] == ":")
    ):
        raise ClauseProblem(
            "CG309",
            f"this clause names `{name_as_written}`: a clause may only include files of its own library",
            _OUTSIDE_HELP,
            name=name_as_written,
        )
    if posixpath.normpath(name).split("/")[0] == "..":
        raise ClauseProblem(
            "CG309",
            f"this clause names `{name_as_written}`, which is outside its library: a clause may only include files of its own library",
            _OUTSIDE_HELP,
            name=name_as_written,
        )
    if not name.endswith(".md"):
        raise ClauseProblem(
            "CG318",
            f"this clause names `{name_as_written}`, which is not a clause file (.md)",
            "include, import or extend only .md files of the clause library",
            name=name_as_written,
        )


def locate(root: Path, name: str, shown: str | None = None) -> Path | None:
    """root/name when it exists (as anything, even a broken link); refuse a
    name that escapes root once normalised (`a/../../x`). read_text then
    checks the real path, after following symlinks."""
    name_as_written = shown or name
    candidate = root / name
    if not _inside(Path(os.path.normpath(candidate)), Path(os.path.normpath(root))):
        raise ClauseProblem(
            "CG309",
            f"this clause names `{name_as_written}`, which is outside its library: a clause may only include files of its own library",
            _OUTSIDE_HELP,
            name=name_as_written,
        )
    # Links are followed and checked by read_text, which every use of a found file goes through.
    return candidate if os.path.lexists(candidate) else None


def read_text(path: Path, root: Path, real_root: Path | None = None) -> str:
    """The text of a library file, with every check of this module applied.

    Line ends are normalised as Python's text mode does, so line numbers
    match what an editor shows.
    """
    real = _real(path)
    if not _inside(real, real_root or _real(root)):
        raise ClauseProblem(
            "CG309",
            f"{path} is a link to a file outside the library",
            "copy the file into the library folder instead of linking to it",
        )
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise ClauseProblem(
                "CG310",
                f"{path} is not a regular file (a folder, pipe or device), so it is not read",
                "a clause or template must be an ordinary text file",
            )
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(path)
        # Opened without blocking and without following a link, and checked
        # again once open: the file may have been swapped since the stat.
        data = read_limited(real, MAX_FILE_BYTES, follow_links=False)
    except NotARegularFile:
        raise ClauseProblem(
            "CG310",
            f"{path} is not a regular file, so it is not read",
            "a clause or template must be an ordinary text file",
        ) from None
    except FileTooLarge:
        raise _too_big(path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        raise ClauseProblem(
            "CG312",
            "this file is not UTF-8 text",
            "save it as UTF-8 (most editors offer this under Save As, Encoding)",
            Span.point(str(path), line, column),
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def list_names(root: Path, suffix: str = ".md") -> tuple[list[str], list[str]]:
    """(every file name ending in `suffix` under root, relative with "/"; the
    relative folders that are links to outside root, which are not entered).

    Nothing is opened: listing a FIFO or a device named x.md is harmless.
    Folders linked from inside the library are followed once each.
    """
    names: list[str] = []
    outside: list[str] = []
    real_root = _real(root)
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            real = _real(folder)
            st = os.stat(real)
        except OSError:
            continue
        if not _inside(real, real_root):
            outside.append(rel.rstrip("/"))
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue
        for entry in found:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # a stat, never an open
            except OSError:
                is_dir = False
            if is_dir:
                stack.append((Path(entry.path), f"{rel}{entry.name}/"))
            elif entry.name.endswith(suffix):
                names.append(rel + entry.name)
    return sorted(names), sorted(outside)


def _too_big(path: Path) -> ClauseProblem:
    return ClauseProblem(
        "CG311",
        f"{path} is larger than {MAX_FILE_BYTES // 1_000_000} MB, so it is not read",
        "a clause or template file is a few kilobytes of text; split it or remove what does not belong",
    )


def _real(path: Path) -> Path:
    # realpath does not fail on a link loop; the stat that follows does (CG310).
    return Path(os.path.realpath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)
