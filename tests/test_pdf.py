"""The PDF writer: the Typst source it emits, and the PDF typst compiles from it.

Source checks always run; checks on the PDF's text need poppler's pdftotext
and are skipped without it.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

import pytest

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
)
from clausegen.writers import FORMATS, writer
from clausegen.writers.pdf import label, typst_source, write

from .conftest import EXAMPLES

HOSTILE = "a #b $c *d* _e_ @f <g> [h] \\i \"j\" // k /* l */ ~m -- n ... o = p + q `r` 's' {t} (u).v"


def para(*inlines, style=""):
    return Paragraph(tuple(Text(i) if isinstance(i, str) else i for i in inlines), style)


def sample(numbered: bool = True, title: str = "Schedule 7: Dispute Resolution") -> Document:
    """A small document with every kind of block and inline."""
    n = (lambda s: s) if numbered else (lambda s: "")
    definitions = Clause(
        "defs",
        "Definitions",
        1,
        (),
        (
            Clause(
                "defs.terms",
                "Definitions",
                2,
                (para(TermDef("Dispute"), " means any dispute under ", Ref("esc.tiers"), "."),),
                number=n("1.1"),
            ),
            Clause("defs/hostile ä", "", 2, (para(HOSTILE),), number=n("1.2")),
        ),
        number=n("1"),
    )
    escalation = Clause(
        "esc",
        "Escalation",
        1,
        (),
        (
            Clause(
                "esc.tiers",
                "Escalation tiers",
                2,
                (
                    para(
                        "A ",
                        TermUse("Dispute", "Dispute"),
                        " goes to the ",
                        Strong((Text("Service Board"),)),
                        " first, see ",
                        Emph((Ref("defs.terms"),)),
                        ".",
                    ),
                    para("Serve the notice by ", FillIn("date of the Dispute Notice"), ".", style="note"),
                    BulletList(((para("signed"),), (para("dated"), PageBreak())), checklist=True),
                    OrderedList(((para("write"),), (para("serve"), BulletList(((para("nested"),),))))),
                    Heading((Text("Contacts"),), 3),
                    Table(
                        ((Text("Party"),), (Text("Email"),)),
                        tuple(((Text(f"Party {k}"),), (Text("x@example.com"),)) for k in range(3)),
                        "Contacts",
                    ),
                    Figure(
                        "ladder",
                        "The escalation ladder",
                        (("Dispute Notice", "Day 0"), ("Board", "10 business days"), ("Courts", "London")),
                    ),
                    Figure("timeline", "Worst case", (("Tier 1", "10 days"), ("Courts", "about 40 days"))),
                ),
                (
                    Clause(
                        "esc.tiers.board",
                        "",
                        3,
                        (
                            para(
                                "The Board meets (see ",
                                Ref("defs/hostile ä"),
                                "); a missing target reads ",
                                Ref("nowhere"),
                                ".",
                            ),
                        ),
                        number=n("2.1.1"),
                    ),
                ),
                number=n("2.1"),
            ),
        ),
        number=n("2"),
    )
    signatures = tuple(
        SignatureBlock(party, defined, "Signed for and on behalf of", ("Signature", "Name"))
        for party, defined in (("Müller & Söhne GmbH", "Customer"), ("Jürgen Weiß Consulting", "Supplier"))
    )
    # as in a settlement: the signatures sit in a clause, on a page of their own
    execution = Clause(
        "exec",
        "Execution",
        1,
        (),
        (
            Clause(
                "exec.sign", "Signature", 2, (para("Signed by the Parties."), PageBreak(), *signatures), number=n("3.1")
            ),
        ),
        number=n("3"),
    )
    numbers = {
        "defs": "1",
        "defs.terms": "1.1",
        "defs/hostile ä": "1.2",
        "esc": "2",
        "esc.tiers": "2.1",
        "esc.tiers.board": "2.1.1",
        "exec": "3",
        "exec.sign": "3.1",
    }
    return Document(
        kind="schedule",
        meta=Meta(title=title, subtitle="Acme / Globex Agreement", version="2.0", date="2026-03-01"),
        blocks=(definitions, PageBreak(), escalation, execution),
        numbered=numbered,
        numbers=numbers if numbered else dict.fromkeys(numbers, ""),
    )


@cache
def pdf(numbered: bool = True, draft: bool = False) -> bytes:
    return write(sample(numbered), {"draft": draft})


def pdf_text(data: bytes) -> str:
    """The PDF's text by pdftotext, pages separated by form feeds."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")


