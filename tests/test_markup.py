"""Clause markup -> document model."""

from __future__ import annotations

import pytest

from clausegen.docmodel import (
    BulletList,
    FillIn,
    Heading,
    OrderedList,
    Paragraph,
    Ref,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
)
from clausegen.documents.inlines import MarkupError, parse_inlines
from clausegen.documents.markup import Directive, parse_blocks


def test_inline_markers():
    inl = parse_inlines(
        "The [[def:Dispute]] under [[ref:mediation.venue]] by [[field:Date]], **bold** and [[Disputes|Dispute]]."
    )
    assert inl == (
        Text("The "),
        TermDef("Dispute"),
        Text(" under "),
        Ref("mediation.venue"),
        Text(" by "),
        FillIn("Date"),
        Text(", "),
        Strong((Text("bold"),)),
        Text(" and "),
        TermUse("Dispute", "Disputes"),
        Text("."),
    )


def test_numbered_items_become_subclauses_with_anchors():
    blocks, subs, after = parse_blocks("Intro.\n\n1. First.\n1. [[id:x.second]] Second.\n   1. Nested.\n", True, 2, "x")
    assert after == []
    assert blocks == [Paragraph((Text("Intro."),))]
    assert [c.id for c in subs] == ["x.1", "x.second"]
    assert subs[1].level == 3 and [c.level for c in subs[1].children] == [4]
    assert subs[1].children[0].blocks == (Paragraph((Text("Nested."),)),)


def test_unnumbered_document_keeps_lists_tables_checklists_and_directives():
    text = "### Before the meeting\n- [ ] Read the notice\n- [ ] Book a room\n\n1. One\n1. Two\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n> Remember\n\n[[figure:ladder|The ladder]]\n"
    blocks, subs, _ = parse_blocks(text, False, 2, "h")
    assert subs == []
    assert isinstance(blocks[0], Heading)
    assert isinstance(blocks[1], BulletList) and blocks[1].checklist and len(blocks[1].items) == 2
    assert isinstance(blocks[2], OrderedList) and len(blocks[2].items) == 2
    assert isinstance(blocks[3], Table) and blocks[3].rows == (((Text("1"),), (Text("2"),)),)
    assert blocks[4].style == "note"
    assert blocks[5] == Directive("figure", "ladder", "The ladder")


def test_nested_bullets():
    blocks, _, _ = parse_blocks("- a\n  - b\n- c\n", False, 2, "h")
    [lst] = blocks
    assert len(lst.items) == 2
    assert isinstance(lst.items[0][1], BulletList)


@pytest.mark.parametrize(
    "text,message",
    [
        ("[[figure:pie]]", "there is no figure called `pie`"),
        ("| a | b |\n|---|---|\n| 1 |", "a table row has 1 cells but the header has 2"),
        ("See [[foo:bar]].", "`[[foo:bar]]` is not a known marker"),
    ],
)
def test_markup_errors(text, message):
    with pytest.raises(MarkupError) as exc:
        parse_blocks(text, True, 2, "x")
    assert exc.value.message == message


def test_signature_directive_for_someone_other_than_a_party():
    blocks, _, _ = parse_blocks("[[signature:Jane Doe, the Mediator|Signed by]]\n", True, 2, "x")
    assert blocks == [Directive("signature", "Jane Doe, the Mediator", "Signed by")]


def test_text_after_sub_clauses_stays_after_them():
    text = "The Supplier shall:\n\n1. do one thing;\n1. do another,\n   | A | B |\n   |---|---|\n   | 1 | 2 |\n\nin each case promptly.\n"
    blocks, subs, after = parse_blocks(text, True, 2, "x")
    assert [b.inlines for b in blocks] == [(Text("The Supplier shall:"),)]
    assert len(subs) == 2 and isinstance(subs[1].blocks[1], Table)
    assert after == [Paragraph((Text("in each case promptly."),))]
