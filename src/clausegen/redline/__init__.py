"""Redlines: two versions of a document merged into one with the changes marked.

compare(old, new) gives the new version with Inserted/Deleted inlines,
Revised blocks, table row changes, marked titles and title-page lines
(clausegen.docmodel); accept and reject take every change back out, giving
the new and the old version (in the normal form of `normalise`). It knows
nothing of any file format: the writers render the marks.
"""

from .align import compare
from .marks import accept, normalise, reject, renumber
from .words import diff_inlines, normalise_inlines

__all__ = ["accept", "compare", "diff_inlines", "normalise", "normalise_inlines", "reject", "renumber"]