def test_pdf_is_a_registered_format():
    assert FORMATS["pdf"] == "pdf"
    assert writer("pdf") is write
    assert pdf().startswith(b"%PDF-")


def test_clause_numbers_come_from_the_model():
    src = typst_source(sample())
    assert '#heading(level: 1, numbering: (..n) => "1.")[Definitions]<c-defs>' in src
    assert "#box(width: 1.25cm)[1\\.1]#strong[Definitions.] #term[Dispute]" in src
    assert "#box(width: 1.5cm)[2\\.1\\.1]The Board meets" in src


def test_a_reference_is_a_link_to_the_label_of_its_clause():
    src = typst_source(sample())
    assert "any dispute under #link(<c-esc.tiers>)[2\\.1]\\." in src
    assert "[Escalation tiers.] A Dispute" in src and "<c-esc.tiers>" in src
    # a target that is not in the document is shown as ?? and not linked
    assert "reads ??\\." in src and "<c-nowhere>" not in src
    # any clause id makes a valid label
    assert "\\(see #link(<c-defs:2f:hostile:20::e4:>)[1\\.2]\\)" in src
    assert "[1\\.2]a \\#b" in src and "]<c-defs:2f:hostile:20::e4:>" in src


def test_the_pdf_shows_numbers_references_and_contents():
    text = pdf_text(pdf())
    for expected in ("1.1", "Definitions.", "any dispute under 2.1.", "2.1.1", "Contents", "Page 1 of 4", "“Dispute”"):
        assert expected in text
    assert "[date of the Dispute Notice]" in text
    assert "☐" in text


def test_hostile_text_is_escaped_and_survives():
    src = typst_source(sample(title=HOSTILE))
    assert 'a \\#b \\$c \\*d\\* \\_e\\_ \\@f \\<g\\> \\[h\\] \\\\i "j" \\/\\/ k' in src
    text = pdf_text(write(sample(title=HOSTILE), {}))
    # Straight quotes become typographic ones; every other character is kept.
    plain = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    assert HOSTILE in plain.replace("\n", " ")


def test_labels_are_valid_and_distinct():
    assert label("escalation.tier.operations") == "<c-escalation.tier.operations>"
    assert label("a b") != label("a-b") != label("a:20:b")
    assert label("ä/ö") == "<c-:e4::2f::f6:>"


def test_unnumbered_documents_have_headings_without_numbers():
    src = typst_source(sample(numbered=False))
    assert "#heading(level: 1, numbering: none)[Definitions]<c-defs>" in src
    assert "#heading(level: 2, numbering: none)[Escalation tiers]<c-esc.tiers>" in src
    assert "#par(hanging-indent" not in src and "[1\\.1]" not in src
    assert pdf(numbered=False).startswith(b"%PDF-")


def test_tables_repeat_their_header_and_signatures_stay_together():
    src = typst_source(sample())
    assert "table.header([Party], [Email])," in src
    assert (
        "#signatures(signature([Signed for and on behalf of Müller & Söhne GmbH], ([Signature], [Name], )), "
        "signature([Signed for and on behalf of Jürgen Weiß Consulting], ([Signature], [Name], )))"
    ) in src
    assert "#let signature(heading, labels) = block(breakable: false" in src


def test_page_breaks_work_inside_and_outside_containers():
    src = typst_source(sample())
    # Typst forbids pagebreak() in a list or pad: a column break does it there
    assert "#colbreak(weak: true)" in src
    # between sections, and hoisted out of clause 3.1's pad (where it would be lost)
    assert src.count("\n#pagebreak(weak: true)\n") == 2
    assert "Signed by the Parties\\.]<c-exec.sign>\n\n#pagebreak(weak: true)\n\n#pad(" in src
    pages = pdf_text(pdf()).split("\f")
    assert "goes to the" not in pages[0] and "goes to the" in pages[1]
    assert "Signed for and on behalf of" in pages[-2] and "Signed by the Parties" not in pages[-2]


def test_draft_marks_every_page():
    assert "DRAFT" not in typst_source(sample())
    assert "[DRAFT]" in typst_source(sample(), {"draft": True})
    pages = [p for p in pdf_text(pdf(draft=True)).split("\f") if p.strip()]
    assert len(pages) == 4 and all("DRAFT" in p for p in pages)


def test_two_builds_are_identical_and_the_epoch_is_the_creation_date():
    doc = sample()
    assert write(doc, {}) == pdf()
    assert write(doc, {"source_date_epoch": 1_700_000_000}) == write(doc, {"source_date_epoch": 1_700_000_000})
    assert write(doc, {"source_date_epoch": 1_700_000_000}) != pdf()


