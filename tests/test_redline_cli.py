"""`clausegen redline OLD NEW -o DIR`, end to end on the worked example (examples/renegotiation)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main

from .edits import mediation_removed
from .redline_oracle import docx_words

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "examples" / "renegotiation" / "acme-v1.regime"
V2 = ROOT / "examples" / "renegotiation" / "acme-v2.regime"
KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")


def _run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env or {"SOURCE_DATE_EPOCH": None})


def _body(docx: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
def redlines(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("redline")
    result = _run("redline", str(V1), str(V2), "-o", str(out), "--format", "docx,html,md")
    assert result.exit_code == 0, result.output
    assert "wrote 15 files" in result.output
    return out


def test_every_kind_both_versions_have_is_redlined_in_every_format(redlines):
    assert sorted(p.name for p in redlines.iterdir()) == sorted(
        f"{k}.redline.{f}" for k in KINDS for f in ("docx", "html", "md")
    )


def test_word_redline_has_real_tracked_changes_dated_from_the_new_version(redlines):
    body = _body((redlines / "schedule.redline.docx").read_bytes())
    # 10 -> 15 Business Days for the Executive Sponsors, word by word
    assert re.search(r"<w:del [^>]*w:author=\"clausegen\"[^>]*>.*?<w:delText[^>]*>ten</w:delText>", body)
    assert re.search(r"<w:ins [^>]*>.*?<w:t[^>]*>fifteen</w:t>", body)
    dates = set(re.findall(r'<w:(?:ins|del) [^>]*w:date="([^"]+)"', body))
    assert dates == {"2026-03-01T00:00:00Z"}  # acme-v2's effective date; never the clock
    ids = re.findall(r'<w:(?:ins|del) [^>]*w:id="(\d+)"', body)
    assert len(ids) == len(set(ids)) > 10


def test_accepting_the_word_redline_gives_the_new_schedule_and_rejecting_the_old(redlines, tmp_path):
    assert _run("build", str(V1), str(V2), "-o", str(tmp_path), "--format", "docx", "--doc", "schedule").exit_code == 0
    red = (redlines / "schedule.redline.docx").read_bytes()
    assert docx_words(red, track="accept") == docx_words((tmp_path / "acme-v2" / "schedule.docx").read_bytes())
    assert docx_words(red, track="reject") == docx_words((tmp_path / "acme-v1" / "schedule.docx").read_bytes())


def test_html_and_markdown_open_with_the_summary_of_changes_and_word_does_not(redlines):
    html = (redlines / "schedule.redline.html").read_text(encoding="utf-8")
    summary, contents = html.find("Summary of changes"), html.find("Contents")
    assert 0 < summary < contents
    assert (
        "Tier 3 (Executive Sponsors): time limit 10 -&gt; 15 Business Days" in html
        or "Tier 3 (Executive Sponsors): time limit 10 -> 15 Business Days" in html
    )
    assert "<del" in html and "<ins" in html
    md = (redlines / "schedule.redline.md").read_text(encoding="utf-8")
    assert "Summary of changes" in md and "<ins>" in md and "<del>" in md
    assert "Summary of changes" not in " ".join(
        docx_words((redlines / "schedule.redline.docx").read_bytes(), track="accept")
    )


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    for out in ("a", "b"):
        assert (
            _run(
                "redline",
                str(V1),
                str(V2),
                "-o",
                str(tmp_path / out),
                "--format",
                "docx,html",
                "--doc",
                "schedule,notice",
            ).exit_code
            == 0
        )
    for name in ("schedule.redline.docx", "schedule.redline.html", "notice.redline.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_author_and_source_date_epoch(tmp_path):
    result = _run(
        "redline",
        str(V1),
        str(V2),
        "-o",
        str(tmp_path),
        "--format",
        "docx",
        "--doc",
        "notice",
        "--author",
        "Jane Drafter <Legal>",
        env={"SOURCE_DATE_EPOCH": "1767225600"},
    )
    assert result.exit_code == 0, result.output
    body = _body((tmp_path / "notice.redline.docx").read_bytes())
    assert 'w:author="Jane Drafter &lt;Legal&gt;"' in body
    assert set(re.findall(r'w:date="([^"]+)"', body)) == {"2026-01-01T00:00:00Z"}


def test_a_kind_only_one_version_has_is_reported_not_dropped(tmp_path):
    without = tmp_path / "without-mediation.regime"
    without.write_text(mediation_removed(V2.read_text(encoding="utf-8")), encoding="utf-8")
    result = _run("redline", str(V2), str(without), "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 0, result.output
    assert f"only {V2} has a mediation-agreement" in result.output
    assert not (tmp_path / "out" / "mediation-agreement.redline.md").exists()
    assert (tmp_path / "out" / "schedule.redline.md").exists()


def test_a_broken_version_gets_its_diagnostics_and_nothing_is_written(tmp_path):
    broken = tmp_path / "broken.regime"
    broken.write_text(
        V2.read_text(encoding="utf-8").replace("within 15 business_days", "within fifteen business_days"),
        encoding="utf-8",
    )
    result = _run("redline", str(V1), str(broken), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{broken}:" in result.output and "error[" in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_file_is_a_usage_problem_naming_it(tmp_path):
    result = _run("redline", str(V1), str(tmp_path / "nope.regime"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nope.regime" in result.output


def test_word_redline_passes_openxml_audit(redlines):
    audit = pytest.importorskip("openxml_audit")
    for kind in ("schedule", "handbook"):
        result = audit.OpenXmlValidator(file_format=audit.FileFormat.OFFICE_2019).validate(
            str(redlines / f"{kind}.redline.docx")
        )
        assert [e.description for e in result.errors] == [], kind


def test_the_handbook_redline_is_of_the_handbook_build_previous_issues(redlines):
    # the new handbook opens with what changed since the old version, in words, as inserted text
    md = (redlines / "handbook.redline.md").read_text(encoding="utf-8")
    what_changed = md[md.index("What changed in this version") :][:4000]
    assert re.search(r"<ins>[^<]*Tier 2 \(Commercial Directors\) added", what_changed), what_changed[:1500]
    assert "client.commercial_director" not in md
