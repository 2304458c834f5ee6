"""A diff report and its three forms: text (like `terraform plan`), JSON, Markdown.

The JSON form is a documented interface (docs/diff.md): its keys are stable
and it carries a schema_version, raised whenever a key changes meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..source import Span
from .compare import Change, ChangeKind, diff_regimes
from .follows import DocumentChange, WorstCase
from .schema import SCHEMA_VERSION, CountsJSON, ReportJSON, SpanJSON

if TYPE_CHECKING:
    from ..api import Compiled
    from ..docmodel import Document
    from ..lock import LibraryChange, Used
    from ..model import Regime

__all__ = ["SCHEMA_VERSION", "SIGNS", "Report", "make_report", "to_json", "to_markdown", "to_plain", "to_text"]

SIGNS: dict[ChangeKind, str] = {"added": "+", "removed": "-", "changed": "~"}


@dataclass(frozen=True)
class Report:
    """Everything `clausegen diff` says about two versions of a regime."""

    old_file: str
    new_file: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...]
    documents: tuple[DocumentChange, ...] = ()
    worst_case: WorstCase | None = None
    # Clause-library files whose wording differs from the old version's lock
    # (clausegen.lock.LibraryChange): not a change of the regime, shown apart.
    library: tuple[LibraryChange, ...] = ()

    def counts(self) -> CountsJSON:
        """How many changes of each kind, and in total."""

        def count(kind: ChangeKind) -> int:
            return sum(c.change == kind for c in self.changes)

        return {
            "total": len(self.changes),
            "added": count("added"),
            "removed": count("removed"),
            "changed": count("changed"),
        }

    @property
    def changed(self) -> bool:
        """Whether anything differs: the regime, or the library's wording since the old lock."""
        return bool(self.changes or self.library)


def make_report(
    old: Compiled,
    new: Compiled,
    notified: date | None = None,
    with_documents: bool = True,
    clause_dirs: tuple[Path, ...] = (),
    template_dirs: tuple[Path, ...] = (),
    used: Used | None = None,
    assembled: tuple[dict[str, Document], dict[str, Document]] | None = None,
) -> Report:
    """The report for two compiled versions (clausegen.api.Compiled).

    Documents are assembled only when the regimes differ and `with_documents`:
    equal models give equal documents, and assembling is most of a diff's time.
    When the old version has a lock (OLD.regime.lock), the clause-library
    files whose wording changed since are listed apart (`library`; `used`:
    the files the new version's documents use, when the caller has them;
    `assembled`: both versions' documents, kind -> Document, when the caller
    has assembled every kind with one library already).
    """
    from .follows import document_changes, documents, worst_case
    from .spans import pinpoint

    changes = pinpoint(diff_regimes(old.regime, new.regime), old.tree, new.tree)
    if not (changes and with_documents):
        docs: tuple[DocumentChange, ...] = ()
    elif assembled is not None:
        docs = document_changes(*assembled)
    else:
        docs = documents(old.regime, new.regime, clause_dirs, template_dirs)
    worst = worst_case(old.regime, new.regime, notified)
    library = library_drift(old.source.name, new.regime, clause_dirs, template_dirs, used)
    return Report(
        old.source.name, new.source.name, old.regime.version, new.regime.version, tuple(changes), docs, worst, library
    )


def library_drift(
    old_file: str,
    new_regime: Regime,
    clause_dirs: tuple[Path, ...] = (),
    template_dirs: tuple[Path, ...] = (),
    used: Used | None = None,
) -> tuple[LibraryChange, ...]:
    """The clause-library files whose wording differs from the lock beside the old
    version's file, if it has one: files it used whose text changed since it was
    locked ("changed" only; a file now used or no longer used follows from the
    regime). `used` is what the new version's documents use, when already known.
    A malformed lock raises CompileError (CG130-CG134)."""
    from ..lock import library_changes, lock_path, used_files

    where = lock_path(old_file)
    if not where.is_file():
        return ()
    if used is None:
        used = used_files(new_regime, clause_dirs, template_dirs)
    return tuple(c for c in library_changes(where, used) if c.change == "changed")


