"""What follows from a change of the regime: documents, clause numbers, dates.

Documents: both versions' documents are assembled (clausegen.documents) and
compared clause by clause, by clause id, never by position. Dates: the worst
case of both versions (clausegen.timeline) counted from one notice date, so
the move of the earliest day for proceedings is the regime's doing alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..kinds import KINDS
from ..model import Regime
from .words import words

if TYPE_CHECKING:
    from ..docmodel import Block, Clause, Document
    from ..documents.library import Library

#: how a document kind changes between two versions
DocumentStatus = Literal["changed", "added", "removed", "same"]


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """How one document kind changes: status "changed", "added", "removed" or "same".

    changed and added hold the new version's clause numbers, removed the old
    version's; title_page is True when the title page or version line
    changed, other when other text outside the numbered clauses did (a table
    between sections, an untitled part).
    """

    kind: str
    status: DocumentStatus
    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    other: bool = False
    summary: str = ""
    title_page: bool = False


@dataclass(frozen=True, slots=True)
class WorstCase:
    """The earliest day for court or arbitration in both versions, from one notice date."""

    notified: date
    before: date
    after: date
    summary: str

    @property
    def days(self) -> int:
        """How many days later (negative: earlier) proceedings may start in the new version."""
        return (self.after - self.before).days


def day_words(day: date) -> str:
    """'Thu 4 Mar 2027', in the words of clauses/changes.toml."""
    w = words()
    return w["follows"]["date"].format(
        weekday=w["weekdays"][day.weekday()], day=day.day, month=w["months"][day.month - 1], year=day.year
    )


def worst_case(old: Regime, new: Regime, notified: date | None = None) -> WorstCase:
    """The dated worst case before and after, from `notified` (default: the example
    notice the new version's handbook counts from, the first business day on or
    after it takes effect, so that the two say the same dates).

    Raises CompileError (CG020) when a deadline would pass year 9999.
    """
    from ..timeline import timeline

    notified = notified or timeline(new).notified
    before = timeline(old, notified).proceedings_from
    after = timeline(new, notified).proceedings_from
    w = words()["follows"]
    days = (after - before).days
    if days == 0:
        summary = w["worst_case_same"].format(before=day_words(before))
    else:
        delta = w["delta_day" if abs(days) == 1 else "delta_days"].format(sign="+" if days > 0 else "-", days=abs(days))
        summary = w["worst_case"].format(before=day_words(before), after=day_words(after), delta=delta)
    return WorstCase(notified, before, after, summary)


def compare_documents(old_doc: Document | None, new_doc: Document | None, kind: str) -> DocumentChange:
    """One document kind's change, clause by clause (either side may be None).

    The documents are compared as a redline compares them (clausegen.redline):
    clauses matched by identity, so a clause counts as changed only when its
    own text is marked, and an inserted sub-clause is "added", not its
    neighbours "changed".
    """
    w = words()["follows"]
    if (old_doc is None and new_doc is None) or old_doc == new_doc:
        return DocumentChange(kind, "same", summary=w["document_same"].format(kind=kind))
    if old_doc is None:
        return DocumentChange(kind, "added", summary=w["document_added"].format(kind=kind))
    if new_doc is None:
        return DocumentChange(kind, "removed", summary=w["document_removed"].format(kind=kind))
    from ..redline import compare

    merged = compare(old_doc, new_doc)
    changed: list[str] = []
    added: list[str] = []
    removed: list[str] = []
    other = _walk_marks(merged.blocks, changed, added, removed)
    title_page = bool(merged.meta.marked)
    if not (changed or added or removed or other or title_page):
        return DocumentChange(kind, "same", summary=w["document_same"].format(kind=kind))
    parts = []
    if changed:
        parts.append(w["clause_changed" if len(changed) == 1 else "clauses_changed"].format(numbers=", ".join(changed)))
    if added:
        parts.append(w["clauses_added"].format(numbers=", ".join(added)))
    if removed:
        parts.append(w["clauses_removed"].format(numbers=", ".join(removed)))
    if title_page:
        parts.append(w["title_page"])
    if other:
        parts.append(w["other_text"])
    summary = w["document_changed"].format(kind=kind, clauses=", ".join(parts))
    return DocumentChange(kind, "changed", tuple(changed), tuple(added), tuple(removed), other, summary, title_page)


def _label(c: Clause) -> str:
    # An unnumbered document (the handbook) names its sections by title.
    return c.number or (f"\u201c{c.title}\u201d" if c.title else "")


def _walk_marks(blocks: Iterable[Block], changed: list[str], added: list[str], removed: list[str]) -> bool:
    """Sort a redline's clauses into changed, added and removed (by their labels);
    True when marked text lies outside every labelled clause."""
    from ..docmodel import Clause, Revised

    other = False
    for b in blocks:
        if isinstance(b, Revised) and isinstance(b.block, Clause) and _label(b.block):
            (added if b.change == "inserted" else removed).append(_label(b.block))
        elif isinstance(b, Clause):
            own = _marked((*b.blocks, *b.after)) or bool(b.marked_title)
            if own and _label(b):
                changed.append(_label(b))
            other |= (own and not _label(b)) | _walk_marks(b.children, changed, added, removed)
        else:
            other |= _marked((b,))
    return other


def _marked(blocks: Iterable[Block]) -> bool:
    """Whether blocks (not their sub-clauses) hold a redline mark."""
    from ..docmodel import Clause, Deleted, Inserted, Revised, Table, inlines_of, walk

    for b in walk(tuple(blocks)):
        if isinstance(b, Revised):
            return True
        if isinstance(b, Clause):
            continue
        if isinstance(b, Table) and any(b.row_changes):
            return True
        if any(isinstance(i, (Inserted, Deleted)) for i in inlines_of(b)):
            return True
    return False


def _documents_of(regime: Regime, library: Library) -> dict[str, Document]:
    """kind -> each document the regime has; raises CompileError with every problem."""
    from ..api import assemble_documents

    return assemble_documents(regime, KINDS, library).documents


def documents(
    old: Regime, new: Regime, clause_dirs: tuple[Path, ...] = (), template_dirs: tuple[Path, ...] = ()
) -> tuple[DocumentChange, ...]:
    """Every document kind's change. Assembles both versions (the costly part of a diff).

    Raises CompileError when the clause library or a template has a problem.
    """
    from ..documents.library import Library

    # One library for both versions: each clause and condition compiles once.
    # (Assembling the old version in a forked process was tried: it saved
    # little wall time on two cores and doubled the CPU time, since the
    # child compiled every clause again.)
    library = Library(clause_dirs, template_dirs)
    return document_changes(_documents_of(old, library), _documents_of(new, library))


def document_changes(olds: Mapping[str, Document], news: Mapping[str, Document]) -> tuple[DocumentChange, ...]:
    """Every document kind's change, from both versions' documents (kind -> Document)."""
    return tuple(compare_documents(olds.get(k), news.get(k), k) for k in KINDS)
