"""Markdown writer: the document model as CommonMark with pipe tables."""

from __future__ import annotations

import re

from ..dates import version_line
from ..docmodel import (
    shown_number,
    BulletList,
    Clause,
    Document,
    Emph,
    FillIn,
    Figure,
    Heading,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    SignatureBlock,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
)

_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029][\s]*")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|~^])|&(?=#?\w+;)")
# What would start a block at the start of a line: a heading, a quote, a list
# item, a thematic break. A paragraph whose text begins so is escaped there.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([#>+=-])")


def write(doc: Document, options: dict | None = None) -> bytes:
    """Render a document as Markdown (UTF-8, LF line endings)."""
    out = _Writer(doc)
    return out.render().encode("utf-8")


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.parts: list[str] = []

    def render(self) -> str:
        m = self.doc.meta
        self.parts.append(f"# {self.text(m.title)}")
        if m.subtitle:
            self.parts.append(f"*{self.text(m.subtitle)}*")
        facts = [version_line(m.version, m.date)] if version_line(m.version, m.date) else []
        if facts:
            self.parts.append(" · ".join(self.text(x) for x in facts))
        for b in self.doc.blocks:
            self.block(b)
        return "\n\n".join(p for p in self.parts if p) + "\n"

    # -- inlines ----------------------------------------------------------------

    def text(self, s: str) -> str:
        # Markdown is read line by line: a line break inside a text (a name in
        # a figure or a signature block) would start a new block there.
        return _ESCAPE.sub(lambda m: "\\" + (m.group(1) or "&"), _BREAKS.sub(" ", s))

    def line(self, items) -> str:
        """Inlines that start a line: never read as a heading, list item or quote."""
        return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", self.inlines(items), count=1)

    def inlines(self, items) -> str:
        out = []
        for i in items:
            if isinstance(i, Text):
                out.append(self.text(i.text))
            elif isinstance(i, Strong):
                out.append(f"**{self.inlines(i.children)}**")
            elif isinstance(i, Emph):
                out.append(f"*{self.inlines(i.children)}*")
            elif isinstance(i, TermDef):
                out.append(f"**\u201c{self.text(i.term)}\u201d**")
            elif isinstance(i, TermUse):
                out.append(self.text(i.text))
            elif isinstance(i, Ref):
                out.append(self.doc.numbers.get(i.target, "??"))
            elif isinstance(i, FillIn):
                out.append(f"\\[*{self.text(i.label)}*\\]")
        return "".join(out)

    # -- blocks -----------------------------------------------------------------

    def block(self, b, indent: str = "") -> None:
        if isinstance(b, Clause):
            self.clause(b)
        elif isinstance(b, Paragraph):
            text = self.line(b.inlines)
            self.parts.append(f"> {text}" if b.style == "note" else text)
        elif isinstance(b, Heading):
            self.parts.append(f"{'#' * min(6, b.level + 1)} {self.inlines(b.inlines)}")
        elif isinstance(b, (BulletList, OrderedList)):
            self.parts.append(self.list(b, ""))
        elif isinstance(b, Table):
            self.parts.append(self.table(b))
        elif isinstance(b, Figure):
            self.parts.append(f"**{self.text(b.caption)}**")
            # bullets, not numbers: the labels carry their own ("Tier 1: ..."),
            # and a running number would count the Dispute Notice as a step
            self.parts.append("\n".join(f"- **{self.text(label)}** ({self.text(detail)})" if detail else f"- **{self.text(label)}**" for label, detail in b.items))
        elif isinstance(b, SignatureBlock):
            lines = [f"**{self.text(b.caption)} {self.text(b.party)}**", ""]
            # "Signature ____", no colon: the house style of the PDF, DOCX and HTML
            lines += [f"{self.text(line)} \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  " for line in b.lines]
            self.parts.append("\n".join(lines).rstrip())
        elif isinstance(b, PageBreak):
            self.parts.append("---")

    def clause(self, c: Clause) -> None:
        number = f"{shown_number(c)} " if c.number else ""
        blocks = list(c.blocks)
        first, rest = c.lead()
        if c.level == 1:
            self.parts.append(f"## {number}{self.text(c.title)}")
        elif c.title and not self.doc.numbered:
            self.parts.append(f"{'#' * min(6, c.level + 1)} {self.text(c.title)}")
        else:
            lead = f"**{c.number}**" if c.number else ""
            if c.title:
                lead += f" **{self.text(c.title)}.**" if lead else f"**{self.text(c.title)}.**"
            if first is not None:
                blocks = rest
                self.parts.append(f"{lead} {self.line(first.inlines)}".strip())
            elif lead:
                self.parts.append(lead)
        for b in blocks:
            self.block(b)
        for child in c.children:
            self.clause(child)
        for b in c.after:
            self.block(b)

    def list(self, lst, indent: str) -> str:
        lines = []
        for k, item in enumerate(lst.items, start=1):
            if isinstance(lst, OrderedList):
                marker = f"{k}. "
            else:
                marker = "- [ ] " if lst.checklist else "- "
            pad = indent + " " * len(marker)
            first = True
            for b in item:
                if isinstance(b, Paragraph):
                    text = self.line(b.inlines)
                    lines.append((indent + marker if first else pad) + text)
                elif isinstance(b, (BulletList, OrderedList)):
                    lines.append(self.list(b, pad))
                first = False
        return "\n".join(lines)

    def table(self, t: Table) -> str:
        def row(cells) -> str:
            return "| " + " | ".join(self.inlines(c).replace("\n", " ") for c in cells) + " |"

        lines = [row(t.header), "|" + "|".join("---" for _ in t.header) + "|"]
        lines += [row(r) for r in t.rows]
        return "\n".join(lines)
