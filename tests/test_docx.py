"""The Word writer: read each .docx back and check what a lawyer relies on.

Numbering is Word's own (numbering.xml, tied to the clause styles, no typed
numbers), references are REF fields to bookmarks with the right number
cached, the TOC and header/footer fields exist, and the bytes are the same
on every run. Checks against openxml-audit's schemas are skipped when the
package is not installed.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from functools import cache

import docx as python_docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from clausegen.dates import day
from clausegen.docmodel import (
    BulletList,
    Clause,
    Document,
    Emph,
    Figure,
    FillIn,
    Heading,
    Meta,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    SignatureBlock,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
    inlines_of,
    walk,
)
from clausegen.writers import FORMATS, writer
from clausegen.writers import docx as docx_writer
from clausegen.writers.docx import bookmark_name, write

from .conftest import EXAMPLES, ROOT

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
W = "{%s}" % NS["w"]
CLAUSE_STYLES = {"ClauseHeading1": 0, "Clause2": 1, "Clause3": 2, "Clause4": 3}

# -- documents to write -------------------------------------------------------------------


def para(*inlines, style=""):
    return Paragraph(tuple(Text(i) if isinstance(i, str) else i for i in inlines), style)


def numbered(blocks, on: bool = True):
    """Number clauses as assembly does: top-level clauses 1, 2..., children 1.1..."""

    def number(c: Clause, n: str) -> Clause:
        return replace(
            c, number=n, children=tuple(number(ch, f"{n}.{k}" if n else "") for k, ch in enumerate(c.children, 1))
        )

    out, k = [], 0
    for b in blocks:
        if isinstance(b, Clause):
            k += 1
            b = number(b, str(k) if on else "")
        out.append(b)
    return tuple(out)


def sample(numbered_doc: bool = True) -> Document:
    """A small schedule with every kind of block and inline."""
    clause = lambda id, title, level, blocks=(), children=(): Clause(id, title, level, tuple(blocks), tuple(children))
    blocks = numbered(
        [
            para("This Schedule sets out the dispute resolution procedure."),
            clause(
                "defs",
                "Definitions",
                1,
                children=[
                    clause(
                        "defs.terms",
                        "Definitions",
                        2,
                        [para("In this Schedule:")],
                        [
                            clause(
                                "defs.terms.1",
                                "",
                                3,
                                [para(TermDef("Business Day"), " means a day other than a weekend or public holiday;")],
                            ),
                            clause(
                                "defs.terms.2",
                                "",
                                3,
                                [
                                    para(
                                        TermDef("Dispute Notice"),
                                        " means a notice under paragraph ",
                                        Ref("esc.notice"),
                                        ".",
                                    )
                                ],
                            ),
                        ],
                    ),
                    clause(
                        "defs.interpretation", "Interpretation", 2, [para("Headings do not affect interpretation.")]
                    ),
                ],
            ),
            clause(
                "esc",
                "Escalation",
                1,
                children=[
                    clause(
                        "esc.notice",
                        "Dispute Notice",
                        2,
                        [
                            para("A ", TermUse("Dispute Notice", "Dispute Notice"), " shall state:"),
                            OrderedList(
                                (
                                    (para("the matter in dispute;"),),
                                    (para("the remedy sought; and"),),
                                    (para("the date: ", FillIn("date of notice"), "."),),
                                )
                            ),
                            para("Serve the notice by hand or recorded delivery.", style="note"),
                            para(
                                "A second paragraph of the clause, ",
                                Emph((Text("not"),)),
                                " numbered, ",
                                Strong((Text("see paragraph "), Ref("defs.interpretation"))),
                                ".",
                            ),
                        ],
                        [
                            clause(
                                "esc.notice.receipt",
                                "",
                                3,
                                [para("It takes effect on receipt.")],
                                [
                                    clause(
                                        "esc.notice.receipt.late",
                                        "",
                                        4,
                                        [
                                            para(
                                                "After 5pm, on the next ",
                                                TermUse("Business Day", "Business Day"),
                                                " (see ",
                                                Ref("esc.notice.receipt"),
                                                ").",
                                            )
                                        ],
                                    ),
                                ],
                            ),
                        ],
                    ),
                    clause(
                        "esc.tiers",
                        "Tiers",
                        2,
                        [
                            para("The tiers are:"),
                            Table(
                                ((Text("Tier"),), (Text("Time limit"),)),
                                (
                                    ((Text("Operational"),), (Text("10 Business Days"),)),
                                    ((Text("Commercial"),), (Text("20 Business Days"),)),
                                ),
                                "Escalation tiers",
                            ),
                            Heading((Text("Before a meeting"),)),
                            BulletList(((para("Agree an agenda."),), (para("Circulate papers."),)), checklist=True),
                            BulletList(((para("first point"),), (para("second point"),))),
                            Figure(
                                "ladder",
                                "The escalation ladder",
                                (
                                    ("Dispute Notice", "Day 0"),
                                    ("Operational", "10 Business Days"),
                                    ("Courts", "England"),
                                ),
                            ),
                        ],
                    ),
                ],
            ),
            clause(
                "exec",
                "Execution",
                1,
                children=[
                    clause(
                        "exec.sign",
                        "",
                        2,
                        [
                            para("Signed by the Parties."),
                            PageBreak(),
                            SignatureBlock(
                                "ACME Services Limited",
                                "Supplier",
                                "Signed for and on behalf of",
                                ("Signature", "Name", "Date"),
                            ),
                            SignatureBlock(
                                "Globex plc", "Customer", "Signed for and on behalf of", ("Signature", "Name", "Date")
                            ),
                        ],
                    ),
                ],
            ),
        ],
        numbered_doc,
    )
    numbers = {b.id: b.number or b.title for b in walk(blocks) if isinstance(b, Clause)}
    meta = Meta(
        "Schedule 7: Dispute Resolution",
        "Services Agreement",
        "Services Agreement",
        "2.1",
        "2026-04-01",
        ("ACME", "Globex"),
    )
    return Document("schedule" if numbered_doc else "handbook", meta, blocks, numbered_doc, numbers)


@cache
def real_document() -> Document:
    """One document assembled from an example regime (the first kind that builds)."""
    from clausegen.api import compile_file
    from clausegen.documents.assemble import assemble
    from clausegen.documents.library import Library

    regime = compile_file(str(EXAMPLES / "uk-public-sector-it.regime")).regime
    return assemble(regime, "schedule", Library()).document


# -- reading a .docx back -----------------------------------------------------------------


class Docx:
    """A written .docx: its bytes, its parts as XML, and python-docx's view of it."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.doc = python_docx.Document(io.BytesIO(data))
        self._parsed = {}

    def xml(self, part: str):
        """A part's XML root, parsed once (so elements compare across calls)."""
        if part not in self._parsed:
            self._parsed[part] = etree.fromstring(self.zip.read(part))
        return self._parsed[part]

    @property
    def body(self):
        return self.xml("word/document.xml").find("w:body", NS)

    def paragraphs(self):
        return self.body.iter(W + "p")

    def parts(self, prefix: str):
        return [n for n in self.zip.namelist() if n.startswith(prefix)]


