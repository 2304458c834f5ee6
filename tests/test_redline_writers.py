"""The HTML, PDF and Markdown writers show a redline's marks as a lawyer's comparison does.

Insertions underlined, deletions struck through (greyscale-safe, colour only
in addition), whole blocks and table rows marked, a deleted clause's old
number struck through, a legend from the phrase book, hostile text inside
marks escaped like any other text. Documents here are built by hand: the
compare stage (clausegen.redline) is not needed to test the writers.
"""

from __future__ import annotations

import io
import re
from functools import cache
from html.parser import HTMLParser

import pytest

from clausegen.docmodel import (
    BulletList,
    Clause,
    Deleted,
    Document,
    Inserted,
    Meta,
    Paragraph,
    Ref,
    Revised,
    Table,
    Text,
)
from clausegen.resources import phrases
from clausegen.writers import writer
from clausegen.writers.marks import has_marks

HOSTILE = "*x* <b>#y</b> $z ] _u_ ~~v~~ `w` @q \\ [l](http://e) &amp; #strike[s] ;)"


def marked_document(ins: str = "fifteen", dele: str = "ten") -> Document:
    """A small schedule with every kind of mark."""
    limit = Paragraph(
        (
            Text("The Commercial Directors have "),
            Deleted((Text(dele),)),
            Text(" "),
            Inserted((Text(ins),)),
            Text(" Business Days to settle the Dispute (see clause "),
            Ref("c-med"),
            Text(")."),
        )
    )
    tiers = Table(
        header=((Text("Tier"),), (Text("Who"),), (Text("Limit"),)),
        rows=(
            ((Text("1"),), (Text("Contract Managers"),), (Text("5 days"),)),
            ((Text("2"),), (Text("Operations Heads"),), (Text("7 days"),)),
            ((Text("2"),), (Text("Finance Directors"),), (Text("9 days"),)),
            (
                (Text("3"),),
                (Text("Commercial Directors"),),
                (Deleted((Text("10"),)), Text(" "), Inserted((Text("15"),)), Text(" days")),
            ),
        ),
        caption="The tiers",
        row_changes=("", "inserted", "deleted", ""),
    )
    section = Clause(
        "c-esc",
        "Escalation",
        1,
        (),
        children=(
            Clause("c-tier", "Tiers", 2, (limit, tiers), number="1.1"),
            Revised(
                "deleted",
                Clause(
                    "c-old",
                    "Expert determination",
                    2,
                    (Paragraph((Text("An expert decides the dispute."),)),),
                    number="1.2",
                ),
            ),
            Revised(
                "inserted",
                Clause(
                    "c-med", "Mediation", 2, (Paragraph((Text("The Parties shall try mediation."),)),), number="1.2"
                ),
            ),
            Clause(
                "c-ren",
                "Final tier",
                2,
                (
                    BulletList(
                        (
                            (Paragraph((Text("a kept item"),)),),
                            (Revised("inserted", Paragraph((Text("an added item"),))),),
                            (Revised("deleted", Paragraph((Text("a removed item"),))),),
                        )
                    ),
                ),
                number="1.3",
                marked_title=(Text("Final "), Deleted((Text("stage"),)), Text(" "), Inserted((Text("tier"),))),
            ),
        ),
        number="1",
    )
    dropped = Revised(
        "deleted",
        Clause("c-gone", "Arbitration", 1, (Paragraph((Text("Disputes go to arbitration."),)),), number="2"),
    )
    return Document(
        kind="schedule",
        meta=Meta(
            title="Dispute Resolution Schedule",
            version="2",
            date="2026-01-31",
            marked=(
                (
                    "title",
                    (
                        Text("Dispute Resolution "),
                        Deleted((Text("Procedure"),)),
                        Text(" "),
                        Inserted((Text("Schedule"),)),
                    ),
                ),
                ("details", (Text("Version "), Deleted((Text("1"),)), Inserted((Text("2"),)))),
            ),
        ),
        blocks=(section, dropped),
        numbers={"c-esc": "1", "c-tier": "1.1", "c-old": "1.2", "c-med": "1.2", "c-ren": "1.3", "c-gone": "2"},
    )


