"""The language reference documents the language as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clausegen.language.parser import parse
from clausegen.language.vocabulary import vocabulary
from clausegen.source import SourceFile

from .conftest import ROOT

LANGUAGE = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
DIAGNOSTICS = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
SNIPPETS = re.findall(r"```regime\n(.*?)```", LANGUAGE, re.S)


def test_there_are_examples():
    assert len(SNIPPETS) >= 30


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"snippet-{i}" for i in range(len(SNIPPETS))])
def test_every_example_in_the_reference_parses(snippet):
    # Snippets are fragments of a regime: inside a block they must parse.
    parse(SourceFile("snippet.regime", "snippet {\n" + snippet + "\n}\n"))


def test_every_keyword_is_documented():
    missing = sorted({kw for kws in vocabulary().values() for kw in kws if f"`{kw}`" not in LANGUAGE})
    assert missing == []


def test_every_diagnostic_code_is_documented():
    import clausegen

    # Every module of the package, so a code cannot escape the check by moving
    # to a new module (issue 14 split several); the generated parser has none.
    codes = set()
    for path in Path(clausegen.__file__).parent.rglob("*.py"):
        codes |= set(re.findall(r'"(CG\d{3})"', path.read_text(encoding="utf-8")))
    assert codes, "no codes found"
    assert sorted(c for c in codes if c not in DIAGNOSTICS) == []
