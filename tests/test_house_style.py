"""One house style (issue 9, point 5): the same font, dates and section
numbers in every format, e-mail addresses that never break at a hyphen in
HTML and Word, the notice form's acknowledgement kept on one page with its
signature block, and a timeline figure drawn to scale (dated when the build is).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from lxml import etree

from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .test_documents import document, markdown

STEM = "uk-public-sector-it"  # addresses at coastal-communities.example.gov.uk
ADDRESS = "commercial.disputes@coastal-communities.example.gov.uk"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@cache
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
    return "".join(out).replace("\u200b", "")  # the address's break opportunities (test_layout)


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
    assert cells and all(
        "-" not in "".join(t.text or "" for t in c.iter(f"{{{NS['w']}}}t"))
        or c.find(".//w:noBreakHyphen", NS) is not None
        for c in cells
    )


def test_python_docx_reads_the_address_back_with_its_hyphen():
    import docx

    data = writer("docx")(document(STEM, "schedule")[1].document, {})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert ADDRESS in text.replace("\u200b", "")  # zero-width spaces after its @ and dots


# -- the acknowledgement and its signature block ------------------------------------------


def test_word_keeps_every_line_of_the_acknowledgement_with_its_signature_block():
    body = _docx_body("notice")
    paras = list(body.iter(f"{{{NS['w']}}}p"))
    start = next(k for k, p in enumerate(paras) if "To be completed by each receiving Party" in _paragraph_text(p))
    stop = next(
        k
        for k, p in enumerate(paras)
        if k > start and "Signed for and on behalf of the receiving Party" in _paragraph_text(p)
    )
    for p in paras[start:stop]:
        assert p.find("w:pPr/w:keepNext", NS) is not None, _paragraph_text(p)
    table = paras[stop].getparent().getparent().getparent()
    assert table.tag == f"{{{NS['w']}}}tbl"
    rows = table.findall("w:tr", NS)
    assert rows and all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_typst_puts_the_acknowledgement_and_its_signature_in_one_unbreakable_block():
    source = typst_source(document(STEM, "notice")[1].document)
    start = source.index("To be completed by each receiving Party")
    opening = source.rindex("#block(breakable: false, width: 100%)[", 0, start)
    signed = source.index("signature([Signed for and on behalf of the receiving Party]", start)
    # nothing closes the block between its opening and the signature
    inner = source[opening:signed]
    assert inner.count("[") - inner.count("\\[") > inner.count("]") - inner.count("\\]")
    # the notifying party's signature clause is kept whole too, the schedule's clauses are not
    assert "#block(breakable: false, width: 100%)[" not in typst_source(document(STEM, "schedule")[1].document)


# -- one house style in every format ------------------------------------------------------

_LONG = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} "
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
# any other way of writing a date: ISO, "Mon 2 Mar 2026", "2 March 2026" without its weekday
_OTHER = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}\b"
    r"|(?<!day )(?<!· )\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
# The date of a document, after its version: "Version 1.0 · 1 April 2026" (no weekday).
_VERSION = re.compile(
    r"Version \d[\w.]* · (\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b"
)


@cache
def _texts(kind: str) -> dict[str, str]:
    """The visible text of one document in each format."""
    import docx
    import pypdf

    doc = document(STEM, kind)[1].document
    html = writer("html")(doc, {}).decode()
    html = re.sub(r"<style>.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    html_text = re.sub(r"<wbr>|<[^>]+>", lambda m: "" if m.group() == "<wbr>" else "\n", html)
    word = docx.Document(io.BytesIO(writer("docx")(doc, {})))
    word_text = "\n".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for r in t.rows for c in r.cells]
        + [p.text for s in word.sections for p in s.header.paragraphs]
    )
    pdf = pypdf.PdfReader(io.BytesIO(writer("pdf")(doc, {})))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    md = writer("md")(doc, {}).decode().replace("\\", "").replace("**", "")
    return {"md": md, "html": html_text, "docx": word_text, "pdf": pdf_text.replace("\u00a0", " ")}


def test_every_format_writes_the_same_dates_the_same_way():
    texts = _texts("handbook")
    dates = {fmt: set(_LONG.findall(re.sub(r"\s+", " ", t))) for fmt, t in texts.items()}
    assert dates["md"], "the handbook shows no date"
    versions = {fmt: set(_VERSION.findall(re.sub(r"\s+", " ", t))) for fmt, t in texts.items()}
    assert versions["md"] == {"1 April 2026"}  # the title block dates the document as a lawyer would
    for fmt in ("html", "docx", "pdf"):
        assert dates[fmt] == dates["md"], fmt
        assert versions[fmt] == versions["md"], fmt
    for fmt, t in texts.items():
        assert not _OTHER.findall(re.sub(r"\s+", " ", t)), fmt


def test_every_format_numbers_the_sections_alike():
    from clausegen.docmodel import Clause, shown_number

    doc = document(STEM, "schedule")[1].document
    sections = [f"{shown_number(c)} {c.title}" for c in doc.blocks if isinstance(c, Clause)]
    assert sections[0] == "1. Definitions and interpretation"
    texts = _texts("schedule")
    for fmt, t in texts.items():
        lines = {re.sub(r"\s+", " ", line).strip().lstrip("#").strip() for line in t.splitlines()}
        lines |= {re.sub(r"[ .]+\d+$", "", line) for line in lines}  # contents lines end in dots and a page
        missing = [s for s in sections if s not in lines]
        assert not missing, (fmt, missing)
    # the sub-clauses: "4.1 Dispute Notice" in every contents list, never "4.1. "
    for fmt, t in texts.items():
        assert re.search(r"\b4\.1\s+Dispute Notice", t), fmt
        assert not re.search(r"\b4\.1\.\s", t), fmt


def test_every_format_names_the_house_font():
    from clausegen.writers.docx.house_style import FONT
    from clausegen.writers.pdf import FONTS

    doc = document(STEM, "notice")[1].document
    assert FONT == FONTS[0] == "Libertinus Serif"
    assert 'font-family: "Libertinus Serif"' in writer("html")(doc, {}).decode()
    parts = zipfile.ZipFile(io.BytesIO(writer("docx")(doc, {})))
    assert f'w:ascii="{FONT}"' in parts.read("word/styles.xml").decode()
    assert f'w:name="{FONT}"><w:altName w:val="Times New Roman"/>' in parts.read("word/fontTable.xml").decode()


# -- the timeline figure ---------------------------------------------------------------------


def _timeline_figure(notified=None):
    from datetime import date

    from clausegen.documents.figures import figure
    from clausegen.timeline import timeline, worst_case

    regime = document("acme-globex", "handbook")[0]
    dated = timeline(regime, date.fromisoformat(notified)) if notified else None
    return figure("timeline", "", regime, dated), (dated or worst_case(regime))


def test_the_timeline_figure_is_to_scale():
    from clausegen.writers.svg import figure_svg

    fig, path = _timeline_figure()
    assert len(fig.spans) == len(fig.items) == len(path.steps) + 1
    for (start, end), step in zip(fig.spans, path.steps):
        assert (start, end) == ((step.starts - path.notified).days, (step.due - path.notified).days)
    assert fig.spans[-1] == (path.total_days, path.total_days)
    # the bars in the drawing: widths proportional to the calendar days of each step
    svg = figure_svg(fig)
    bars = [
        (float(x), float(w)) for x, w in re.findall(r"<rect x='([\d.]+)' y='[\d.]+' width='([\d.]+)' height='12'", svg)
    ]
    assert len(bars) == len(path.steps)
    days = [end - start for start, end in fig.spans[:-1]]
    ratios = [w / d for (_, w), d in zip(bars, days) if d >= 5]
    assert max(ratios) - min(ratios) < 0.05 * max(ratios), ratios
    assert "day 0" in svg and f"day {max(e for _, e in fig.spans)}" in svg


def test_a_dated_build_shows_dates_and_the_earliest_day_for_proceedings():
    from clausegen.dates import day

    fig, path = _timeline_figure("2026-12-21")
    for (label, detail), step in zip(fig.items, path.steps):
        assert day(step.due) in detail, (label, detail)
    final = fig.items[-1][1]
    assert f"earliest day for proceedings: {day(path.proceedings_from)}, day {path.total_days}" == final
    undated, _ = _timeline_figure()
    assert undated.items[-1][1].startswith("earliest day for proceedings")
    assert not any("at the latest" in d for _, d in fig.items + undated.items)


def test_a_dated_handbook_carries_the_dated_figure(tmp_path):
    from .test_calendar import EXAMPLES, run

    result = run(
        "build",
        str(EXAMPLES / "acme-globex.regime"),
        "--doc",
        "handbook",
        "--format",
        "md",
        "--notified",
        "2026-12-21",
        "-o",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "acme-globex" / "handbook.md").read_text()
    figure = text[text.index("**Worst-case timetable") :]
    assert "- **Tier 1: Contract Managers** (10 Business Days, ends Thursday 7 January 2027)" in figure
    assert "(earliest day for proceedings: Monday 22 March 2027, day 91)" in figure
    # undated, the figure counts days only
    assert "(earliest day for proceedings: day 91 after the notice)" in markdown("acme-globex", "handbook")
