"""HTML: one standalone, accessible page per document."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from clausegen.api import compile_file
from clausegen.docmodel import Clause, Ref, inlines_of, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.writers import writer
from clausegen.writers.html import anchor

from .conftest import EXAMPLES


@cache
def built(stem: str, kind: str, draft: bool = False):
    regime = compile_file(str(EXAMPLES / f"{stem}.regime")).regime
    doc = assemble(regime, kind, Library()).document
    return doc, writer("html")(doc, {"draft": draft}).decode()


class Outline(HTMLParser):
    """Collects ids, links, headings and external references."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.external, self.tags, self.headings = set(), [], [], [], []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, ""]

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append(tuple(self._heading))
            self._heading = None


def parse(html: str) -> Outline:
    o = Outline()
    o.feed(html)
    return o


def test_standalone_semantic_page():
    doc, html = built("uk-public-sector-it", "schedule")
    o = parse(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert o.external == []  # no stylesheet, script, font or image from elsewhere
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert o.tags.count("h1") == 1 and "nav" in o.tags and "main" in o.tags
    assert '<nav class="toc" aria-label="Contents">' in html
    assert "@media print" in html


def test_every_clause_has_an_anchor_and_references_link_to_it():
    doc, html = built("uk-public-sector-it", "schedule")
    o = parse(html)
    clauses = [b for b in walk(doc.blocks) if isinstance(b, Clause)]
    assert {anchor(c.id) for c in clauses} <= o.ids
    refs = [i.target for b in walk(doc.blocks) for i in inlines_of(b) if isinstance(i, Ref)]
    assert refs
    for target in refs:
        assert f'<a href="#{anchor(target)}">{doc.numbers[target]}</a>' in html
    assert all(link[1:] in o.ids for link in o.links if link.startswith("#"))


def test_headings_carry_the_clause_numbers():
    doc, html = built("acme-globex", "schedule")
    level1 = [c for c in doc.blocks if isinstance(c, Clause)]
    h2 = [text for tag, text in parse(html).headings if tag == "h2"]
    # "1. Definitions", as Markdown, Word and PDF print a section's number
    assert [f"{c.number}. {c.title}" for c in level1] == [h for h in h2 if h != "Contents"]


def test_figures_are_inline_svg_with_a_title():
    _, html = built("acme-globex", "handbook")
    figures = re.findall(r"<figure>(<svg.*?</svg>)<figcaption>", html, re.S)
    assert len(figures) == 2
    assert all("<title>" in svg and "role='img'" in svg for svg in figures)
    assert "Contract Managers" in figures[0]


def test_tables_have_header_cells_and_fill_ins_are_marked():
    _, html = built("uk-public-sector-it", "settlement")
    assert '<th scope="col">' in html
    assert '<span class="fill">[' in html


def test_draft_is_marked():
    _, html = built("acme-globex", "notice", True)
    assert "<strong>DRAFT</strong>" in html
