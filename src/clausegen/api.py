"""The pipeline in a few lines: source text -> AST -> checked regime model -> documents -> files.

compile_source and compile_file check a regime; assemble_documents turns it into the
format-neutral documents; build_documents also renders them and writes the files.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import CompileError, Diagnostic, Diagnostics
from .language.ast import SourceTree
from .language.builder import build
from .language.checks import run_checks
from .language.parser import parse
from .model import Regime
from .source import FileTooLarge, SourceFile, Span, byte_position, read_limited

if TYPE_CHECKING:
    from .docmodel import Document
    from .documents.context import DocumentOptions
    from .documents.library import Library, UsedFile
    from .writers import WriterOptions

#: the files one document used, as the clause library recorded them (see clausegen.lock):
#: library name -> what it is ("clause" or "template") and how to read its text
Recorded = dict[str, "UsedFile"]


@dataclass(frozen=True)
class Compiled:
    """A regime that passed every check (warnings may remain)."""

    source: SourceFile
    tree: SourceTree
    regime: Regime
    warnings: tuple[Diagnostic, ...]


def compile_source(source: SourceFile) -> Compiled:
    """Parse, build and check; raise CompileError listing every problem."""
    diags = Diagnostics()
    tree = parse(source, diags)
    regime, ctx = build(tree, diags)
    if regime is not None:
        run_checks(regime, ctx, diags)
    if diags.has_errors or regime is None:
        raise CompileError(diags.sorted())
    return Compiled(source, tree, regime, tuple(diags.sorted()))


def read_source(path: str) -> SourceFile:
    """Read a regime file; text that is not UTF-8 is a diagnostic, not a crash.

    Anything but a regular file raises NotARegularFile; a file over the size
    limit is CG110 without reading it (see source.read_limited). Other
    OSErrors pass to the caller.
    """
    from .language.parser import MAX_BYTES

    try:
        data = read_limited(path, MAX_BYTES)
    except FileTooLarge as exc:
        _too_large(str(path), exc.size)
    return decode_source(str(path), data)


def _too_large(path: str, size: int) -> None:
    diags = Diagnostics()
    diags.error(
        "CG110",
        f"this file is too large for a regime ({size // 1_000_000} MB)",
        Span.point(path, 1, 1),
        "a regime is a few kilobytes of text; check that you gave the right file",
    )
    raise CompileError(diags.sorted())


def decode_source(name: str, data: bytes) -> SourceFile:
    """The text of a regime file's bytes, or CG106 naming the encoding it is saved in."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        _wrong_encoding(name, "this file is saved as UTF-32, not UTF-8", 1, 1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        _wrong_encoding(name, "this file is saved as UTF-16, not UTF-8", 1, 1)
    try:
        return SourceFile(name, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        bad = data[exc.start : exc.start + 1]
        message = "this file is not UTF-8 text"
        if b"\x00" not in data:
            # A Windows or Latin-1 file: name the character the drafter typed.
            shown = bad.decode("cp1252", errors="replace")
            if shown.isprintable() and shown != "\ufffd":
                message = f"this file is saved in a Windows or Latin-1 encoding, not UTF-8 (`{shown}` here)"
        _wrong_encoding(name, message, line, column)
    raise AssertionError("unreachable")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (even.count(0) * 10 >= len(even) * 9) != (odd.count(0) * 10 >= len(odd) * 9)


def _wrong_encoding(name: str, message: str, line: int, column: int) -> None:
    diags = Diagnostics()
    diags.error(
        "CG106",
        message,
        Span.point(name, line, column),
        "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8); a .regime file is plain text",
    )
    raise CompileError(diags.sorted())


def compile_file(path: str) -> Compiled:
    """Read and compile one .regime file."""
    return compile_source(read_source(path))


@dataclass(frozen=True)
class Output:
    """One built file: where it goes and its bytes."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class Built:
    """What a build of one regime produced, in memory."""

    outputs: list[Output]
    warnings: list[Diagnostic]
    skipped: list[str]  # document kinds this regime does not have
    #: document kind -> the clause and template files it used (see clausegen.lock)
    used: dict[str, Recorded] = field(default_factory=dict)


def build_documents(
    compiled: Compiled,
    out_dir: Path,
    kinds: tuple[str, ...],
    formats: tuple[str, ...],
    clause_dirs: tuple[Path, ...] = (),
    template_dirs: tuple[Path, ...] = (),
    notified: date | None = None,
    writer_options: WriterOptions | None = None,
    changes: tuple[str, ...] | None = None,
    between: tuple[str, ...] | None = None,
) -> Built:
    """Every requested document of one regime in every requested format, in memory.

    `notified` dates the handbook's deadlines from the day a dispute was
    notified; writer_options go to every writer (draft, reference_docx,
    source_date_epoch). `changes` are the changes from the previous version,
    in words (`build --previous`; None when no previous version was given):
    the handbook opens with them. `between` names the parties of one
    dispute of a multi-party deal (`build --between`, checked by
    `dispute_parties_problem`): the handbook, settlement, notice and agreement
    to mediate are then worded for them. Raises CompileError with every problem found in the
    clause library or templates; nothing is written here, so a failed build
    loses nothing.
    """
    from .documents.library import Library
    from .render import Renderer

    stem = Path(compiled.source.name).stem
    options: WriterOptions = {**(writer_options or {})}
    with Renderer(formats, options) as renderer:
        # each PDF begins compiling, aside, as soon as its document is assembled
        assembled = assemble_documents(
            compiled.regime, kinds, Library(clause_dirs, template_dirs), notified, renderer.start, changes, between
        )
        rendered = renderer.finish()
    outputs = [
        Output(out_dir / stem / f"{kind}.{fmt}", rendered[kind, fmt]) for kind in assembled.documents for fmt in formats
    ]
    return Built(outputs, assembled.warnings, assembled.skipped, assembled.used)


@dataclass(frozen=True)
class Documents:
    """The document models of one regime, in the order asked for."""

    documents: dict[str, Document]  # kind -> its document
    warnings: list[Diagnostic]
    skipped: list[str]  # document kinds this regime does not have
    used: dict[str, Recorded]  # kind -> the clause and template files it used (clausegen.lock)


def assemble_documents(
    regime: Regime,
    kinds: tuple[str, ...],
    library: Library,
    notified: date | None = None,
    ready: Callable[[str, Document], None] | None = None,
    changes: tuple[str, ...] | None = None,
    between: tuple[str, ...] | None = None,
) -> Documents:
    """The format-neutral documents of one checked regime (no writer runs here).

    `notified` and `changes` are as for build_documents. `ready(kind,
    document)`, when given, is called as each document is assembled (the
    renderer starts its slow formats then). Raises CompileError with every
    problem found in the clause library or templates, across all the kinds
    asked for.
    """
    from .documents.assemble import assemble
    from .timeline import timeline

    skipped: list[str] = []
    warnings: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    extra: DocumentOptions = {"notified": timeline(regime, notified) if notified else None, "changes": changes}
    if between:
        extra["between"] = between
    done: dict[str, Document] = {}  # kind -> document, for templates that cite another's numbers
    used: dict[str, Recorded] = {}  # kind -> the clause and template files it used (for locks)
    for kind in kinds:
        try:
            with library.recording() as files:
                assembled = assemble(regime, kind, library, extra, done)
        except CompileError as exc:
            problems += exc.diagnostics
            continue
        if assembled is None:
            skipped.append(kind)
            continue
        warnings += assembled.warnings
        done[kind] = assembled.document
        used[kind] = files
        if ready is not None and not problems:
            ready(kind, assembled.document)
    if problems:
        raise CompileError(problems)
    return Documents(done, warnings, skipped, used)


def dispute_parties_problem(regime: Regime, between: tuple[str, ...]) -> str:
    """Why `between` cannot name the parties of a dispute of `regime` ("" when it can).

    A dispute is between two or more of the parties that may be parties to
    one: never an adviser, guarantor, integrator, observer or coordinator.
    """
    ids = [p.id for p in regime.parties]
    for party_id in between:
        party = regime.party(party_id)
        if party is None:
            return f"--between: the regime has no party `{party_id}` (its parties: {', '.join(ids)})"
        if not party.disputing:
            return f"--between: `{party_id}` is the {party.kind} and is never a party to a dispute; name the client and the suppliers in dispute"
    if len(set(between)) < 2:
        return (
            "--between: a dispute is between two or more parties; name them, comma-separated (--between client,hosting)"
        )
    return ""


def write_outputs(outputs: list[Output]) -> None:
    """Write built files, each regime's folder replaced as a whole.

    The files of one folder change together or not at all (see
    clausegen.outdir); other files already in the folder stay. Raises
    clausegen.outdir.OutputProblem naming the path that could not be written.
    """
    from .outdir import replace_folder

    folders: dict[Path, dict[str, bytes]] = {}
    for out in outputs:
        folders.setdefault(out.path.parent, {})[out.path.name] = out.data
    for folder, files in folders.items():
        replace_folder(folder, files)
