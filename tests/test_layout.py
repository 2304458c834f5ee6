"""Layout a reader notices on paper (issue 9, review findings B14-B19).

E-mail addresses wrap only after their `@` and dots in Word too (B15),
phone numbers never wrap (B16), table rows never split across pages (B17),
headings keep with what follows (B14), the Word contents list is a TOC field
whose entries carry PAGEREF fields and is not followed by a page break (B18),
and the agreement to mediate has no contents list and top-level headings for
its parties and background (B19).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from lxml import etree

from clausegen.writers import writer
from clausegen.writers.docx import ZWSP, _column_widths
from clausegen.writers.keep import NBSP, unbroken_phones
from clausegen.writers.pdf import typst_source

from .test_documents import document

UK = "uk-public-sector-it"
ADDRESS = "commercial.disputes@coastal-communities.example.gov.uk"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W = f"{{{NS['w']}}}"


@cache
def _docx(stem: str, kind: str) -> dict[str, etree._Element]:
    data = writer("docx")(document(stem, kind)[1].document, {})
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: etree.fromstring(z.read(n)) for n in ("word/document.xml", "word/styles.xml", "word/settings.xml")}


def _text(p) -> str:
    return "".join((el.text or "") if el.tag == W + "t" else "-" for el in p.iter(W + "t", W + "noBreakHyphen"))


def _style(p) -> str:
    s = p.find("w:pPr/w:pStyle", NS)
    return s.get(W + "val") if s is not None else ""


# -- B15: e-mail addresses ------------------------------------------------------------------


def test_word_lets_an_address_wrap_only_after_its_at_sign_and_dots():
    body = _docx(UK, "notice")["word/document.xml"]
    cells = [c for c in body.iter(W + "tc") if ADDRESS in _text(c).replace(ZWSP, "")]
    assert cells, "the notice's parties table has no address cell"
    text = _text(cells[0])
    assert ZWSP in text
    address = text[text.index("commercial") :]
    pieces = address.split(ZWSP)
    # a break opportunity after the @ and after every dot, nowhere else
    assert pieces == ["commercial.", "disputes@", "coastal-communities.", "example.", "gov.", "uk"]
    # no zero-width space anywhere but inside addresses
    for t in body.iter(W + "t"):
        for m in re.finditer(ZWSP, t.text or ""):
            assert (t.text or "")[m.start() - 1] in "@.", t.text


def test_the_address_column_is_wide_enough_for_each_piece_of_an_address():
    rows = [
        [(_t("Party"),), (_t("Email"),)] + [(_t(w),) for w in ("Representative", "Commercial", "Communities")],
        [
            (_t("The Secretary of State for Coastal Communities"),),
            (_t(ADDRESS),),
            (_t("Service Owner"),),
            (_t("Director of Commercial"),),
            (_t("Brackenfield House"),),
        ],
    ]
    widths = _column_widths(rows, 5, 8306)
    # "coastal-communities." at 120 twips a character, plus the cell padding
    assert widths[1] >= 20 * 120 + 250
    assert sum(widths) == 8306


def _t(s):
    from clausegen.docmodel import Text

    return Text(s)


def test_python_docx_reads_the_address_back_once_zero_width_spaces_are_dropped():
    import docx

    data = writer("docx")(document(UK, "notice")[1].document, {})
    d = docx.Document(io.BytesIO(data))
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert ADDRESS in cells.replace(ZWSP, "")


# -- B16: phone numbers ---------------------------------------------------------------------


def test_phone_numbers_get_no_break_spaces_and_other_numbers_do_not():
    assert unbroken_phones("call +44 20 7946 0101.") == f"call +44{NBSP}20{NBSP}7946{NBSP}0101."
    assert unbroken_phones("+49 (0)69 1234 5678") == f"+49{NBSP}(0)69{NBSP}1234{NBSP}5678"
    assert unbroken_phones("0113 496 0000") == f"0113{NBSP}496{NBSP}0000"
    for text in ("within 10 20 days", "Monday 21 December 2026", "paragraph 4.1 2", "a sum of 1 000 000"):
        assert unbroken_phones(text) == text


def test_every_writer_keeps_the_handbook_phone_numbers_on_one_line():
    phone = f"+44{NBSP}20{NBSP}7946{NBSP}0101"
    doc = document(UK, "handbook")[1].document
    body = _docx(UK, "handbook")["word/document.xml"]
    assert any(phone in (t.text or "") for t in body.iter(W + "t"))
    assert "+44 20 7946" not in "".join(t.text or "" for t in body.iter(W + "t"))
    assert phone in typst_source(doc)
    html = writer("html")(doc, {}).decode()
    assert phone in html and "+44 20 7946" not in html


# -- B17: table rows ------------------------------------------------------------------------


def test_no_row_of_any_word_table_splits_across_pages():
    for stem, kind in ((UK, "schedule"), (UK, "handbook"), (UK, "notice"), ("acme-globex", "settlement")):
        rows = list(_docx(stem, kind)["word/document.xml"].iter(W + "tr"))
        assert rows
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows), (stem, kind)


def test_a_short_word_table_has_no_kept_header_row():
    # LibreOffice 7.4 drops the rows after the first from a short table with a
    # repeated (or kept) header row and unsplittable rows when it straddles a page
    body = _docx("acme-globex", "handbook")["word/document.xml"]
    for tbl in body.iter(W + "tbl"):
        rows = tbl.findall("w:tr", NS)
        if len(rows) <= 13:
            assert rows[0].find("w:trPr/w:tblHeader", NS) is None
            assert all(
                p.find("w:pPr/w:keepNext", NS) is None
                for p in rows[0].iter(W + "p")
                if tbl.find("w:tblPr/w:tblStyle", NS) is not None
            )


def test_typst_rows_and_html_rows_do_not_break():
    source = typst_source(document(UK, "schedule")[1].document)
    assert "#set table.cell(breakable: false)" in source
    html = writer("html")(document(UK, "schedule")[1].document, {}).decode()
    assert re.search(r"table, tr, [^{]*\{ break-inside: avoid; \}", html)


# -- B14: headings keep with what follows ---------------------------------------------------


def test_every_heading_style_keeps_with_the_next_paragraph():
    styles = _docx(UK, "notice")["word/styles.xml"]
    for sid in (
        "Heading1",
        "Heading2",
        "Heading3",
        "ClauseHeading1",
        "PartHeading",
        "MinorHeading",
        "TOCHeading",
        "Title",
        "Subtitle",
    ):
        assert styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:keepNext", NS) is not None, sid


def test_the_notice_section_heading_keeps_with_its_first_paragraph():
    paras = list(_docx(UK, "notice")["word/document.xml"].iter(W + "p"))
    k = next(k for k, p in enumerate(paras) if _text(p) == "Notice of dispute")
    assert _style(paras[k]) == "ClauseHeading1"  # keepNext from the style
    assert _text(paras[k + 1]).startswith("The notifying Party gives notice")


def test_figures_keep_with_their_captions():
    body = _docx(UK, "handbook")["word/document.xml"]
    paras = list(body.iter(W + "p"))
    pictures = [p for p in paras if p.find(".//w:drawing", NS) is not None]
    assert pictures and all(p.find("w:pPr/w:keepNext", NS) is not None for p in pictures)
    # the caption sits right under its picture, which keeps with it
    assert all(_style(p.getnext()) == "Caption" for p in pictures)


# -- B18: the Word contents list ------------------------------------------------------------


def test_word_contents_is_a_toc_field_with_page_references_and_no_page_break_after():
    parts = _docx("acme-globex", "handbook")
    body = parts["word/document.xml"]
    instructions = [t.text.strip() for t in body.iter(W + "instrText")]
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    entries = [p for p in body.iter(W + "p") if _style(p) in ("TOC1", "TOC2")]
    assert entries
    for p in entries:
        codes = [t.text.strip() for t in p.iter(W + "instrText")]
        anchor = p.find("w:hyperlink", NS).get(W + "anchor")
        assert f"PAGEREF {anchor} \\h" in codes
        assert _text(p).endswith("\t") or p.find(".//w:tab", NS) is not None
    after = entries[-1].getnext()
    assert after.find("w:pPr/w:pageBreakBefore", NS) is None
    assert parts["word/settings.xml"].find("w:updateFields", NS).get(W + "val") == "true"


# -- B19: the agreement to mediate ----------------------------------------------------------


def test_agreement_to_mediate_has_no_contents_and_top_level_party_headings():
    doc = document("acme-globex", "mediation-agreement")[1].document
    assert not doc.contents
    html = writer("html")(doc, {}).decode()
    for title in ("Parties", "Background", "Agreed terms"):
        assert f"<h2>{title}</h2>" in html
    assert "<h4>" not in html.split("1. Definitions")[0]
    md = writer("md")(doc, {}).decode()
    assert "\n## Parties\n" in md
    assert "#heading(level: 1, outlined: false, numbering: none)[Parties]" in typst_source(doc)
    body = _docx("acme-globex", "mediation-agreement")["word/document.xml"]
    assert not [p for p in body.iter(W + "p") if _style(p) in ("TOC1", "TOCHeading")]
    heads = {_text(p): _style(p) for p in body.iter(W + "p") if _text(p) in ("Parties", "Background", "Agreed terms")}
    assert heads == {"Parties": "PartHeading", "Background": "PartHeading", "Agreed terms": "PartHeading"}
