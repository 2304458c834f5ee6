"""The redline's first page: the semantic diff in words, as document-model blocks."""

from __future__ import annotations

from ..docmodel import Block, BulletList, Heading, Paragraph, Table, Text
from .compare import BOOKKEEPING
from .report import Report
from .words import words


def summary_blocks(report: Report) -> tuple[Block, ...]:
    """A heading "Summary of changes", a table of the changes in words, what follows in
    the documents, and the worst-case line; every label from clauses/changes.toml."""
    w = words()["page"]
    blocks: list[Block] = [Heading((Text(w["heading"]),), level=1)]
    if report.old_version and report.new_version:
        intro = w["intro"].format(old=report.old_version, new=report.new_version)
    else:
        intro = w["intro_unversioned"]
    blocks.append(Paragraph((Text(intro),)))
    # The version's own bookkeeping (number, date, history) is what the intro says.
    shown = [c for c in report.changes if c.key not in BOOKKEEPING]
    if shown:
        header = ((Text(w["column_change"]),), (Text(w["column_what"]),))
        rows = tuple(((Text(w[c.change]),), (Text(c.summary),)) for c in shown)
        blocks.append(Table(header, rows))
    else:
        blocks.append(Paragraph((Text(w["no_changes"]),)))
    follows = [d.summary for d in report.documents if d.status != "same"]
    if follows:
        blocks.append(Heading((Text(w["documents_heading"]),), level=2))
        blocks.append(BulletList(tuple((Paragraph((Text(f),)),) for f in follows)))
    if report.worst_case is not None:
        blocks.append(Heading((Text(w["worst_case_heading"]),), level=2))
        from .follows import day_words

        blocks.append(Paragraph((Text(report.worst_case.summary),)))
        notified = words()["follows"]["notified"].format(date=day_words(report.worst_case.notified))
        blocks.append(Paragraph((Text(notified),)))
    if report.library:
        lib = words()["library"]
        blocks.append(Heading((Text(lib["page_heading"]),), level=2))
        blocks.append(Paragraph((Text(lib["page_intro"]),)))
        blocks.append(
            BulletList(
                tuple(
                    (Paragraph((Text(lib["page_item"].format(file=c.name, documents=", ".join(c.documents))),)),)
                    for c in report.library
                )
            )
        )
    return tuple(blocks)
