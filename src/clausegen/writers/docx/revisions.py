"""Word tracked changes for a redline: the w:ins/w:del machinery of the DOCX writer.

The document model marks a redline with Inserted/Deleted inlines, Revised
blocks and table row changes (docmodel.py). Word shows them as revisions:
runs inside `w:ins` or `w:del` (deleted text in `w:delText`, a deleted field
code in `w:delInstrText`), and for a whole inserted or deleted paragraph the
paragraph mark too (`w:pPr/w:rPr/w:ins|w:del`), so that accepting or
rejecting every change leaves no empty (numbered) paragraph behind. A table
row added or removed carries `w:trPr/w:ins|w:del`.

Every change element gets `w:author` and `w:date` when made and its `w:id`
at the end (number_all), counted above every other id in the part, in
document order, so the same input gives the same bytes. A document without
marks never reaches this module's XML: its output is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ...docmodel import Block, Deleted, Inline, Inserted, Paragraph, Revised
from ..options import WriterOptions
from .text import Element

W = nsdecls("w")
DEFAULT_AUTHOR = "clausegen"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FALLBACK_DATE = "2000-01-01T00:00:00Z"  # the date core properties fall back to, too

_INS, _DEL = qn("w:ins"), qn("w:del")
_CHANGES = (_INS, _DEL)
# pPr children that come after rPr (CT_PPr): the paragraph mark's rPr goes before them.
_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))


def revision_date(options: WriterOptions, day: str = "") -> str:
    """The w:date of every change: options["revision_date"], else a fixed date.

    Never the clock: SOURCE_DATE_EPOCH (options["source_date_epoch"]) when
    given, else the new version's date (`day`, ISO), else 2000-01-01.
    Raises ValueError for a revision_date that is not YYYY-MM-DDThh:mm:ssZ
    (a bare YYYY-MM-DD is taken as midnight UTC).
    """
    asked = options.get("revision_date")
    if asked:
        given = str(asked)
        if _DAY.fullmatch(given):
            return f"{given}T00:00:00Z"
        if not _DATE.fullmatch(given):
            raise ValueError(f"revision date {given!r} is not of the form YYYY-MM-DDThh:mm:ssZ")
        return given
    epoch = options.get("source_date_epoch")
    if epoch is not None:
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if day and _DAY.fullmatch(day[:10]):
        return f"{day[:10]}T00:00:00Z"
    return FALLBACK_DATE


def unrevised(block: Block) -> tuple[Block, str]:
    """The block inside a Revised, and its change ("" for a block that is not one)."""
    if isinstance(block, Revised):
        inner, change = unrevised(block.block)
        return inner, change or block.change
    return block, ""


def marked_lead(blocks: Iterable[Block]) -> tuple[Paragraph | None, list[Block]]:
    """A clause's lead paragraph when a redline adds or removes it whole, and the other blocks.

    Word runs the lead on after the clause number: a lead removed and one
    added (at most one of each, in that order) become one paragraph of
    Deleted and Inserted inlines, so that accepting or rejecting leaves the
    clause laid out as its own version is, never a bare number.
    """
    blocks = list(blocks)
    inlines: list[Inline] = []
    changes: list[str] = []
    while blocks and len(changes) < 2:
        b = blocks[0]
        if not (
            isinstance(b, Revised)
            and isinstance(b.block, Paragraph)
            and b.block.style == ""
            and b.change not in changes
        ):
            break
        if changes and b.change != "inserted":
            break
        inlines.append((Inserted if b.change == "inserted" else Deleted)(b.block.inlines))
        changes.append(b.change)
        blocks.pop(0)
    return (Paragraph(tuple(inlines)) if inlines else None), blocks


def whole_change(inlines: Sequence[Inline]) -> str:
    """ "inserted" or "deleted" when every inline is one such mark (a line added or
    removed as a whole), else ""."""
    kinds = {type(i) for i in inlines}
    if kinds == {Inserted}:
        return "inserted"
    if kinds == {Deleted}:
        return "deleted"
    return ""


class Revisions:
    """Makes the change elements of one document and numbers them at the end."""

    def __init__(self, options: WriterOptions, day: str = ""):
        self.author = str(options.get("revision_author") or DEFAULT_AUTHOR)
        self.date = revision_date(options, day)
        self.used = False

    def _attrs(self) -> str:
        # w:id is a placeholder until number_all: ids must sit above bookmarks made later
        return f'w:id="0" w:author={quoteattr(self.author)} w:date="{self.date}"'

    def element(self, change: str) -> Element:
        """An empty w:ins (change "inserted") or w:del ("deleted")."""
        self.used = True
        tag = "w:ins" if change == "inserted" else "w:del"
        return parse_xml(f"<{tag} {W} {self._attrs()}/>")

    def wrapper(self, parent: Element, change: str) -> Element:
        """A w:ins/w:del appended to parent for the runs of one mark.

        Inside another change the mark adds nothing Word could show: its runs
        go into that change.
        """
        if parent.tag in _CHANGES:
            return parent
        element = self.element(change)
        parent.append(element)
        return element

    def finish(self, wrapper: Element) -> None:
        """Deleted text as w:delText, a deleted field code as w:delInstrText."""
        if wrapper.tag == _DEL:
            deleted_text(wrapper)

    # -- whole paragraphs, tables and rows ---------------------------------------------------------

    def mark_paragraph(self, p: Element, change: str, runs: bool = True) -> None:
        """Runs of p into one change each (unless already in one) and the paragraph mark revised."""
        if runs:
            self.wrap_runs(p, change)
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = parse_xml(f"<w:pPr {W}/>")
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = parse_xml(f"<w:rPr {W}/>")
            for k, child in enumerate(ppr):
                if child.tag in _AFTER_RPR:
                    ppr.insert(k, rpr)
                    break
            else:
                ppr.append(rpr)
        if any(child.tag in _CHANGES for child in rpr):
            return  # an inner Revised marked it already
        rpr.insert(0, self.element(change))

    def wrap_runs(self, parent: Element, change: str) -> None:
        """Each stretch of consecutive runs of parent (and of its hyperlinks) into a change."""
        group: list[Element] = []
        for child in list(parent):
            if child.tag == qn("w:r"):
                group.append(child)
                continue
            self._wrap(group, change)
            group = []
            if child.tag == qn("w:hyperlink"):
                self.wrap_runs(child, change)
        self._wrap(group, change)

    def _wrap(self, runs: list[Element], change: str) -> None:
        if not runs:
            return
        element = self.element(change)
        runs[0].addprevious(element)
        for r in runs:
            element.append(r)
        self.finish(element)

    def mark_row(self, tr: Element, change: str) -> None:
        """A table row added or removed: trPr's change, and every cell paragraph's runs."""
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is None:
            tr_pr = parse_xml(f"<w:trPr {W}/>")
            tbl_pr_ex = tr.find(qn("w:tblPrEx"))
            tr.insert(1 if tbl_pr_ex is not None else 0, tr_pr)
        # ins/del follow the row's other properties (CT_TrPr), before trPrChange;
        # a row changed on its own inside a table added or removed keeps its mark
        if not any(child.tag in _CHANGES for child in tr_pr):
            change_el = self.element(change)
            later = tr_pr.find(qn("w:trPrChange"))
            if later is not None:
                later.addprevious(change_el)
            else:
                tr_pr.append(change_el)
        for p in tr.iter(qn("w:p")):
            self.mark_paragraph(p, change)

    def mark_elements(self, elements: Iterable[Element], change: str) -> None:
        """Every paragraph and table row among body elements made for a Revised block."""
        for element in elements:
            if element.tag == qn("w:tbl"):
                for tr in element.iter(qn("w:tr")):
                    self.mark_row(tr, change)
            elif element.tag == qn("w:p"):
                self.mark_paragraph(element, change)

    @contextmanager
    def block(self, body: Element, change: str) -> Iterator[None]:
        """Marks every paragraph and table the body gains inside the with-block."""
        before = _content_length(body)
        yield
        self.mark_elements(list(body)[before : _content_length(body)], change)

    def close_body(self, body: Element) -> None:
        """A plain empty paragraph last when the last one is added or removed whole.

        The document's final paragraph mark can be neither inserted nor
        deleted (Word and LibreOffice keep it): rejecting an added last clause
        would leave an empty numbered paragraph behind.
        """
        content = list(body)[: _content_length(body)]
        last = content[-1] if content else None
        marks = (
            last.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
            if self.used and last is not None and last.tag == qn("w:p")
            else None
        )
        if marks is not None and last is not None and any(c.tag in _CHANGES for c in marks):
            last.addnext(parse_xml(f"<w:p {W}/>"))

    # -- ids -------------------------------------------------------------------------------

    def number_all(self, root: Element) -> None:
        """Give every change its w:id, in document order, above every other id in the part."""
        if not self.used:
            return
        changes = list(root.iter(*_CHANGES))
        wid = qn("w:id")
        others = [e.get(wid) or e.get("id") for e in root.iter() if e.tag not in _CHANGES]
        top = max((int(v) for v in others if v and v.isdigit()), default=0)
        for k, e in enumerate(changes, start=top + 1):
            e.set(wid, str(k))


def _content_length(body: Element) -> int:
    """How many children the body has before its final section properties."""
    n = len(body)
    return n - 1 if n and body[-1].tag == qn("w:sectPr") else n


def deleted_text(element: Element) -> None:
    """w:t -> w:delText and w:instrText -> w:delInstrText under element."""
    for old, new in (("w:t", "w:delText"), ("w:instrText", "w:delInstrText")):
        for t in list(element.iter(qn(old))):
            t.tag = qn(new)
