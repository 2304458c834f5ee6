"""The redline model: compare two document models, then accept or reject every change.

The property that makes a redline right: accepting all its changes gives the
new version, rejecting them all gives the old one (in normal form). Checked
on generated pairs of small documents and on real edits of an example regime.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegen.api import compile_source
from clausegen.docmodel import (
    BulletList,
    Clause,
    Deleted,
    Document,
    Emph,
    FillIn,
    Heading,
    Inserted,
    Meta,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    Revised,
    Strong,
    Table,
    TermUse,
    Text,
    inlines_of,
    plain_text,
    walk,
)
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.redline import accept, compare, diff_inlines, normalise, normalise_inlines, reject, renumber
from clausegen.source import SourceFile

from .conftest import EXAMPLES


def marks(blocks) -> list:
    """Every mark in some blocks: Revised blocks, Inserted/Deleted inlines, changed rows."""
    found = []
    for b in walk(tuple(blocks)):
        if isinstance(b, Revised):
            found.append(b)
        if isinstance(b, Table) and b.row_changes:
            found.append(b.row_changes)
        found += [i for i in inlines_of(b) if isinstance(i, (Inserted, Deleted))]
    return found


def own_marks(c: Clause) -> list:
    """The marks in a clause's own text and title, not in its sub-clauses."""
    return marks(c.blocks + c.after) + [i for i in inlines_of(c) if isinstance(i, (Inserted, Deleted))]


def clauses(doc: Document) -> dict[str, Clause]:
    """Every clause of a document by id (a Revised clause included)."""
    return {b.id: b for b in walk(doc.blocks) if isinstance(b, Clause)}


def check_roundtrip(old: Document, new: Document) -> Document:
    red = compare(old, new)
    assert normalise(accept(red)) == normalise(new)
    # meta.regime and meta.parties have no marked form in the model: a redline
    # keeps the new version's (no writer shows them on the page).
    old = replace(old, meta=replace(old.meta, regime=new.meta.regime, parties=new.meta.parties))
    assert normalise(reject(red)) == normalise(old)
    return red


# -- words -------------------------------------------------------------------------------------


def test_a_changed_number_is_one_deletion_and_one_insertion():
    old = (Text("within ten (10) "), TermUse("Business Day", "Business Days"), Text(" of the "), Ref("notice"))
    new = (Text("within fifteen (15) "), TermUse("Business Day", "Business Days"), Text(" of the "), Ref("notice"))
    assert diff_inlines(old, new) == (
        Text("within "),
        Deleted((Text("ten"),)),
        Inserted((Text("fifteen"),)),
        Text(" ("),
        Deleted((Text("10"),)),
        Inserted((Text("15"),)),
        Text(") "),
        TermUse("Business Day", "Business Days"),
        Text(" of the "),
        Ref("notice"),
    )


def test_the_space_between_two_changed_words_joins_the_change():
    marked = diff_inlines((Text("on Monday 30 March"),), (Text("on Wednesday 8 April"),))
    assert marked == (Text("on "), Deleted((Text("Monday 30 March"),)), Inserted((Text("Wednesday 8 April"),)))


def test_formatting_stays_with_its_words_and_terms_are_never_split():
    old = (Text("the "), Strong((Text("old words"),)), Text(" and "), TermUse("Supplier", "Supplier"))
    new = (Text("the "), Strong((Text("new words"),)), Text(" and "), TermUse("Customer", "Customer"))
    marked = diff_inlines(old, new)
    assert Deleted((Strong((Text("old"),)),)) in marked and Inserted((Strong((Text("new"),)),)) in marked
    assert Deleted((TermUse("Supplier", "Supplier"),)) in marked
    assert Inserted((TermUse("Customer", "Customer"),)) in marked


def test_normal_form_merges_text_and_like_marks():
    assert normalise_inlines(
        (Text("a"), Text(""), Text("b"), Emph((Text("c"),)), Emph((Text("d"), Text("e"))), Strong(()))
    ) == (Text("ab"), Emph((Text("cde"),)))


def small(*blocks, numbered: bool = True) -> Document:
    blocks = renumber(blocks, numbered)
    numbers = {c.id: c.number or c.title for c in walk(blocks) if isinstance(c, Clause)}
    return Document("schedule", Meta("Schedule 7"), blocks, numbered, numbers)


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def test_a_moved_clause_is_deleted_where_it_was_and_inserted_where_it_is():
    a, b, c = (Clause(x, x.title(), 1, (para(f"Text of {x}."),)) for x in ("alpha", "beta", "gamma"))
    old, new = small(a, b, c), small(b, c, a)
    red = check_roundtrip(old, new)
    shown = [
        (b.change, b.block.id, b.block.number) if isinstance(b, Revised) else ("", b.id, b.number) for b in red.blocks
    ]
    assert shown == [("deleted", "alpha", "1"), ("", "beta", "1"), ("", "gamma", "2"), ("inserted", "alpha", "3")]


