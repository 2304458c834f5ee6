"""The Word writer's walk through the document: clauses, paragraphs and lists, in order.

Clauses are numbered by Word itself (one legal multilevel list tied to the
clause styles, never typed numbers: numbering.py), cross-references are REF
fields to bookmarks with the right number cached (fields.py), and a
redline's changes are Word's tracked changes (revisions.py). Tables,
figures and signatures (tables.py) and the title, contents list, headers
and footers (furniture.py) are the writer's other parts.
"""

from __future__ import annotations

from typing import cast

from ...docmodel import (
    Block,
    BulletList,
    Clause,
    Deleted,
    Document,
    Figure,
    Heading,
    Inserted,
    OrderedList,
    PageBreak,
    Paragraph,
    Revised,
    SignatureBlock,
    Table,
    Text,
    plain_text,
)
from ..keep import introduces, kept_whole
from ..options import WriterOptions
from .furniture import Furniture
from .house_style import CLAUSE_INDENTS, LIST_STEP, clause_body_style_name, clause_style_name
from .package import package_bytes, properties
from .revisions import marked_lead, unrevised, whole_change
from .tables import Tables
from .text import Element, xml_text

NOTE_PADDING = 170  # the call-out's left rule sits this far inside the text edge


def _needs_stop(title: str) -> bool:
    """Whether a title needs a full stop after it (it does not end in one, or in : ? !)."""
    return bool(title) and title[-1] not in ".:?!"


def write(doc: Document, options: WriterOptions | None = None) -> bytes:
    """Render a document as a .docx (Office Open XML), byte-identical per input."""
    return Writer(doc, options or {}).render()


