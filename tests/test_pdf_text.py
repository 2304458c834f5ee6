"""What a reader of the examples' PDFs sees, read back with pypdf.

pypdf (a test dependency) reads the text, so these checks run where poppler
is not installed. Reading is slow (about 0.5 s a document, 11 s for all 24),
so by default every document of one example is read, each once per session:
the largest, whose schedule, settlement, notice, agreement to mediate and
handbook between them had every defect tested here (swallowed semicolons,
stranded titles, addresses broken at a hyphen). CLAUSEGEN_TEST_ALL_PDFS=1
reads every document of every example (all pass).
"""

from __future__ import annotations

import io
import os
import re
from functools import cache

import pytest

from clausegen.docmodel import Clause, Heading, plain_text, walk
from clausegen.writers import writer

from .test_documents import CASES, document, markdown

pypdf = pytest.importorskip("pypdf")

READ = ("uk-public-sector-it",)
if os.environ.get("CLAUSEGEN_TEST_ALL_PDFS"):
    READ = tuple(sorted({path.stem for path, _ in CASES}))
PDF_CASES = [(path, kind) for path, kind in CASES if path.stem in READ]
PDF_IDS = [f"{path.stem}-{kind}" for path, kind in PDF_CASES]


@cache
def pdf_pages(stem: str, kind: str) -> tuple[str, ...]:
    """The text of each page of an example document's PDF."""
    data = writer("pdf")(document(stem, kind)[1].document, {})
    return tuple(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# Where a line breaks, the PDF's text has a space or a hyphen the Markdown
# lacks ("Medi- ation", "name@acme. example"): both go before comparing, and
# Typst's smart quotes count as the Markdown's straight ones.
_IGNORED = re.compile(r"[\s\\*\-\u00ad]+")

_QUOTES = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def semicolons(text: str) -> list[str]:
    """The eight characters before each semicolon, in reading order."""
    text = _IGNORED.sub("", text).translate(_QUOTES)
    return [text[max(0, k - 8) : k] for k, ch in enumerate(text) if ch == ";"]


@pytest.mark.parametrize("path,kind", PDF_CASES, ids=PDF_IDS)
def test_the_pdf_keeps_every_semicolon_of_the_markdown(path, kind):
    """Each `;` of the Markdown is in the PDF, after the same word.

    Typst ends an embedded expression at a `;` and drops it, so a semicolon
    straight after a cross-reference or fill-in was lost (25 of 25 in two
    examples); those are the cases this compares.
    """
    pdf = semicolons("\n".join(pdf_pages(path.stem, kind)))
    md = semicolons(markdown(path.stem, kind))
    assert pdf == md
    # and as many commas, once the running headers and the contents are left out
    assert body_text(pdf_pages(path.stem, kind)).count(",") == markdown(path.stem, kind).count(",")


_LEADER = re.compile(r"(\. ){3}")


def body_text(pages: tuple[str, ...]) -> str:
    """The PDF's text without the running header and footer and the contents' lines."""
    lines = []
    for number, page in enumerate(pages):
        rows = page.splitlines()[1 if number else 0 :]  # pages after the first open with the header
        lines += [r for r in rows if not _FOOTER.fullmatch(r.strip()) and not _LEADER.search(r)]
    return "\n".join(lines)


def heading_lines(doc) -> set[str]:
    """The lines that head what follows: section and sub-headings, and the
    titles of clauses that have no text of their own on the title's line."""
    heads = set()
    for b in walk(doc.blocks):
        if isinstance(b, Heading):
            heads.add(plain_text(b.inlines, doc.numbers))
        elif isinstance(b, Clause) and b.title:
            if b.level == 1 or not doc.numbered or b.lead()[0] is None:
                heads.add(b.title)
    return {h.rstrip(".") for h in heads}


_FOOTER = re.compile(r"Page \d+ of \d+")
_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")


@pytest.mark.parametrize("path,kind", PDF_CASES, ids=PDF_IDS)
def test_no_page_ends_with_a_heading_or_a_lead_in(path, kind):
    """A heading, a clause title standing alone, or a line ending in a colon
    is never the last line of a page: each stays with what it introduces."""
    heads = heading_lines(document(path.stem, kind)[1].document)
    pages = pdf_pages(path.stem, kind)
    stranded = []
    for number, text in enumerate(pages[:-1], 1):
        lines = [line.strip() for line in text.splitlines() if line.strip() and not _FOOTER.fullmatch(line.strip())]
        last = _NUMBER.sub("", lines[-1]).rstrip(".") if lines else ""
        if last in heads or last.endswith(":"):
            stranded.append((number, lines[-1]))
    assert stranded == []


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.mark.parametrize("path,kind", PDF_CASES, ids=PDF_IDS)
def test_email_addresses_break_only_after_the_at_sign_or_a_dot(path, kind):
    """Where an address runs over a line (table cells, mostly), the line ends
    just after its `@` or a dot: never after a hyphen, never hyphenated."""
    emails = {e.rstrip(".") for e in _EMAIL.findall(markdown(path.stem, kind).replace("\\", ""))}
    text = "\n".join(pdf_pages(path.stem, kind))
    for email in sorted(emails):
        # the address as printed, a line break allowed between any two characters
        # (Typst's text layer may map the hyphen glyph to U+00AD when a
        # hyphenated word used the glyph first: still a hyphen on the page)
        char = lambda ch: "[-\u00ad]" if ch == "-" else re.escape(ch)
        printed = re.compile("".join(char(ch) + r"(\s*\n\s*)?" for ch in email[:-1]) + re.escape(email[-1]))
        found = list(printed.finditer(text))
        assert found, f"{email} is not in the PDF"
        for m in found:
            for k in range(1, len(email)):
                if m.group(k):
                    assert email[k - 1] in "@.", f"{email} breaks after {email[:k]!r}"
