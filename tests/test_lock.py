"""The clause-library lock: `clausegen lock`, `build --locked`, `lock --update` (issue 10, point 5)."""

from __future__ import annotations

import re
import tomllib

import pytest
from click.testing import CliRunner

from clausegen import __version__
from clausegen.api import compile_file
from clausegen.cli import main
from clausegen.diagnostics import CompileError
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.lock import Lock, library_changes, lock_path, parse, read, used_files
from clausegen.resources import data_dir

from .conftest import EXAMPLES

# The schedule of Acme/Globex (English law) uses this clause.
CLAUSE = "mediation/without_prejudice.england_wales.md"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with Acme/Globex's regime and an organisation library holding a
    copy of one built-in clause."""
    regime = tmp_path / "acme-globex.regime"
    regime.write_text((EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8"), encoding="utf-8")
    org = tmp_path / "org"
    (org / "mediation").mkdir(parents=True)
    (org / CLAUSE).write_text((data_dir("clauses") / CLAUSE).read_text(encoding="utf-8"), encoding="utf-8")
    return regime, org


def build_locked(regime, org, out):
    return run(
        "build", "--locked", "--clauses", str(org), "--doc", "schedule", "--format", "md", "-o", str(out), str(regime)
    )


def test_lock_then_locked_build_passes_and_an_edited_clause_fails_until_update(project, tmp_path):
    regime, org = project
    out = tmp_path / "out"
    result = run("lock", "--clauses", str(org), str(regime))
    assert result.exit_code == 0, result.output
    lock_file = tmp_path / "acme-globex.regime.lock"
    assert lock_file.is_file() and lock_path(regime) == lock_file
    text = lock_file.read_text(encoding="utf-8")
    assert f'"org:{CLAUSE}" = {{ kind = "clause", sha256 = ' in text
    assert '"builtin/schedule.toml" = { kind = "template", sha256 = ' in text
    assert f"builtin/{CLAUSE}" not in text  # the organisation's copy replaced it

    assert build_locked(regime, org, out).exit_code == 0
    assert (out / "acme-globex" / "schedule.md").is_file()

    # The organisation edits the clause's wording: the locked build fails, names it, writes nothing.
    clause = org / CLAUSE
    clause.write_text(
        clause.read_text(encoding="utf-8").replace("without prejudice", "strictly without prejudice", 1),
        encoding="utf-8",
    )
    out2 = tmp_path / "out2"
    result = build_locked(regime, org, out2)
    assert result.exit_code == 1
    assert f"~ org:{CLAUSE} (schedule): wording changed" in result.stderr
    assert "clausegen lock --update" in result.stderr
    assert "clausegen " + __version__ not in result.stderr  # the version did not change
    assert not out2.exists()

    # lock without --update keeps the lock and says what differs; --update accepts it.
    result = run("lock", "--clauses", str(org), str(regime))
    assert result.exit_code == 1 and f"~ org:{CLAUSE}" in result.stderr
    assert lock_file.read_text(encoding="utf-8") == text
    result = run("lock", "--update", "--clauses", str(org), str(regime))
    assert result.exit_code == 0 and "updated" in result.stderr and f"~ org:{CLAUSE}" in result.stderr
    assert lock_file.read_text(encoding="utf-8") != text
    assert build_locked(regime, org, out2).exit_code == 0
    assert (out2 / "acme-globex" / "schedule.md").is_file()


def test_lock_is_deterministic_sorted_and_a_second_lock_is_a_no_op(project):
    regime, org = project
    assert run("lock", str(regime)).exit_code == 0
    first = lock_path(regime).read_bytes()
    lock_path(regime).unlink()
    assert run("lock", str(regime)).exit_code == 0
    assert lock_path(regime).read_bytes() == first
    result = run("lock", str(regime))
    assert result.exit_code == 0 and "up to date" in result.stderr
    assert lock_path(regime).read_bytes() == first

    text = first.decode("utf-8")
    data = tomllib.loads(text)
    assert data["lock-version"] == 1 and data["clausegen"] == __version__
    assert sorted(data["documents"]) == ["handbook", "mediation-agreement", "notice", "schedule", "settlement"]
    for kind in data["documents"]:
        section = text.split(f"[documents.{kind}]\n", 1)[1].split("\n\n", 1)[0].splitlines()
        names = [line.split('"')[1] for line in section]
        assert names == sorted(names) and len(names) == len(data["documents"][kind])  # one file per line, sorted
        assert all(re.fullmatch(r"[0-9a-f]{64}", e["sha256"]) for e in data["documents"][kind].values())
        assert data["documents"][kind]["builtin/phrases.toml"]["kind"] == "data"


def test_lock_keeps_a_malformed_lock_and_update_writes_it_afresh(project):
    regime, _ = project
    lock_file = lock_path(regime)
    lock_file.write_text("<<<<<<< HEAD\n" + GOOD + "=======\n>>>>>>> other\n", encoding="utf-8")
    result = run("lock", str(regime))
    assert result.exit_code == 1
    assert "CG130" in result.stderr and f"{lock_file}:1:1" in result.stderr and "merge conflict" in result.stderr
    assert lock_file.read_text(encoding="utf-8").startswith("<<<<<<<")
    result = run("lock", "--update", str(regime))
    assert result.exit_code == 0, result.stderr
    assert read(lock_file).clausegen == __version__


def test_a_changed_clausegen_version_is_reported(project, tmp_path):
    regime, org = project
    assert run("lock", str(regime)).exit_code == 0
    lock_file = lock_path(regime)
    lock_file.write_text(
        lock_file.read_text(encoding="utf-8").replace(f'clausegen = "{__version__}"', 'clausegen = "0.0.1"'),
        encoding="utf-8",
    )
    result = run("build", "--locked", "--doc", "schedule", "--format", "md", "-o", str(tmp_path / "out"), str(regime))
    assert result.exit_code == 1
    assert f"clausegen 0.0.1 -> {__version__}" in result.stderr
    assert "wording changed" not in result.stderr  # no file changed
    assert not (tmp_path / "out").exists()


def test_a_renegotiated_period_alone_does_not_fail_the_locked_build(project, tmp_path):
    regime, org = project
    assert run("lock", str(regime)).exit_code == 0
    text = regime.read_text(encoding="utf-8")
    assert "within 15 business_days" in text
    regime.write_text(text.replace("within 15 business_days", "within 20 business_days", 1), encoding="utf-8")
    result = run("build", "--locked", "--doc", "schedule", "--format", "md", "-o", str(tmp_path / "out"), str(regime))
    assert result.exit_code == 0, result.stderr
    assert "twenty (20) Business Days" in (tmp_path / "out" / "acme-globex" / "schedule.md").read_text(encoding="utf-8")


def test_a_missing_lock_is_exit_2_with_its_path(project, tmp_path):
    regime, _ = project
    result = run("build", "--locked", "-o", str(tmp_path / "out"), str(regime))
    assert result.exit_code == 2
    assert str(lock_path(regime)) in result.stderr and "clausegen lock" in result.stderr
    assert not (tmp_path / "out").exists()


GOOD = f'''lock-version = 1
clausegen = "{__version__}"

[documents.schedule]
"builtin/schedule.toml" = {{ kind = "template", sha256 = "{"a" * 64}" }}
'''


@pytest.mark.parametrize(
    "broken, code, line, column",
    [
        (GOOD.replace('"template", sha', '"template" sha'), "CG130", 5, 47),
        ("<<<<<<< HEAD\n" + GOOD, "CG130", 1, 1),
        (GOOD.replace("lock-version = 1", "lock-version = 7"), "CG131", 1, 1),
        ("colour = 1\n" + GOOD, "CG131", 1, 1),
        (GOOD.replace("lock-version = 1\n", ""), "CG131", 1, 1),
        (GOOD.replace("documents.schedule", "documents.schedul"), "CG132", 4, 1),
        (GOOD.replace("a" * 64, "xyz"), "CG133", 5, 48),
        (GOOD.replace('kind = "template"', 'kind = "poem"'), "CG133", 5, 29),
        (GOOD.replace('"builtin/schedule.toml"', '"builtin/../../etc/passwd.md"'), "CG134", 5, 1),
        (GOOD.replace('"builtin/schedule.toml"', '"/etc/schedule.toml"'), "CG134", 5, 1),
    ],
)
def test_a_malformed_lock_is_a_diagnostic_at_its_line_and_column(broken, code, line, column):
    with pytest.raises(CompileError) as exc:
        parse(broken, "x.regime.lock")
    d = exc.value.diagnostics[0]
    assert (d.code, d.span.file, d.span.line, d.span.column) == (code, "x.regime.lock", line, column)
    assert d.help


def test_the_good_lock_parses():
    assert parse(GOOD, "x.lock").documents["schedule"]["builtin/schedule.toml"].kind == "template"


def test_a_malformed_lock_fails_the_locked_build_with_lock_file_line_col(project, tmp_path):
    regime, _ = project
    lock_path(regime).write_text(GOOD.replace("a" * 64, "xyz"), encoding="utf-8")
    result = run("build", "--locked", "-o", str(tmp_path / "out"), str(regime))
    assert result.exit_code == 1
    assert f"{lock_path(regime)}:5:48" in result.stderr and "CG133" in result.stderr
    assert not (tmp_path / "out").exists()


def test_every_use_is_recorded_even_of_a_template_jinja_has_cached():
    # The notice and the schedule both import definitions/_macros.md: the second
    # document gets Jinja's cached template, and must still record the file.
    regime = compile_file(str(EXAMPLES / "acme-globex.regime")).regime
    library = Library()
    done = {}
    used = {}
    for kind in ("schedule", "notice"):
        with library.recording() as recorded:
            done[kind] = assemble(regime, kind, library, {"notified": None}, done).document
        used[kind] = set(recorded)
    assert "builtin/definitions/_macros.md" in used["schedule"] and "builtin/definitions/_macros.md" in used["notice"]
    assert "builtin/notice.toml" in used["notice"] and not any(
        n.startswith("builtin/schedule/") for n in used["notice"]
    )
    # The notice cites the schedule's numbers: assembled alone, it builds the
    # schedule aside for them, and still records only its own files.
    alone = Library()
    with alone.recording() as recorded:
        assemble(regime, "notice", alone, {"notified": None}, {})
    assert set(recorded) == used["notice"]


def test_library_changes_for_diff_and_redline(project):
    regime, org = project
    compiled = compile_file(str(regime)).regime
    before = used_files(compiled, (org,), kinds=("schedule",))
    lock = Lock(__version__, before)
    assert library_changes(lock, before) == []
    clause = org / CLAUSE
    text = clause.read_text(encoding="utf-8")
    clause.write_text(text + "\nA new sentence.\n", encoding="utf-8")
    changes = library_changes(lock, used_files(compiled, (org,), kinds=("schedule",)))
    assert [(c.name, c.change, c.documents) for c in changes] == [(f"org:{CLAUSE}", "changed", ("schedule",))]
    # From a lock file's path too; without the organisation library its clause is no longer used.
    clause.write_text(text, encoding="utf-8")
    assert run("lock", "--clauses", str(org), str(regime)).exit_code == 0
    now = used_files(compiled)
    assert library_changes(lock_path(regime), now) == library_changes(read(lock_path(regime)), now)
    assert {(c.name, c.change) for c in library_changes(lock_path(regime), now)} == {
        (f"org:{CLAUSE}", "removed"),
        (f"builtin/{CLAUSE}", "added"),
    }
    # The terminal shows an override dropped as one line.
    result = run("lock", str(regime))
    assert result.exit_code == 1
    assert (
        f"~ builtin/{CLAUSE} (schedule): the built-in file now replaces the organisation's org:{CLAUSE}"
        in result.stderr
    )


def test_one_regime_off_its_lock_means_nothing_is_written_for_any(tmp_path):
    regimes = []
    for name in ("acme-globex.regime", "uk-public-sector-it.regime"):
        (tmp_path / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
        regimes.append(str(tmp_path / name))
    assert run("lock", *regimes).exit_code == 0
    # As if the built-in notice template had other wording than when the second lock was made.
    second = lock_path(regimes[1])
    text = second.read_text(encoding="utf-8")
    old = re.search(r'"builtin/notice.toml" = \{ kind = "template", sha256 = "([0-9a-f]{64})" \}', text).group(1)
    second.write_text(text.replace(old, "0" * 64), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "--locked", "--doc", "notice", "--format", "md", "-o", str(out), *regimes)
    assert result.exit_code == 1
    assert "~ builtin/notice.toml (notice): wording changed" in result.stderr
    assert (
        f"{regimes[1]}: the clause library differs" in result.stderr
        and f"{regimes[0]}: the clause library" not in result.stderr
    )
    assert not out.exists()
    # --doc limits the check to the documents built: the schedule's files are not compared.
    assert run("build", "--locked", "--doc", "schedule", "--format", "md", "-o", str(out), *regimes).exit_code == 0


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(GOOD)), st.integers(0, 12), st.text(max_size=12))
def test_no_edit_of_a_lock_gives_anything_but_a_lock_or_diagnostics(start, length, inserted):
    text = GOOD[:start] + inserted + GOOD[start + length :]
    try:
        parsed = parse(text, "x.lock")
    except CompileError as exc:
        for d in exc.diagnostics:
            assert d.code in {"CG130", "CG131", "CG132", "CG133", "CG134"} and d.span.line >= 1 and d.span.column >= 1
    else:
        assert isinstance(parsed, Lock)
