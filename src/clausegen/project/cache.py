"""The build cache of a library: one record per regime, and the key it is checked by.

The cache folder (Project.cache_dir, by default `<library>/.clausegen-cache`)
holds `regimes/<id>.json`, one file per regime built, where <id> is the first
20 hex digits of the SHA-256 of the regime's path relative to the library.
A record is JSON:

    {
      "format": 1,
      "regime": "contracts/acme.regime",      # relative to the library, "/" separators
      "out_dir": "build/acme",                  # relative to the library
      "key": "<sha256 of the inputs below>",
      "inputs": {
        "source": "<sha256 of the .regime file's bytes>",
        "clausegen": "0.1.0",                   # clausegen's version
        "code": "<sha256 of clausegen's own code and grammar>",
        "packages": {"jinja2": "3.1.4", ...},   # versions of the libraries that shape the output
        "options": {"kinds": [...], "formats": [...], "draft": false, "notified": null,
                    "out_dir": "build/acme", "clause_dirs": [...], "template_dirs": [...],
                    "source_date_epoch": null},
        "libraries": {"builtin clauses": "<sha256 of the list of file names>", ...},
        "reference_docx": "<sha256>" or null,   # only when docx is built
        "fonts": "<sha256 of the font files' names and bytes>" or null,  # only when pdf is built
        "files": {"builtin/schedule/x.md": {"kind": "clause", "sha256": "..."}, ...}
      },
      "outputs": {"schedule.md": {"sha256": "...", "size": 1234, "mtime_ns": ...}, ...},
      "warnings": [{"file": "regimes/acme.regime", "line": 3, ...}, ...],  # as `check --format json`
      "source": "regime \"...\" { ... }"      # the regime's text as built (for `build --check --diff`)
    }

`files` are the clause, template and data files the regime's documents used,
as in a lock (clausegen.lock), hashed over their text. The list of file names
in each library folder is part of the key because a file added to an
organisation library can override a clause without any used file changing.
A rebuild recomputes the inputs from the source and the recorded files'
current text, without assembling anything; the regime is unchanged when the
key is the same and every output is on disk with its recorded SHA-256 (a
file whose size and modification time are as recorded is not read again).

No absolute path is recorded, so the folder can be cached between CI jobs.
A record that cannot be read is ignored (the regime is built again).

Each regime's output folder also holds its build record, `.clausegen-build.json`
(MANIFEST): the same key, inputs, outputs (sha256 and size, no times) and
warnings, without the source text, written byte-identically for the same
build. It travels with the documents (commit it with them), so a fresh clone
with no cache folder can still tell, by hashing inputs and outputs, that a
regime's documents are up to date, without building them; and a regime
removed from the library is found by its folder's record.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic, DiagnosticJSON

FORMAT = 1
#: The inputs of a regime's cache key, as JSON: source, versions, options, libraries and files used.
KeyInputs = dict[str, Any]
#: packages whose version can change the bytes of a document
PACKAGES = ("holidays", "jinja2", "lark", "python-docx", "typst", "pypandoc")


@dataclass
class Record:
    """One regime's record, as read from or written to the cache folder."""

    regime: str
    out_dir: str
    key: str
    inputs: KeyInputs
    outputs: dict[str, dict[str, Any]]  # file name -> {"sha256", "size", "mtime_ns"}
    warnings: list[DiagnosticJSON]  # Diagnostic.to_json() of each warning, files under the library relative to it
    source: str = ""  # the regime's text as built, so `build --check --diff` can say what changed since

    def to_json(self) -> str:
        """The record as the cache folder keeps it (the same record is always the same text)."""
        data = {
            "format": FORMAT,
            "regime": self.regime,
            "out_dir": self.out_dir,
            "key": self.key,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "warnings": self.warnings,
            "source": self.source,
        }
        return _dumps(data)


def _dumps(data: dict[str, Any]) -> str:
    """A record as JSON: sorted keys, so the same record is always the same text."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _record(data: dict[str, Any], outputs: dict[str, dict[str, Any]]) -> Record:
    """A Record from parsed JSON (KeyError, TypeError or ValueError when it is not one)."""
    return Record(
        str(data["regime"]),
        str(data["out_dir"]),
        str(data["key"]),
        dict(data["inputs"]),
        outputs,
        list(data.get("warnings", [])),
        str(data.get("source", "")),
    )


#: the build record kept in each regime's output folder
MANIFEST = ".clausegen-build.json"


def manifest_bytes(record: Record) -> bytes:
    """A regime's build record for its output folder: no times, no source, same bytes per build."""
    outputs = {n: {"sha256": o["sha256"], "size": o["size"]} for n, o in sorted(record.outputs.items())}
    data = {
        "format": FORMAT,
        "regime": record.regime,
        "out_dir": record.out_dir,
        "key": record.key,
        "inputs": record.inputs,
        "outputs": outputs,
        "warnings": record.warnings,
    }
    return _dumps(data).encode("utf-8")


def read_manifest(folder: Path, names: set[str]) -> Record | None:
    """The build record in an output folder, or None if there is none or it cannot be read.

    It is untrusted (it came with a checkout): only outputs named in `names`
    (the file names a build writes, no folders) are taken from it.
    """
    try:
        data = json.loads((Path(folder) / MANIFEST).read_bytes()[:50_000_000])
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        outputs = {
            str(n): {"sha256": str(o["sha256"]), "size": int(o["size"])}
            for n, o in dict(data["outputs"]).items()
            if n in names
        }
        return _record(data, outputs)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def record_path(cache_dir: Path, regime: str) -> Path:
    """Where the record of a regime (its path relative to the library) is kept."""
    return cache_dir / "regimes" / f"{hashlib.sha256(regime.encode('utf-8')).hexdigest()[:20]}.json"


