"""Word writer: the document model as a .docx a lawyer can keep working in.

Clauses are numbered by Word itself (one legal multilevel list tied to the
clause styles, never typed numbers), cross-references are REF fields to
bookmarks with the right number cached, the table of contents is a real TOC
field with its entries pre-rendered, and headers and footers carry the title,
version and "Page X of Y". The same document always gives the same bytes.

One module per concern:

    writer.py       the walk through the document: clauses, paragraphs, lists
    body.py         the body being written: paragraphs, runs, inline content
    tables.py       tables, figures (figures.py: the PNG) and signature blocks
    furniture.py    title block, contents list, headers and footers
    fields.py       fields (REF, PAGEREF, TOC) and the bookmarks they point at
    text.py         a run's text as XML: escaping, line breaks in addresses
    revisions.py    a redline's tracked changes (w:ins, w:del)
    house_style.py  the look of every style, as data
    styles.py       the house style put into styles.xml
    numbering.py    numbering.xml: the clause scheme and the lists
    prepared.py     the package around an empty body, made once per process
    package.py      properties and the reproducible zip
"""

from __future__ import annotations

from .fields import bookmark_name
from .figures import figure_png
from .prepared import _PREPARED, reference_problem
from .tables import _column_widths
from .text import ZWSP, xml_text
from .writer import write

__all__ = [
    "ZWSP",
    "_PREPARED",
    "_column_widths",
    "bookmark_name",
    "figure_png",
    "reference_problem",
    "write",
    "xml_text",
]
