"""Inline content as Typst markup, and what every part of the PDF writer shares.

`Inline` holds one document's state (the clauses that may be linked to,
the labels given, the indent of what is being written) and turns inline
content into markup: emphasis, defined terms, fill-ins, links to clauses,
and a redline's insertions and deletions.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...docmodel import (
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
    shown_number,
    walk,
)
from ..marks import DELETED, has_marks
from ..options import WriterOptions
from .markup import cm, escape, label, prose


class InlineMarkup:
    """One document being written as Typst: its state, and inline content as markup."""

    def __init__(self, doc: Document, options: WriterOptions):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        # A label may appear once in a Typst document, and a link to a
        # missing label is an error: only clauses present get labels.
        self.labelled: set[str] = set()
        self.targets = {b.id for b in walk(doc.blocks) if isinstance(b, Clause)}
        self.indent = 0.0  # cm of clause indentation around what is being written
        # a redline gets the marks' definitions and a legend; any other document is as before
        self.redline = has_marks(doc)

    def title_markup(self, c: Clause) -> str:
        """A clause's title as markup (with its marks in a redline)."""
        return self.inlines(c.marked_title) if c.marked_title else escape(c.title)

    @staticmethod
    def mark(markup: str, change: str) -> str:
        """Markup shown as inserted or deleted ("" leaves it unmarked)."""
        if not change or not markup:
            return markup
        return f"#delmark[{markup}]" if change == DELETED else f"#insmark[{markup}]"

    def outset(self) -> str:
        """How far left of the text a margin bar stands: the same place at every indent."""
        return cm(self.indent + 0.4)

    def number_text(self, c: Clause) -> str:
        """The number a clause shows (a redline's old number for a deleted one)."""
        return shown_number(c)

    # -- inlines -------------------------------------------------------------------

    def inlines(self, items: Sequence[Inline]) -> str:
        """Inline content as Typst markup."""
        out = []
        for i in items:
            if isinstance(i, Text):
                out.append(prose(i.text))
            elif isinstance(i, Strong):
                out.append(f"#strong[{self.inlines(i.children)}]")
            elif isinstance(i, Emph):
                out.append(f"#emph[{self.inlines(i.children)}]")
            elif isinstance(i, TermDef):
                out.append(f"#term[{escape(i.term)}]")
            elif isinstance(i, TermUse):
                out.append(prose(i.text))
            elif isinstance(i, Ref):
                number = escape(ref_number(i, self.doc.numbers))
                out.append(f"#link({label(i.target)})[{number}]" if i.target in self.targets else number)
            elif isinstance(i, FillIn):
                out.append(f"#fillin[{escape(i.label)}]")
            elif isinstance(i, Inserted):
                out.append(self.mark(self.inlines(i.children), "inserted"))
            elif isinstance(i, Deleted):
                out.append(self.mark(self.inlines(i.children), DELETED))
            else:
                raise TypeError(f"the PDF writer has no rule for the inline {type(i).__name__}")
        return "".join(out)

    def anchor(self, c: Clause) -> str:
        """The label to attach to a clause's first element ('' if already used)."""
        if c.id in self.labelled:
            return ""
        self.labelled.add(c.id)
        return label(c.id)
