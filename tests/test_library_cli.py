"""`clausegen build` of a library, end to end through the command line (issue 11)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "library"
REGIMES = [
    "contracts/acme-globex.regime",
    "contracts/eu/germany-managed-services.regime",
    "contracts/uk-public-sector-it.regime",
]


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": "1767225600"})


@pytest.fixture()
def library(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "library"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build", ".clausegen-cache"))
    monkeypatch.chdir(root)
    return root


def _built(output: str) -> set[str]:
    return set(re.findall(r"^built (\S+\.regime)", output, re.M))


def test_build_with_no_file_builds_the_library_then_nothing_when_nothing_changed(library):
    first = _run("build", "-j", "2", "--format", "md")
    assert first.exit_code == 0, first.output
    assert _built(first.output) == set(REGIMES)
    assert (library / "build" / "contracts" / "acme-globex" / "schedule.md").is_file()
    again = _run("build", "-j", "2", "--format", "md")
    assert again.exit_code == 0 and _built(again.output) == set()
    assert "0 built, 3 unchanged, 0 failed" in again.output
    check = _run("build", "--check", "--format", "md")
    assert check.exit_code == 0, check.output


def test_check_lists_what_an_edit_made_stale_and_exits_1(library):
    assert _run("build", "--format", "md").exit_code == 0
    regime = library / REGIMES[2]
    regime.write_text(
        regime.read_text(encoding="utf-8").replace("within 10 working_days", "within 12 working_days", 1),
        encoding="utf-8",
    )
    check = _run("build", "--check", "--format", "md")
    assert check.exit_code == 1
    assert "stale build/contracts/uk-public-sector-it/schedule.md (the source changed)" in check.output
    assert "acme-globex/schedule.md" not in check.output


def test_the_shards_together_build_every_regime_once(library):
    seen = []
    for i in (1, 2, 3):
        result = _run("build", "--shard", f"{i}/3", "--format", "md")
        assert result.exit_code == 0, result.output
        seen += sorted(_built(result.output))
    assert sorted(seen) == sorted(REGIMES)
    # no shard removed another's documents
    assert all((library / "build" / Path(r).with_suffix("") / "schedule.md").is_file() for r in REGIMES)


def test_reports_for_ci(library):
    result = _run("build", "--format", "md", "--report", "r.json", "--junit", "j.xml", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads((library / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["built"] == 3 and all(len(r["outputs"]) == 5 for r in data["regimes"])
    suite = ET.parse(library / "j.xml").getroot()
    assert len(suite.findall(".//testcase")) == 3


def test_a_broken_regime_does_not_stop_the_others(library):
    broken = library / REGIMES[0]
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("within 10 business_days", "within ten business_days", 1),
        encoding="utf-8",
    )
    result = _run("build", "-j", "2", "--format", "md")
    assert result.exit_code == 1
    assert "error[" in result.output and "acme-globex.regime:" in result.output
    assert _built(result.output) == set(REGIMES[1:])


def test_a_library_folder_given_as_the_file(library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run("build", library, "--format", "md", "-q")
    assert result.exit_code == 0, result.output
    assert (library / "build" / "contracts" / "acme-globex" / "schedule.md").is_file()


def test_usage_problems_exit_2(library):
    assert _run("build", "--shard", "4/3").exit_code == 2
    assert _run("build", "--shard", "x").exit_code == 2


def test_a_bad_library_file_is_a_diagnostic_at_its_line(library):
    (library / "clausegen.toml").write_text('regimes = ["contracts/**/*.regime"]\nformat = ["md"]\n', encoding="utf-8")
    result = _run("build")
    assert result.exit_code == 1
    assert re.search(r"clausegen\.toml:2:1", result.output), result.output
    assert "did you mean" in result.output


def test_named_files_can_be_checked_too(library):
    assert _run("build", REGIMES[2], "--format", "md", "-o", "out").exit_code == 0
    assert _run("build", "--check", REGIMES[2], "--format", "md", "-o", "out").exit_code == 0
    (library / "out" / "uk-public-sector-it" / "notice.md").unlink()
    result = _run("build", "--check", REGIMES[2], "--format", "md", "-o", "out")
    assert result.exit_code == 1 and "missing" in result.output


def test_check_diff_says_what_changed_in_a_stale_regime_since_it_was_built(library):
    assert _run("build", "--format", "md").exit_code == 0
    regime = library / REGIMES[0]
    regime.write_text(regime.read_text(encoding="utf-8").replace('body "CEDR"', 'body "IDRC"'), encoding="utf-8")
    result = _run("build", "--check", "--diff", "--format", "md")
    assert result.exit_code == 1
    assert 'Mediation: mediation body "CEDR" -> "IDRC"' in result.output
    assert "(as built)" in result.output
