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
from functools import lru_cache
from html.parser import HTMLParser

import pytest

from clausegen.docmodel import (
    BulletList,
    Clause,
    Deleted,
    Document,
    Emph,
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
            Inserted((Text(ins),)),
            Deleted((Text(dele),)),
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
            ((Text("2"),), (Text("Commercial Directors"),), (Inserted((Text("15"),)), Deleted((Text("10"),)), Text(" days"))),
        ),
        caption="The tiers",
        row_changes=("", "inserted", ""),
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
                Clause("c-old", "Expert determination", 2, (Paragraph((Text("An expert decides the dispute."),)),), number="1.2"),
            ),
            Revised(
                "inserted",
                Clause("c-med", "Mediation", 2, (Paragraph((Text("The Parties shall try mediation."),)),), number="1.2"),
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
                marked_title=(Text("Final "), Deleted((Text("stage"),)), Inserted((Text("tier"),))),
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
                ("title", (Text("Dispute Resolution "), Inserted((Text("Schedule"),)), Deleted((Text("Procedure"),)))),
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


@lru_cache(maxsize=None)
def rendered(fmt: str, ins: str = "fifteen", dele: str = "ten") -> str | bytes:
    out = writer(fmt)(marked_document(ins, dele), {})
    return out if fmt == "pdf" else out.decode("utf-8")


def test_has_marks_tells_a_redline_from_a_document():
    assert has_marks(marked_document())
    assert not has_marks(plain_document())
