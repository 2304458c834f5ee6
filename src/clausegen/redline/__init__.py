"""Redlines: two versions of a document merged into one with the changes marked.

compare(old, new) gives the new version with Inserted/Deleted inlines,
Revised blocks, table row changes, marked titles and title-page lines
(clausegen.docmodel); accept and reject take every change back out, giving
the new and the old version (in the normal form of `normalise`). It knows
nothing of any file format: the writers render the marks.

What a writer meets in a redline (see clausegen.redline.align for why):
- a Revised block anywhere a block stands, Clause.children included (an
  inserted or deleted sub-clause stands among its siblings as a Revised
  whose block is the Clause; a deleted one keeps its old `number`);
- a list item whose blocks are all Revised: the item was added or removed;
- a moved clause twice, deleted where it was (old number) and inserted where
  it is (new number), under one id; `numbers` gives the new number;
- Table.row_changes with cell-level marks in the kept rows.
meta.regime and meta.parties have no marked form: a redline keeps the new
version's, so reject gives them as the new version has them.
"""

from .align import compare
from .marks import accept, normalise, reject, renumber
from .words import diff_inlines, normalise_inlines

__all__ = ["accept", "compare", "diff_inlines", "normalise", "normalise_inlines", "reject", "renumber"]
