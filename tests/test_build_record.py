"""The build record kept beside each regime's documents (`.clausegen-build.json`).

It lets a fresh clone, which has the committed documents but no cache
folder, check them (or skip rebuilding them) by hashing, without building;
it is untrusted input, like anything in a checkout.
"""

from __future__ import annotations

import json
import shutil

from clausegen.project import engine, worker
from clausegen.project.cache import MANIFEST

from .test_project_engine import library, project_of, statuses  # noqa: F401 - the fixture and helpers


def _fresh_clone(root, tmp_path):
    """The library as a clone would have it: sources and documents, no cache folder."""
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns(".clausegen-cache"))
    return clone


def _no_builds(monkeypatch):
    """Make any build fail the test: what is up to date must be known without building."""

    def refuse(task):
        raise AssertionError(f"{task.name} was built")

    monkeypatch.setattr(worker, "build", refuse)


def test_fresh_clone_checks_current_without_building(library, tmp_path, monkeypatch):
    engine.build_project(project_of(library), workers=1)
    clone = _fresh_clone(library, tmp_path)
    _no_builds(monkeypatch)
    results = engine.build_project(project_of(clone), workers=1, check=True)
    assert statuses(results) == {"acme": "current", "lion": "current", "rhein": "current"}
    assert not (clone / ".clausegen-cache").exists()  # check mode writes nothing
    # a build of the clone skips every regime, and remembers them in its cache
    assert set(statuses(engine.build_project(project_of(clone), workers=1)).values()) == {"unchanged"}
    assert len(list((clone / ".clausegen-cache" / "regimes").glob("*.json"))) == 3


def test_record_is_the_same_bytes_for_the_same_build(library, tmp_path):
    engine.build_project(project_of(library), workers=1)
    first = (library / "build" / "acme" / MANIFEST).read_bytes()
    clone = _fresh_clone(library, tmp_path)
    shutil.rmtree(clone / "build")
    engine.build_project(project_of(clone), workers=2, force=True)
    assert (clone / "build" / "acme" / MANIFEST).read_bytes() == first
    data = json.loads(first)
    assert str(library) not in first.decode() and str(tmp_path) not in first.decode()
    assert set(data["outputs"]) == {f"{k}.{f}" for k in ("schedule", "notice") for f in ("md", "html")}
    assert all("mtime_ns" not in o for o in data["outputs"].values())
    assert data["regime"] == "regimes/acme.regime" and data["out_dir"] == "build/acme"


def test_edited_document_or_source_is_stale_in_a_fresh_clone(library, tmp_path):
    engine.build_project(project_of(library), workers=1)
    clone = _fresh_clone(library, tmp_path)
    (clone / "build" / "acme" / "schedule.md").write_text("edited by hand\n", encoding="utf-8")
    source = clone / "regimes" / "lion.regime"
    source.write_text(source.read_text(encoding="utf-8").replace("Lion ", "Leo ", 1), encoding="utf-8")
    results = {r.path.stem: r for r in engine.build_project(project_of(clone), workers=1, check=True)}
    assert results["rhein"].status == "current"
    assert results["acme"].status == "stale"
    assert [(p.name, kind) for p, kind, _ in results["acme"].problems] == [("schedule.md", "stale")]
    assert results["lion"].status == "stale"
    assert all("the source changed" in why for _, _, why in results["lion"].problems)


def test_removed_regime_found_by_its_folder_record(library, tmp_path):
    engine.build_project(project_of(library), workers=1)
    clone = _fresh_clone(library, tmp_path)
    (clone / "regimes" / "rhein.regime").unlink()
    checked = {r.path.stem: r for r in engine.build_project(project_of(clone), workers=1, check=True)}
    assert checked["rhein"].status == "stale"
    assert {kind for _, kind, _ in checked["rhein"].problems} == {"extra"}
    built = statuses(engine.build_project(project_of(clone), workers=1))
    assert built["rhein"] == "removed" and not (clone / "build" / "rhein").exists()


def test_hostile_record_cannot_reach_outside_or_remove_another_folder(library, tmp_path):
    engine.build_project(project_of(library), workers=1)
    clone = _fresh_clone(library, tmp_path)
    victim = tmp_path / "victim.md"
    victim.write_text("keep me", encoding="utf-8")
    # a record naming a file outside the folder, and one copied into another folder
    record = json.loads((clone / "build" / "acme" / MANIFEST).read_text(encoding="utf-8"))
    record["outputs"]["../../../victim.md"] = {"sha256": "0" * 64, "size": 7}
    (clone / "build" / "acme" / MANIFEST).write_text(json.dumps(record), encoding="utf-8")
    stray = clone / "build" / "elsewhere"
    stray.mkdir()
    shutil.copy(clone / "build" / "lion" / MANIFEST, stray / MANIFEST)
    (stray / "schedule.md").write_text("not clausegen's", encoding="utf-8")
    (clone / "build" / "rhein" / MANIFEST).write_text("{not json", encoding="utf-8")
    results = statuses(engine.build_project(project_of(clone), workers=1))
    assert results == {"acme": "unchanged", "lion": "unchanged", "rhein": "built"}
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (stray / "schedule.md").read_text(encoding="utf-8") == "not clausegen's"
    # the unreadable record was written again by the build
    assert (
        json.loads((clone / "build" / "rhein" / MANIFEST).read_text(encoding="utf-8"))["regime"]
        == "regimes/rhein.regime"
    )


def test_missing_record_is_put_back_by_a_noop_build(library):
    engine.build_project(project_of(library), workers=1)
    record = library / "build" / "acme" / MANIFEST
    before = record.read_bytes()
    record.unlink()
    assert statuses(engine.build_project(project_of(library), workers=1))["acme"] == "unchanged"
    assert record.read_bytes() == before


def test_moved_layout_in_a_fresh_clone_removes_the_old_folder(library, tmp_path):
    from dataclasses import replace

    engine.build_project(project_of(library, stems=["acme"]), workers=1)
    clone = _fresh_clone(library, tmp_path)
    project = project_of(clone, stems=["acme"])
    moved = replace(project, jobs=(replace(project.jobs[0], out_dir=clone / "build" / "by-name" / "acme"),))
    checked = engine.build_project(moved, workers=1, check=True)
    assert ("schedule.md", "extra", "the regime's documents now go to another folder") in {
        (p.name, k, w) for r in checked for p, k, w in r.problems
    }
    engine.build_project(moved, workers=1)
    assert not (clone / "build" / "acme").exists()
    assert (clone / "build" / "by-name" / "acme" / "schedule.md").is_file()
