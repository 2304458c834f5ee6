"""What a lock records: per document kind, each library file used and the SHA-256 of its text.

Also how the files a build used (what Library.recording() collects) become
lock entries, with the built-in data files every document's wording draws on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from ..kinds import KINDS

if TYPE_CHECKING:
    from ..api import Recorded
    from ..model import Regime

#: the version of the lock format this clausegen writes and reads
FORMAT = 1
#: what a locked file is: a clause file, a built-in data file or a document template
FileKind = Literal["clause", "data", "template"]
FILE_KINDS: tuple[FileKind, ...] = ("clause", "data", "template")
#: built-in files of clauses/ whose wording clausegen's own code uses (see _data_entries)
DATA_FILES = ("laws.toml", "phrases.toml", "regions.toml")


@dataclass(frozen=True)
class Entry:
    """One file a document used: "clause", "template" or "data", and the SHA-256 of its text."""

    kind: FileKind
    sha256: str


#: document kind -> library name -> entry
Used = dict[str, dict[str, Entry]]


@dataclass(frozen=True)
class Lock:
    """A lock file's content: the clausegen version that wrote it and the files used."""

    clausegen: str
    documents: Used


def lock_path(regime_path: str | Path) -> Path:
    """Where the lock of a regime file lives: beside it, `.lock` added to its name."""
    p = Path(regime_path)
    return p.with_name(p.name + ".lock")


def sha256_of(text: str) -> str:
    """The hash recorded for a file: SHA-256 of its text in UTF-8, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entries(recorded: Recorded) -> dict[str, Entry]:
    """What Library.recording() collected, as lock entries (hashing each text
    once), with the built-in data files every document's wording draws on."""
    # the library records only clause and template files
    found = {name: Entry(cast(FileKind, kind), sha256_of(read())) for name, (kind, read) in recorded.items()}
    found.update(_data_entries())
    return dict(sorted(found.items()))


def _data_entries() -> dict[str, Entry]:
    """clauses/laws.toml, phrases.toml and regions.toml: wording clausegen's own
    code puts in every document (phrases, names of laws and regions). They are
    read by Python, not per document, so every document records them."""
    from ..resources import data_dir

    out = {}
    for name in DATA_FILES:
        path = data_dir("clauses") / name
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        out[f"builtin/{name}"] = Entry("data", sha256_of(text))
    return out


def used_files(
    regime: Regime,
    clause_dirs: tuple[Path, ...] = (),
    template_dirs: tuple[Path, ...] = (),
    kinds: tuple[str, ...] = KINDS,
) -> Used:
    """The files each document of a regime uses, by assembling the documents
    (nothing is rendered or written). Raises CompileError with every problem
    found in the library, as build does. Kinds the regime has no document of
    are left out."""
    from ..api import assemble_documents
    from ..documents.library import Library

    assembled = assemble_documents(regime, tuple(kinds), Library(tuple(clause_dirs), tuple(template_dirs)))
    return from_build(assembled.used)


def from_build(built_used: Mapping[str, Recorded]) -> Used:
    """The files a build used (api.Built.used), as lock entries."""
    return {kind: entries(recorded) for kind, recorded in built_used.items()}