def summary_line(report: Report) -> str:
    """'3 changes: 1 added, 0 removed, 2 changed' (or 'No changes.')."""
    n = report.counts()
    if not n["total"]:
        return "No changes."
    return f"{n['total']} change{'s' if n['total'] != 1 else ''}: {n['added']} added, {n['removed']} removed, {n['changed']} changed"


def _where(span: Span | None) -> str:
    return f"{span.file}:{span.line}:{span.column}" if span else "(none)"


def _title(report: Report) -> str:
    def side(name: str, version: str) -> str:
        return f"{name} (version {version})" if version else name

    return f"{side(report.old_file, report.old_version)} -> {side(report.new_file, report.new_version)}"


def _follows(report: Report) -> list[str]:
    """The lines of what follows: each changed document, then the worst case and its notice date."""
    from .follows import day_words
    from .words import words

    lines = [d.summary for d in report.documents if d.status != "same"]
    if report.worst_case:
        lines.append(report.worst_case.summary)
        lines.append(words()["follows"]["notified"].format(date=day_words(report.worst_case.notified)))
    return lines


def to_text(report: Report) -> str:
    """The plan-like text: one line per change with its sign, path and source, then what follows."""
    lines = [f"clausegen diff: {_title(report)}", ""]
    for c in report.changes:
        lines.append(f"  {SIGNS[c.change]} {c.summary}")
        lines.append(f"      {c.key}  {c.path}")
        lines.append(f"      {_where(c.old_span)} -> {_where(c.new_span)}")
    if report.changes:
        lines.append("")
    follows = _follows(report)
    if report.changes and follows:
        lines.append("What follows:")
        lines += [f"  {f}" for f in follows]
        lines.append("")
    if report.library:
        lines.append(_library_heading(report))
        lines += [f"  {c.describe()}" for c in report.library]
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _library_heading(report: Report) -> str:
    from .words import words

    return words()["library"]["heading"].format(lock=f"{report.old_file}.lock")


def _span_json(span: Span | None) -> SpanJSON | None:
    if span is None:
        return None
    return {
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def to_plain(report: Report) -> ReportJSON:
    """The report as the JSON object documented in docs/diff.md."""
    w = report.worst_case
    return {
        "schema_version": SCHEMA_VERSION,
        "old": {"file": report.old_file, "version": report.old_version},
        "new": {"file": report.new_file, "version": report.new_version},
        "summary": report.counts(),
        "changes": [
            {
                "key": c.key,
                "path": c.path,
                "change": c.change,
                "summary": c.summary,
                "before": c.before,
                "after": c.after,
                "old_span": _span_json(c.old_span),
                "new_span": _span_json(c.new_span),
            }
            for c in report.changes
        ],
        "documents": [
            {
                "kind": d.kind,
                "status": d.status,
                "changed": list(d.changed),
                "added": list(d.added),
                "removed": list(d.removed),
                "title_page": d.title_page,
                "other_text": d.other,
                "summary": d.summary,
            }
            for d in report.documents
        ],
        "worst_case": None
        if w is None
        else {
            "notified": w.notified.isoformat(),
            "before": w.before.isoformat(),
            "after": w.after.isoformat(),
            "days": w.days,
            "summary": w.summary,
        },
        "library": [
            {"file": c.name, "documents": list(c.documents), "locked_sha256": c.old, "sha256": c.new}
            for c in report.library
        ],
    }


def to_json(report: Report) -> str:
    """The JSON form, keys in a fixed order, UTF-8 text."""
    return json.dumps(to_plain(report), indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A pull-request comment: a table of changes, then what follows, then the summary line."""
    lines = [f"### clausegen diff: {_md(_title(report))}", ""]
    if report.changes:
        lines += ["| | Change | Key | Source |", "|---|---|---|---|"]
        for c in report.changes:
            where = _where(c.new_span if c.new_span else c.old_span)
            lines.append(f"| `{SIGNS[c.change]}` | {_md(c.summary)} | `{c.key}` | `{_md(where)}` |")
        lines.append("")
        follows = _follows(report)
        if follows:
            lines += ["**What follows**", ""] + [f"- {_md(f)}" for f in follows] + [""]
    if report.library:
        lines += (
            [f"**{_md(_library_heading(report))}**", ""] + [f"- `{_md(c.describe())}`" for c in report.library] + [""]
        )
    lines.append(f"**{summary_line(report)}**")
    return "\n".join(lines) + "\n"
