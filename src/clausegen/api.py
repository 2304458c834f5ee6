"""The pipeline in a few lines: source text -> AST -> checked regime model."""

from __future__ import annotations

from dataclasses import dataclass
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
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
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