@cache
def written(kind: str = "sample", draft: bool = False) -> Docx:
    doc = {"sample": lambda: sample(), "handbook": lambda: sample(False), "real": real_document}[kind]()
    return Docx(write(doc, {"draft": draft}))


def style_of(p) -> str:
    s = p.find("w:pPr/w:pStyle", NS)
    return s.get(W + "val") if s is not None else ""


def text_of(element) -> str:
    """Visible text: w:t and tabs, field instructions left out."""
    out = []
    for e in element.iter(W + "t", W + "tab"):
        if e.tag == W + "tab" and e.getparent().tag == W + "r":
            out.append("\t")
        elif e.tag == W + "t":
            out.append(e.text or "")
    return "".join(out)


def word_numbers(d: Docx) -> list[tuple[str, object]]:
    """Each numbered clause paragraph with the number Word will show, counted like Word."""
    counters = [0] * 9
    out = []
    for p in d.paragraphs():
        level = CLAUSE_STYLES.get(style_of(p))
        if level is None:
            continue
        counters[level] += 1
        counters[level + 1 :] = [0] * (8 - level)
        out.append((".".join(str(c) for c in counters[: level + 1]), p))
    return out


def fields(d: Docx, part: str = "word/document.xml"):
    """(instruction, cached result, begin fldChar) of every complex field in a part.

    Fields nest (a TOC's entries hold PAGEREF fields): a field's result
    text includes the results of the fields inside it.
    """
    out, stack = [], []  # stack of [state, instruction, result, begin]
    for e in d.xml(part).iter(W + "fldChar", W + "instrText", W + "t"):
        if e.tag == W + "fldChar":
            kind = e.get(W + "fldCharType")
            if kind == "begin":
                stack.append(["instr", "", "", e])
            elif kind == "separate" and stack:
                stack[-1][0] = "result"
            elif kind == "end" and stack:
                _, instr, result, begin = stack.pop()
                out.append((instr.strip(), result, begin))
                if stack and stack[-1][0] == "result":
                    stack[-1][2] += result
        elif e.tag == W + "instrText" and stack and stack[-1][0] == "instr":
            stack[-1][1] += e.text or ""
        elif e.tag == W + "t" and stack and stack[-1][0] == "result":
            stack[-1][2] += e.text or ""
    return out