def plain_document() -> Document:
    return Document(
        kind="schedule",
        meta=Meta(title="Plain", version="1", date="2026-01-01"),
        blocks=(Clause("a", "Scope", 1, (Paragraph((Text("Words."),)),), number="1"),),
        numbers={"a": "1"},
    )


@cache
def rendered(fmt: str, ins: str = "fifteen", dele: str = "ten") -> str | bytes:
    out = writer(fmt)(marked_document(ins, dele), {})
    return out if fmt == "pdf" else out.decode("utf-8")


def test_has_marks_tells_a_redline_from_a_document():
    assert has_marks(marked_document())
    assert not has_marks(plain_document())


# -- reading each format back ---------------------------------------------------------


class Marks(HTMLParser):
    """The text inside <ins> and inside <del> elements, and every tag seen."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.inserted, self.deleted, self.tags, self.style = [], [], [], ""
        self._style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("ins", "del"):
            self.stack.append(tag)
        self._style = tag == "style"

    def handle_endtag(self, tag):
        if tag in ("ins", "del") and self.stack:
            self.stack.pop()
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.style += data
        elif self.stack:
            (self.deleted if self.stack[-1] == "del" else self.inserted).append(data)


def html_marks(html: str) -> Marks:
    m = Marks()
    m.feed(html)
    m.close()
    return m


def pdf_text(pdf: bytes) -> str:
    import pypdf

    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def typst_marked(source: str, name: str) -> list[str]:
    """The markup inside every #insmark[...] or #delmark[...] (brackets balanced, escapes skipped)."""
    out, start = [], 0
    opener = f"#{name}["
    while (k := source.find(opener, start)) >= 0:
        depth, j = 1, k + len(opener)
        while depth:
            ch = source[j]
            if ch == "\\":
                j += 2
                continue
            depth += {"[": 1, "]": -1}.get(ch, 0)
            j += 1
        out.append(source[k + len(opener) : j - 1])
        start = k + 1
    return out


def untypst(markup: str) -> str:
    """Typst markup of plain text back to the text (unbreakable boxes and backslash escapes undone)."""
    markup = re.sub(r"#box\[((?:\\.|[^\]\\])*)\]", r"\1", markup)
    return re.sub(r"\\(.)", r"\1", markup)


def md_to_html(md: str) -> str:
    """The Markdown as GitHub would render it (pandoc's gfm reader), raw HTML kept."""
    import subprocess

    import pypandoc

    run = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "gfm", "-t", "html", "--wrap=none"],
        input=md.encode(),
        capture_output=True,
        check=True,
    )
    return run.stdout.decode()


# -- HTML -----------------------------------------------------------------------------


def test_html_marks_insertions_and_deletions_in_their_elements():
    m = html_marks(rendered("html"))
    ins, dele = " ".join(m.inserted), " ".join(m.deleted)
    assert "fifteen" in ins and "fifteen" not in dele
    assert "ten" in dele and "ten" not in ins.replace("fifteen", "")
    # a whole clause added, and one removed with its old number struck through
    assert "Mediation" in ins and "The Parties shall try mediation." in ins
    assert "1.2" in dele and "Expert determination" in dele and "An expert decides the dispute." in dele
    assert "2. Arbitration" in dele and "Disputes go to arbitration." in dele
    # table rows, list items, a marked clause title, the title page
    assert "Operations Heads" in ins and "Finance Directors" in dele
    assert "Commercial Directors" not in ins + dele and "15" in ins and "10" in dele
    assert "an added item" in ins and "a removed item" in dele and "a kept item" not in ins + dele
    assert "stage" in dele and "tier" in ins
    assert "Procedure" in dele and "Schedule" in ins