class Writer(Tables, Furniture):
    """Writes one document: the title and front matter, contents, clauses, headers."""

    def render(self) -> bytes:
        """The whole document as the bytes of a .docx."""
        d = self.document
        section = d.sections[-1]

        self.title_block()
        front, rest = self.doc.split_front()
        for b in front:
            self.block(b, indent=0, body="Body Text", depth=0)
        self.toc()
        for b in rest:
            self.block(b, indent=0, body="Body Text", depth=0)
        self.revisions.close_body(d.element.body)
        self.headers_and_footers(section)
        self.revisions.number_all(d.element)

        m = self.doc.meta
        properties(d, xml_text(m.title), xml_text(m.subtitle or m.regime), self.draft, self.epoch, m.date)
        return package_bytes(d)

    def clause_title(self, parent: Element, c: Clause, rstyle: str = "", stop: bool = False) -> str:
        """The title's runs (marked in a redline), with a full stop when `stop` and it has none.

        Returns the change of a title added or removed as a whole, else "".
        """
        if not c.marked_title:
            self.run(parent, f"{c.title}." if stop and _needs_stop(c.title) else c.title, rstyle)
            return ""
        self.inlines(parent, c.marked_title, rstyle=rstyle)
        if stop:
            old, new = (_needs_stop(plain_text(c.marked_title, None, side)) for side in ("old", "new"))
            dot = (Text("."),)
            self.inlines(
                parent,
                dot if old and new else (Inserted(dot),) if new else (Deleted(dot),) if old else (),
                rstyle=rstyle,
            )
        return whole_change(c.marked_title)

    # -- blocks ----------------------------------------------------------------------

    def block(self, b: Block, indent: int, body: str, depth: int) -> None:
        """One block at this indent; `body` is the style of its plain paragraphs."""
        if isinstance(b, Revised):
            with self.revisions.block(self.document.element.body, b.change):
                self.block(b.block, indent, body, depth)
        elif isinstance(b, Clause):
            self.clause(b, depth + 1)
        elif isinstance(b, Paragraph):
            self.paragraph(b, indent, body)
        elif isinstance(b, Heading):
            # at the headings' margin even inside a clause ("Signature page"), like a heading
            p = self.para("Part Heading" if b.level <= 1 else "Minor Heading")
            self.inlines(p._p, b.inlines)
        elif isinstance(b, (BulletList, OrderedList)):
            self.list(b, indent, 0)
        elif isinstance(b, Table):
            self.table(b, indent)
        elif isinstance(b, Figure):
            self.figure(b, indent)
        elif isinstance(b, SignatureBlock):
            self.signature(b, indent)
        elif isinstance(b, PageBreak):
            self.pending_break = True
        else:
            raise TypeError(f"the Word writer has no rule for the block {type(b).__name__}")

    def paragraph(self, b: Paragraph, indent: int, body: str) -> None:
        """A paragraph in the body style, or a note as a call-out."""
        if b.style == "note":
            p = self.para("Note", indent + NOTE_PADDING)
        else:
            p = self.para(body, keep_next=introduces(b.inlines))
        self.inlines(p._p, b.inlines)

    def clause(self, c: Clause | Revised, depth: int) -> None:
        """A clause (or a sub-clause a redline added or removed) at this depth."""
        if isinstance(c, Revised):  # an added or removed sub-clause
            with self.revisions.block(self.document.element.body, c.change):
                # the sub-clauses of a clause are clauses, added or removed ones too
                return self.clause(cast(Clause | Revised, c.block), depth)
        if not (self.doc.numbered and c.number):
            return self.headed_clause(c, depth)
        # Every paragraph before the signature block keeps with the next one;
        # the block's own rows cannot split (see signature).
        self.keeping = kept_whole(c)
        try:
            self.numbered_clause(c, depth)
        finally:
            self.keeping = False

    def numbered_clause(self, c: Clause, depth: int) -> None:
        """A clause Word numbers: its number, title and lead on one paragraph, then the rest."""
        blocks = list(c.blocks)
        keep = bool(blocks or c.children)
        if depth == 1:
            p = self.para(clause_style_name(1))
            mark = self.bookmarks.start(p._p, c.id)
            self.clause_title(p._p, c)
            self.bookmarks.end(p._p, mark)
        else:
            first, blocks = c.lead()
            if first is None:
                first, blocks = marked_lead(blocks)
            p = self.para(clause_style_name(depth))
            mark = self.bookmarks.start(p._p, c.id)
            if c.title or c.marked_title:
                change = self.clause_title(p._p, c, "Clause Title", stop=True)
                if first is None:
                    self.bookmarks.end(p._p, mark)
                    mark = None
                    p.paragraph_format.keep_with_next = keep
                elif change:
                    self.inlines(p._p, ((Inserted if change == "inserted" else Deleted)((Text(" "),)),))
                else:
                    self.run(p._p, " ")
            if first is not None:
                self.inlines(p._p, first.inlines)
                if introduces(first.inlines):
                    p.paragraph_format.keep_with_next = True
            self.bookmarks.end(p._p, mark)
        text_at = CLAUSE_INDENTS[min(depth, 9) - 1][1]
        for b in blocks:
            self.block(b, text_at, clause_body_style_name(depth), depth)
        for child in c.children:
            self.clause(child, depth + 1)
        for b in c.after:
            self.block(b, text_at, clause_body_style_name(depth), depth)

    def headed_clause(self, c: Clause, depth: int) -> None:
        """A clause of an unnumbered document (the handbook): a heading, then text."""
        if c.title or c.marked_title:
            p = self.para(f"Heading {min(depth, 3)}")
            mark = self.bookmarks.start(p._p, c.id)
            self.clause_title(p._p, c)
            self.bookmarks.end(p._p, mark)
        for b in c.blocks:
            self.block(b, 0, "Body Text", depth)
        for child in c.children:
            self.clause(child, depth + 1)
        for b in c.after:
            self.block(b, 0, "Body Text", depth)

    def list(self, lst: BulletList | OrderedList, indent: int, level: int) -> None:
        """A bulleted, checklist or ordered list, its items numbered by Word."""
        if isinstance(lst, OrderedList):
            num = self.numbering.new_ordered_list()
        else:
            num = self.numbering.check_num if lst.checklist else self.numbering.bullet_num
        text_at = indent + LIST_STEP * (level + 1)
        for item in lst.items:
            first = True
            for b in item:
                b, change = unrevised(b)
                if change:  # an item added or removed: keeps its place in the list
                    with self.revisions.block(self.document.element.body, change):
                        self.list_block(b, num, indent, text_at, level, first)
                else:
                    self.list_block(b, num, indent, text_at, level, first)
                first = False

    def list_block(self, b: Block, num: int, indent: int, text_at: int, level: int, first: bool) -> None:
        """One block of a list item: the first paragraph carries the item's number."""
        if isinstance(b, Paragraph) and b.style == "":
            p = self.para("List Paragraph", text_at, LIST_STEP if first else 0, keep_next=introduces(b.inlines))
            if first:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = min(level, 8)
                num_pr.get_or_add_numId().val = num
            self.inlines(p._p, b.inlines)
        elif isinstance(b, (BulletList, OrderedList)):
            self.list(b, indent, level + 1)
        else:
            self.block(b, text_at, "List Paragraph", 0)
