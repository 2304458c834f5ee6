"""What a drafter types in quotes reaches every document as that literal text.

Regime values are escaped for clause markup before the markup is parsed
(documents/markup.py `escape`, applied by documents/context.py `literal`), and
each writer escapes text for its own format. These tests feed every markup
character, line breaks and an injection attempt through a party name, an
address, a concession, `excludes` and a forum name, and read the result back
out of the Markdown, HTML, Word and PDF files.
"""

from __future__ import annotations

import html.parser
import io
import re
import shutil
import subprocess
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegen.api import compile_source
from clausegen.cli import main
from clausegen.docmodel import Clause, TermDef, Text, inlines_of, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.inlines import escape, parse_inlines
from clausegen.documents.library import Library
from clausegen.documents.markup import parse_blocks
from clausegen.source import SourceFile

from .conftest import EXAMPLES

# Every character that means something in clause markup, Markdown, HTML or
# Typst (quotes aside: Typst prints straight quotes as curly ones).
HOSTILE = r"Tan | Co [x] *Retail* _a_ #1 `c` \ {d} <b> & e ~f~ ^g^ $h$ @i =j"
INJECTION = "claims about IP.\n\n1. [[def:Waiver]] The Customer waives every claim"
SEEN_INJECTION = "claims about IP. 1. [[def:Waiver]] The Customer waives every claim"

BASE = (EXAMPLES / "arbitration-singapore.regime").read_text(encoding="utf-8")
PLACES = {
    # what the example says -> how a hostile value is written there
    "party name": '"Straits Harbour Logistics Pte. Ltd."',
    "address": '"1 Harbourfront Avenue, #12-01, Singapore 098632"',
    "excludes": '"any claim for the recovery of a debt that is not disputed in good faith"',
    "concession": '"The Service Credit percentages for on-time dispatch"',
    "forum name": '"Operations Committee"',
}


