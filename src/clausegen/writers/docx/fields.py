"""Word fields and bookmarks: REF, PAGEREF, PAGE and TOC fields, and the clause bookmarks they point at.

A cross-reference is a REF field to a hidden bookmark on the clause, with
the right number cached as its result; the contents list is a TOC field
whose entries are pre-rendered, each with a PAGEREF to its clause's
bookmark. This module decides which clauses get a bookmark (and its stable
name) and writes the XML of a field's begin, instruction and end.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from hashlib import sha1

from docx.oxml import parse_xml as _xml

from ...docmodel import Clause, Document, Ref, inlines_of, walk
from .revisions import unrevised
from .text import Element, W, attribute

# Headings of levels 1 and 2 (clauses and their titled sub-clauses): what the
# pre-rendered entries list, so Word's rebuilt list has the same lines.
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'


def bookmark_name(clause_id: str, taken: Set[str] = frozenset()) -> str:
    """A hidden, stable Word bookmark for a clause: "_Ref" and nine digits."""
    salt = 0
    while True:
        digest = sha1(f"{clause_id}#{salt}".encode() if salt else clause_id.encode()).hexdigest()
        name = f"_Ref{int(digest[:12], 16) % 10**9:09d}"
        if name not in taken:
            return name
        salt += 1


@dataclass(frozen=True)
class TocEntry:
    """One line of the contents list: a clause, its level (1 or 2) and its redline change ("" if none)."""

    clause: Clause
    depth: int
    change: str


@dataclass
class Bookmarks:
    """The bookmarks of one document: which clause has which, and the ids given so far."""

    #: clause id -> bookmark name, for every clause a reference or the TOC points at
    names: dict[str, str] = field(default_factory=dict)
    #: clauses Word numbers: a REF \\r to them shows their paragraph number
    numbered: set[str] = field(default_factory=set)
    #: the contents list's entries, in order (a redline lists added and removed clauses as changes)
    toc_entries: list[TocEntry] = field(default_factory=list)
    #: the last w:id given to a bookmark
    last_id: int = 0

    def start(self, parent: Element, clause_id: str) -> int | None:
        """A w:bookmarkStart for the clause, if it has a bookmark; returns its id for `end`."""
        name = self.names.get(clause_id)
        if name is None:
            return None
        self.last_id += 1
        parent.append(_xml(f'<w:bookmarkStart {W} w:id="{self.last_id}" w:name="{name}"/>'))
        return self.last_id

    def end(self, parent: Element, mark: int | None) -> None:
        """The w:bookmarkEnd of a bookmark `start` opened (nothing when it opened none)."""
        if mark is not None:
            parent.append(_xml(f'<w:bookmarkEnd {W} w:id="{mark}"/>'))


def plan_bookmarks(doc: Document) -> Bookmarks:
    """A bookmark for every clause a reference or the TOC points at."""
    targets = {i.target for b in walk(doc.blocks) for i in inlines_of(b) if isinstance(i, Ref)}
    plan = Bookmarks()
    for top, change in map(unrevised, doc.blocks if doc.contents else ()):
        if isinstance(top, Clause) and (top.title or top.marked_title):
            plan.toc_entries.append(TocEntry(top, 1, change))
            for child, own in map(unrevised, top.children):
                if isinstance(child, Clause) and (child.title or child.marked_title):
                    plan.toc_entries.append(TocEntry(child, 2, own or change))
    targets |= {e.clause.id for e in plan.toc_entries}
    clauses = [b for b in walk(doc.blocks) if isinstance(b, Clause)]
    plan.numbered.update(c.id for c in clauses if doc.numbered and c.number)
    for c in clauses:
        # only a numbered paragraph or a heading can carry the bookmark; a
        # reference to an untitled clause of an unnumbered document stays text
        anchored = c.id in plan.numbered or bool(c.title or c.marked_title)
        if c.id in targets and anchored and c.id not in plan.names:
            plan.names[c.id] = bookmark_name(c.id, set(plan.names.values()))
    return plan


def field_begin(
    parent: Element, instruction: str, bold: bool = False, italic: bool = False, dirty: bool = False
) -> str:
    """begin, instruction, separate: the result and the end follow. Returns the runs' rPr (XML)."""
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    flag = ' w:dirty="true"' if dirty else ""
    parent.append(_xml(f'<w:r {W}>{rpr}<w:fldChar w:fldCharType="begin"{flag}/></w:r>'))
    parent.append(
        _xml(f'<w:r {W}>{rpr}<w:instrText xml:space="preserve"> {attribute(instruction)} </w:instrText></w:r>')
    )
    parent.append(_xml(f'<w:r {W}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'))
    return rpr


def field_end(parent: Element, rpr: str = "") -> None:
    """The run that ends a field (rPr as field_begin returned it)."""
    parent.append(_xml(f'<w:r {W}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'))
