"""Issue 9, point 5: the handbook's first steps and contacts come before its
table of contents in every format, and the worst case is stated once."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.docmodel import Clause, Figure, inlines_of, plain_text, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.timeline import worst_case
from clausegen.writers import writer
from clausegen.writers.pdf import typst_source

from .conftest import EXAMPLES

STEMS = sorted(p.stem for p in EXAMPLES.glob("*.regime"))
TODAY = "If a dispute lands on your desk today"
CONTACTS = "Contacts matrix"


@cache
def handbook(stem: str):
    regime = compile_file(str(EXAMPLES / f"{stem}.regime")).regime
    return regime, assemble(regime, "handbook", Library()).document


def assert_front(text: str, contents: str, heading: str) -> None:
    """The first steps and the contacts (each written as `heading` shows a title) come before `contents`."""
    toc = text.index(contents)
    assert text.index(heading.format(TODAY)) < toc
    assert text.index(heading.format(CONTACTS)) < toc


@pytest.mark.parametrize("stem", STEMS)
def test_first_steps_and_contacts_come_before_the_contents_in_docx(stem):
    _, doc = handbook(stem)
    xml = zipfile.ZipFile(io.BytesIO(writer("docx")(doc, {}))).read("word/document.xml").decode()
    assert_front(xml, "TOC \\o", ">{}<")


@pytest.mark.parametrize("stem", STEMS)
def test_first_steps_and_contacts_come_before_the_contents_in_html(stem):
    _, doc = handbook(stem)
    html = writer("html")(doc, {}).decode()
    nav = html.index("<nav")
    assert re.search(rf"<h\d[^>]*>{TODAY}</h\d>", html).start() < nav
    assert re.search(rf"<h\d[^>]*>{CONTACTS}</h\d>", html).start() < nav
    # The contents still list every section, the front ones and the rest.
    listed = re.findall(r'<a href="#c-([^"]+)">', html[nav : html.index("</nav>")])
    sections = [b.id for b in doc.blocks if isinstance(b, Clause) and b.level == 1]
    assert [s for s in listed if s in sections] == [s.replace(".", "-") for s in sections]


@pytest.mark.parametrize("stem", STEMS)
def test_first_steps_and_contacts_come_before_the_contents_in_pdf(stem):
    _, doc = handbook(stem)
    assert_front(typst_source(doc), "[Contents]", "[{}]")


@pytest.mark.parametrize("stem", STEMS)
def test_the_worst_case_is_stated_once(stem):
    regime, doc = handbook(stem)
    figures = [b for b in walk(doc.blocks) if isinstance(b, Figure) and b.kind == "timeline"]
    assert len(figures) == 1
    total = worst_case(regime).total_days
    said = re.compile(rf"\b{total} (calendar )?days\b")
    timeline = next(b for b in walk(doc.blocks) if isinstance(b, Clause) and b.id == "handbook.timeline")
    inside = {id(b) for b in walk((timeline,))}

    def stated(blocks):
        return [t for b in blocks if said.search(t := plain_text(tuple(inlines_of(b)), doc.numbers))]

    # The timeline clause gives the total once; elsewhere a cross-reference does.
    assert len(stated(walk((timeline,)))) == 1
    assert stated(b for b in walk(doc.blocks) if id(b) not in inside) == []


def test_before_contents_must_be_true_or_false(tmp_path):
    from clausegen.diagnostics import CompileError
    from clausegen.documents.templates import load_template

    text = 'kind = "handbook"\ntitle = "T"\n\n[[section]]\ntitle = "Now"\nbefore_contents = "yes"\nclauses = ["handbook.first_steps"]\n'
    with pytest.raises(CompileError) as err:
        load_template(tmp_path / "handbook.toml", text)
    (diag,) = err.value.diagnostics
    assert "before_contents" in diag.message and diag.span.line == 6