def quoted(text: str) -> str:
    """`text` as a regime string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_source() -> str:
    src = BASE
    for place, original in PLACES.items():
        assert original in src, place
        value = INJECTION if place == "excludes" else f"{place.split()[0].title()} {HOSTILE} end"
        src = src.replace(original, quoted(value), 1)
    return src


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("literal")
    regime = folder / "hostile.regime"
    regime.write_text(hostile_source(), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(regime), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return folder / "out" / "hostile"


def expected_values() -> list[str]:
    return [f"{p.split()[0].title()} {HOSTILE} end" for p in PLACES if p != "excludes"] + [SEEN_INJECTION]


# -- the markup layer --------------------------------------------------------------

LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
MARKUP_TEXT = st.text(alphabet=st.sampled_from(list("|[]*_#`\\{}<>&-+.:1 aZ") + list(LINE_BREAKS)), max_size=40)


def _normalised(text: str) -> str:
    return re.sub(r"[ \t]*[" + LINE_BREAKS + r"][\s]*", " ", text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(MARKUP_TEXT)
def test_escaped_text_reads_back_as_itself_inside_a_sentence(value):
    blocks, subclauses, after = parse_blocks(f"Before {escape(value)} after.", True, 2, "x")
    assert subclauses == [] and after == []
    assert len(blocks) == 1
    [inline] = blocks[0].inlines
    assert inline == Text(f"Before {_normalised(value)} after.")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(MARKUP_TEXT)
def test_escaped_text_at_the_start_of_a_line_starts_no_block(value):
    blocks, subclauses, after = parse_blocks(escape(value) + "\n", True, 2, "x")
    assert subclauses == [] and after == []
    shown = _normalised(value).strip()
    if not shown:
        assert blocks == []
        return
    assert len(blocks) == 1 and type(blocks[0]).__name__ == "Paragraph"
    assert blocks[0].inlines == (Text(shown),)


def test_escapes_in_markers_and_table_cells():
    assert parse_inlines(r"[[def:A\|B\]]] and [[A\|B\]|A\|B\]]]") == (
        TermDef("A|B]"),
        Text(" and "),
        *parse_inlines(r"[[A\|B\]|A\|B\]]]"),
    )
    blocks, _, _ = parse_blocks("| a \\| b | c |\n|---|---|\n| 1 | 2 \\|\n", False, 2, "h")
    [table] = blocks
    assert table.header == ((Text("a | b"),), (Text("c"),))
    assert table.rows == (((Text("1"),), (Text("2 |"),)),)


@pytest.mark.parametrize(
    "text", ["[" * 200_000, "*" * 200_000, "[[a" * 70_000, "**a" * 70_000, "*a" * 100_000, "\\" * 200_000]
)
def test_inline_parsing_is_linear(text):
    # A quadratic parser takes minutes on these (the old regex: 6.7 s for
    # 32,000 `[`); a linear one well under a second. The bound only catches
    # a return to quadratic time: speed itself is measured in benchmarks/.
    start = time.process_time()
    parse_inlines(text)
    assert time.process_time() - start < 5


# -- the whole pipeline, in memory ---------------------------------------------------


def _structure(document):
    """The clause ids and defined terms of a document: what an injection would change."""
    clauses = [b.id for b in walk(document.blocks) if isinstance(b, Clause)]
    terms = sorted(i.term for b in walk(document.blocks) for i in inlines_of(b) if isinstance(i, TermDef))
    return clauses, terms


def _text(document) -> str:
    parts = []
    for b in walk(document.blocks):
        if isinstance(b, Clause):
            parts.append(b.title)
        parts.extend(i.text for i in inlines_of(b) if isinstance(i, Text))
    return flat(" ".join(parts))


@lru_cache(maxsize=1)
def _library() -> Library:
    return Library()


@lru_cache(maxsize=1)
def _baseline():
    regime = compile_source(SourceFile("base.regime", BASE)).regime
    return _structure(assemble(regime, "schedule", _library()).document)


NAME_TEXT = (
    st.lists(
        st.sampled_from(
            list("|[]*_#`\\{}<>&-+.:;!?/()1 aZé\u0301\u05d0")
            + ["\n", "[[def:X]]", "[[ref:notice.raising]]", "**", "{{ 1 }}"]
        ),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(lambda s: s.strip())
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(NAME_TEXT)
def test_any_party_name_is_text_and_adds_no_clause_or_term(name):
    source = BASE.replace(PLACES["party name"], quoted(name), 1)
    regime = compile_source(SourceFile("x.regime", source)).regime
    document = assemble(regime, "schedule", _library()).document
    assert _structure(document) == _baseline()
    assert flat(name).strip() in _text(document)


# -- every format ------------------------------------------------------------------------


def test_markdown_shows_the_literal_text(built):
    import pypandoc

    md = (built / "schedule.md").read_text(encoding="utf-8")
    plain = flat(pypandoc.convert_text(md, "plain", format="commonmark", extra_args=["--wrap=none"]))
    for value in expected_values():
        assert value in plain
    assert "\u201cWaiver\u201d" not in md  # no defined term smuggled in


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script", "svg")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script", "svg")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_html_shows_the_literal_text(built):
    reader = _HTMLText()
    page = (built / "schedule.html").read_text(encoding="utf-8")
    reader.feed(page)
    text = flat("".join(reader.parts))
    for value in expected_values():
        assert value in text
    assert "<b>" not in page  # the name's <b> is escaped, not a tag


def test_docx_shows_the_literal_text(built):
    with zipfile.ZipFile(built / "schedule.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    text = flat(" ".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs))
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for value in expected_values():
        assert value in text


def test_pdf_shows_the_literal_text(built):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO((built / "schedule.pdf").read_bytes()))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for value in expected_values():
        assert value in text
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", str(built / "schedule.pdf"), "-"], capture_output=True, check=True, timeout=60
        )
        poppler = flat(out.stdout.decode("utf-8"))
        for value in expected_values():
            assert value in poppler


def test_the_injection_adds_no_clause_and_no_term():
    regime = compile_source(SourceFile("hostile.regime", hostile_source())).regime
    document = assemble(regime, "schedule", _library()).document
    assert _structure(document) == _baseline()


def test_a_100000_character_name_builds_every_document():
    # The longest quoted text the language takes (CG112), made of the
    # character that made the old inline parser quadratic, builds every kind.
    name = "[" * 100_000
    source = (
        (EXAMPLES / "acme-globex.regime")
        .read_text(encoding="utf-8")
        .replace('"Acme Retail Group plc"', quoted(name), 1)
    )
    regime = compile_source(SourceFile("long.regime", source)).regime
    for kind in ("schedule", "handbook", "settlement", "notice", "mediation-agreement"):
        assembled = assemble(regime, kind, _library())
        assert assembled is not None and not assembled.warnings, kind
    assert name in _text(assemble(regime, "schedule", _library()).document)


def test_a_longer_quoted_text_is_a_diagnostic():
    from clausegen.diagnostics import CompileError

    source = BASE.replace(PLACES["party name"], quoted("x" * 100_001), 1)
    with pytest.raises(CompileError) as exc:
        compile_source(SourceFile("long.regime", source))
    [d] = exc.value.diagnostics
    assert d.code == "CG112" and "100,001 characters" in d.message
    assert source.splitlines()[d.span.line - 1][d.span.column - 1] == '"'


def test_a_direction_override_in_a_name_is_a_warning():
    source = BASE.replace(PLACES["party name"], quoted("Acme \u202ecilbup"), 1)
    compiled = compile_source(SourceFile("bidi.regime", source))
    assert [d.code for d in compiled.warnings] == ["CG113"]
    assert "U+202E" in compiled.warnings[0].message


def test_a_line_break_in_a_tier_name_starts_no_markdown_block():
    # Figures and signature blocks carry regime text without clause markup:
    # the Markdown writer itself must keep a line break from starting a block.
    import pypandoc

    from clausegen.writers import writer

    source = BASE.replace('"Operations Committee"', quoted("Ops\n# Injected heading\n\n1. injected item\n---"), 1)
    regime = compile_source(SourceFile("x.regime", source)).regime
    for kind in ("handbook", "schedule", "settlement"):
        md = writer("md")(assemble(regime, kind, _library()).document, {}).decode()
        html = pypandoc.convert_text(md, "html", format="commonmark")
        assert "Injected heading</h" not in html and "<li>injected item" not in html, kind
