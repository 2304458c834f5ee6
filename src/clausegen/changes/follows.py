"""What follows from a change of the regime: documents, clause numbers, dates.

Documents: both versions' documents are assembled (clausegen.documents) and
compared clause by clause, by clause id, never by position. Dates: the worst
case of both versions (clausegen.timeline) counted from one notice date, so
the move of the earliest day for proceedings is the regime's doing alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Regime
from .words import words

KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """How one document kind changes: status "changed", "added", "removed" or "same".

    changed and added hold the new version's clause numbers, removed the old
    version's; title_page is True when the title page or version line
    changed, other when other text outside the numbered clauses did (a table
    between sections, an untitled part).
    """

    kind: str
    status: str
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
    w = words()["follows"]
    return w["date"].format(weekday=w["weekdays"][day.weekday()], day=day.day, month=w["months"][day.month - 1], year=day.year)


def worst_case(old: Regime, new: Regime, notified: date | None = None) -> WorstCase:
    """The dated worst case before and after, from `notified` (default: the new version's effective date).

    Raises CompileError (CG020) when a deadline would pass year 9999.
    """
    from ..timeline import REFERENCE_DATE, timeline

    notified = notified or new.effective or old.effective or REFERENCE_DATE
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


def _clause_texts(document) -> dict[str, tuple[str, str]]:
    """clause id -> (number or title, the clause's own text: title and blocks, sub-clauses apart)."""
    from ..docmodel import Clause, inlines_of, plain_text, walk

    def text(blocks) -> str:
        parts = []
        for b in walk(tuple(blocks)):
            if isinstance(b, Clause):
                break  # a sub-clause is compared on its own
            parts.append(repr(b) if not list(inlines_of(b)) else plain_text(tuple(inlines_of(b)), document.numbers))
        return "\n".join(parts)

    out = {}
    for b in walk(document.blocks):
        if isinstance(b, Clause):
            # An unnumbered document (the handbook) names its sections by title.
            label = b.number or (f"\u201c{b.title}\u201d" if b.title else "")
            out[b.id] = (label, "\n".join((b.title, text(b.blocks), text(b.after))))
    return out


def _outside(document) -> tuple[str, str]:
    """What a reader sees outside the clauses: the title page, and the loose blocks."""
    from ..docmodel import Clause

    return repr(document.meta), repr([b for b in document.blocks if not isinstance(b, Clause)])


def fingerprint(document) -> tuple[dict[str, tuple[str, str]], str]:
    """What a comparison needs of a document: each clause's label and text, and the rest."""
    return _clause_texts(document), _outside(document)


def compare_documents(old_doc, new_doc, kind: str) -> DocumentChange:
    """One document kind's change, clause by clause (either side may be None)."""
    return _compare(old_doc and fingerprint(old_doc), new_doc and fingerprint(new_doc), kind)


def _compare(old_fp, new_fp, kind: str) -> DocumentChange:
    w = words()["follows"]
    if old_fp is None and new_fp is None:
        return DocumentChange(kind, "same", summary=w["document_same"].format(kind=kind))
    if old_fp is None:
        return DocumentChange(kind, "added", summary=w["document_added"].format(kind=kind))
    if new_fp is None:
        return DocumentChange(kind, "removed", summary=w["document_removed"].format(kind=kind))
    (olds, old_rest), (news, new_rest) = old_fp, new_fp
    changed = [cid for cid, (_, t) in news.items() if cid in olds and olds[cid][1] != t]
    added = [cid for cid in news if cid not in olds]
    removed = [cid for cid in olds if cid not in news]
    # A clause with neither number nor title (a loose untitled part) counts as other text.
    title_page = old_rest[0] != new_rest[0]
    other = old_rest[1] != new_rest[1] or any(not (olds.get(c) or news.get(c))[0] for c in changed + added + removed)
    changed = tuple(news[c][0] for c in changed if news[c][0])
    added = tuple(news[c][0] for c in added if news[c][0])
    removed = tuple(olds[c][0] for c in removed if olds[c][0])
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
    return DocumentChange(kind, "changed", changed, added, removed, other, summary, title_page)


def _fingerprints(regime: Regime, library) -> dict:
    """kind -> fingerprint of each document the regime has; raises CompileError with every problem."""
    from ..api import assemble_documents

    return {kind: fingerprint(doc) for kind, doc in assemble_documents(regime, KINDS, library).documents.items()}


def documents(old: Regime, new: Regime, clause_dirs: tuple[Path, ...] = (), template_dirs: tuple[Path, ...] = ()) -> tuple[DocumentChange, ...]:
    """Every document kind's change. Assembles both versions (the costly part of a diff).

    Raises CompileError when the clause library or a template has a problem.
    """
    from ..documents.library import Library

    # One library for both versions: each clause and condition compiles once.
    # (Assembling the old version in a forked process was tried: it saved
    # little wall time on two cores and doubled the CPU time, since the
    # child compiled every clause again.)
    library = Library(clause_dirs, template_dirs)
    olds, news = _fingerprints(old, library), _fingerprints(new, library)
    return tuple(_compare(olds.get(k), news.get(k), k) for k in KINDS)
