"""The library build engine (project.engine): parallel, incremental, check mode."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from clausegen.project import engine
from clausegen.project.cache import MANIFEST
from clausegen.project.config import Project, RegimeJob
from clausegen.resources import data_dir

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FROM = {
    "acme": ("acme-globex.regime", "Acme / Globex Customer Operations Agreement"),
    "lion": ("arbitration-singapore.regime", None),
    "rhein": ("germany-managed-services.regime", None),
}
#: a clause only the Singapore regime uses
ORG_CLAUSE = "final/governing_law.singapore.md"
KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")


def _retitle(text: str, name: str) -> str:
    start = text.index('regime "') + len('regime "')
    end = text.index('"', start)
    return text[:start] + f"{name} {text[start:end]}" + text[end:]


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "lib"
    (root / "regimes").mkdir(parents=True)
    for stem, (example, _) in FROM.items():
        text = (EXAMPLES / example).read_text(encoding="utf-8")
        (root / "regimes" / f"{stem}.regime").write_text(_retitle(text, stem.title()), encoding="utf-8")
    org = root / "org-clauses"
    (org / "final").mkdir(parents=True)
    shutil.copy(data_dir("clauses") / ORG_CLAUSE, org / ORG_CLAUSE)
    return root


def project_of(root: Path, stems=None, formats=("md", "html"), kinds=("schedule", "notice"), **job_fields) -> Project:
    """The library as a Project; two kinds by default, to keep the tests fast."""
    stems = stems or sorted(p.stem for p in (root / "regimes").glob("*.regime"))
    jobs = tuple(
        RegimeJob(
            path=root / "regimes" / f"{s}.regime",
            out_dir=root / "build" / s,
            kinds=kinds,
            formats=formats,
            clause_dirs=(root / "org-clauses",),
            template_dirs=(),
            reference_docx=None,
            font_dirs=(),
            draft=False,
            **job_fields,
        )
        for s in sorted(stems)
    )
    return Project(root=root, config_file=None, output=root / "build", cache_dir=root / ".clausegen-cache", jobs=jobs)


def statuses(results) -> dict[str, str]:
    return {r.path.stem: r.status for r in results}


def mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted((root / "build").rglob("*")) if p.is_file()}


def test_parallel_build_equals_clausegen_build(library, tmp_path):
    """Two workers build every regime; each file is byte for byte what `clausegen build` writes,
    and each worker made its clause library once for all the regimes it built."""
    from click.testing import CliRunner

    from clausegen.cli import main

    project = project_of(library, kinds=KINDS)
    seen = []
    results = engine.build_project(project, workers=2, on_result=seen.append)
    assert statuses(results) == {"acme": "built", "lion": "built", "rhein": "built"}
    assert [r.path for r in results] == [j.path for j in project.jobs]
    assert len(seen) == 3
    assert engine.WORKER_STATS and all(made == 1 for _, made, _ in engine.WORKER_STATS)
    assert len({pid for pid, _, _ in engine.WORKER_STATS}) == 2  # both workers did some of it
    cli_out = tmp_path / "cli"
    files = [str(j.path) for j in project.jobs]
    run = CliRunner().invoke(
        main, ["build", *files, "-o", str(cli_out), "--format", "md,html", "--clauses", str(library / "org-clauses")]
    )
    assert run.exit_code == 0, run.output
    for r in results:
        assert r.outputs and not r.errors
        for path, sha in r.outputs:
            expected = cli_out / r.path.stem / path.name
            assert path.read_bytes() == expected.read_bytes(), path
            import hashlib

            assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert {p.name for p in (library / "build" / "lion").iterdir()} == {
        f"{k}.{f}" for k in KINDS for f in ("md", "html")
    } | {MANIFEST}
    assert engine.build_project(project, workers=2, check=True)[0].status == "current"


def test_broken_regime_reported_others_built(library):
    (library / "regimes" / "broken.regime").write_text('regime "Broken" {\n  parties {\n', encoding="utf-8")
    results = engine.build_project(project_of(library), workers=2)
    by = {r.path.stem: r for r in results}
    assert by["broken"].status == "failed" and by["broken"].errors and not by["broken"].outputs
    assert all(d.span.file.endswith("broken.regime") for d in by["broken"].errors)
    assert {by[s].status for s in ("acme", "lion", "rhein")} == {"built"}
    assert not (library / "build" / "broken").exists()


def test_incremental_rebuilds_only_what_changed(library):
    """No-op rebuild touches nothing; an edited regime or an edited organisation clause
    rebuilds only the regimes that depend on it; force rebuilds all."""
    project = project_of(library)
    first = engine.build_project(project, workers=2)
    before = mtimes(library)
    again = engine.build_project(project, workers=1)
    assert set(statuses(again).values()) == {"unchanged"}
    # an unchanged regime reports its warnings again (Acme's CG032), so --strict still sees them
    assert first[0].warnings and [r.warnings for r in again] == [r.warnings for r in first]
    assert mtimes(library) == before
    assert [r.outputs for r in again] == [r.outputs for r in engine.build_project(project, workers=1)]

    rhein = library / "regimes" / "rhein.regime"
    rhein.write_text(rhein.read_text(encoding="utf-8").replace("Rhein ", "Rhine "), encoding="utf-8")
    assert statuses(engine.build_project(project, workers=2)) == {
        "acme": "unchanged",
        "lion": "unchanged",
        "rhein": "built",
    }
    assert "Rhine" in (library / "build" / "rhein" / "schedule.md").read_text(encoding="utf-8")

    clause = library / "org-clauses" / ORG_CLAUSE
    clause.write_text(clause.read_text(encoding="utf-8") + "\nORG WORDING\n", encoding="utf-8")
    assert statuses(engine.build_project(project, workers=1)) == {
        "acme": "unchanged",
        "lion": "built",
        "rhein": "unchanged",
    }
    assert "ORG WORDING" in (library / "build" / "lion" / "schedule.md").read_text(encoding="utf-8")

    # a new file in the organisation library may override a clause: every regime using it is rebuilt
    (library / "org-clauses" / "final" / "new.md").write_text('+++\ntitle = "New"\n+++\nnew\n', encoding="utf-8")
    assert set(statuses(engine.build_project(project, workers=2)).values()) == {"built"}

    assert set(statuses(engine.build_project(project, workers=1, force=True)).values()) == {"built"}
    # an edited output is put back
    out = library / "build" / "acme" / "notice.md"
    out.write_text("edited", encoding="utf-8")
    assert statuses(engine.build_project(project, workers=1))["acme"] == "built"
    assert out.read_text(encoding="utf-8") != "edited"


def test_options_are_part_of_the_key(library):
    project = project_of(library, stems=["acme"])
    engine.build_project(project, workers=1)
    fewer = project_of(library, stems=["acme"], formats=("md",))
    (result,) = engine.build_project(fewer, workers=1)
    assert result.status == "built"
    assert sorted(p.name for p in (library / "build" / "acme").iterdir()) == [MANIFEST, "notice.md", "schedule.md"]
    dated = project_of(library, stems=["acme"], formats=("md",), notified=date(2026, 3, 2))
    assert engine.build_project(dated, workers=1)[0].status == "built"
    assert engine.build_project(dated, workers=1)[0].status == "unchanged"


def test_removed_regime_outputs_removed(library):
    engine.build_project(project_of(library), workers=2)
    (library / "regimes" / "rhein.regime").unlink()
    (library / "build" / "rhein" / "notes.txt").write_text("mine", encoding="utf-8")
    shrunk = project_of(library)
    checked = engine.build_project(shrunk, workers=1, check=True)
    extra = [r for r in checked if r.path.stem == "rhein"]
    assert extra and {kind for _, kind, _ in extra[0].problems} == {"extra"}
    assert "no longer in the library" in extra[0].problems[0][2]
    assert (library / "build" / "rhein" / "schedule.md").exists()  # check mode writes nothing
    results = engine.build_project(shrunk, workers=1)
    assert statuses(results) == {"acme": "unchanged", "lion": "unchanged", "rhein": "removed"}
    assert sorted(p.name for p in (library / "build" / "rhein").iterdir()) == ["notes.txt"]  # only our files go
    assert statuses(engine.build_project(shrunk, workers=1)) == {"acme": "unchanged", "lion": "unchanged"}


def test_shard_build_does_not_prune_the_others(library):
    project = project_of(library)
    engine.build_project(project, workers=1)
    share = replace(project, jobs=project.jobs[:1])
    assert statuses(engine.build_project(share, workers=1, prune=False)) == {"acme": "unchanged"}
    assert (library / "build" / "rhein" / "schedule.md").exists()


def test_check_mode(library):
    project = project_of(library)
    fresh = engine.build_project(project, workers=2, check=True)
    assert set(statuses(fresh).values()) == {"stale"}
    assert all({kind for _, kind, _ in r.problems} == {"missing"} for r in fresh)
    assert not (library / "build").exists() and not (library / ".clausegen-cache").exists()

    engine.build_project(project, workers=2)
    before = mtimes(library)
    assert set(statuses(engine.build_project(project, workers=1, check=True)).values()) == {"current"}
    assert mtimes(library) == before

    lion = library / "regimes" / "lion.regime"
    lion.write_text(lion.read_text(encoding="utf-8").replace("Lion ", "Tiger "), encoding="utf-8")
    (library / "build" / "acme" / "notice.html").unlink()
    (library / "build" / "rhein" / "handbook.md").write_bytes(b"old")
    clause = library / "org-clauses" / ORG_CLAUSE
    checked = {r.path.stem: r for r in engine.build_project(project, workers=2, check=True)}
    assert checked["acme"].status == "stale"
    assert checked["acme"].problems == (
        (library / "build" / "acme" / "notice.html", "missing", "it was deleted since it was built"),
    )
    assert checked["lion"].status == "stale"
    assert {(p.name, kind) for p, kind, _ in checked["lion"].problems} >= {("schedule.md", "stale")}
    assert all(why == "the source changed" for _, _, why in checked["lion"].problems)
    assert checked["rhein"].problems == (
        (library / "build" / "rhein" / "handbook.md", "extra", "the regime does not have this document in this format"),
    )

    lion.write_text(lion.read_text(encoding="utf-8").replace("Tiger ", "Lion "), encoding="utf-8")
    clause.write_text(clause.read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")
    checked = {r.path.stem: r for r in engine.build_project(project, workers=1, check=True)}
    assert {why for _, _, why in checked["lion"].problems} == {f"clause file org:{ORG_CLAUSE} changed"}
    assert checked["acme"].status == "stale" and checked["rhein"].status == "stale"  # the missing and extra files


def test_cache_has_no_absolute_paths_and_moves(library, tmp_path):
    engine.build_project(project_of(library), workers=1)
    text = "".join(p.read_text(encoding="utf-8") for p in (library / ".clausegen-cache").rglob("*.json"))
    assert str(tmp_path) not in text and '"regime": "regimes/acme.regime"' in text
    moved = tmp_path / "moved"
    shutil.copytree(library, moved)
    assert set(statuses(engine.build_project(project_of(moved), workers=1)).values()) == {"unchanged"}


def test_moved_output_folder(library):
    """A new layout sends a regime's documents elsewhere: the old files go (check: are extra)."""
    engine.build_project(project_of(library, stems=["acme"]), workers=1)
    project = project_of(library, stems=["acme"])
    moved = replace(project, jobs=(replace(project.jobs[0], out_dir=library / "out" / "acme"),))
    (checked,) = engine.build_project(moved, workers=1, check=True)
    assert {(p.parent.name, kind) for p, kind, _ in checked.problems} == {("acme", "missing"), ("acme", "extra")}
    assert any(why == "the regime's documents now go to another folder" for _, _, why in checked.problems)
    (built,) = engine.build_project(moved, workers=1)
    assert built.status == "built" and not (library / "build" / "acme").exists()
    assert sorted(p.name for p in (library / "out" / "acme").iterdir()) == [
        MANIFEST,
        "notice.html",
        "notice.md",
        "schedule.html",
        "schedule.md",
    ]
