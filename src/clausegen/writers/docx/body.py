"""The body being written: one document's state and the pieces every part of the writer adds.

`Body` opens the prepared package (prepared.py) and adds paragraphs, runs,
inline content (emphasis, defined terms, fill-ins, cross-references, marks
of a redline) and fields to its body. The clause walk (writer.py), tables
and figures (tables.py) and the page furniture (furniture.py) build on it.
Paragraphs and runs are made as XML strings: python-docx's setters search
the properties element on every call and were slow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from docx.oxml import parse_xml as _xml
from docx.oxml.ns import qn as _qn
from docx.text.paragraph import Paragraph as _Paragraph

from ...docmodel import (
    Block,
    Clause,
    Deleted,
    Document,
    Emph,
    FillIn,
    Inline,
    Inserted,
    Ref,
    Strong,
    TermDef,
    TermUse,
    Text,
    ref_number,
)
from ..options import WriterOptions
from .fields import field_begin, field_end, plan_bookmarks
from .prepared import prepared
from .revisions import Revisions, unrevised
from .text import Element, W, run_text


def clause_depth(blocks: Iterable[Block], depth: int = 1) -> int:
    """How deep the clauses nest: 1 for sections only, 2 with clauses under them..."""
    deepest = 0
    for b in blocks:
        b, _ = unrevised(b)
        if isinstance(b, Clause):
            deepest = max(deepest, depth, clause_depth(b.children, depth + 1))
    return deepest


class Body:
    """One document being written into a fresh copy of its prepared package."""

    def __init__(self, doc: Document, options: WriterOptions):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        self.epoch = options.get("source_date_epoch")
        reference = options.get("reference_docx")
        data = Path(reference).read_bytes() if reference else None
        package = prepared(data, max(4, clause_depth(doc.blocks)), doc.numbered)
        self.document, self.numbering = package.open()
        self.text_width = package.text_width
        self.ids = dict(package.ids)
        self.pending_break = False
        self.keeping = False
        self.bookmarks = plan_bookmarks(doc)
        # tracked changes of a redline (revisions.py); unused otherwise
        self.revisions = Revisions(options, doc.meta.date)

    # -- paragraphs and runs -------------------------------------------------------------

    def style(self, name: str) -> str:
        """The styleId of a style by its name (any case)."""
        return self.ids[name.lower()]

    def para(self, style: str, indent: int | None = None, hanging: int = 0, keep_next: bool = False) -> _Paragraph:
        """A new body paragraph; takes a pending page break."""
        # Built as XML in schema order: python-docx's paragraph_format setters
        # search the properties element on every call and were slow.
        ppr = f'<w:pStyle w:val="{self.style(style)}"/>'
        if keep_next or self.keeping:
            ppr += "<w:keepNext/>"
        if self.pending_break:
            ppr += "<w:pageBreakBefore/>"
            self.pending_break = False
        if indent is not None:
            ppr += f'<w:ind w:left="{int(indent)}"' + (f' w:hanging="{int(hanging)}"' if hanging else "") + "/>"
        p = _xml(f"<w:p {W}><w:pPr>{ppr}</w:pPr></w:p>")
        body = self.document.element.body
        body.insert(len(body) - 1 if len(body) and body[-1].tag == _qn("w:sectPr") else len(body), p)
        return _Paragraph(p, self.document._body)

    def run(
        self,
        parent: Element,
        text: str,
        rstyle: str = "",
        bold: bool = False,
        italic: bool = False,
        highlight: str = "",
    ) -> Element:
        """A run of text appended to parent, with its character style and emphasis."""
        rpr = (
            (f'<w:rStyle w:val="{self.style(rstyle)}"/>' if rstyle else "")
            + ("<w:b/><w:bCs/>" if bold else "")
            + ("<w:i/><w:iCs/>" if italic else "")
        )
        rpr += f'<w:highlight w:val="{highlight}"/>' if highlight else ""
        # The text goes into the XML string: python-docx's `run.text` setter
        # adds one element per character and was a quarter of the writer's time.
        r = _xml(f"<w:r {W}>" + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + run_text(text) + "</w:r>")
        parent.append(r)
        return r

    def field(self, parent: Element, instruction: str, result: str, bold: bool = False, italic: bool = False) -> None:
        """A complex field with its result cached, as Word writes one."""
        rpr = field_begin(parent, instruction, bold, italic)
        if result:
            self.run(parent, result, bold=bold, italic=italic)
        field_end(parent, rpr)

    def inlines(
        self, parent: Element, items: Sequence[Inline], bold: bool = False, italic: bool = False, rstyle: str = ""
    ) -> None:
        """Inline content as runs (and fields, and a redline's w:ins/w:del) appended to parent."""
        for i in items:
            if isinstance(i, Text):
                self.run(parent, i.text, rstyle, bold=bold, italic=italic)
            elif isinstance(i, (Inserted, Deleted)):
                wrapper = self.revisions.wrapper(parent, "inserted" if isinstance(i, Inserted) else "deleted")
                self.inlines(wrapper, i.children, bold, italic, rstyle)
                self.revisions.finish(wrapper)
            elif isinstance(i, Strong):
                self.inlines(parent, i.children, True, italic, rstyle)
            elif isinstance(i, Emph):
                self.inlines(parent, i.children, bold, True, rstyle)
            elif isinstance(i, TermDef):
                self.run(parent, f"\u201c{i.term}\u201d", "Defined Term", italic=italic)
            elif isinstance(i, TermUse):
                self.run(parent, i.text, rstyle, bold=bold, italic=italic)
            elif isinstance(i, Ref):
                self.reference(parent, i, bold, italic)
            elif isinstance(i, FillIn):
                self.run(parent, f"[{i.label}]", "Fill-in", bold=bold, italic=italic, highlight="yellow")
            else:
                raise TypeError(f"the Word writer has no rule for the inline {type(i).__name__}")

    def reference(self, parent: Element, ref: Ref, bold: bool, italic: bool) -> None:
        """REF field to the clause's bookmark: \\r gives its paragraph number."""
        shown = ref_number(ref, self.doc.numbers)
        name = self.bookmarks.names.get(ref.target)
        if name is None:
            self.run(parent, shown, bold=bold, italic=italic)
            return
        switches = r"\r \h" if ref.target in self.bookmarks.numbered else r"\h"
        self.field(parent, f"REF {name} {switches}", shown, bold, italic)

    def append_body(self, element: Element) -> None:
        """Add a paragraph or table at the end of the body, before its section properties."""
        body = self.document.element.body
        body.insert(len(body) - 1 if len(body) and body[-1].tag == _qn("w:sectPr") else len(body), element)

    def spacer(self) -> None:
        """A small empty paragraph after a table: keeps tables apart and text off the rule."""
        self.append_body(
            _xml(
                f'<w:p {W}><w:pPr><w:pStyle w:val="{self.style("Normal")}"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:p>'
            )
        )
