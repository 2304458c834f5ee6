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
    from .timeline import timeline
    from .documents.assemble import assemble
    from .documents.library import Library

    library = Library(clause_dirs, template_dirs)
    stem = Path(compiled.source.name).stem
    outputs: list[Output] = []
    skipped: list[str] = []
    warnings: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    options = dict(writer_options or {})
    with _Renderer(formats, options) as renderer:
        documents = []
        for kind in kinds:
            try:
                extra = {"notified": timeline(compiled.regime, notified) if notified else None}
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


class _Renderer:
    """Renders documents to every format, the slow ones in worker processes.

    Compiling PDFs (Typst) is the slowest writer and holds the GIL, so each
    PDF is handed to a worker process as soon as its document is assembled,
    while this process goes on assembling and writing the other formats.
    Where processes cannot be forked, everything runs here, in order.
    """

    ASIDE = ("pdf", "docx")

    def __init__(self, formats: tuple[str, ...], options: dict):
        import multiprocessing

        self.formats, self.options = formats, options
        self.pending: list[tuple[str, object]] = []
        self.futures: dict = {}
        self.pool = None
        if any(f in self.ASIDE for f in formats) and "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"))

    def __enter__(self) -> "_Renderer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def start(self, kind: str, document) -> None:
        self.pending.append((kind, document))
        if self.pool is not None:
            for fmt in self.ASIDE:  # slowest first, so the workers stay busy
                if fmt in self.formats:
                    self.futures[kind, fmt] = self.pool.submit(_render, fmt, document, self.options)

    def finish(self) -> dict[tuple[str, str], bytes]:
        out = {}
        for kind, document in self.pending:
            for fmt in self.formats:
                if (kind, fmt) not in self.futures:
                    out[kind, fmt] = _render(fmt, document, self.options)
        for key, future in self.futures.items():
            out[key] = future.result()
        return out


def _render(fmt: str, document, options: dict) -> bytes:
    from .writers import writer

    return writer(fmt)(document, options)


def write_outputs(outputs: list[Output]) -> None:
    """Write files atomically: each appears whole or not at all."""
    import os
    import tempfile

    for out in outputs:
        out.path.parent.mkdir(parents=True, exist_ok=True)
        if out.path.exists() and out.path.read_bytes() == out.data:
            continue  # unchanged: keep the file (and its timestamp) as it is
        fd, tmp = tempfile.mkstemp(dir=out.path.parent, prefix=f".{out.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(out.data)
            os.replace(tmp, out.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
