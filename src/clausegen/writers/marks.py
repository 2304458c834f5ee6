"""What the HTML, PDF and Markdown writers share about a redline's marks.

A redline (clausegen.redline) holds Inserted/Deleted inlines, Revised
blocks, changed table rows, marked clause titles and marked title-page
lines. A document with none of them is written exactly as before, so each
writer asks `has_marks` before adding anything of its own (styles, legend).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..docmodel import MARKS, Deleted, Document, Inline, Inserted, Meta, Revised, Table, inlines_of, walk
from ..resources import phrases

#: the two kinds of change a Revised block or a table row can carry
INSERTED, DELETED = "inserted", "deleted"


def marked(inlines: Iterable[Inline]) -> bool:
    """Whether inlines hold an insertion or a deletion (at any depth)."""
    for i in inlines:
        if isinstance(i, (Inserted, Deleted)):
            return True
        if isinstance(i, MARKS) and marked(i.children):
            return True
    return False


def has_marks(doc: Document) -> bool:
    """Whether a document is a redline: it holds at least one mark of any kind."""
    if doc.meta.marked:
        return True
    for b in walk(doc.blocks):
        if isinstance(b, Revised):
            return True
        if isinstance(b, Table) and any(b.row_changes):
            return True
        if any(isinstance(i, (Inserted, Deleted)) for i in inlines_of(b)):
            return True
    return False


def meta_line(meta: Meta, name: str) -> tuple[Inline, ...] | None:
    """The marked title-page line `name` ("title", "subtitle", "details"), or None."""
    for field, inlines in meta.marked:
        if field == name:
            return inlines
    return None


def legend(key: str = "legend") -> str:
    """The words that explain the marks (clauses/phrases.toml, [redline])."""
    return str(phrases()["redline"][key])


def row_change(t: Table, k: int) -> str:
    """The change of body row k: "" (kept), "inserted" or "deleted"."""
    return t.row_changes[k] if k < len(t.row_changes) else ""
