"""Drafting defects of issue 9 (point 5): wording a lawyer or a manager would not accept.

Each test reads the documents the bundled examples build (in-process, through the
Markdown writer) or a variant of one; each fails on the wording it guards against.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from clausegen.api import compile_source
from clausegen.docmodel import Clause, Heading, TermDef, inlines_of, plain_text, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.source import SourceFile
from clausegen.writers import writer

from .conftest import EXAMPLES
from .test_documents import CASE_IDS, CASES, EXAMPLE_FILES, document, markdown


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;:])\s+|\n+", text)


@cache
def _calendar_days_handbook() -> str:
    """The acme example with every period in calendar days (same holiday calendar)."""
    text = (EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8")
    text = text.replace("second_business_day", "on_delivery").replace("next_business_day", "on_delivery")
    text = text.replace("business_days", "days")
    assert "business" not in text.replace("# public holidays that business days skip", "")
    regime = compile_source(SourceFile("calendar-days.regime", text)).regime
    assert regime.calendar, "the variant keeps a holiday calendar, so the handbook could wrongly mention it"
    return writer("md")(assemble(regime, "handbook", Library()).document, {}).decode()


# -- 1. counting follows the unit of each period -------------------------------------


def test_handbook_counts_calendar_days_without_skipping_holidays():
    text = _calendar_days_handbook()
    for sentence in _sentences(text):
        if re.search(r"\bskip", sentence):
            assert "Business Day" in sentence, f"tells managers to skip days for a calendar-day limit: {sentence!r}"
    assert "counting every day, weekends and public holidays included" in text


def test_handbook_with_both_units_says_which_limits_skip_holidays():
    text = markdown("acme-globex", "handbook")
    skipping = [s for s in _sentences(text) if re.search(r"\bskip", s)]
    assert skipping, "business-day limits must still be said to skip weekends and public holidays"
    for sentence in skipping:
        assert "Business Day" in sentence, sentence
    assert "a limit in days, weeks or months counts every day" in text


# -- 2. words that follow the number of parties --------------------------------------

TWO_PARTY_WORDS = re.compile(r"\b(both parties|both sides|either party|neither party|signed by both)\b", re.IGNORECASE)


@pytest.mark.parametrize("kind", [k for k in KINDS], ids=str)
def test_three_party_documents_use_no_two_party_words(kind):
    regime, _ = document("germany-managed-services", kind)
    assert len(regime.parties) == 3
    found = TWO_PARTY_WORDS.findall(markdown("germany-managed-services", kind))
    assert not found, f"{kind}: {found}"


def test_two_party_documents_keep_their_wording():
    assert len(document("acme-globex", "handbook")[0].parties) == 2
    handbook = markdown("acme-globex", "handbook")
    for words in (
        "against either party",
        "signed by both sides",
        "signed by both.",
        "unless both sides agree",
        "so that both sides work",
    ):
        assert words in handbook, words
    assert "either Party" in markdown("acme-globex", "schedule")


# -- 3. settlement: each term defined once; no sub-heading repeating its clause's title ---


def _words(title: str) -> list[str]:
    w = re.findall(r"[a-z0-9]+", title.lower())
    return w[1:] if w[:1] == ["the"] else w


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_settlement_defines_each_term_once(path):
    doc = document(path.stem, "settlement")[1].document
    defs = Counter(i.term for b in walk(doc.blocks) for i in inlines_of(b) if isinstance(i, TermDef))
    assert {"Settlement Sum", "Released Claims"} <= set(defs)
    assert [t for t, n in defs.items() if n != 1] == []
    # Nor defined a second time in passing: "... the sum of [amount] (the Settlement Sum)".
    text = markdown(path.stem, "settlement")
    for term in defs:
        assert f"(the {term})" not in text and f"(the {term.lower()})" not in text, term


@pytest.mark.parametrize("path,kind", CASES, ids=CASE_IDS)
def test_no_sub_heading_repeats_its_clause_title(path, kind):
    doc = document(path.stem, kind)[1].document
    for c in (b for b in walk(doc.blocks) if isinstance(b, Clause)):
        if len(c.children) == 1 and c.children[0].title:
            child = _words(c.children[0].title)
            assert _words(c.title)[: len(child)] != child, (
                f"{c.number} {c.title!r} / {c.children[0].number} {c.children[0].title!r}"
            )
        headings = [b for b in c.blocks if isinstance(b, Heading)]
        if len(headings) == 1 and c.title:
            assert _words(plain_text(headings[0].inlines)) != _words(c.title), c.title


def test_merged_clause_keeps_its_cross_references():
    # "Released Claims" means the claims released under the release clause, now 7.1, not 7.1.1.
    doc = document("acme-globex", "settlement")[1].document
    assert doc.numbers["settlement.release.choice"] == doc.numbers["release"] + ".1"
    assert "released under clause " + doc.numbers["settlement.release.choice"] + ";" in markdown(
        "acme-globex", "settlement"
    )


# -- 4. no annexes that do not exist -------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_schedule_refers_to_no_annex_that_does_not_exist(path):
    regime = document(path.stem, "schedule")[0]
    text = markdown(path.stem, "schedule")
    if not str(regime.schedule or "").startswith("Annex"):
        assert "annex" not in text.lower(), re.findall(r".{60}annex.{20}", text, re.IGNORECASE)
    # Formal wording "accompanies", plain "comes with".
    assert re.search(r"model form of dispute notice that (accompanies|comes with) this", text)
    if regime.mediation:
        assert re.search(r"model form of agreement to mediate that (accompanies|comes with) this", text)


# -- 5. the notice form cites the schedule's paragraph ---------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_notice_form_cites_the_schedule_paragraph_on_dispute_notices(path):
    regime, schedule = document(path.stem, "schedule")
    number = schedule.document.numbers["notice.raising.serve"]
    word = "Schedule" if str(regime.schedule)[:1].isdigit() else str(regime.schedule).split(" ")[0]
    notice = markdown(path.stem, "notice")
    assert f"in particular under paragraph {number} of that {word}," in notice
    assert "number of the paragraph" not in notice


# -- 6. "the Secretary of State" mid-sentence ------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_schedule_definitions_lowercase_a_leading_the(path):
    regime = document(path.stem, "schedule")[0]
    text = markdown(path.stem, "schedule")
    assert "means The " not in text
    for p in regime.parties:
        if p.name.startswith("The "):
            assert "means the " + p.name[4:] in text.replace("\\", "")
