"""The language server, driven over stdio as an editor drives it (pytest-lsp)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-globex.regime"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "clausegen.cli", "lsp"], server_env=ENV),
    scope="module",
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=ROOT.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="regime", version=version, text=text)
        )
    )


async def _diagnostics(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def _find(text: str, needle: str, offset: int = 0) -> lsp.Position:
    """The position of `needle` (plus offset characters) in text."""
    i = text.index(needle) + offset
    line = text.count("\n", 0, i)
    return lsp.Position(line=line, character=i - (text.rfind("\n", 0, i) + 1))


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostics_match_check(client: LanguageClient):
    """An error shows as `check` reports it: same code, message, and span."""
    from clausegen.api import compile_source
    from clausegen.diagnostics import CompileError
    from clausegen.source import SourceFile

    text = EXAMPLE.read_text().replace("within 15 business_days", "within 15 busness_days")
    uri = (ROOT / "scratch-diag.regime").as_uri()
    _open(client, uri, text)
    got = await _diagnostics(client, uri)
    with pytest.raises(CompileError) as exc:
        compile_source(SourceFile(str(ROOT / "scratch-diag.regime"), text))
    expected = [(d.code, d.span.line - 1, d.span.column - 1, d.span.end_column - 1) for d in exc.value.diagnostics]
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in got] == expected
    assert all(w.message in d.message for w, d in zip(exc.value.diagnostics, got))
    bad = next(d for d in got if "busness_days" in d.message)

    # The quick fix turns the misspelt unit into the word proposed.
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=bad.range,
            context=lsp.CodeActionContext(diagnostics=[bad]),
        )
    )
    assert len(actions) == 1
    (edit,) = actions[0].edit.changes[uri]
    assert edit.new_text == "business_days" and edit.range == bad.range


@pytest.mark.asyncio(loop_scope="module")
async def test_changes_are_debounced_and_rechecked(client: LanguageClient):
    """A burst of edits is checked once, after the last."""
    uri = (ROOT / "scratch-edit.regime").as_uri()
    good = EXAMPLE.read_text()
    _open(client, uri, good)
    before = await _diagnostics(client, uri)
    assert all(d.severity == lsp.DiagnosticSeverity.Warning for d in before)
    bad = good.replace("seniority 3", "senority 3", 1)
    for version, text in enumerate([bad[:-200], bad[:-100], bad], start=2):
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    published = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert published.version == 4  # only the last text was checked
    assert [d.code for d in published.diagnostics] == ["CG203"] + [d.code for d in before]


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_completion_definition_references(client: LanguageClient):
    uri = (ROOT / "scratch-nav.regime").as_uri()
    text = EXAMPLE.read_text()
    _open(client, uri, text)
    await _diagnostics(client, uri)
    doc = lsp.TextDocumentIdentifier(uri=uri)

    # Hover on a keyword: its meaning from the language reference.
    pos = _find(text, "within 10 business_days", 1)
    h = await client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=pos))
    assert "time the tier has to resolve" in h.contents.value
    # Hover on a period: its worst-case dates.
    pos = _find(text, "within 10 business_days", 9)
    h = await client.text_document_hover_async(lsp.HoverParams(text_document=doc, position=pos))
    assert "Contract Managers" in h.contents.value and "2026-03-16" in h.contents.value

    # Completion at the start of a line in a tier offers the tier's keywords.
    pos = _find(text, "within 15 business_days")
    items = await client.text_document_completion_async(lsp.CompletionParams(text_document=doc, position=pos))
    labels = {i.label for i in items.items}
    from clausegen.language.vocabulary import TIER

    assert labels == set(TIER)
    # After a number: units; after `representatives`: the roles defined.
    pos = _find(text, "within 15 business_days", len("within 15 "))
    items = await client.text_document_completion_async(lsp.CompletionParams(text_document=doc, position=pos))
    assert "business_days" in {i.label for i in items.items}
    pos = _find(text, "representatives client.sponsor", len("representatives "))
    items = await client.text_document_completion_async(lsp.CompletionParams(text_document=doc, position=pos))
    assert {"client.sponsor", "provider.sponsor", "steering_board", "client"} <= {i.label for i in items.items}

    # Definition of a role used in a tier: its `role` line.
    pos = _find(text, "representatives client.sponsor", len("representatives client.s"))
    locs = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=pos))
    assert [loc.range.start for loc in locs] == [_find(text, "client.sponsor ")]
    # The party part of a dotted name goes to the party.
    pos = _find(text, "representatives client.sponsor", len("representatives c"))
    locs = await client.text_document_definition_async(lsp.DefinitionParams(text_document=doc, position=pos))
    assert [loc.range.start for loc in locs] == [_find(text, "party client", len("party "))]
    # References of a forum: its definition and every use.
    pos = _find(text, "forum steering_board", len("forum s"))
    locs = await client.text_document_references_async(
        lsp.ReferenceParams(text_document=doc, position=pos, context=lsp.ReferenceContext(include_declaration=True))
    )
    assert len(locs) == text.count("steering_board")


@pytest.mark.asyncio(loop_scope="module")
async def test_hostile_text_never_kills_the_server(client: LanguageClient):
    """Binary junk, deep nesting and a huge file each get a diagnostic; the server answers after."""
    cases = {
        "junk": "\x00\x01\x02 regime {",
        "deep": 'regime "x" {\n' + "a {\n" * 3000 + "}\n" * 3000 + "}\n",
        "huge": 'regime "x" {\n' + ('  role a.b "' + "x" * 80 + '"\n') * 30000 + "}\n",
        "empty": "",
        "unclosed": 'regime "x {',
    }
    for name, text in cases.items():
        uri = (ROOT / f"scratch-{name}.regime").as_uri()
        _open(client, uri, text)
        got = await _diagnostics(client, uri)
        assert got and all(d.code and d.code.startswith("CG") for d in got), name
        h = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=3)
            )
        )
        assert h is None or h.contents
        await client.text_document_completion_async(
            lsp.CompletionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=5, character=99)
            )
        )


@pytest.mark.asyncio(loop_scope="module")
async def test_formatting_uses_the_formatter(client: LanguageClient):
    fmt = pytest.importorskip("clausegen.language.fmt")
    uri = (ROOT / "scratch-fmt.regime").as_uri()
    text = EXAMPLE.read_text().replace("  schedule 7", "      schedule    7")
    _open(client, uri, text)
    await _diagnostics(client, uri)
    edits = await client.text_document_formatting_async(
        lsp.DocumentFormattingParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1 and edits[0].new_text == fmt.format_source(text)


@pytest.mark.asyncio(loop_scope="module")
async def test_positions_are_in_the_editors_units(client: LanguageClient):
    """A character outside the BMP counts two UTF-16 units, as editors count it."""
    original = EXAMPLE.read_text()
    text = re.sub(
        r'"Head of Vendor Management"(\s+)seniority 1',
        '"Head of Vendor Management \U0001f600"\\1senority 1',
        original,
        count=1,
    )
    assert text != original
    uri = (ROOT / "scratch-utf16.regime").as_uri()
    _open(client, uri, text)
    got = await _diagnostics(client, uri)
    bad = next(d for d in got if d.code == "CG203")
    line = text.split("\n")[bad.range.start.line]
    assert bad.range.start.character == line.index("senority") + 1


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_keeps_names_while_a_line_is_half_typed(client: LanguageClient):
    """A file that stops parsing (a line being typed) still completes the roles it had."""
    uri = (ROOT / "scratch-typing.regime").as_uri()
    good = EXAMPLE.read_text()
    _open(client, uri, good)
    await _diagnostics(client, uri)
    typing = good.replace("    tier executive_sponsors", '    "tier\n    tier executive_sponsors', 1)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=typing)],
        )
    )
    pos = _find(typing, "representatives client.sponsor", len("representatives "))
    items = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert "client.sponsor" in {i.label for i in items.items}
    published = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert published.diagnostics and published.diagnostics[0].severity == lsp.DiagnosticSeverity.Error


@pytest.mark.asyncio(loop_scope="module")
async def test_outline(client: LanguageClient):
    uri = (ROOT / "scratch-outline.regime").as_uri()
    text = EXAMPLE.read_text()
    _open(client, uri, text)
    await _diagnostics(client, uri)
    (regime,) = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert regime.name.startswith("regime")
    names = [c.name for c in regime.children]
    assert "party client" in names and "escalation" in names and "role client.sponsor" in names
    escalation = next(c for c in regime.children if c.name == "escalation")
    assert [t.name for t in escalation.children] == [
        "tier contract_managers",
        "tier commercial_directors",
        "tier executive_sponsors",
    ]
    assert escalation.range.start == _find(text, "  escalation {", 2)
