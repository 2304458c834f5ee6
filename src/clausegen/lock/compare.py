"""A lock against the files used now: which library files changed, came or went, and the clausegen versions.

For `build --locked`, `lock` and diff/redline: these are the wording changes
that come from the library (or from clausegen itself), not from the regime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..kinds import KINDS
from .file import read
from .record import Entry, FileKind, Lock, Used

#: how a library file's use differs from a lock
ChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class LibraryChange:
    """A library file whose use differs from a lock.

    change: "changed" (its wording differs), "added" (used now, not in the
    lock) or "removed" (in the lock, no longer used). documents: the
    document kinds concerned, in build order. old/new: the hashes (None on
    the side where the file is not used).
    """

    name: str
    kind: FileKind
    change: ChangeKind
    documents: tuple[str, ...]
    old: str | None
    new: str | None

    def describe(self) -> str:
        """One line for a drafter: `~ org:schedule/mediation.md (schedule, handbook): wording changed`."""
        what = {"changed": "wording changed", "added": "now used", "removed": "no longer used"}[self.change]
        sign = {"changed": "~", "added": "+", "removed": "-"}[self.change]
        return f"{sign} {self.name} ({', '.join(self.documents)}): {what}"


@dataclass
class _Found:
    """A change being collected: one library file, across the document kinds that use it."""

    kind: FileKind
    old: str | None
    new: str | None
    documents: list[str] = field(default_factory=list)


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
    found: dict[tuple[ChangeKind, str], _Found] = {}
    for kind in compared:
        old: dict[str, Entry] = lock.documents.get(kind, {})
        new: dict[str, Entry] = now_used.get(kind, {})
        for name in sorted(set(old) | set(new)):
            o, n = old.get(name), new.get(name)
            if o is not None and n is not None and o.sha256 == n.sha256:
                continue
            change: ChangeKind = "changed" if o is not None and n is not None else "added" if o is None else "removed"
            either = n or o
            assert either is not None  # the name is in old or in new
            item = found.setdefault(
                (change, name), _Found(either.kind, o.sha256 if o else None, n.sha256 if n else None)
            )
            item.documents.append(kind)
    order = {"changed": 0, "added": 1, "removed": 2}
    return [
        LibraryChange(name, v.kind, change, tuple(v.documents), v.old, v.new)
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
        """Was the lock written by another clausegen version than the one running?"""
        return self.locked_version != self.version

    @property
    def clean(self) -> bool:
        """Nothing differs: the same files, the same wording, the same clausegen."""
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
