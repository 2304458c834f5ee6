"""How a redline reads: whole phrases replaced, inserted sub-clauses not shown as rewrites of their neighbours."""

from __future__ import annotations

from pathlib import Path

from clausegen.api import assemble_documents, compile_file
from clausegen.docmodel import Clause, Deleted, Inserted, Revised, Text, walk
from clausegen.documents.library import Library
from clausegen.redline import compare
from clausegen.redline.words import diff_inlines

ROOT = Path(__file__).resolve().parent.parent / "examples" / "renegotiation"


def test_a_replaced_name_is_one_deletion_and_one_insertion_not_anchored_on_small_words():
    old = (
        Text(
            "under the auspices of the Chartered Institute of Arbitrators, in accordance with its procedures in force on the date of the referral."
        ),
    )
    new = (Text("under the auspices of CEDR, in accordance with its procedures in force on the date of the referral."),)
    assert diff_inlines(old, new) == (
        Text("under the auspices of "),
        Deleted((Text("the Chartered Institute of Arbitrators"),)),
        Inserted((Text("CEDR"),)),
        Text(", in accordance with its procedures in force on the date of the referral."),
    )


def test_a_paragraph_too_long_to_compare_word_by_word_is_shown_replaced_whole():
    old = (Text(" ".join(f"a{i % 7}" for i in range(3000))),)
    new = (Text(" ".join(f"a{i % 5}" for i in range(3000))),)
    assert [type(i) for i in diff_inlines(old, new)] == [Deleted, Inserted]


def test_an_inserted_counted_sub_clause_is_one_insertion_and_its_neighbours_stay_unmarked():
    docs = [
        assemble_documents(compile_file(str(ROOT / f"acme-v{n}.regime")).regime, ("settlement",), Library()).documents[
            "settlement"
        ]
        for n in (1, 2)
    ]
    red = compare(*docs)
    revised = [b for b in walk(red.blocks) if isinstance(b, Revised)]
    assert [(r.change, isinstance(r.block, Clause)) for r in revised] == [("inserted", True)]
    section = next(c for c in walk(red.blocks) if isinstance(c, Clause) and c.id == "settlement.concessions")
    kept = [k for k in section.children if isinstance(k, Clause)]
    assert kept and all(
        not isinstance(i, (Inserted, Deleted)) for k in kept for b in walk((k,)) for i in getattr(b, "inlines", ())
    )
