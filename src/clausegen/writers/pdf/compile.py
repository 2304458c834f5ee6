"""Typst source to PDF bytes: the typst wheel, its embedded fonts, a fixed creation date.

Typst is imported only here, when a PDF is compiled: a process that has
loaded it must not fork workers (clausegen.render).
"""

from __future__ import annotations

from datetime import UTC, datetime

from ...docmodel import Document
from ..options import WriterOptions
from .body import typst_source

# 1980-01-01, as in the DOCX zips: used when neither an epoch nor a date is known.
DEFAULT_EPOCH = 315532800


def write(doc: Document, options: WriterOptions | None = None) -> bytes:
    """Render a document as a PDF (fonts embedded, byte-identical per epoch).

    options: "draft" (bool) marks every page; "source_date_epoch" (int) is
    the creation date; "font_paths" (optional list) adds font files or folders.
    """
    import typst

    options = options or {}
    source = typst_source(doc, options)
    # typst's annotations tie the source's type to the font paths' (bytes here, str
    # there); the library takes both, as it always has
    pdf: bytes = typst.compile(  # type: ignore[call-overload]
        source.encode("utf-8"),
        format="pdf",
        # Only the embedded fonts, plus any font files the caller names (say a
        # CJK font shipped with an organisation's templates): never the machine's.
        font_paths=[str(p) for p in options.get("font_paths") or ()],
        ignore_system_fonts=True,
        timestamp=timestamp(doc, options),
    )
    return pdf


def timestamp(doc: Document, options: WriterOptions) -> int:
    """The PDF's creation date: source_date_epoch, else the document's date."""
    epoch = options.get("source_date_epoch")
    if epoch is not None:
        return int(epoch)
    try:
        day = datetime.strptime(doc.meta.date, "%Y-%m-%d")
    except ValueError:
        return DEFAULT_EPOCH
    return int(day.replace(tzinfo=UTC).timestamp())
