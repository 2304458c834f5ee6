"""`clausegen init`: a first regime that checks, from a starting point and a few answers."""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest
from click.testing import CliRunner

from clausegen import init
from clausegen.api import compile_source
from clausegen.cli import authoring as cli
from clausegen.cli import main
from clausegen.source import SourceFile

from .conftest import EXAMPLES, ROOT


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def compiled(path):
    return compile_source(SourceFile(str(path), path.read_text(encoding="utf-8")))


def test_default_init_writes_the_commented_starter_and_it_passes_strict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    written = tmp_path / "my.regime"
    text = written.read_text(encoding="utf-8")
    assert text.count("\n#") + text.count("\n  #") >= 10  # commented, not a bare skeleton
    assert compiled(written).warnings == ()
    assert run("check", "--strict", str(written)).exit_code == 0
    assert "wrote my.regime" in result.output


@pytest.mark.parametrize("law", init.known_laws())
def test_starter_passes_strict_under_every_known_law(law):
    text = init.starting_text(init.DEFAULT_START)
    answers = init.with_law(init.defaults(text), law, None)
    out = compile_source(SourceFile("x.regime", init.apply(text, answers)))
    assert out.warnings == ()
    assert out.regime.law.name == law
    assert out.regime.calendar == (init.law_calendar(law) or "GB-ENG")


@pytest.mark.parametrize("start", list(init.starting_points()))
def test_every_starting_point_takes_the_answers_and_checks(start):
    text = init.starting_text(start)
    old = init.defaults(text, start)
    names = tuple(f'Party {i} "Quoted" \\ Ltd' for i in range(len(old.parties)))
    answers = init.with_law(init.defaults(text, start), "Singapore", "SG")
    answers = init.Answers("A Title", names, old.party_keys, answers.law, answers.calendar)
    regime = compile_source(SourceFile(start, init.apply(text, answers, start))).regime
    assert regime.title == "A Title"
    assert tuple(p.name for p in regime.parties) == names
    assert (regime.law.name, regime.calendar) == ("Singapore", "SG")


def test_starting_points_are_the_starter_and_every_example():
    points = init.starting_points()
    assert next(iter(points)) == "starter"
    assert {p.stem for p in EXAMPLES.glob("*.regime")} <= set(points)
    listed = run("init", "--list").output.split()
    assert listed == list(points)


def test_init_refuses_to_overwrite(tmp_path):
    target = tmp_path / "deal.regime"
    target.write_text("mine", encoding="utf-8")
    result = run("init", str(target), "--no-input")
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert target.read_text(encoding="utf-8") == "mine"


def test_options_fill_the_answers_without_questions(tmp_path):
    target = tmp_path / "deal.regime"
    result = run(
        "init",
        str(target),
        "--from",
        "saas-two-tier",
        "--title",
        "Deal",
        "--party",
        "Alpha Inc",
        "--law",
        "new york",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    regime = compiled(target).regime
    assert regime.title == "Deal"
    assert regime.parties[0].name == "Alpha Inc"
    assert regime.parties[1].name == "Quillstack, Inc."  # not given: the starting point's own
    assert (regime.law.name, regime.calendar) == ("New York", "US-NY")  # the calendar follows the law
    assert "Title of the agreement" not in result.output


@pytest.mark.parametrize(
    "args, words",
    [
        (("--from", "nope"), "no starting point called 'nope'"),
        (("--law", "Mars"), "no facts for the law 'Mars'"),
        (("--calendar", "XX"), "no public-holiday calendar 'XX'"),
        (("--party", "A", "--party", "B", "--party", "C"), "has 2 parties"),
    ],
)
def test_bad_options_are_usage_errors_and_write_nothing(tmp_path, args, words):
    target = tmp_path / "deal.regime"
    result = run("init", str(target), "--no-input", *args)
    assert result.exit_code == 2
    assert words in result.output
    assert not target.exists()


def test_on_a_terminal_init_asks_and_asks_again_after_a_bad_answer(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    target = tmp_path / "deal.regime"
    answers = "\n".join(["starter", "Outsourcing Agreement", "Acme plc", "", "Narnia", "germany", "de-by"]) + "\n"
    result = run("init", str(target), input=answers)
    assert result.exit_code == 0, result.output
    assert "no facts for the law 'Narnia'" in result.output  # asked again
    regime = compiled(target).regime
    assert regime.title == "Outsourcing Agreement"
    assert [p.name for p in regime.parties] == ["Acme plc", "Provider Company Ltd"]  # Enter keeps the default
    assert (regime.law.name, regime.calendar) == ("Germany", "DE-BY")
    assert compiled(target).warnings == ()


def test_no_input_on_a_terminal_asks_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    result = run("init", str(tmp_path / "a.regime"), "--no-input", input="")
    assert result.exit_code == 0, result.output
    assert "?" not in result.output and ":" not in result.output.split("wrote")[0]


def test_end_of_input_while_asking_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    target = tmp_path / "a.regime"
    result = run("init", str(target), input="")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert not target.exists()


def test_the_wheel_ships_the_starters_and_every_example():
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"][
        "wheel"
    ]
    shipped = wheel["force-include"]
    assert shipped["templates"] == "clausegen/templates"  # with templates/starters/
    for example in EXAMPLES.glob("*.regime"):
        assert shipped.get(f"examples/{example.name}") == f"clausegen/examples/{example.name}", example.name


def test_no_regime_text_in_the_python():
    source = (ROOT / "src" / "clausegen" / "init.py").read_text(encoding="utf-8")
    assert 'regime "' not in source and "party client" not in source


@pytest.mark.parametrize("start", ["starter", "acme-globex", "multi-sourcing"])
def test_what_init_writes_is_already_formatted(start):
    """Answers of another length than the values they replace: the file is still as `clausegen fmt` lays it out,
    every comment kept on its line."""
    from clausegen.language.fmt import format_source

    text = init.starting_text(start)
    answers = init.with_law(init.defaults(text, start), "Northern Ireland", None)
    answers = replace(
        answers,
        title="A much longer title than any starting point has, for the test",
        parties=tuple(p + " Holdings International plc" for p in answers.parties),
    )
    out = init.apply(text, answers, start)
    assert format_source(out) == out
    assert [line.split("#", 1)[1] for line in out.splitlines() if "#" in line] == [
        line.split("#", 1)[1] for line in text.splitlines() if "#" in line
    ]
    assert '"Northern Ireland"' in out


def test_a_folder_or_a_missing_folder_is_a_usage_error(tmp_path):
    result = run("init", str(tmp_path), "--no-input")
    assert result.exit_code == 2 and "is a folder" in result.output
    result = run("init", str(tmp_path / "nowhere" / "x.regime"), "--no-input")
    assert result.exit_code == 2 and "nowhere" in result.output


def test_an_answer_that_does_not_check_writes_nothing(tmp_path):
    target = tmp_path / "x.regime"
    result = run("init", str(target), "--no-input", "--party", "")
    assert result.exit_code == 1
    assert "CG202" in result.output and "nothing written" in result.output
    assert not target.exists()