def bookmarked_paragraphs(d: Docx) -> dict[str, object]:
    return {b.get(W + "name"): b.getparent() for b in d.body.iter(W + "bookmarkStart")}


# -- registry -----------------------------------------------------------------------------


def test_docx_is_a_registered_format():
    assert FORMATS["docx"] == "docx"
    assert writer("docx") is write


# -- numbering ------------------------------------------------------------------------------


def clause_abstract(d: Docx):
    numbering = d.xml("word/numbering.xml")
    for a in numbering.findall("w:abstractNum", NS):
        if a.find("w:lvl/w:pStyle[@w:val='ClauseHeading1']", NS) is not None:
            return numbering, a
    raise AssertionError("no abstractNum is tied to the Clause Heading 1 style")


def test_numbering_has_one_legal_multilevel_scheme():
    numbering, abstract = clause_abstract(written())
    assert abstract.find("w:multiLevelType", NS).get(W + "val") == "multilevel"
    levels = abstract.findall("w:lvl", NS)
    texts = [lvl.find("w:lvlText", NS).get(W + "val") for lvl in levels[:4]]
    assert texts == ["%1.", "%1.%2", "%1.%2.%3", "%1.%2.%3.%4"]
    assert [lvl.find("w:pStyle", NS).get(W + "val") for lvl in levels[:4]] == list(CLAUSE_STYLES)
    assert levels[0].find("w:isLgl", NS) is None
    assert all(lvl.find("w:isLgl", NS) is not None for lvl in levels[1:4])
    assert all(lvl.find("w:numFmt", NS).get(W + "val") == "decimal" for lvl in levels)
    # text indentation grows with the level (1 and 1.1 share the first)
    lefts = [int(lvl.find("w:pPr/w:ind", NS).get(W + "left")) for lvl in levels[:4]]
    assert lefts[0] == lefts[1] < lefts[2] < lefts[3]
    # the schema wants every abstractNum before the first num
    tags = [etree.QName(e).localname for e in numbering if etree.QName(e).localname in ("abstractNum", "num")]
    assert tags == sorted(tags)  # "abstractNum" < "num"


def test_clause_styles_are_tied_to_the_scheme():
    d = written()
    numbering, abstract = clause_abstract(d)
    abstract_id = abstract.get(W + "abstractNumId")
    num_ids = {
        n.get(W + "numId")
        for n in numbering.findall("w:num", NS)
        if n.find("w:abstractNumId", NS).get(W + "val") == abstract_id
    }
    styles = d.xml("word/styles.xml")
    for style_id, ilvl in CLAUSE_STYLES.items():
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style is not None, style_id
        assert style.find("w:pPr/w:numPr/w:numId", NS).get(W + "val") in num_ids
        assert style.find("w:pPr/w:numPr/w:ilvl", NS).get(W + "val") == str(ilvl)
    names = {s.name for s in d.doc.styles}
    assert {
        "Clause Heading 1",
        "Clause 2",
        "Clause 3",
        "Clause 4",
        "Body Text",
        "Note",
        "Fill-in",
        "Defined Term",
        "Clause Table",
        "Title",
        "Subtitle",
        "Caption",
    } <= names