def test_only_embedded_fonts_and_no_warnings():
    import typst

    data, warnings = typst.compile_with_warnings(
        typst_source(sample()).encode(), format="pdf", ignore_system_fonts=True
    )
    assert [w.message for w in warnings] == []
    assert b"LibertinusSerif-Regular" in data


@pytest.mark.parametrize("kind", ["handbook", "schedule", "settlement"])
def test_a_real_example_compiles(kind):
    from clausegen.api import compile_file
    from clausegen.documents.assemble import assemble
    from clausegen.documents.library import Library

    regime = compile_file(str(EXAMPLES / "germany-managed-services.regime")).regime
    doc = assemble(regime, kind, Library()).document
    data = write(doc, {})
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = pdf_text(data)
        assert doc.meta.title in text.replace("\n", " ")
        assert "Müller" in text


def test_a_semicolon_after_an_inline_call_is_printed():
    """Typst ends `#link(...)[...]` at a `;` and swallows it unless it is escaped."""
    doc = Document(
        kind="schedule",
        meta=Meta(title="Semicolons"),
        blocks=(
            Clause(
                "a",
                "A",
                1,
                (
                    para(
                        "see ",
                        Ref("a"),
                        "; fill ",
                        FillIn("date"),
                        "; bold ",
                        Strong((Text("x"),)),
                        "; term ",
                        TermDef("T"),
                        ";",
                    ),
                ),
                number="1",
            ),
        ),
        numbers={"a": "1"},
    )
    src = typst_source(doc)
    assert "see #link(<c-a>)[1]\\; fill #fillin[date]\\; bold #strong[x]\\; term #term[T]\\;" in src
    import io

    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(write(doc, {}))).pages)
    assert "see 1; fill [date]; bold x; term “T”;" in text


def test_titles_standing_alone_and_lead_ins_stay_with_what_follows():
    """Typst's sticky blocks keep such a line off the foot of a page."""
    listing = BulletList(((para("one"),), (para("two"),)))
    title_only = Clause("a.1", "Dispute Notice", 2, (listing,), number="1.1")
    lead_in = Clause("a.2", "", 2, (para("A notice shall set out:"), listing), number="1.2")
    nested = BulletList(((para("The only exceptions are:"), listing), (para("last:"),)))
    doc = Document(
        kind="schedule",
        meta=Meta(title="Keep"),
        blocks=(Clause("a", "A", 1, (para("Some text:"), nested), (title_only, lead_in), number="1"),),
        numbers={"a": "1", "a.1": "1.1", "a.2": "1.2"},
    )
    src = typst_source(doc)
    assert "#let keep(body) = block(sticky: true" in src
    assert "#keep[#par(hanging-indent: 1.25cm)[#box(width: 1.25cm)[1\\.1]#strong[Dispute Notice.] ]<c-a.1>]" in src
    assert "#keep[#par(hanging-indent: 1.25cm)[#box(width: 1.25cm)[1\\.2]A notice shall set out\\:]<c-a.2>]" in src
    assert "#keep[#par[Some text\\:]]" in src
    # in a list, only a lead-in to something in the same item is kept
    assert "[#keep[The only exceptions are\\:]" in src and "[last\\:]" in src
    # headings were already sticky
    assert src.count("sticky: true") >= 5


def test_an_email_address_breaks_only_after_its_at_sign_and_dots():
    from clausegen.writers.pdf import prose

    long = "sian.llewellyn@coastal-communities.example.gov.uk"
    assert prose(f"email {long};") == (
        "email #box[sian\\.]#box[llewellyn\\@]#box[coastal\\-communities\\.]#box[example\\.]#box[gov\\.]#box[uk\\;]"
    )
    # a short one is boxed too, so Typst can neither hyphenate it nor break it at its hyphen
    assert prose("to a-b@c.de.") == "to #box[a\\-b\\@]#box[c\\.]#box[de\\.]"
    # other long tokens still break after slashes and hyphens
    assert (
        prose("see https://example.com/a-long-path")
        == "see #box[https\\:\\/\\/]#box[example\\.]#box[com\\/]#box[a\\-]#box[long\\-]#box[path]"
    )
    table = Table(((Text("Email"),),), (((Text(long),),),))
    src = typst_source(Document("schedule", Meta(title="T"), (table,)))
    assert "[#box[sian\\.]#box[llewellyn\\@]#box[coastal\\-communities\\.]" in src
