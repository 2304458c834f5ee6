"""project.watch: real file-system events through watchfiles, and which jobs a change affects.

RegimeJob and Project are stand-ins with the contract's field names (the
config helper writes the real ones).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from clausegen.project import watch as watch_module
from clausegen.project.config import Project, RegimeJob
from clausegen.project.watch import INSTALL_HINT, WatchUnavailable, affected, ignored_paths, watch, watched_paths


def make_project(root: Path) -> Project:
    def job(name, clauses=(), templates=(), reference=None, fonts=()):
        return RegimeJob(
            root / name,
            root / "build" / Path(name).stem,
            ("schedule",),
            ("md",),
            clauses,
            templates,
            reference,
            fonts,
            False,
        )

    org = root.parent / "org-clauses"  # a clause folder outside the library
    return Project(
        root,
        root / "clausegen.toml",
        root / "build",
        root / ".clausegen-cache",
        (
            job("a.regime"),
            job("b.regime", clauses=(org,), templates=(root / "templates",)),
            job("c.regime", reference=root / "house.docx", fonts=(root / "fonts",)),
        ),
    )


def names(jobs) -> list[str]:
    return [j.path.name for j in jobs]


def test_a_changed_regime_affects_only_its_job(tmp_path):
    p = make_project(tmp_path / "lib")
    assert names(affected(p, {tmp_path / "lib" / "b.regime"})) == ["b.regime"]


def test_clause_template_reference_and_font_changes_affect_the_jobs_that_use_them(tmp_path):
    p = make_project(tmp_path / "lib")
    assert names(affected(p, {tmp_path / "org-clauses" / "arbitration" / "seat.j2"})) == ["b.regime"]
    assert names(affected(p, {tmp_path / "lib" / "templates" / "schedule.md.j2"})) == ["b.regime"]
    assert names(affected(p, {tmp_path / "lib" / "house.docx"})) == ["c.regime"]
    assert names(affected(p, {tmp_path / "lib" / "fonts" / "NotoSansCJK.otf", tmp_path / "lib" / "a.regime"})) == [
        "a.regime",
        "c.regime",
    ]


def test_a_changed_project_file_affects_every_job(tmp_path):
    p = make_project(tmp_path / "lib")
    assert names(affected(p, {tmp_path / "lib" / "clausegen.toml"})) == ["a.regime", "b.regime", "c.regime"]


def test_unrelated_changes_affect_nothing(tmp_path):
    p = make_project(tmp_path / "lib")
    assert affected(p, {tmp_path / "lib" / "build" / "a" / "schedule.md", tmp_path / "lib" / "README.md"}) == ()
    assert affected(p, set()) == ()


def test_relative_and_absolute_paths_are_the_same_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = make_project(Path("lib"))
    assert names(affected(p, {tmp_path / "lib" / "a.regime"})) == ["a.regime"]


def test_watched_paths_cover_the_root_and_inputs_outside_it(tmp_path):
    p = make_project(tmp_path / "lib")
    assert watched_paths(p) == ((tmp_path / "lib").resolve(), (tmp_path / "org-clauses").resolve())
    assert ignored_paths(p) == (tmp_path / "lib" / "build", tmp_path / "lib" / ".clausegen-cache")


def test_without_watchfiles_the_message_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import fails as if not installed
    with pytest.raises(WatchUnavailable) as exc:
        watch([tmp_path], lambda paths: None)
    assert str(exc.value) == INSTALL_HINT == "clausegen watch needs the watch extra: pip install 'clausegen[watch]'"


def test_watch_reports_a_written_file_and_stops_on_the_event(tmp_path):
    pytest.importorskip("watchfiles")
    (tmp_path / "build").mkdir()
    seen: list[set[Path]] = []
    got = threading.Event()
    stop = threading.Event()

    def on_change(paths):
        seen.append(paths)
        if (tmp_path / "a.regime").resolve() in {p.resolve() for p in paths}:
            got.set()

    thread = threading.Thread(
        target=watch,
        args=([tmp_path], on_change, stop),
        kwargs={"ignore": [tmp_path / "build"], "debounce_ms": 200, "step_ms": 20},
        daemon=True,
    )
    thread.start()
    # The watcher needs a moment to start; write until it has seen the file.
    deadline = time.monotonic() + 10
    n = 0
    while not got.is_set() and time.monotonic() < deadline:
        (tmp_path / "build" / "schedule.md").write_text(f"output {n}\n")  # ignored: clausegen's own output
        (tmp_path / "a.regime").write_text(f"regime {n}\n")
        n += 1
        got.wait(0.2)
    stop.set()
    thread.join(5)
    assert got.is_set(), f"no change seen: {seen}"
    assert not thread.is_alive(), "watch did not stop when stop_event was set"
    everything = set().union(*seen)
    assert all(p.is_absolute() for p in everything)
    assert tmp_path / "build" / "schedule.md" not in everything


def test_watch_without_paths_is_refused():
    pytest.importorskip("watchfiles")
    with pytest.raises(ValueError):
        watch([], lambda paths: None)


def test_the_module_names_the_extra_in_pyproject():
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'watch = ["watchfiles>=0.21"]' in text
    assert watch_module.INSTALL_HINT.endswith("pip install 'clausegen[watch]'")
