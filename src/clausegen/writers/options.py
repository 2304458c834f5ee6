"""The options every writer accepts: one shape, each writer reading the keys it knows."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import TypedDict


class WriterOptions(TypedDict, total=False):
    """What a build asks of the writers; every key may be left out.

    A writer ignores the keys it has no use for (the Markdown writer reads
    none), so one dictionary serves every format of a build.
    """

    #: mark every page (and the title) as a draft
    draft: bool
    #: the creation date (seconds since 1970, UTC), so two builds are byte-identical
    source_date_epoch: int | None
    #: a Word file whose styles are the house style (DOCX)
    reference_docx: str | PathLike[str] | None
    #: font files or folders the PDF may use beside the embedded ones (PDF)
    font_paths: Sequence[str | PathLike[str]]
    #: the author of a redline's tracked changes (DOCX)
    revision_author: str
    #: the date of a redline's tracked changes, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (DOCX)
    revision_date: str