def test_list_items_added_and_removed_are_items_of_revised_blocks():
    old = small(BulletList(((para("first"),), (para("second item here"),), (para("third"),))))
    new = small(BulletList(((para("first"),), (para("second item there"),), (para("fourth"),))))
    red = check_roundtrip(old, new)
    (lst,) = red.blocks
    assert lst.items[0] == (para("first"),)
    assert lst.items[1] == (Paragraph((Text("second item "), Deleted((Text("here"),)), Inserted((Text("there"),)))),)
    assert lst.items[2:] == ((Revised("deleted", para("third")),), (Revised("inserted", para("fourth")),))


def test_a_table_with_other_columns_is_replaced_whole():
    old = small(Table(((Text("Tier"),),), (((Text("1"),),),)))
    new = small(Table(((Text("Tier"),), (Text("Days"),)), (((Text("1"),), (Text("10"),)),)))
    red = check_roundtrip(old, new)
    assert [(b.change, b.block) for b in red.blocks] == [("deleted", old.blocks[0]), ("inserted", new.blocks[0])]


def test_a_changed_clause_title_is_marked_and_a_new_paragraph_is_revised():
    old = small(Clause("x", "Escalation", 1, (para("The Parties shall meet."),)))
    new = small(
        Clause("x", "Escalation of disputes", 1, (para("The Parties shall meet."), para("Completely new words.")))
    )
    red = check_roundtrip(old, new)
    (x,) = red.blocks
    assert x.title == "Escalation of disputes"
    assert x.marked_title == (Text("Escalation"), Inserted((Text(" of disputes"),)))
    assert x.blocks == (para("The Parties shall meet."), Revised("inserted", para("Completely new words.")))


# -- generated documents ---------------------------------------------------------------------

WORDS = ("the", "Supplier", "shall", "ten", "10", "15", "days", "notice", ",", ".", "within")
IDS = tuple(f"c{n}" for n in range(8))


WORD = st.sampled_from(WORDS)
KIND = st.sampled_from(("text", "text", "text", "emph", "strong", "term", "ref", "fill"))
SPACE = st.sampled_from((" ", "", "  "))
PLURAL = st.sampled_from(("Supplier", "Suppliers"))
TARGET = st.sampled_from(IDS)
COUNT = {0: st.integers(0, 6), 1: st.integers(1, 8)}


@st.composite
def inlines(draw, min_size=1):
    parts = []
    for _ in range(draw(COUNT[min_size])):
        word = draw(WORD)
        kind = draw(KIND)
        if kind == "text":
            parts.append(Text(word + draw(SPACE)))
        elif kind == "emph":
            parts.append(Emph((Text(word),)))
        elif kind == "strong":
            parts.append(Strong((Text(word + " "), Emph((Text(word),)))))
        elif kind == "term":
            parts.append(TermUse("Supplier", draw(PLURAL)))
        elif kind == "ref":
            parts.append(Ref(draw(TARGET)))
        else:
            parts.append(FillIn("date"))
    return tuple(parts)


# Strategies are built once: building them inside each draw costs hypothesis
# most of the test's time in validation.
INLINES = inlines()
CELL = inlines(min_size=0)
PARAGRAPHS = st.builds(Paragraph, INLINES, st.sampled_from(("", "", "note")))
ITEMS = st.lists(st.lists(PARAGRAPHS, min_size=1, max_size=2).map(tuple), min_size=1, max_size=3).map(tuple)
LEAF_BLOCKS = st.one_of(
    PARAGRAPHS,
    PARAGRAPHS,
    st.builds(Heading, INLINES, st.sampled_from((2, 3))),
    st.builds(BulletList, ITEMS, st.booleans()),
    st.builds(OrderedList, ITEMS),
    st.integers(1, 3).flatmap(
        lambda n: st.builds(
            Table,
            st.lists(CELL, min_size=n, max_size=n).map(tuple),
            st.lists(st.lists(CELL, min_size=n, max_size=n).map(tuple), max_size=4).map(tuple),
            st.sampled_from(("", "Tiers")),
        )
    ),
    st.just(PageBreak()),
)
TITLES = st.sampled_from(("", "Escalation", "Escalation of disputes", "Mediation"))


