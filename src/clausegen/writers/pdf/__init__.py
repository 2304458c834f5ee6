"""PDF writer: Typst markup emitted from the document model, compiled by typst.

No pandoc process: the writer prints Typst source (see `typst_source`) and
the typst wheel compiles it with the fonts it embeds (Libertinus Serif, New
Computer Modern, DejaVu Sans Mono), never the machine's, so every build
looks the same. Clause numbers are the resolved Clause.number strings;
cross-references are links to a label on the target clause. A fixed
timestamp makes two builds byte-identical.

One module per concern:

    compile.py    Typst source -> PDF bytes (fonts, timestamp); typst loaded only here
    body.py       the walk through the document: clauses, paragraphs, lists, tables
    furniture.py  page set-up, title block, legend of a redline, contents list
    inline.py     inline content as markup, a redline's marks, clause labels
    markup.py     text as Typst markup: escaping, line breaks, labels
    preamble.py   the fonts and the Typst set and show rules of every PDF
"""

from __future__ import annotations

from .body import typst_source
from .compile import DEFAULT_EPOCH, timestamp, write
from .markup import escape, label, prose, string
from .preamble import FONTS, PREAMBLE, REDLINE_PREAMBLE

__all__ = [
    "DEFAULT_EPOCH",
    "FONTS",
    "PREAMBLE",
    "REDLINE_PREAMBLE",
    "escape",
    "label",
    "prose",
    "string",
    "timestamp",
    "typst_source",
    "write",
]
