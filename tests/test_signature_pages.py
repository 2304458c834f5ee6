"""Signature blocks (issue 9, point 5): the name reads mid-sentence, one house style
for the labels in every format, and the blocks kept together on the page.
"""

from __future__ import annotations

import html as htmlmod
import io
import re
import zipfile
from functools import cache

from lxml import etree

from clausegen.docmodel import SignatureBlock, walk
from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .test_documents import document, markdown

STEM = "uk-public-sector-it"  # its authority is "The Secretary of State for ..."
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _blocks(kind: str = "settlement") -> list[SignatureBlock]:
    return [b for b in walk(document(STEM, kind)[1].document.blocks) if isinstance(b, SignatureBlock)]


# -- 1. "on behalf of the Secretary of State", not "of The Secretary" ---------------------


def test_a_leading_the_of_a_party_name_is_lower_case_after_on_behalf_of():
    regime = document(STEM, "settlement")[0]
    assert any(p.name.startswith("The ") for p in regime.parties), "the example must keep a name starting 'The '"
    text = markdown(STEM, "settlement")
    assert "on behalf of The " not in text
    for p in regime.parties:
        expected = ("the " + p.name[4:]) if p.name.startswith("The ") else p.name
        assert f"Signed for and on behalf of {expected}**" in text


def test_every_document_signs_for_the_secretary_of_state_in_lower_case():
    for kind in ("settlement", "mediation-agreement"):
        for b in _blocks(kind):
            assert not b.party.startswith("The "), (kind, b.party)


def test_the_rule_is_the_clause_macros_rule_and_leaves_other_names_alone():
    from clausegen.documents.figures import in_sentence

    assert in_sentence("The Secretary of State") == "the Secretary of State"
    assert in_sentence("Theta Holdings plc") == "Theta Holdings plc"
    assert in_sentence("ACME Services Limited") == "ACME Services Limited"


# -- 2. one house style for the labels ---------------------------------------------------


@cache
def _written(fmt: str) -> bytes:
    return writer(fmt)(document(STEM, "settlement")[1].document, {})


def labels_md() -> list[list[str]]:
    out, current = [], None
    for line in markdown(STEM, "settlement").splitlines():
        if line.startswith("**Signed for and on behalf of"):
            current = []
            out.append(current)
        elif current is not None and "\\_\\_\\_" in line:
            current.append(line.split("\\_", 1)[0].strip())
        elif current is not None and line.strip():
            current = None
    return out


def labels_html() -> list[list[str]]:
    chunks = _written("html").decode().split('<div class="signature">')[1:]
    return [
        [htmlmod.unescape(x) for x in re.findall(r'<div class="label">(.*?)</div>', c)]
        for c in chunks
        if c.startswith("<p><strong>Signed for and on behalf of")
    ]


def labels_pdf() -> list[list[str]]:
    src = typst_source(document(STEM, "settlement")[1].document, {})
    return [
        re.findall(r"\[([^\[\]]*)\]", labels)
        for labels in re.findall(r"signature\(\[Signed for and on behalf of [^\]]*\], \(([^)]*)\)\)", src)
    ]


def labels_docx() -> list[list[str]]:
    xml = zipfile.ZipFile(io.BytesIO(_written("docx"))).read("word/document.xml")
    body = etree.fromstring(xml)
    out = []
    for tbl in body.iter("{%s}tbl" % NS["w"]):
        rows = tbl.findall("w:tr", NS)
        first = "".join(rows[0].itertext()) if rows else ""
        if first.startswith("Signed for and on behalf of"):
            out.append(["".join(r.findall("w:tc", NS)[0].itertext()) for r in rows[1:]])
    return out


def test_every_format_labels_the_signature_lines_alike():
    parties = len(document(STEM, "settlement")[0].parties)
    found = {"md": labels_md(), "html": labels_html(), "pdf": labels_pdf(), "docx": labels_docx()}
    for fmt, labels in found.items():
        assert len(labels) == parties, (fmt, labels)
        assert all(lst for lst in labels), (fmt, labels)
    assert found["md"] == found["html"] == found["pdf"] == found["docx"], found
    assert not any(x.endswith(":") for lst in found["pdf"] for x in lst)  # the PDF/DOCX form


# -- 3. the settlement's signature page: labelled, kept together -------------------------

W = "{%s}" % NS["w"]


def test_the_settlement_signature_page_starts_with_a_label_kept_with_the_blocks():
    from clausegen.docmodel import Heading, PageBreak, plain_text
    from clausegen.writers.keep import introduces

    seq = list(walk(document(STEM, "settlement")[1].document.blocks))
    first_sig = next(k for k, b in enumerate(seq) if isinstance(b, SignatureBlock))
    label = seq[first_sig - 1]
    # a heading, not a body line ending in a colon (review 2, N19): writers keep headings with what follows
    assert isinstance(label, Heading) and plain_text(label.inlines) == "Signature page"
    assert not introduces(label.inlines)
    assert isinstance(seq[first_sig - 2], PageBreak)


def test_the_docx_keeps_the_label_and_every_signature_row_together():
    xml = zipfile.ZipFile(io.BytesIO(_written("docx"))).read("word/document.xml")
    body = etree.fromstring(xml).find("w:body", NS)
    children = list(body)
    tables = [
        k
        for k, e in enumerate(children)
        if e.tag == W + "tbl" and "".join(e.itertext()).startswith("Signed for and on behalf of")
    ]
    assert tables
    label = children[tables[0] - 1]
    assert "".join(label.itertext()).startswith("Signature page")
    # the label is a Minor Heading, whose style keeps it with the next paragraph
    assert label.find("w:pPr/w:pStyle", NS).get(W + "val") == "MinorHeading"
    for k in tables:
        rows = children[k].findall("w:tr", NS)
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        keeps = [all(p.find("w:pPr/w:keepNext", NS) is not None for p in r.iter(W + "p")) for r in rows]
        assert keeps[:-1] == [True] * (len(rows) - 1)


def test_the_pdf_keeps_the_label_with_unbreakable_signature_blocks():
    src = typst_source(document(STEM, "settlement")[1].document, {})
    assert "#let signature(heading, labels) = block(breakable: false" in src
    assert "#let keep(body) = block(sticky: true" in src
    assert re.search(r"#keep\[#pad\([^)]*\)\[#heading\([^)]*\)\[Signature page\]\]\]\s*#signatures\(", src)
