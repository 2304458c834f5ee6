"""The pipeline in a few lines: source text -> AST -> checked regime model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import CompileError, Diagnostic, Diagnostics
from .language.builder import build
from .language.checks import run_checks
from .language.parser import parse
from .language.ast import SourceTree
from .model import Regime
from .source import SourceFile, Span


@dataclass(frozen=True)
class Compiled:
    """A regime that passed every check (warnings may remain)."""

    source: SourceFile
    tree: SourceTree
    regime: Regime
    warnings: tuple[Diagnostic, ...]


def compile_source(source: SourceFile) -> Compiled:
    """Parse, build and check; raise CompileError listing every problem."""
    tree = parse(source)
    diags = Diagnostics()
    regime, ctx = build(tree, diags)
    if regime is not None:
        run_checks(regime, ctx, diags)
    if diags.has_errors or regime is None:
        raise CompileError(diags.sorted())
    return Compiled(source, tree, regime, tuple(diags.sorted()))


def read_source(path: str) -> SourceFile:
    """Read a regime file; text that is not UTF-8 is a diagnostic, not a crash."""
    data = Path(path).read_bytes()
    try:
        return SourceFile(str(path), data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        diags = Diagnostics()
        diags.error(
            "CG106",
            "this file is not UTF-8 text",
            Span.point(str(path), line, column),
            "save the file as UTF-8 (plain text); a .regime file is never a Word or binary file",
        )
        raise CompileError(diags.sorted()) from None


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


def build_documents(
    compiled: Compiled,
    out_dir: Path,
    kinds: tuple[str, ...],
    formats: tuple[str, ...],
    clause_dirs: tuple[Path, ...] = (),
    template_dirs: tuple[Path, ...] = (),
    notified: date | None = None,
    writer_options: dict | None = None,
) -> "Built":
    """Every requested document of one regime in every requested format, in memory.

    `notified` dates the handbook's deadlines from the day a dispute was
    notified; writer_options go to every writer (draft, reference_docx,
    source_date_epoch). Raises CompileError with every problem found in the
    clause library or templates; nothing is written here, so a failed build
    loses nothing.
    """
    from .documents.assemble import assemble
    from .documents.library import Library
    from .render import Renderer
    from .timeline import timeline

    library = Library(clause_dirs, template_dirs)
    stem = Path(compiled.source.name).stem
    skipped: list[str] = []
    warnings: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    options = dict(writer_options or {})
    extra = {"notified": timeline(compiled.regime, notified) if notified else None}
    with Renderer(formats, options) as renderer:
        documents = []
        for kind in kinds:
            try:
                assembled = assemble(compiled.regime, kind, library, extra)
            except CompileError as exc:
                problems += exc.diagnostics
                continue
            if assembled is None:
                skipped.append(kind)
                continue
            warnings += assembled.warnings
            documents.append(kind)
            renderer.start(kind, assembled.document)  # PDFs begin compiling now, aside
        if problems:
            raise CompileError(problems)
        rendered = renderer.finish()
    outputs = [Output(out_dir / stem / f"{kind}.{fmt}", rendered[kind, fmt]) for kind in documents for fmt in formats]
    return Built(outputs, warnings, skipped)


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