def test_html_marks_do_not_rely_on_colour():
    css = html_marks(rendered("html")).style
    rules = dict(re.findall(r"(?m)^([a-z.,\s-]+?)\s*\{([^}]*)\}", css))
    assert re.search(r"text-decoration:\s*underline", rules["ins"])
    assert re.search(r"text-decoration:\s*line-through", rules["del"])
    # a whole block added or removed shows as a block, with a bar in the margin
    block = next(v for k, v in rules.items() if "ins.block" in k)
    assert "display: block" in block and "border-left" in block


def test_html_table_rows_carry_their_change():
    html = rendered("html")
    assert '<tr class="row-inserted"><td><ins>2</ins></td><td><ins>Operations Heads</ins></td>' in html
    assert '<tr class="row-deleted"><td><del>2</del></td><td><del>Finance Directors</del></td>' in html


def test_html_contents_shows_clauses_added_and_removed():
    nav = re.search(r"<nav.*?</nav>", rendered("html")).group()
    assert '<a href="#c-c-old"><del>1.2 Expert determination</del></a>' in nav
    assert '<a href="#c-c-med"><ins>1.2 Mediation</ins></a>' in nav
    assert '<a href="#c-c-gone"><del>2. Arbitration</del></a>' in nav
    # the sub-clauses of a section removed are listed as removed too
    nav = re.search(r"<nav.*?</nav>", writer("html")(every_block_revised(True), {}).decode()).group()
    assert nav.count('<a href="#c-c"><del>1.1 Clause</del></a>') == 1 and '<a href="#c-c">1.1 Clause</a>' in nav


def test_html_escapes_hostile_text_inside_marks():
    m = html_marks(rendered("html", HOSTILE, HOSTILE))
    assert HOSTILE in m.inserted and HOSTILE in m.deleted
    assert "b" not in m.tags


# -- PDF ------------------------------------------------------------------------------


def test_pdf_compiles_and_prints_inserted_and_deleted_words():
    text = pdf_text(rendered("pdf"))
    for word in (
        "fifteen",
        "ten",
        "Expert determination",
        "Mediation",
        "Operations Heads",
        "Finance Directors",
        "Arbitration",
    ):
        assert word in text, word


def test_pdf_source_puts_marked_text_in_underline_and_strike():
    from clausegen.writers.pdf import REDLINE_PREAMBLE, typst_source

    source = typst_source(marked_document())
    ins = [untypst(x) for x in typst_marked(source, "insmark")]
    dele = [untypst(x) for x in typst_marked(source, "delmark")]
    assert "fifteen" in ins and "ten" in dele and "stage" in dele and "Procedure" in dele
    assert "15" in ins and "10" in dele
    # greyscale-safe: underline and strike-through, colour only besides
    assert re.search(r"#let insmark\(body\) = underline\(", REDLINE_PREAMBLE)
    assert re.search(r"#let delmark\(body\) = strike\(", REDLINE_PREAMBLE)
    # a clause removed as a whole: number, title and text all struck through
    removed = source[source.index('#revised("deleted"') :]
    assert removed.index("1\\.2") < removed.index("Expert determination") < removed.index("An expert decides")


def test_pdf_escapes_hostile_text_inside_marks():
    from clausegen.writers.pdf import typst_source

    source = typst_source(marked_document(HOSTILE, HOSTILE))
    assert HOSTILE in [untypst(x) for x in typst_marked(source, "insmark")]
    assert HOSTILE in [untypst(x) for x in typst_marked(source, "delmark")]
    # it compiles (nothing became markup) and prints its characters
    text = pdf_text(rendered("pdf", HOSTILE, HOSTILE))
    assert text.count("#strike[s]") >= 2 and "<b>#y</b>" in text and "$z" in text


# -- Markdown -------------------------------------------------------------------------


