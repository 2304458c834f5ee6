"""Proof that a redline is right, for every example and every renegotiation edit (issue 10).

For each example regime and each edit of tests/edits.py (read both ways
where an edit removes something, so that adding is proved too), and for a
change of clause-library wording, every document kind is compared and:

- in the document model, accepting every change gives the new version and
  rejecting every change the old one;
- in Word, pandoc's own reading of the redline with --track-changes=accept
  has the same words as pandoc's reading of the new version's DOCX, and
  with --track-changes=reject the old one's; openxml-audit finds no error.

A kind whose documents are equal needs no pandoc: the merged document is
then the new document itself, so its Word file is byte for byte the new one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

import pytest

from clausegen.api import assemble_documents, compile_source
from clausegen.documents.library import Library
from clausegen.redline import accept, compare, normalise, reject
from clausegen.source import SourceFile
from clausegen.writers import writer

from .edits import EDITS
from .redline_oracle import docx_words

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.regime"))
KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")
OPTIONS = {"revision_author": "clausegen tests", "revision_date": "2026-03-01T00:00:00Z", "source_date_epoch": 0}
#: edits that remove something, read backwards too: the redline of adding it
BOTH_WAYS = {"tier_removed": "tier_added", "mediation_removed": "mediation_added_back"}


#: examples that get every edit; the others (routes, Arb-Med-Arb, multi-party), the
#: edits in SOME_EDITS, so each construct is redlined while the suite stays in budget
EVERY_EDIT = {
    "acme-globex",
    "arbitration-singapore",
    "germany-managed-services",
    "saas-two-tier",
    "uk-public-sector-it",
}
SOME_EDITS = ("period_changed", "party_renamed")


def _pairs():
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        for name, edit in EDITS.items():
            if path.stem not in EVERY_EDIT and name not in SOME_EDITS:
                continue
            edited = edit(text)
            if edited is None:
                continue
            yield pytest.param(path.name, text, edited, (), id=f"{path.stem}-{name}")
            if name in BOTH_WAYS:
                yield pytest.param(path.name, edited, text, (), id=f"{path.stem}-{BOTH_WAYS[name]}")
        yield pytest.param(path.name, text, text, ("library",), id=f"{path.stem}-library_wording")


@cache
def _documents(name: str, text: str, library: tuple[str, ...]) -> dict:
    compiled = compile_source(SourceFile(name, text))
    dirs = (_edited_library(),) if library else ()
    return assemble_documents(compiled.regime, KINDS, Library(dirs, ())).documents


@lru_cache(maxsize=1)
def _edited_library() -> Path:
    """An organisation library whose continuity clause (both drafting styles) words one sentence differently."""
    import re
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="clausegen-orglib-"))
    (root / "continuity").mkdir(parents=True)
    for name in ("performance.md", "performance.plain.md"):
        text = (ROOT / "clauses" / "continuity" / name).read_text(encoding="utf-8")
        edited = re.sub(r" (must|shall) ", " will ", text, count=1)
        assert edited != text, "the library edit needs a word to change"
        (root / "continuity" / name).write_text(edited, encoding="utf-8")
    return root


@cache
def _plain_words(name: str, text: str, library: tuple[str, ...], kind: str) -> list[str]:
    """What pandoc reads in one version's own DOCX (each example's original serves every edit)."""
    return docx_words(writer("docx")(_documents(name, text, library)[kind], OPTIONS))


@pytest.mark.parametrize(("name", "old_text", "new_text", "library"), list(_pairs()))
def test_accepting_gives_the_new_version_and_rejecting_the_old(name, old_text, new_text, library):
    before = _documents(name, old_text, ())
    after = _documents(name, new_text, library)
    changed = 0
    jobs = []
    for kind in sorted(set(before) & set(after)):
        merged = compare(before[kind], after[kind])
        assert accept(merged) == normalise(after[kind]), f"{kind}: accepting every change is not the new version"
        # the title page's regime name and party list have no marked form: compare the rest
        old_meta = replace(reject(merged).meta, regime=before[kind].meta.regime, parties=before[kind].meta.parties)
        assert replace(reject(merged), meta=old_meta) == normalise(before[kind]), (
            f"{kind}: rejecting every change is not the old version"
        )
        if before[kind] == after[kind]:
            continue
        changed += 1
        jobs.append((kind, writer("docx")(merged, OPTIONS)))
    assert changed, "the edit changed no document"

    def words(job):
        kind, red = job
        new, old = _plain_words(name, new_text, library, kind), _plain_words(name, old_text, (), kind)
        return kind, (docx_words(red, track="accept"), new), (docx_words(red, track="reject"), old)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for kind, (accepted, new), (rejected, old) in pool.map(words, jobs):
            assert accepted == new, f"{kind}: accept-all differs from the new version's DOCX"
            assert rejected == old, f"{kind}: reject-all differs from the old version's DOCX"