def clause(draw, used: set, level: int) -> Clause:
    """A clause with an id not yet used, its blocks and perhaps sub-clauses."""
    free = [i for i in IDS if i not in used]
    cid = free[draw(st.integers(0, len(free) - 1))]
    used.add(cid)
    children = []
    if level < 3:
        for _ in range(draw(st.integers(0, 2))):
            if len(used) < len(IDS):
                children.append(clause(draw, used, level + 1))
    return Clause(
        cid,
        draw(TITLES),
        level,
        tuple(draw(st.lists(LEAF_BLOCKS, max_size=3))),
        tuple(children),
        after=tuple(draw(st.lists(PARAGRAPHS, max_size=1))),
    )


@st.composite
def documents(draw, numbered: bool | None = None):
    used: set = set()
    blocks = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()) and len(used) < len(IDS):
            blocks.append(clause(draw, used, 1))
        else:
            blocks.append(draw(LEAF_BLOCKS))
    return finish(draw, tuple(blocks), numbered)


def finish(draw, blocks, numbered: bool | None = None) -> Document:
    """A document of these blocks, numbered as assembly numbers one.

    Both versions of one document kind come from one template: numbered or not alike.
    """
    numbered = draw(st.booleans()) if numbered is None else numbered
    blocks = renumber(blocks, numbered)
    meta = Meta(
        title=draw(st.sampled_from(("Schedule 7: Dispute Resolution", "Schedule 8: Dispute Resolution"))),
        subtitle=draw(st.sampled_from(("", "Acme / Globex"))),
        version=draw(st.sampled_from(("", "1.0", "2.0"))),
        date=draw(st.sampled_from(("", "2026-03-01", "2027-01-15"))),
        parties=("Acme", "Globex"),
    )
    numbers = {c.id: c.number or c.title for c in walk(blocks) if isinstance(c, Clause)}
    return Document("schedule", meta, blocks, numbered, numbers)


@st.composite
def edited(draw, doc: Document) -> Document:
    """The document after a few edits: blocks removed, added, reworded, clauses moved."""
    used = {c.id for c in walk(doc.blocks) if isinstance(c, Clause)}

    def edit_inlines(items):
        items = list(items)
        for _ in range(draw(st.integers(0, 2))):
            op = draw(st.sampled_from(("replace", "insert", "delete")))
            k = draw(st.integers(0, max(0, len(items) - 1)))
            new = draw(INLINES)[:1]
            if op == "replace" and items:
                items[k : k + 1] = new
            elif op == "insert":
                items[k:k] = new
            elif items:
                del items[k]
        return tuple(items)

    def edit_block(b):
        if isinstance(b, (Paragraph, Heading)):
            return type(b)(edit_inlines(b.inlines), *([b.style] if isinstance(b, Paragraph) else [b.level]))
        if isinstance(b, (BulletList, OrderedList)):
            items = [tuple(edit_blocks(item)) or item for item in b.items]
            if draw(st.booleans()):
                items.insert(draw(st.integers(0, len(items))), (draw(PARAGRAPHS),))
            items = tuple(items)
            return BulletList(items, b.checklist) if isinstance(b, BulletList) else OrderedList(items)
        if isinstance(b, Table):
            rows = [tuple(edit_inlines(c) for c in r) if draw(st.booleans()) else r for r in b.rows]
            if rows and draw(st.booleans()):
                del rows[draw(st.integers(0, len(rows) - 1))]
            if draw(st.booleans()):
                rows.insert(draw(st.integers(0, len(rows))), tuple(draw(CELL) for _ in b.header))
            return Table(b.header, tuple(rows), b.caption)
        if isinstance(b, Clause):
            title = draw(st.sampled_from((b.title, "Escalation", "Escalation of disputes")))
            children = tuple(edit_blocks(b.children))
            return Clause(b.id, title, b.level, tuple(edit_blocks(b.blocks)), children, after=b.after)
        return b

    def edit_blocks(blocks):
        out = []
        for b in blocks:
            op = draw(st.sampled_from(("keep", "keep", "edit", "edit", "delete", "add")))
            if op == "keep":
                out.append(b)
            elif op == "edit":
                out.append(edit_block(b))
            elif op == "add":
                out += [b, draw(LEAF_BLOCKS)] if not isinstance(b, Clause) else [b]
        if len(out) > 1 and draw(st.integers(0, 5)) == 0:
            out.append(out.pop(0))  # a move
        return out

    blocks = edit_blocks(doc.blocks)
    if draw(st.booleans()) and len(used) < len(IDS):
        blocks.insert(draw(st.integers(0, len(blocks))), clause(draw, used, 1))
    return finish(draw, tuple(blocks), doc.numbered)


