"""Markdown writer: the document model as CommonMark with pipe tables.

A redline's marks are the inline HTML elements <ins> and <del>, which GitHub
and most renderers show underlined and struck through; unlike GFM's `~~`
they need no flanking spaces, so a deletion inside a word still reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from ..dates import version_line
from ..docmodel import (
    Block,
    BulletList,
    Clause,
    Deleted,
    Document,
    Emph,
    Figure,
    FillIn,
    Heading,
    Inline,
    Inserted,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    Revised,
    SignatureBlock,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
    ref_number,
    shown_number,
)
from .marks import DELETED, has_marks, legend, meta_line, row_change
from .options import WriterOptions

_T = TypeVar("_T")

_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029][\s]*")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|~^])|&(?=#?\w+;)")
# What would start a block at the start of a line: a heading, a quote, a list
# item, a thematic break. A paragraph whose text begins so is escaped there.
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([#>+=-])")


def write(doc: Document, options: WriterOptions | None = None) -> bytes:
    """Render a document as Markdown (UTF-8, LF line endings)."""
    out = _Writer(doc)
    return out.render().encode("utf-8")


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.parts: list[str] = []
        # inside a block a redline adds or removes: "inserted" or "deleted"
        self.change = ""

    def render(self) -> str:
        m = self.doc.meta
        self.parts.append(f"# {self.meta_line('title', m.title)}")
        if m.subtitle or meta_line(m, "subtitle"):
            self.parts.append(f"*{self.meta_line('subtitle', m.subtitle)}*")
        facts = [version_line(m.version, m.date)] if version_line(m.version, m.date) else []
        if meta_line(m, "details") is not None:
            self.parts.append(self.meta_line("details", ""))
        elif facts:
            self.parts.append(" · ".join(self.text(x) for x in facts))
        if has_marks(self.doc):
            samples = (self.text(legend(k)) for k in ("inserted_sample", "deleted_sample"))
            self.parts.append("> <ins>{}</ins> <del>{}</del> {}".format(*samples, self.text(legend())))
        for b in self.doc.blocks:
            self.block(b)
        return "\n\n".join(p for p in self.parts if p) + "\n"

    # -- inlines ----------------------------------------------------------------

    def text(self, s: str) -> str:
        # Markdown is read line by line: a line break inside a text (a name in
        # a figure or a signature block) would start a new block there.
        return _ESCAPE.sub(lambda m: "\\" + (m.group(1) or "&"), _BREAKS.sub(" ", s))

    def line(self, items: Sequence[Inline]) -> str:
        """Inlines that start a line: never read as a heading, list item or quote."""
        return _BLOCK_START.sub(
            lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", self.inlines(items), count=1
        )

    def meta_line(self, name: str, plain: str) -> str:
        """A title-page line: the marked one of a redline, else the plain text."""
        line = meta_line(self.doc.meta, name)
        return self.inlines(line) if line is not None else self.text(plain)

    @staticmethod
    def mark(s: str, change: str) -> str:
        """Markdown inside <ins> or <del> ("" leaves it unmarked)."""
        if not change or not s:
            return s
        tag = "del" if change == DELETED else "ins"
        return f"<{tag}>{s}</{tag}>"

    def marked(self, s: str) -> str:
        """Markdown shown as the change of the block being written, if any."""
        return self.mark(s, self.change)

    def inlines(self, items: Sequence[Inline]) -> str:
        """Inlines as Markdown, marked as a whole inside a block added or removed."""
        return self.marked(self._inlines(items))

    def _inlines(self, items: Sequence[Inline]) -> str:
        out = []
        for i in items:
            if isinstance(i, Text):
                out.append(self.text(i.text))
            elif isinstance(i, Strong):
                out.append(f"**{self._inlines(i.children)}**")
            elif isinstance(i, Emph):
                out.append(f"*{self._inlines(i.children)}*")
            elif isinstance(i, Inserted):
                out.append(self.mark(self._inlines(i.children), "inserted"))
            elif isinstance(i, Deleted):
                out.append(self.mark(self._inlines(i.children), DELETED))
            elif isinstance(i, TermDef):
                out.append(f"**\u201c{self.text(i.term)}\u201d**")
            elif isinstance(i, TermUse):
                out.append(self.text(i.text))
            elif isinstance(i, Ref):
                out.append(ref_number(i, self.doc.numbers))
            elif isinstance(i, FillIn):
                out.append(f"\\[*{self.text(i.label)}*\\]")
        return "".join(out)

    # -- blocks -----------------------------------------------------------------

    def block(self, b: Block, indent: str = "") -> None:
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
            self.parts.append(self.marked(f"**{self.text(b.caption)}**"))
            # bullets, not numbers: the labels carry their own ("Tier 1: ..."),
            # and a running number would count the Dispute Notice as a step
            self.parts.append(
                "\n".join(
                    "- "
                    + self.marked(
                        f"**{self.text(label)}** ({self.text(detail)})" if detail else f"**{self.text(label)}**"
                    )
                    for label, detail in b.items
                )
            )
        elif isinstance(b, SignatureBlock):
            lines = [self.marked(f"**{self.text(b.caption)} {self.text(b.party)}**"), ""]
            # "Signature ____", no colon: the house style of the PDF, DOCX and HTML
            lines += [
                f"{self.marked(self.text(line))} \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  "
                for line in b.lines
            ]
            self.parts.append("\n".join(lines).rstrip())
        elif isinstance(b, PageBreak):
            self.parts.append("---")
        elif isinstance(b, Revised):
            self.revised(b, lambda: self.block(b.block))

    def revised(self, b: Revised, write: Callable[[], _T]) -> _T:
        """Write a block added or removed with everything in it marked; returns what write returns."""
        saved, self.change = self.change, b.change
        try:
            return write()
        finally:
            self.change = saved

    def clause(self, c: Clause) -> None:
        number = f"{shown_number(c)} " if c.number else ""
        blocks = list(c.blocks)
        first, rest = c.lead()
        title = self._inlines(c.marked_title) if c.marked_title else self.text(c.title)
        if c.level == 1:
            self.parts.append(f"## {self.marked(number + title)}")
        elif c.title and not self.doc.numbered:
            self.parts.append(f"{'#' * min(6, c.level + 1)} {self.marked(title)}")
        else:
            lead = f"**{c.number}**" if c.number else ""
            if c.title:
                lead += f" **{title}.**" if lead else f"**{title}.**"
            lead = self.marked(lead)
            if first is not None:
                blocks = rest
                self.parts.append(f"{lead} {self.line(first.inlines)}".strip())
            elif lead:
                self.parts.append(lead)
        for b in blocks:
            self.block(b)
        for child in c.children:
            self.block(child)  # a clause, or in a redline a Revised one
        for b in c.after:
            self.block(b)

    def list(self, lst: BulletList | OrderedList, indent: str) -> str:
        lines = []
        for k, item in enumerate(lst.items, start=1):
            if isinstance(lst, OrderedList):
                marker = f"{k}. "
            else:
                marker = "- [ ] " if lst.checklist else "- "
            pad = indent + " " * len(marker)
            first = True
            for b in item:
                if isinstance(b, Revised):
                    # an item added or removed reads as the item beside it, marked
                    part = self.revised(b, partial(self.list_part, b.block, (indent + marker if first else pad), pad))
                else:
                    part = self.list_part(b, (indent + marker if first else pad), pad)
                if part is not None:
                    lines.append(part)
                first = False
        return "\n".join(lines)

    def list_part(self, b: Block, start: str, pad: str) -> str | None:
        """One block of a list item: a paragraph after `start`, or a nested list."""
        if isinstance(b, Paragraph):
            return start + self.line(b.inlines)
        if isinstance(b, (BulletList, OrderedList)):
            return self.list(b, pad)
        return None

    def table(self, t: Table) -> str:
        def row(cells: Sequence[tuple[Inline, ...]], change: str = "") -> str:
            return "| " + " | ".join(self.mark(self.inlines(c), change).replace("\n", " ") for c in cells) + " |"

        lines = [row(t.header), "|" + "|".join("---" for _ in t.header) + "|"]
        lines += [row(r, row_change(t, k)) for k, r in enumerate(t.rows)]
        return "\n".join(lines)
