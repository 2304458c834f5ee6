"""Issue 9, point 6, third reading: the last wording and layout findings
(N22/N14, B25, B35, N25, N19), each pinned on the built Markdown, Typst source
or DOCX XML of a bundled example."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .test_documents import document, markdown
from .test_handbook_clock import built

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W = "{%s}" % NS["w"]


def _docx_body(stem: str, kind: str):
    data = writer("docx")(document(stem, kind)[1].document, {})
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find("w:body", NS)


def test_n22_n14_the_notice_parties_table_no_longer_repeats_the_first_tier_representatives():
    md = markdown("uk-public-sector-it", "notice")
    header = next(line for line in md.splitlines() if line.startswith("| Party | Address for notices"))
    assert header.count("|") == 5 and "representative" not in header.lower(), header
    # given once, in "The first tier"
    assert md.count("Siân Llewellyn") == 1
    # in the DOCX too: the parties table has four columns
    body = _docx_body("uk-public-sector-it", "notice")
    tables = [t for t in body.iter(W + "tbl") if "".join(t.itertext()).startswith("PartyAddress for notices")]
    assert tables and len(tables[0].findall("w:tblGrid/w:gridCol", NS)) == 4
    assert "representative" not in "".join(tables[0].findall("w:tr", NS)[0].itertext())


def test_b25_the_notice_relief_fill_in_says_services_in_lower_case():
    md = markdown("uk-public-sector-it", "notice")
    assert "a change to the way the services are delivered" in md
    assert "the Services are delivered" not in md


def test_b35_the_handbook_defines_tier_the_capitalised_word_it_uses():
    md = markdown("acme-globex", "handbook")
    words = md.split("## Words we use", 1)[1].split("\n## ", 1)[0]
    assert "**“Tier”**: a level of the escalation ladder" in words
    assert "Tier 1 (Contract Managers)" in md


def test_n25_a_dated_handbook_gives_this_disputes_day_1_in_the_counting_section():
    counting = lambda md: md.split("### Counting time limits", 1)[1].split("\n## ", 1)[0]
    # day_after_receipt: received Mon 21 Dec 2026, the Notice Date (Tue 22 Dec) is day 1
    assert "For this dispute, day 1 is Tuesday 22 December 2026." in counting(built("uk-public-sector-it", True)[2])
    # on_receipt: the Notice Date is the day of receipt, day 1 the day after
    assert "For this dispute, day 1 is Tuesday 22 December 2026." in counting(built("acme-globex", True)[2])
    assert "For this dispute" not in counting(built("acme-globex", False)[2])


def test_n19_the_signature_page_label_stands_at_the_heading_margin():
    src = typst_source(document("acme-globex", "settlement")[1].document, {})
    assert re.search(r"#keep\[#pad\(left: -[0-9.]+cm\)\[#heading\([^)]*\)\[Signature page\]\]\]", src)
    body = _docx_body("acme-globex", "settlement")
    label = next(p for p in body.iter(W + "p") if "".join(p.itertext()) == "Signature page")
    assert label.find("w:pPr/w:ind", NS) is None  # no clause indent: the style's (heading) margin
