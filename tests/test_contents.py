"""Which documents open with a table of contents: all but the notice form.

A template says `toc = false` for a document that is a form to complete;
every writer then leaves the contents out, and reads only the document
model's flag, never the template or the document kind.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .test_documents import document
from .test_pdf_text import READ, pdf_pages

EXAMPLE = "uk-public-sector-it"
assert EXAMPLE in READ  # its PDFs are read once, for test_pdf_text too


def contents_in(kind: str, fmt: str) -> bool:
    """Whether the example's document of this kind has a table of contents in this format."""
    doc = document(EXAMPLE, kind)[1].document
    if fmt == "docx":
        data = writer("docx")(doc, {})
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        field, entries = 'TOC \\o "1-2"' in xml, 'w:val="TOC1"' in xml
        assert field == entries  # the field and its pre-rendered entries come together
        return field
    if fmt == "html":
        return '<nav class="toc"' in writer("html")(doc, {}).decode()
    first = pdf_pages(EXAMPLE, kind)[0]
    printed = "Contents" in (line.strip() for line in first.splitlines())
    assert printed == ("#tocentry(" in typst_source(doc))
    return printed


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_notice_form_has_no_table_of_contents(fmt):
    assert not contents_in("notice", fmt)
    assert document(EXAMPLE, "notice")[1].document.contents is False


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_schedule_still_has_one(fmt):
    assert contents_in("schedule", fmt)