@st.composite
def pairs(draw):
    old = draw(documents())
    if draw(st.integers(0, 4)) == 0:
        return old, draw(documents(old.numbered))  # two unrelated documents
    return old, draw(edited(old))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pairs())
def test_accepting_gives_the_new_version_and_rejecting_the_old(pair):
    old, new = pair
    check_roundtrip(old, new)


@st.composite
def inline_pairs(draw):
    old = draw(INLINES)
    new = list(old)
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, len(new)))
        new[k : k + draw(st.integers(0, 2))] = draw(INLINES)[: draw(st.integers(0, 2))]
    return old, tuple(new)


def paragraph_of(red) -> tuple:
    """The inlines of a document of one paragraph."""
    (para,) = red.blocks
    return para.inlines


@settings(max_examples=200, deadline=None)
@given(inline_pairs())
def test_word_marks_accept_to_the_new_words_and_reject_to_the_old(pair):
    old, new = pair
    marked = diff_inlines(old, new)
    red = Document("schedule", Meta("t"), (Paragraph(marked),))
    assert paragraph_of(accept(red)) == normalise_inlines(new)
    assert paragraph_of(reject(red)) == normalise_inlines(old)
    # Marks are outermost: formatting sits inside them, never around them.
    assert not any(
        isinstance(c, (Inserted, Deleted)) for i in marked if isinstance(i, (Emph, Strong)) for c in i.children
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_identical_documents_give_no_marks(doc):
    red = compare(doc, doc)
    assert red == doc and not marks(red.blocks) and red.meta.marked == ()


# -- real documents ----------------------------------------------------------------------------

ACME = (EXAMPLES / "acme-globex.regime").read_text()
TIER_2 = """    tier commercial_directors "Commercial Directors" {
      representatives client.commercial_director, provider.commercial_lead
      within 10 business_days
    }
"""
LEGAL = """    tier legal_directors "Legal Directors" {
      representatives client.legal_director, provider.legal_director
      within 10 business_days
    }
"""
LEGAL_ROLES = """  role client.legal_director "General Counsel" seniority 3
  role provider.legal_director "Head of Legal" seniority 3
"""


CONCESSION = '    renegotiable "Contact lists in the escalation matrix"\n'


def edit(old: str, new: str, text: str = ACME) -> str:
    assert old in text
    return text.replace(old, new)


EDITS = {
    "limit": edit(TIER_2, TIER_2.replace("within 10", "within 15")),
    "added tier": edit("  role client.sponsor ", LEGAL_ROLES + "  role client.sponsor ", edit(TIER_2, TIER_2 + LEGAL)),
    "removed tier": edit(TIER_2, ""),
    "party renamed": edit('"Globex Service Solutions Ltd"', '"Globex Outsourcing Ltd"'),
    "concession added": edit(CONCESSION, CONCESSION + '    renegotiable "Holiday cover rota"\n'),
    "mediation body": edit('body "CEDR"', 'body "IDRC"'),
    "mediation removed": edit(ACME[ACME.index("  mediation {") : ACME.index("  settlement {")], "").replace(
        "after mediation_fails or 90 days", "after escalation_exhausted or 90 days"
    ),
    "version": edit('version "2.0"\n  effective 2026-03-01', 'version "2.1"\n  effective 2026-09-01'),
}


@cache
def built(text: str) -> dict[str, Document]:
    regime = compile_source(SourceFile("acme-globex.regime", text)).regime
    library, done = Library(), {}
    for kind in KINDS:
        assembled = assemble(regime, kind, library, None, done)
        if assembled is not None:
            done[kind] = assembled.document
    return done


@pytest.mark.parametrize("name", sorted(EDITS))
def test_real_edits_accept_to_the_new_version_and_reject_to_the_old(name):
    old, new = built(ACME), built(EDITS[name])
    assert new.keys() <= old.keys()
    for kind in new:
        check_roundtrip(old[kind], new[kind])


def test_a_changed_limit_is_marked_in_its_own_clause_and_nowhere_else_in_the_schedule():
    red = compare(built(ACME)["schedule"], built(EDITS["limit"])["schedule"])
    tier = clauses(red)["escalation.tier.commercial_directors"]
    found = own_marks(tier)
    assert Deleted((Text("10"),)) in found and Inserted((Text("15"),)) in found
    assert not marks(tier.blocks) or all(not isinstance(m, Revised) for m in marks(tier.blocks))
    assert tier.number == "8.1.2"
    marked = {cid for cid, c in clauses(red).items() if own_marks(c)}
    # The tier's clause, and the timetable whose table states the same limit.
    assert marked == {"escalation.tier.commercial_directors", "timetables"}


def test_an_added_tier_is_an_inserted_clause_and_later_tiers_renumber():
    old, new = built(ACME)["schedule"], built(EDITS["added tier"])["schedule"]
    red = compare(old, new)
    tiers = clauses(red)["escalation.tiers"]
    shown = [
        (type(c).__name__, getattr(c, "change", ""), (c.block if isinstance(c, Revised) else c).id)
        for c in tiers.children
    ]
    assert shown == [
        ("Clause", "", "escalation.tier.contract_managers"),
        ("Clause", "", "escalation.tier.commercial_directors"),
        ("Revised", "inserted", "escalation.tier.legal_directors"),
        ("Clause", "", "escalation.tier.executive_sponsors"),
    ]
    assert red.numbers["escalation.tier.legal_directors"] == "8.1.3"
    assert red.numbers["escalation.tier.executive_sponsors"] == "8.1.4"
    assert reject(red).numbers["escalation.tier.executive_sponsors"] == "8.1.3"
    # The timetable gains the new tier's row; the old third tier's row is the new fourth's.
    (table,) = [b for b in clauses(red)["timetables"].blocks if isinstance(b, Table)]
    inserted = [k for k, change in enumerate(table.row_changes) if change]
    assert [table.row_changes[k] for k in inserted] == ["inserted"]
    assert plain_text(table.rows[inserted[0]][0]) == "Tier 3: Legal Directors"
    assert table.rows[inserted[0] + 1][0][1:4] == (Text(" "), Deleted((Text("3"),)), Inserted((Text("4"),)))
    # Clauses that do not mention tiers carry no marks.
    for cid in ("definitions.interpretation", "mediation.conduct", "suspension.invocation", "final.courts"):
        assert not marks((clauses(red)[cid],)), cid


def test_a_removed_tier_is_a_deleted_clause_where_it_stood_with_its_old_number():
    old, new = built(ACME)["schedule"], built(EDITS["removed tier"])["schedule"]
    red = compare(old, new)
    children = clauses(red)["escalation.tiers"].children
    assert isinstance(children[1], Revised) and children[1].change == "deleted"
    assert children[1].block.id == "escalation.tier.commercial_directors"
    assert children[1].block.number == "8.1.2"
    assert children[2].id == "escalation.tier.executive_sponsors" and children[2].number == "8.1.2"
    assert red.numbers["escalation.tier.commercial_directors"] == "8.1.2"
    assert accept(red).numbers.get("escalation.tier.commercial_directors") is None


def test_a_new_version_and_date_mark_the_title_page_line():
    red = compare(built(ACME)["schedule"], built(EDITS["version"])["schedule"])
    details = dict(red.meta.marked)["details"]
    assert Deleted((Text("2.0"),)) in details and Inserted((Text("2.1"),)) in details
    assert reject(red).meta == built(ACME)["schedule"].meta


def test_identical_real_documents_give_the_new_document_unmarked():
    for kind, doc in built(ACME).items():
        again = built(ACME.replace("# Acme / Globex", "#  Acme / Globex"))[kind]  # a new model, equal
        red = compare(doc, again)
        assert red == again and not marks(red.blocks), kind


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.stem)
def test_renumbering_a_built_document_changes_nothing(path):
    # accept and reject renumber with the assembly's rule: they must agree.
    for doc in built(path.read_text()).values():
        assert renumber(doc.blocks, doc.numbered) == doc.blocks


def test_comparing_all_five_documents_is_fast():
    old, new = built(ACME), built(EDITS["added tier"])
    start = time.perf_counter()
    for kind in old:
        compare(old[kind], new[kind])
    # Measured about 10 ms; the bound leaves room for a slow machine.
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.stem)
def test_two_unrelated_regimes_still_accept_and_reject_exactly(path):
    # The hardest case for alignment: another example's documents as the "new" version.
    old, new = built(ACME), built(path.read_text())
    for kind in new.keys() & old.keys():
        check_roundtrip(old[kind], new[kind])
