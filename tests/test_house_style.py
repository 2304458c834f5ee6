"""One house style (issue 9, point 5): e-mail addresses that never break at a
hyphen in HTML and Word, and the notice form's acknowledgement kept on one
page with its signature block.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

from lxml import etree

from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .test_documents import document

STEM = "uk-public-sector-it"  # addresses at coastal-communities.example.gov.uk
ADDRESS = "commercial.disputes@coastal-communities.example.gov.uk"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@lru_cache(maxsize=None)
def _docx_body(kind: str):
    data = writer("docx")(document(STEM, kind)[1].document, {})
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter():
        if el.tag == f"{{{NS['w']}}}t":
            out.append(el.text or "")
        elif el.tag == f"{{{NS['w']}}}noBreakHyphen":
            out.append("-")
    return "".join(out)


# -- e-mail addresses ---------------------------------------------------------------------


def test_html_wraps_an_address_only_after_its_at_sign_and_dots():
    html = writer("html")(document(STEM, "schedule")[1].document, {}).decode()
    assert ".email > span { white-space: nowrap; }" in html
    spans = re.findall(r'<span class="email">(.*?)</span></span>', html + "</span>")
    assert spans, "no address marked up"
    for s in spans:
        pieces = re.findall(r"<span>(.*?)</span>", s + "</span>")
        # every piece but the last ends at an @ or a dot: nowhere else to break
        assert all(p[-1] in "@." for p in pieces[:-1]), pieces
    assert "<span>coastal-communities.</span>" in html  # the hyphen is inside a nowrap piece
    assert ADDRESS not in html  # never as one breakable run of text


def test_word_writes_the_hyphen_of_an_address_as_a_non_breaking_hyphen():
    body = _docx_body("schedule")
    texts = [t.text or "" for t in body.iter(f"{{{NS['w']}}}t")]
    assert not any("coastal-communities" in t for t in texts), "a breaking hyphen in an address"
    with_address = [p for p in body.iter(f"{{{NS['w']}}}p") if ADDRESS in _paragraph_text(p)]
    assert with_address, "the address no longer reads whole"
    assert all(p.find(".//w:noBreakHyphen", NS) is not None for p in with_address)
    # table cells too (the contacts table of the handbook)
    cells = [c for c in _docx_body("handbook").iter(f"{{{NS['w']}}}tc") if "@" in _paragraph_text(c)]
    assert cells and all("-" not in "".join(t.text or "" for t in c.iter(f"{{{NS['w']}}}t")) or
                         c.find(".//w:noBreakHyphen", NS) is not None for c in cells)


def test_python_docx_reads_the_address_back_with_its_hyphen():
    import docx

    data = writer("docx")(document(STEM, "schedule")[1].document, {})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert ADDRESS in text


# -- the acknowledgement and its signature block ------------------------------------------


def test_word_keeps_every_line_of_the_acknowledgement_with_its_signature_block():
    body = _docx_body("notice")
    paras = list(body.iter(f"{{{NS['w']}}}p"))
    start = next(k for k, p in enumerate(paras) if "Acknowledgement by the receiving Party" in _paragraph_text(p))
    stop = next(k for k, p in enumerate(paras) if k > start and "Signed for and on behalf of the receiving Party" in _paragraph_text(p))
    for p in paras[start:stop]:
        assert p.find("w:pPr/w:keepNext", NS) is not None, _paragraph_text(p)
    table = paras[stop].getparent().getparent().getparent()
    assert table.tag == f"{{{NS['w']}}}tbl"
    rows = table.findall("w:tr", NS)
    assert rows and all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_typst_puts_the_acknowledgement_and_its_signature_in_one_unbreakable_block():
    source = typst_source(document(STEM, "notice")[1].document)
    start = source.index("Acknowledgement by the receiving Party")
    opening = source.rindex("#block(breakable: false, width: 100%)[", 0, start)
    signed = source.index("signature([Signed for and on behalf of the receiving Party]", start)
    # nothing closes the block between its opening and the signature
    inner = source[opening:signed]
    assert inner.count("[") - inner.count("\\[") > inner.count("]") - inner.count("\\]")
    # the notifying party's signature clause is kept whole too, the schedule's clauses are not
    assert "#block(breakable: false, width: 100%)[" not in typst_source(document(STEM, "schedule")[1].document)
