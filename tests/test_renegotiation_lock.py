"""A renegotiation between two locked versions: the library's own wording changes are shown apart.

Both versions are built in today's wording, so a redline marks only what was
renegotiated; `diff` and `redline` list the clause files whose wording
changed since the old version's lock separately from the regime's changes.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from clausegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "renegotiation"


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": None})


def _setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    org = tmp_path / "org"
    (org / "continuity").mkdir(parents=True)
    for name in ("performance.md", "performance.plain.md"):
        shutil.copy(ROOT / "clauses" / "continuity" / name, org / "continuity" / name)
    v1, v2 = tmp_path / "acme-v1.regime", tmp_path / "acme-v2.regime"
    shutil.copy(EXAMPLE / "acme-v1.regime", v1)
    shutil.copy(EXAMPLE / "acme-v2.regime", v2)
    for v in (v1, v2):
        assert _run("lock", v, "--clauses", org).exit_code == 0
    # after both were locked, the organisation rewords its continuity clause
    clause = org / "continuity" / "performance.md"
    clause.write_text(
        re.sub(r" (shall|must) ", " will ", clause.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    return org, v1, v2


def test_locked_build_fails_naming_the_reworded_clause(tmp_path):
    org, _, v2 = _setup(tmp_path)
    result = _run("build", "--locked", v2, "--clauses", org, "-o", tmp_path / "out", "--format", "md")
    assert result.exit_code == 1
    assert "org:continuity/performance.md" in result.output
    assert not (tmp_path / "out").exists()


def test_redline_between_locked_versions_marks_only_the_renegotiation(tmp_path):
    org, v1, v2 = _setup(tmp_path)
    result = _run(
        "redline", v1, v2, "--clauses", org, "-o", tmp_path / "red", "--format", "docx,md", "--doc", "schedule"
    )
    assert result.exit_code == 0, result.output
    assert "clause library's wording changed" in result.output
    assert "org:continuity/performance.md" in result.output
    body = (
        zipfile.ZipFile(io.BytesIO((tmp_path / "red" / "schedule.redline.docx").read_bytes()))
        .read("word/document.xml")
        .decode()
    )
    inserted = " ".join(re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", body, re.S))
    deleted = " ".join(re.findall(r"<w:del [^>]*>(.*?)</w:del>", body, re.S))
    assert "fifteen" in inserted and "ten" in deleted  # the renegotiated limit
    # the reworded sentence is in the redline, unmarked: not part of the renegotiation
    assert " will " in re.sub(r"<[^>]+>", "", body)
    assert ">will<" not in inserted and " will " not in re.sub(r"<[^>]+>", "", inserted)
    md = (tmp_path / "red" / "schedule.redline.md").read_text(encoding="utf-8")
    assert "Clause library wording" in md and "org:continuity/performance.md" in md


def test_diff_lists_library_wording_apart_from_the_regime(tmp_path):
    org, v1, v2 = _setup(tmp_path)
    text = _run("diff", v1, v2, "--clauses", org, "--no-documents")
    assert text.exit_code == 1
    regime_part, library_part = text.output.split("Clause library wording changed since", 1)
    assert "Tier 3 (Executive Sponsors): time limit 10 -> 15 Business Days" in regime_part
    assert "org:continuity/performance.md" in library_part and "org:continuity" not in regime_part
    data = json.loads(_run("diff", v1, v2, "--clauses", org, "--no-documents", "--format", "json").output)
    assert [e["file"] for e in data["library"]] == ["org:continuity/performance.md"]
    assert data["library"][0]["locked_sha256"] != data["library"][0]["sha256"]


def test_same_regime_with_only_library_drift_is_a_difference(tmp_path):
    org, v1, _ = _setup(tmp_path)
    result = _run("diff", v1, v1, "--clauses", org)
    assert result.exit_code == 1
    assert "No changes." in result.output and "org:continuity/performance.md" in result.output