@pytest.mark.parametrize("kind", ["sample", "real"])
def test_clause_paragraphs_get_word_numbers_that_match_the_document(kind):
    d = written(kind)
    doc = sample() if kind == "sample" else real_document()
    expected = [c.number for c in walk(doc.blocks) if isinstance(c, Clause)]
    got = word_numbers(d)
    assert [n for n, _ in got] == expected
    for number, p in got:
        # the number is Word's, never typed into the text
        assert not re.match(r"\s*\d+(\.\d+)*\.?\s", text_of(p)), text_of(p)
        assert p.find("w:pPr/w:numPr", NS) is None  # numbering comes from the style


def test_level_2_title_is_a_bold_run_in():
    d = written()
    p = next(p for n, p in word_numbers(d) if n == "1.2")
    first = p.find("w:r", NS)
    assert first.find("w:rPr/w:rStyle", NS).get(W + "val") == "ClauseTitle"
    assert text_of(p) == "Interpretation. Headings do not affect interpretation."
    styles = d.xml("word/styles.xml")
    assert styles.find("w:style[@w:styleId='ClauseTitle']/w:rPr/w:b", NS) is not None


def test_further_clause_paragraphs_are_indented_body_text_without_numbers():
    d = written()
    p = next(p for p in d.paragraphs() if text_of(p).startswith("A second paragraph"))
    assert style_of(p) == "ClauseBody2"
    assert p.find("w:pPr/w:numPr", NS) is None
    style = d.xml("word/styles.xml").find("w:style[@w:styleId='ClauseBody2']", NS)
    assert int(style.find("w:pPr/w:ind", NS).get(W + "left")) == 720


def test_unnumbered_document_uses_headings_without_numbering():
    d = written("handbook")
    assert word_numbers(d) == []
    headings = [(style_of(p), text_of(p)) for p in d.paragraphs() if style_of(p).startswith("Heading")]
    assert ("Heading1", "Definitions") in headings
    assert ("Heading2", "Dispute Notice") in headings
    assert all(p.find("w:pPr/w:numPr", NS) is None for p in d.paragraphs() if style_of(p).startswith("Heading"))


# -- inlines ---------------------------------------------------------------------------------


def test_defined_terms_are_bold_in_curly_quotes_with_their_style():
    d = written()
    runs = [r for r in d.body.iter(W + "r") if r.find("w:rPr/w:rStyle[@w:val='DefinedTerm']", NS) is not None]
    assert [text_of(r) for r in runs] == ["\u201cBusiness Day\u201d", "\u201cDispute Notice\u201d"]
    style = d.xml("word/styles.xml").find("w:style[@w:styleId='DefinedTerm']", NS)
    assert style.get(W + "type") == "character" and style.find("w:rPr/w:b", NS) is not None
    # a use is plain text
    p = next(p for n, p in word_numbers(d) if n == "2.1")
    assert text_of(p) == "Dispute Notice. A Dispute Notice shall state:"
    use = [r for r in p.findall("w:r", NS) if text_of(r) == "Dispute Notice"]
    assert len(use) == 1 and use[0].find("w:rPr", NS) is None


def test_fill_ins_are_bracketed_highlighted_and_styled():
    d = written()
    runs = [r for r in d.body.iter(W + "r") if r.find("w:rPr/w:rStyle[@w:val='FillIn']", NS) is not None]
    assert [text_of(r) for r in runs] == ["[date of notice]"]
    assert runs[0].find("w:rPr/w:highlight", NS).get(W + "val") == "yellow"