def test_markdown_marks_read_back_as_html_elements():
    md = rendered("md")
    assert "<ins>fifteen</ins>" in md and "<del>ten</del>" in md
    assert "<del>**1.2** **Expert determination.**</del>" in md
    assert "## <del>2. Arbitration</del>" in md
    assert "| <ins>2</ins> | <ins>Operations Heads</ins> | <ins>7 days</ins> |" in md
    m = html_marks(md_to_html(md))
    ins, dele = " ".join(m.inserted), " ".join(m.deleted)
    assert "fifteen" in ins and "ten" in dele and "Operations Heads" in ins and "a removed item" in dele
    # the marks sit in their blocks: the table stays a table, the list a list
    assert {"table", "ul", "h2"} <= set(m.tags)


def test_markdown_escapes_hostile_text_inside_marks():
    m = html_marks(md_to_html(rendered("md", HOSTILE, HOSTILE)))
    assert HOSTILE in m.inserted and HOSTILE in m.deleted
    assert not {"b", "em", "a", "code"} & set(m.tags)


# -- all formats ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_legend_comes_from_the_phrase_book(fmt, monkeypatch):
    words = dict(phrases()["redline"], legend="Added words have a line under them.")
    monkeypatch.setattr("clausegen.writers.marks.phrases", lambda: {"redline": words})
    out = writer(fmt)(marked_document(), {})
    text = pdf_text(out) if fmt == "pdf" else out.decode()
    assert "Added words have a line under them." in text
    assert phrases()["redline"]["legend"] not in text


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_unmarked_documents_get_no_redline_furniture(fmt):
    from clausegen.writers.pdf import typst_source

    out = typst_source(plain_document()) if fmt == "pdf" else writer(fmt)(plain_document(), {}).decode()
    for trace in ("<ins", "<del", "insmark", "delmark", "row-inserted", "legend", phrases()["redline"]["legend"]):
        assert trace not in out


def every_block_revised(numbered: bool) -> Document:
    """Each kind of block added and removed as a whole, in a numbered or unnumbered document."""
    from clausegen.docmodel import Figure, Heading, OrderedList, PageBreak, SignatureBlock

    kinds = (
        Paragraph((Text("a note"),), style="note"),
        Heading((Text("A heading"),)),
        OrderedList(((Paragraph((Text("step one"),)),), (Paragraph((Text("step two"),)),))),
        Table(header=((Text("H"),),), rows=(((Text("cell"),),),)),
        Figure("ladder", "The ladder", (("Tier 1", "5 days"), ("Courts", ""))),
        SignatureBlock("the Customer", "Customer", "Signed for", ("Signature", "Name")),
        PageBreak(),
        Clause("sub", "Sub", 3, (Paragraph((Text("deep text"),)),), number="1.1.1" if numbered else ""),
    )
    blocks = tuple(Revised(change, b) for b in kinds for change in ("inserted", "deleted"))
    clause = Clause("c", "Clause", 2, (Paragraph((Text("lead"),)), *blocks), number="1.1" if numbered else "")
    top = Clause("s", "Section", 1, (), children=(clause,), number="1" if numbered else "")
    return Document(
        kind="handbook",
        meta=Meta(title="T"),
        blocks=(Revised("inserted", Paragraph((Text("front"),))), top, Revised("deleted", top)),
        numbered=numbered,
        numbers={"s": "1", "c": "1.1", "sub": "1.1.1"} if numbered else {},
    )


@pytest.mark.parametrize("numbered", [True, False])
@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_every_kind_of_block_can_be_added_or_removed(fmt, numbered):
    out = writer(fmt)(every_block_revised(numbered), {})
    text = pdf_text(out) if fmt == "pdf" else out.decode()
    for words in ("a note", "A heading", "step two", "cell", "deep text", "front"):
        assert words in text, words
    if fmt == "html":
        m = html_marks(text)
        assert "deep text" in " ".join(m.inserted) and "deep text" in " ".join(m.deleted)
    if fmt == "md":
        assert "<ins>deep text</ins>" in text and "<del>deep text</del>" in text
