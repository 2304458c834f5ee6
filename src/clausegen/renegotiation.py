"""Redlines of a renegotiated regime: both versions' documents, compared and written.

For every document kind both versions have, the old and new document
models are compared (clausegen.redline) and the merged document goes to
each writer: Word gets real tracked changes only (a first page of prose
would be a change of its own when the lawyer accepts them all); HTML, PDF
and Markdown open with a summary of the changes in words
(clausegen.changes). A kind that only one version has is reported, never
silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .api import Compiled, Output, assemble_documents
from .diagnostics import Diagnostic
from .kinds import KINDS

if TYPE_CHECKING:
    from .changes.report import Report
    from .docmodel import Block, Document
    from .writers import WriterOptions

#: the formats a redline is made in when none are asked for
REDLINE_FORMATS = ("docx", "html", "pdf")
#: formats that open with the summary page (Word shows the changes themselves)
SUMMARY_FORMATS = ("html", "pdf", "md")


@dataclass(frozen=True)
class Version:
    """One side of a renegotiation: a compiled regime and the libraries it is built with."""

    compiled: Compiled
    clause_dirs: tuple[Path, ...] = ()
    template_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Redlines:
    """What a redline run produced, in memory."""

    outputs: list[Output]
    warnings: list[Diagnostic]
    only_old: list[str]  # kinds the old version has and the new one does not
    only_new: list[str]  # kinds only the new version has
    report: Report  # the semantic diff, and library wording apart


def revision_date(new: Compiled, epoch: datetime | None) -> str:
    """The date every tracked change carries: SOURCE_DATE_EPOCH, else the new version's effective date.

    Never the clock: the same inputs give the same bytes.
    """
    if epoch is not None:
        moment = epoch.astimezone(UTC)
    else:
        day = new.regime.effective or date(1980, 1, 1)
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def redline_documents(
    old: Version,
    new: Version,
    out_dir: Path,
    kinds: tuple[str, ...],
    formats: tuple[str, ...] = REDLINE_FORMATS,
    writer_options: WriterOptions | None = None,
) -> Redlines:
    """Every requested redline in every requested format, in memory, as OUT_DIR/<kind>.redline.<fmt>.

    Raises CompileError with every problem found in either version's clause
    library or templates; nothing is written here.
    """
    from .changes import make_report, sentences, summary_blocks
    from .documents.library import Library
    from .lock import from_build
    from .redline import compare
    from .render import Renderer

    # Every kind of both versions, assembled once: the redlines use the kinds
    # asked for, the summary's "what follows" all of them. One library serves
    # both versions when they share it, so each clause compiles once.
    same_library = (old.clause_dirs, old.template_dirs) == (new.clause_dirs, new.template_dirs)
    new_library = Library(new.clause_dirs, new.template_dirs)
    old_library = new_library if same_library else Library(old.clause_dirs, old.template_dirs)
    before = assemble_documents(old.compiled.regime, KINDS, old_library)
    after = assemble_documents(new.compiled.regime, KINDS, new_library)
    used = from_build({k: files for k, files in after.used.items() if k in kinds})
    report = make_report(
        old.compiled,
        new.compiled,
        clause_dirs=new.clause_dirs,
        template_dirs=new.template_dirs,
        used=used,
        assembled=(before.documents, after.documents) if same_library else None,
    )
    news = dict(after.documents)
    if "handbook" in kinds and "handbook" in news:
        # The new version as `build --previous OLD` issues it: its handbook opens with what changed.
        changes = sentences(old.compiled.regime, new.compiled.regime)
        news["handbook"] = assemble_documents(
            new.compiled.regime, ("handbook",), new_library, changes=changes
        ).documents["handbook"]
    summary = tuple(summary_blocks(report))
    olds = before.documents
    both = [k for k in kinds if k in olds and k in news]
    word = tuple(f for f in formats if f not in SUMMARY_FORMATS)
    rest = tuple(f for f in formats if f in SUMMARY_FORMATS)
    options: WriterOptions = {**(writer_options or {})}
    with Renderer(word, options) as plain, Renderer(rest, options) as summarised:
        for kind in both:
            merged = compare(olds[kind], news[kind])
            if word:
                plain.start(kind, merged)
            if rest:
                summarised.start(kind, with_summary(merged, summary))
        rendered = {**plain.finish(), **summarised.finish()}
    outputs = [Output(out_dir / f"{kind}.redline.{fmt}", rendered[kind, fmt]) for kind in both for fmt in formats]
    return Redlines(
        outputs,
        before.warnings + after.warnings,
        [k for k in kinds if k in olds and k not in news],
        [k for k in kinds if k in news and k not in olds],
        report,
    )


def with_summary(document: Document, summary: tuple[Block, ...]) -> Document:
    """The document with the summary of changes before everything else (before its contents list too)."""
    from .docmodel import PageBreak

    if not summary:
        return document
    lead = (*summary, PageBreak())
    return replace(document, blocks=lead + document.blocks, front=document.front + len(lead))
