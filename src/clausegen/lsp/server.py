"""The Language Server Protocol side of `clausegen lsp`, on pygls.

Each handler converts the editor's positions, asks `analysis`, and converts
the answer back. Checking is debounced: while the drafter types, only the
text they paused on is checked. No handler lets an exception out: the
editor keeps its server whatever the text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..source import Span
from . import analysis
from .completion import ItemKind
from .symbols import Symbol

# Seconds of quiet after a change before the text is checked: long enough
# that a burst of keystrokes costs one check, short enough to feel live.
DEBOUNCE = 0.15

log = logging.getLogger(__name__)


class RegimeServer(LanguageServer):
    """A pygls server that remembers the last analysis of each open document."""

    def __init__(self) -> None:
        super().__init__("clausegen", __version__)
        self.analyses: dict[str, analysis.Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}


server = RegimeServer()


def _name(uri: str) -> str:
    """The file name diagnostics carry: the document's path, or its URI."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def _doc(ls: RegimeServer, uri: str) -> TextDocument:
    return ls.workspace.get_text_document(uri)


def _analysis(ls: RegimeServer, uri: str) -> analysis.Analysis:
    """The analysis of the document as it is now (checked now if the last one is stale)."""
    doc = _doc(ls, uri)
    text = doc.source
    current = ls.analyses.get(uri)
    if current is None or current.text != text:
        previous = current
        current = ls.analyses[uri] = analysis.analyse(text, _name(uri))
        if current.tree is None and previous is not None:
            current.known = previous.symbols or previous.known
    return current


def _to_client(doc: TextDocument, line: int, char: int) -> lsp.Position:
    lines = doc.lines
    if line >= len(lines):
        return lsp.Position(line=max(0, len(lines)), character=0)
    return doc.position_codec.position_to_client_units(
        lines, lsp.Position(line=line, character=min(char, len(lines[line])))
    )


def _range(doc: TextDocument, span: Span) -> lsp.Range:
    """A 1-based clausegen span as an editor range."""
    start = _to_client(doc, max(0, span.line - 1), max(0, span.column - 1))
    end = _to_client(doc, max(0, span.end_line - 1), max(0, span.end_column - 1))
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return lsp.Range(start=start, end=end)


def _from_client(doc: TextDocument, pos: lsp.Position) -> tuple[int, int]:
    p = doc.position_codec.position_from_client_units(doc.lines, pos)
    return p.line, p.character


def _diagnostic(doc: TextDocument, d: Diagnostic, name: str) -> lsp.Diagnostic:
    span = d.span if d.span.file == name else Span.point(name, 1, 1)
    message = d.message + (f"\n{d.help}" if d.help else "")
    return lsp.Diagnostic(
        range=_range(doc, span),
        message=message,
        severity=lsp.DiagnosticSeverity.Error if d.severity is Severity.ERROR else lsp.DiagnosticSeverity.Warning,
        code=d.code,
        source="clausegen",
        data={"suggestion": analysis.suggestion(d)} if analysis.suggestion(d) else None,
    )


def publish(ls: RegimeServer, uri: str) -> None:
    """Check the document and send its diagnostics."""
    try:
        doc = _doc(ls, uri)
        a = _analysis(ls, uri)
        items = [_diagnostic(doc, d, a.name) for d in a.diagnostics]
        ls.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=doc.version)
        )
    except Exception:
        log.exception("checking %s failed", uri)


async def _later(ls: RegimeServer, uri: str) -> None:
    try:
        await asyncio.sleep(DEBOUNCE)
    except asyncio.CancelledError:
        return
    publish(ls, uri)


def _schedule(ls: RegimeServer, uri: str) -> None:
    old = ls.pending.pop(uri, None)
    if old is not None:
        old.cancel()
    ls.pending[uri] = asyncio.ensure_future(_later(ls, uri))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RegimeServer, params: lsp.DidOpenTextDocumentParams) -> None:
    """The drafter opened a document: check it now."""
    publish(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: RegimeServer, params: lsp.DidChangeTextDocumentParams) -> None:
    """The text changed: check it once the drafter pauses."""
    _schedule(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: RegimeServer, params: lsp.DidSaveTextDocumentParams) -> None:
    """The document was saved: check it now."""
    publish(ls, params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RegimeServer, params: lsp.DidCloseTextDocumentParams) -> None:
    """The document was closed: forget it and clear its diagnostics."""
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.analyses.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


