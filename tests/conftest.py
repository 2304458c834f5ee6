"""Shared fixtures: the repository root and a compiler entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen.api import compile_source
from clausegen.diagnostics import CompileError
from clausegen.source import SourceFile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture
def compile_text():
    """Compile regime text; return the Compiled result or the CompileError."""

    def run(text: str, name: str = "test.regime"):
        try:
            return compile_source(SourceFile(name, text))
        except CompileError as exc:
            return exc

    return run


def codes(result) -> list[str]:
    """The diagnostic codes of a CompileError (or the warnings of a result)."""
    diags = result.diagnostics if isinstance(result, CompileError) else result.warnings
    return [d.code for d in diags]