def read_records(cache_dir: Path) -> dict[str, Record]:
    """Every readable record of the cache folder, by regime path; unreadable ones are skipped."""
    out: dict[str, Record] = {}
    folder = cache_dir / "regimes"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return out
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            data = json.loads((folder / name).read_bytes())
            if data.get("format") != FORMAT:
                continue
            rec = _record(data, dict(data["outputs"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        if record_path(cache_dir, rec.regime).name == name:  # a copied or renamed file is not trusted
            out[rec.regime] = rec
    return out


def write_record(cache_dir: Path, record: Record) -> None:
    """Write a record whole (temporary file, then rename); OSError passes up."""
    from ..outdir import replace_file

    path = record_path(cache_dir, record.regime)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, record.to_json().encode("utf-8"))


def warnings_to_json(warnings: Iterable[Diagnostic], root: Path) -> list[DiagnosticJSON]:
    """Warnings for a record: a file inside the library is named relative to it ("@/" before it)."""
    out = []
    for d in warnings:
        data = d.to_json()
        path = Path(data["file"])
        if not data["file"].startswith("<"):
            rel = relative(path, root)
            if not rel.startswith("../"):
                data["file"] = "@/" + rel
        out.append(data)
    return out


def warnings_from_json(items: list[DiagnosticJSON], root: Path, shown: Callable[[Path], str]) -> tuple[Diagnostic, ...]:
    """The recorded warnings as Diagnostics again; `shown` names a library file as diagnostics show it."""
    from ..diagnostics import Diagnostic, Severity
    from ..source import Span

    out = []
    for data in items:
        try:
            name = str(data["file"])
            if name.startswith("@/"):
                name = shown(root / name[2:])
            span = Span(name, int(data["line"]), int(data["column"]), int(data["end_line"]), int(data["end_column"]))
            out.append(
                Diagnostic(
                    str(data["code"]), Severity(data["severity"]), str(data["message"]), span, str(data.get("help", ""))
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def remove_record(cache_dir: Path, regime: str) -> None:
    """Forget a regime's record (one that was never made is fine)."""
    try:
        record_path(cache_dir, regime).unlink()
    except FileNotFoundError:
        pass


def key_of(inputs: KeyInputs) -> str:
    """The key: SHA-256 of the inputs as canonical JSON."""
    return hashlib.sha256(
        json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def relative(path: Path, root: Path) -> str:
    """A path relative to the library, with "/" (a `..` path when outside it)."""
    try:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
    except ValueError:  # another drive (Windows): the name is the best we have
        return Path(path).as_posix()


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def text_sha(path: Path) -> str | None:
    """The hash a lock records for a file (its text, UTF-8, "\\n" line ends); None if unreadable."""
    from ..lock import sha256_of

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return sha256_of(text.replace("\r\n", "\n").replace("\r", "\n"))


@lru_cache(maxsize=1)
def code_sha() -> str:
    """A hash of clausegen's own code and grammar: a changed checkout is a new clausegen."""
    from ..resources import data_dir

    package = Path(__file__).resolve().parents[1]
    files = [(p.relative_to(package).as_posix(), p) for p in sorted(package.rglob("*.py"))]
    files += [("grammar/" + p.name, p) for p in sorted(data_dir("grammar").glob("*.lark")) if p.is_file()]
    h = hashlib.sha256()
    for name, p in files:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """The installed version of each package that can change a document's bytes ("" when absent)."""
    from importlib import metadata

    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


class Hasher:
    """Hashes of library files, library listings and fonts, each computed once per build."""

    def __init__(self) -> None:
        self._text: dict[Path, str | None] = {}
        self._bytes: dict[Path, str | None] = {}
        self._listing: dict[tuple[Path, str], str] = {}

    def text(self, path: Path) -> str | None:
        """The hash of a library file's text, as a lock records it (None if unreadable)."""
        if path not in self._text:
            self._text[path] = text_sha(path)
        return self._text[path]

    def file(self, path: Path) -> str | None:
        """The SHA-256 of a file's bytes (None if unreadable)."""
        if path not in self._bytes:
            try:
                self._bytes[path] = sha256_bytes(Path(path).read_bytes())
            except OSError:
                self._bytes[path] = None
        return self._bytes[path]

    def listing(self, root: Path, suffix: str, deep: bool) -> str:
        """A hash of the names of the files in a library folder (not their text)."""
        if (root, suffix) not in self._listing:
            if deep:
                from ..documents.libfiles import list_names

                names, outside = list_names(root, suffix) if root.is_dir() else ([], [])
                names = names + [f"->{o}" for o in outside]
            else:
                try:
                    names = sorted(n for n in os.listdir(root) if n.endswith(suffix))
                except OSError:
                    names = []
            self._listing[root, suffix] = sha256_bytes("\n".join(names).encode("utf-8"))
        return self._listing[root, suffix]

    def fonts(self, font_dirs: tuple[Path, ...]) -> str:
        """A hash of every font file given (a folder: every file under it, by relative name)."""
        h = hashlib.sha256()
        for i, d in enumerate(font_dirs):
            d = Path(d)
            if d.is_dir():
                files = sorted(p for p in d.rglob("*") if p.is_file())
                for p in files:
                    h.update(f"{i}:{p.relative_to(d).as_posix()}\0{self.file(p)}\n".encode())
            else:
                h.update(f"{i}:{d.name}\0{self.file(d)}\n".encode())
        return h.hexdigest()