_KINDS: dict[ItemKind, lsp.CompletionItemKind] = {
    "keyword": lsp.CompletionItemKind.Keyword,
    "party": lsp.CompletionItemKind.Class,
    "role": lsp.CompletionItemKind.Field,
    "forum": lsp.CompletionItemKind.Module,
    "tier": lsp.CompletionItemKind.Enum,
    "unit": lsp.CompletionItemKind.Unit,
    "calendar": lsp.CompletionItemKind.Constant,
    "event": lsp.CompletionItemKind.Event,
    "value": lsp.CompletionItemKind.EnumMember,
}


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", "."]))
def completion(ls: RegimeServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    """What may be typed at the cursor."""
    try:
        doc = _doc(ls, params.text_document.uri)
        line, char = _from_client(doc, params.position)
        items = analysis.complete(_analysis(ls, params.text_document.uri), line, char)
    except Exception:
        log.exception("completion failed")
        items = []
    return lsp.CompletionList(
        is_incomplete=False,
        items=[lsp.CompletionItem(label=i.label, kind=_KINDS.get(i.kind), detail=i.detail or i.kind) for i in items],
    )


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: RegimeServer, params: lsp.HoverParams) -> lsp.Hover | None:
    """A period's worst-case dates, an id's definition or a keyword's meaning at the cursor."""
    try:
        doc = _doc(ls, params.text_document.uri)
        line, char = _from_client(doc, params.position)
        found = analysis.hover(_analysis(ls, params.text_document.uri), line, char)
    except Exception:
        log.exception("hover failed")
        return None
    if found is None:
        return None
    text, span = found
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text), range=_range(doc, span))


def _locations(
    ls: RegimeServer,
    uri: str,
    position: lsp.Position,
    pick: Callable[[analysis.Analysis, Symbol], list[Symbol]],
) -> list[lsp.Location] | None:
    try:
        doc = _doc(ls, uri)
        a = _analysis(ls, uri)
        sym = analysis.symbol_at(a, *_from_client(doc, position))
        if sym is None:
            return None
        return [lsp.Location(uri=uri, range=_range(doc, s.span)) for s in pick(a, sym)]
    except Exception:
        log.exception("looking up a symbol failed")
        return None


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: RegimeServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    """Go to definition: where the id under the cursor is defined."""
    return _locations(ls, params.text_document.uri, params.position, analysis.definitions)


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: RegimeServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    """Find references: every occurrence of the id under the cursor."""
    include = params.context.include_declaration
    return _locations(ls, params.text_document.uri, params.position, lambda a, s: analysis.references(a, s, include))


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: RegimeServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    """The outline: the file's blocks, nested, with its party and role lines."""
    try:
        doc = _doc(ls, params.text_document.uri)
        blocks = analysis.outline(_analysis(ls, params.text_document.uri))
    except Exception:
        log.exception("the outline failed")
        return []

    def convert(o: analysis.Outline) -> lsp.DocumentSymbol:
        return lsp.DocumentSymbol(
            name=o.name,
            detail=o.detail,
            kind=lsp.SymbolKind.Namespace if o.children else lsp.SymbolKind.Field,
            range=_range(doc, o.span),
            selection_range=_range(doc, o.name_span),
            children=[convert(c) for c in o.children],
        )

    return [convert(o) for o in blocks]


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: RegimeServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    """Format the whole document as `clausegen fmt` does (one edit), or leave it when it does not parse."""
    from ..diagnostics import CompileError

    doc = _doc(ls, params.text_document.uri)
    try:
        from ..language.fmt import format_source  # written on another branch: may be missing
    except ImportError:
        ls.window_show_message(
            lsp.ShowMessageParams(type=lsp.MessageType.Warning, message="this clausegen has no formatter")
        )
        return None
    try:
        new = format_source(doc.source, _name(params.text_document.uri))
    except CompileError:
        return None  # a file that does not parse is left alone; its diagnostics say why
    except Exception:
        log.exception("formatting failed")
        return None
    if new == doc.source:
        return []
    lines = doc.lines
    end = _to_client(doc, len(lines) - 1, len(lines[-1])) if lines else lsp.Position(line=0, character=0)
    return [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=end), new_text=new)]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(ls: RegimeServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """Quick fixes: change a misspelt word to the one a 'did you mean' diagnostic proposes."""
    out: list[lsp.CodeAction] = []
    uri = params.text_document.uri
    for d in params.context.diagnostics:
        word = d.data.get("suggestion") if isinstance(d.data, dict) else None
        if word is None:  # a client that does not send `data` back
            m = analysis.DID_YOU_MEAN.search(d.message)
            word = m.group(1) if m else None
        if d.source != "clausegen" or not word:
            continue
        out.append(
            lsp.CodeAction(
                title=f"Change to `{word}`",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=d.range, new_text=word)]}),
            )
        )
    return out


def main() -> None:
    """Serve over stdin and stdout until the editor says exit."""
    import os
    import sys

    server.start_io()
    # pygls closes stdout when the editor says exit; the CLI flushes it after
    # every command, which must not fail on a closed file.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
