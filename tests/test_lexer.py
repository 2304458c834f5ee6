"""The Pygments lexer: every example lexes with no error tokens, keywords from the builder."""

from __future__ import annotations

import tomllib

import pytest

pytest.importorskip("pygments")

from pygments.token import Comment, Error, Keyword, Name, String

from clausegen.highlight import RegimeLexer

from .conftest import EXAMPLES, ROOT

VALID = sorted(EXAMPLES.rglob("*.regime"))
VALID = [p for p in VALID if "invalid" not in p.parts]


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_lexes_without_errors(path):
    text = path.read_text(encoding="utf-8")
    tokens = list(RegimeLexer().get_tokens(text))
    assert [v for t, v in tokens if t in Error] == []
    assert "".join(v for _, v in tokens) == (text if text.endswith("\n") else text + "\n")


def test_tokens_get_their_kinds():
    text = 'regime "X" {  # note\n  escalation {\n    tier a "A" { within 10 business_days }\n  }\n}\n'
    kinds = {v: t for t, v in RegimeLexer().get_tokens(text)}
    assert kinds["escalation"] in Keyword and kinds["tier"] in Keyword
    assert kinds['"X"'] in String and kinds["# note"] in Comment
    assert kinds["business_days"] in Keyword.Type and kinds["a"] in Name


def test_stray_characters_are_errors():
    assert any(t in Error for t, _ in RegimeLexer().get_tokens("venue: London;\n"))


def test_registered_through_the_pygments_entry_point():
    """pyproject names the lexer under `pygments.lexers`, and the name resolves to it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    target = project["project"]["entry-points"]["pygments.lexers"]["regime"]
    module, _, attr = target.partition(":")
    import importlib

    assert getattr(importlib.import_module(module), attr) is RegimeLexer


def test_clausegen_does_not_import_pygments():
    """Pygments is not a dependency: the CLI and the compiler never load it."""
    import subprocess
    import sys

    code = "import sys, clausegen.cli, clausegen.api, clausegen.lsp.analysis; print('pygments' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")}, check=True
    )
    assert out.stdout.strip() == "False"