@pytest.mark.parametrize("kind", ["sample", "real"])
def test_every_reference_is_a_ref_field_to_a_bookmark_with_the_right_number(kind):
    d = written(kind)
    doc = sample() if kind == "sample" else real_document()
    refs = [i.target for b in walk(doc.blocks) for i in inlines_of(b) if isinstance(i, Ref)]
    ref_fields = [(instr, result) for instr, result, _ in fields(d) if instr.startswith("REF ")]
    assert len(ref_fields) == len(refs)
    marks = bookmarked_paragraphs(d)
    number_of = {p: n for n, p in word_numbers(d)}
    for target, (instr, result) in zip(refs, ref_fields):
        name, *switches = instr.split()[1:]
        assert switches == ["\\r", "\\h"]
        assert name == bookmark_name(target, set()) or name in marks
        assert result == doc.numbers[target]
        # the bookmark sits in the target's numbered paragraph, whose Word number is the cached one
        assert number_of[marks[name]] == result


def test_references_in_an_unnumbered_document_show_the_heading():
    d = written("handbook")
    refs = [(i, r) for i, r, _ in fields(d) if i.startswith("REF ")]
    assert refs and all(i.endswith("\\h") and "\\r" not in i for i, _ in refs)
    assert "Dispute Notice" in [r for _, r in refs]
    marks = bookmarked_paragraphs(d)
    for instr, result in refs:
        assert text_of(marks[instr.split()[1]]) == result


def test_bookmarks_are_hidden_short_and_uniquely_numbered():
    d = written()
    starts = list(d.body.iter(W + "bookmarkStart"))
    names = [b.get(W + "name") for b in starts]
    ids = [b.get(W + "id") for b in starts]
    assert names and all(n.startswith("_Ref") and len(n) <= 40 and re.fullmatch(r"_Ref\d+", n) for n in names)
    assert len(set(names)) == len(names) and len(set(ids)) == len(ids)
    assert all(i.isdigit() for i in ids)
    assert sorted(ids) == sorted(b.get(W + "id") for b in d.body.iter(W + "bookmarkEnd"))
    # stable: derived from the clause id, not the order of writing
    assert bookmark_name("esc.notice") == bookmark_name("esc.notice")
    assert bookmark_name("esc.notice") != bookmark_name("esc.tiers")


# -- table of contents, header, footer, settings ---------------------------------------------


def test_toc_field_with_pre_rendered_entries():
    d = written()
    toc = [(i, r, b) for i, r, b in fields(d) if i.startswith("TOC ")]
    assert len(toc) == 1
    instr, result, begin = toc[0]
    assert instr == 'TOC \\o "1-2" \\h \\z \\u'
    assert begin.get(W + "dirty") == "true"
    entries = [text_of(p) for p in d.paragraphs() if style_of(p) in ("TOC1", "TOC2")]
    # each entry ends in a tab to the page number (a PAGEREF field, no cached text)
    assert entries == [
        e + "\t"
        for e in [
            "1.\tDefinitions",
            "1.1\tDefinitions",
            "1.2\tInterpretation",
            "2.\tEscalation",
            "2.1\tDispute Notice",
            "2.2\tTiers",
            "3.\tExecution",
        ]
    ]
    links = [h.get(W + "anchor") for h in d.body.iter(W + "hyperlink")]
    assert set(links) <= set(bookmarked_paragraphs(d))


def test_header_has_title_and_version_and_footer_counts_pages():
    d = written()
    section = d.doc.sections[0]
    assert "Schedule 7: Dispute Resolution" in section.header.paragraphs[-1].text
    assert "Version 2.1" in section.header.paragraphs[-1].text
    footer = d.parts("word/footer")[0]
    instructions = [i for i, _, _ in fields(d, footer)]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert text_of(d.xml(footer)).startswith("Page 1 of 1")


def test_settings_ask_word_to_update_fields_in_schema_order():
    settings = written().xml("word/settings.xml")
    names = [etree.QName(e).localname for e in settings]
    assert settings.find("w:updateFields", NS).get(W + "val") == "true"
    assert names.index("updateFields") < names.index("compat")
    assert "savePreviewPicture" not in names


