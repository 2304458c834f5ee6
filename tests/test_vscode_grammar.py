"""The VS Code extension: its TextMate grammar scopes every example, its files hang together.

An equivalent of the VS Code grammar-test tool without Node: the grammar's
regexes compile, and a small TextMate matcher (earliest match wins, ties
go to the first pattern, one line at a time) gives every keyword, string
and comment of every example its scope. The positions to check come from
clausegen's own parser (keywords, strings) and the Pygments lexer (comments).
"""

from __future__ import annotations

import json
import re

import pytest

from clausegen.language.parser import parse
from clausegen.language.values import UNITS
from clausegen.source import SourceFile

from .conftest import EXAMPLES, ROOT

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = json.loads((VSCODE / "syntaxes" / "regime.tmLanguage.json").read_text())
VALID = [p for p in sorted(EXAMPLES.rglob("*.regime")) if "invalid" not in p.parts]


def _patterns(node) -> list[dict]:
    """The grammar's top-level patterns, includes resolved, in order."""
    out = []
    for p in node["patterns"]:
        if "include" in p:
            p = GRAMMAR["repository"][p["include"].lstrip("#")]
        out.extend(_patterns(p) if "patterns" in p else [p])
    return out


PATTERNS = [(re.compile(p["match"]), p) for p in _patterns(GRAMMAR)]


def scopes(line: str) -> dict[int, str]:
    """Column (0-based) -> scope of the token starting there."""
    out: dict[int, str] = {}
    pos = 0
    while pos < len(line):
        best = None
        for rx, p in PATTERNS:
            m = rx.search(line, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best[0].start()):
                best = (m, p)
        if best is None:
            break
        m, p = best
        if "captures" in p:
            for group, cap in p["captures"].items():
                if m.group(int(group)) is not None:
                    out[m.start(int(group))] = cap["name"]
        else:
            out[m.start()] = p["name"]
        pos = m.end()
    return out


def test_every_regex_compiles():
    assert PATTERNS and all(rx.pattern for rx, _ in PATTERNS)


def test_units_are_the_languages_units():
    unit = next(p["match"] for _, p in PATTERNS if p.get("name") == "keyword.other.unit.regime")
    assert set(re.search(r"\(\?:(.*)\)", unit).group(1).split("|")) == set(UNITS)


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_keyword_string_and_comment_gets_its_scope(path):
    from pygments.token import Comment

    from clausegen.highlight import RegimeLexer

    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    line_scopes = [scopes(line) for line in lines]

    def scope_at(line: int, column: int) -> str:
        return line_scopes[line - 1].get(column - 1, "")

    tree = parse(SourceFile(str(path), text))
    checked = 0

    def walk(statements):
        nonlocal checked
        for st in statements:
            assert scope_at(st.keyword_span.line, st.keyword_span.column).startswith("keyword"), (
                st.keyword,
                st.keyword_span,
            )
            for v in st.values:
                if v.kind == "string":
                    assert scope_at(v.span.line, v.span.column).startswith("string"), v
                    checked += 1
            checked += 1
            walk(st.block or ())

    walk(tree.statements)
    offset = 0
    starts = [0]
    for line in lines:
        offset += len(line) + 1
        starts.append(offset)
    for index, kind, value in RegimeLexer().get_tokens_unprocessed(text):
        if kind in Comment:
            line = next(n for n, s in enumerate(starts) if s > index)
            assert scope_at(line, index - starts[line - 1] + 1).startswith("comment"), value
            checked += 1
    assert checked > 20


def test_extension_files_hang_together():
    package = json.loads((VSCODE / "package.json").read_text())
    (language,) = package["contributes"]["languages"]
    (grammar,) = package["contributes"]["grammars"]
    assert language["extensions"] == [".regime"] and grammar["scopeName"] == GRAMMAR["scopeName"]
    assert (VSCODE / grammar["path"]).is_file() and (VSCODE / package["main"]).is_file()
    config = json.loads((VSCODE / language["configuration"]).read_text())
    assert config["comments"]["lineComment"] == "#" and ["{", "}"] in config["brackets"]
    assert package["contributes"]["configuration"]["properties"]["clausegen.command"]["default"] == ["clausegen", "lsp"]
    assert "vscode-languageclient" in package["dependencies"]