def test_a4_page_and_house_fonts():
    d = written()
    section = d.doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    fonts = d.xml("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(W + "ascii") == "Libertinus Serif"  # the PDF's embedded serif: one house font


# -- blocks ------------------------------------------------------------------------------------


def test_table_header_repeats_and_rows_do_not_split():
    d = written()
    tables = [t for t in d.body.iter(W + "tbl") if t.find("w:tblPr/w:tblStyle[@w:val='ClauseTable']", NS) is not None]
    assert tables
    for t in tables:
        rows = t.findall("w:tr", NS)
        # only a long table repeats its header (LibreOffice loses the rows of a
        # short one with a repeated header that straddles a page: test_layout)
        assert (rows[0].find("w:trPr/w:tblHeader", NS) is not None) == (len(rows) > 13)
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    style = d.xml("word/styles.xml").find("w:style[@w:styleId='ClauseTable']", NS)
    assert style.find("w:tblPr/w:tblBorders/w:insideH", NS).get(W + "val") == "single"


def test_lists_use_their_own_numbering():
    d = written()
    numbering = d.xml("word/numbering.xml")
    abstract_of = {
        n.get(W + "numId"): n.find("w:abstractNumId", NS).get(W + "val") for n in numbering.findall("w:num", NS)
    }

    def list_paragraphs(start: str):
        return [p for p in d.paragraphs() if style_of(p) == "ListParagraph" and text_of(p).startswith(start)]

    ordered, check, bullet = (
        list_paragraphs("the matter")[0],
        list_paragraphs("Agree")[0],
        list_paragraphs("first point")[0],
    )
    num = {
        k: p.find("w:pPr/w:numPr/w:numId", NS).get(W + "val")
        for k, p in (("ordered", ordered), ("check", check), ("bullet", bullet))
    }
    _, clauses = clause_abstract(d)
    abstracts = {abstract_of[n] for n in num.values()}
    assert len(abstracts) == 3 and clauses.get(W + "abstractNumId") not in abstracts
    lvl0 = lambda n: numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_of[n]}']/w:lvl[@w:ilvl='0']", NS)
    assert lvl0(num["check"]).find("w:lvlText", NS).get(W + "val") == "\u2610"
    assert lvl0(num["bullet"]).find("w:numFmt", NS).get(W + "val") == "bullet"
    # an ordered list in a numbered document counts (a), (b), and restarts at 1
    assert lvl0(num["ordered"]).find("w:lvlText", NS).get(W + "val") == "(%1)"
    start = numbering.find(f"w:num[@w:numId='{num['ordered']}']/w:lvlOverride[@w:ilvl='0']/w:startOverride", NS)
    assert start.get(W + "val") == "1"


def test_notes_minor_headings_and_page_breaks():
    d = written()
    note = next(p for p in d.paragraphs() if text_of(p).startswith("Serve the notice"))
    assert style_of(note) == "Note"
    note_style = d.xml("word/styles.xml").find("w:style[@w:styleId='Note']/w:pPr", NS)
    assert note_style.find("w:shd", NS) is not None and note_style.find("w:pBdr/w:left", NS) is not None
    heading = next(p for p in d.paragraphs() if text_of(p) == "Before a meeting")
    assert style_of(heading) == "MinorHeading"
    # the page break lands on the first signature table's first paragraph
    sig = next(t for t in d.body.iter(W + "tbl") if "ACME Services Limited" in text_of(t))
    assert sig.find(".//w:pageBreakBefore", NS) is not None


def test_keep_with_next_on_headings():
    styles = written().xml("word/styles.xml")
    for style_id in ("ClauseHeading1", "Heading1", "Heading2", "Heading3", "MinorHeading"):
        assert styles.find(f"w:style[@w:styleId='{style_id}']/w:pPr/w:keepNext", NS) is not None, style_id


def test_titles_standing_alone_and_lead_ins_keep_with_next():
    """A clause title with no text on its line, and a short paragraph ending in
    a colon, head what follows: Word keeps each with the next paragraph."""
    d = written("real")
    styles = d.xml("word/styles.xml")
    kept_styles = {
        s.get(W + "styleId") for s in styles.findall("w:style", NS) if s.find("w:pPr/w:keepNext", NS) is not None
    }
    heads = []
    for p in d.paragraphs():
        runs = [r for r in p.findall("w:r", NS) if text_of(r)]
        title_only = runs and all(r.find("w:rPr/w:rStyle[@w:val='ClauseTitle']", NS) is not None for r in runs)
        text = text_of(p).strip()
        if title_only or (text.endswith(":") and len(text) < 400):
            heads.append((text, p.find("w:pPr/w:keepNext", NS) is not None or style_of(p) in kept_styles))
    assert len(heads) > 5
    assert [t for t, kept in heads if not kept] == []


def test_signature_block_is_kept_together_with_a_line_per_label():
    d = written()
    sig = next(t for t in d.body.iter(W + "tbl") if "ACME Services Limited" in text_of(t))
    rows = sig.findall("w:tr", NS)
    assert text_of(rows[0]) == "Signed for and on behalf of ACME Services Limited"
    assert [text_of(r.findall("w:tc", NS)[0]) for r in rows[1:]] == ["Signature", "Name", "Date"]
    assert all(r.findall("w:tc", NS)[1].find("w:tcPr/w:tcBorders/w:bottom", NS) is not None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    keeps = [all(p.find("w:pPr/w:keepNext", NS) is not None for p in r.iter(W + "p")) for r in rows]
    assert keeps == [True] * (len(rows) - 1) + [False]


def test_figure_is_an_embedded_png_with_a_caption_below():
    d = written()
    media = d.parts("word/media/")
    assert len(media) == 1 and d.zip.read(media[0]).startswith(b"\x89PNG")
    paragraphs = list(d.paragraphs())
    k = next(k for k, p in enumerate(paragraphs) if p.find(".//w:drawing", NS) is not None)
    assert style_of(paragraphs[k + 1]) == "Caption" and text_of(paragraphs[k + 1]) == "The escalation ladder"
    assert paragraphs[k].find("w:pPr/w:keepNext", NS) is not None


def test_figure_falls_back_to_a_table_when_rendering_fails(monkeypatch):
    monkeypatch.setattr(docx_writer, "figure_png", lambda fig: None)
    d = Docx(write(sample(), {}))
    assert d.parts("word/media/") == []
    assert any("Operational" in text_of(t) and "10 Business Days" in text_of(t) for t in d.body.iter(W + "tbl"))


# -- draft, template, reproducibility ----------------------------------------------------------


def test_draft_marks_every_page():
    d = written(draft=True)
    for part in d.parts("word/header"):
        xml = d.xml(part)
        assert "Draft" in text_of(xml)
        assert xml.find(".//w:rStyle[@w:val='DraftMark']", NS) is not None
        assert b'string="DRAFT"' in d.zip.read(part)  # the watermark
    assert d.doc.core_properties.content_status == "Draft"
    plain = written()
    assert all("Draft" not in text_of(plain.xml(p)) for p in plain.parts("word/header"))


def test_core_properties_are_explicit():
    props = written().doc.core_properties
    assert (props.author, props.last_modified_by, props.revision) == ("clausegen", "clausegen", 1)
    assert props.title == "Schedule 7: Dispute Resolution"
    assert props.created.isoformat().startswith("2026-04-01T00:00:00")  # the regime's effective date
    assert props.modified == props.created
    dated = Docx(write(sample(), {"source_date_epoch": 1767225600})).doc.core_properties
    assert dated.created.isoformat().startswith("2026-01-01T00:00:00")


def test_two_writes_give_identical_bytes_with_fixed_zip_entries():
    first, second = write(sample(), {"draft": True}), write(sample(), {"draft": True})
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert all(
        i.date_time == (1980, 1, 1, 0, 0, 0)
        and i.external_attr == 0o644 << 16
        and i.compress_type == zipfile.ZIP_DEFLATED
        for i in infos
    )
    assert [i.filename for i in infos[2:]] == sorted(i.filename for i in infos[2:])


def test_bytes_do_not_depend_on_clock_timezone_or_locale():
    script = (
        "import hashlib, sys; sys.path.insert(0, %r); from tests.test_docx import sample; "
        "from clausegen.writers.docx import write; print(hashlib.sha256(write(sample(), {})).hexdigest())"
    ) % str(ROOT)
    digests = set()
    for env in ({"TZ": "UTC", "LC_ALL": "C"}, {"TZ": "Pacific/Auckland", "LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}):
        out = subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, **env}, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_reference_docx_supplies_the_house_style(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    house = python_docx.Document()
    house.styles["Normal"].font.name = "Georgia"
    house.styles["Normal"].font.size = Pt(12)
    house.styles.add_style("Clause 2", WD_STYLE_TYPE.PARAGRAPH).font.italic = True
    house.add_paragraph("template body text that must not survive")
    path = tmp_path / "house.docx"
    house.save(path)

    d = Docx(write(sample(), {"reference_docx": str(path)}))
    assert d.doc.styles["Normal"].font.name == "Georgia"
    assert d.doc.styles["Clause 2"].font.italic is True
    assert "template body text" not in "".join(text_of(p) for p in d.paragraphs())
    # missing styles are created, and the clause styles still carry the numbering
    assert {"Clause Heading 1", "Clause 3", "Defined Term", "Fill-in", "Note"} <= {s.name for s in d.doc.styles}
    assert [n for n, _ in word_numbers(d)] == [c.number for c in walk(sample().blocks) if isinstance(c, Clause)]


def test_helpers():
    assert day("2026-04-01") == "Wednesday 1 April 2026"
    assert day("soon") == "soon"


# -- validation with openxml-audit -------------------------------------------------------------


@pytest.mark.parametrize("kind,draft", [("sample", False), ("sample", True), ("handbook", True), ("real", False)])
def test_openxml_audit_finds_no_errors(kind, draft, tmp_path):
    audit = pytest.importorskip("openxml_audit")
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(written(kind, draft).data)
    for fmt in (audit.FileFormat.OFFICE_2007, audit.FileFormat.OFFICE_2019):
        result = audit.OpenXmlValidator(file_format=fmt).validate(str(path))
        assert [e.description for e in result.errors] == []


# -- the prepared package and the zip (speed without a change of bytes) -------------------


def _variants() -> list[Document]:
    """Documents that prepare different packages: numbered or not, nested deeper, with lists."""
    deep = sample()
    for _ in range(4):  # a clause four levels further down than the sample goes
        deep = replace(
            deep,
            blocks=(
                Clause(
                    "deep",
                    "Deep",
                    1,
                    (Paragraph((Text("text"),)),),
                    tuple(b for b in deep.blocks if isinstance(b, Clause))[:1],
                ),
            ),
        )
    return [
        sample(),
        sample(numbered_doc=False),
        deep,
        replace(
            sample(), blocks=sample().blocks + (OrderedList(((Paragraph((Text("a"),)),), (Paragraph((Text("b"),)),))),)
        ),
    ]


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=6), st.booleans())
@settings(max_examples=12, deadline=None)
def test_a_document_is_the_same_bytes_whatever_was_written_before(order, draft):
    """The package each process prepares once is reopened for every document: no
    document's styles, lists or numbering may leak into the next."""
    docs = _variants()
    options = {"draft": draft}
    alone = {}
    for i in sorted(set(order)):
        docx_writer._PREPARED.clear()  # as in a new process
        alone[i] = write(docs[i], options)
    for i in order:
        assert write(docs[i], options) == alone[i]


def test_package_members_are_what_python_docx_saves():
    """package_bytes writes python-docx's own members, byte for byte, in our fixed zip."""
    from clausegen.writers.docx.package import package_bytes

    document = python_docx.Document(io.BytesIO(write(sample(), {"draft": True})))
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as z:
        theirs = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(io.BytesIO(package_bytes(document))) as z:
        ours = {i.filename: z.read(i) for i in z.infolist()}
    assert ours == theirs


def test_a_bold_header_word_gets_the_width_of_bold_text():
    """A header word is measured as bold text in a wider fallback font: "Paragraph" fits on one line."""
    from clausegen.writers.docx import _column_widths

    rows = [((Text("Step"),), (Text("Paragraph"),)), ((Text("Notice disputing an invoice " * 8),), (Text("4.4.1"),))]
    bold_header = _column_widths(rows, 2, 6000)
    plain = _column_widths(rows, 2, 6000, bold_header=False)
    assert bold_header[1] >= len("Paragraph") * 135 + 250 > plain[1]
