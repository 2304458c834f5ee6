"""`clausegen fmt`: one layout, comments kept, idempotent, meaning unchanged.

The properties are checked on every example and on regimes drawn by
tests/fuzz_strategies.py, whose layout is then scrambled (indentation,
spaces, tabs, blank lines, comments, lists broken after commas):

- formatting formatted text changes nothing;
- a regime whose layout differs only in spaces formats to the same text;
- the formatted text checks to the same model (spans aside) or to the same
  diagnostics, and keeps every comment in order.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clausegen.api import compile_source
from clausegen.cli import main
from clausegen.diagnostics import CompileError
from clausegen.language.fmt import format_source
from clausegen.serialize import to_plain
from clausegen.source import SourceFile

from .fuzz_strategies import example_regimes, regimes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.regime") if "invalid" not in p.parts)
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{},]|[^\s"#{},]+')


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["fmt", *args], input=input)


def model_of(text: str):
    """The checked model without spans, or the diagnostic codes."""
    try:
        return _no_spans(to_plain(compile_source(SourceFile("x.regime", text)).regime))
    except CompileError as exc:
        return sorted(d.code for d in exc.diagnostics)


def _no_spans(obj):
    if isinstance(obj, dict):
        if set(obj) == {"line", "column", "end_line", "end_column"}:
            return None
        return {k: _no_spans(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_no_spans(x) for x in obj]
    return obj


def comments(text: str) -> list[str]:
    return [t.rstrip() for t in _TOKEN.findall(text) if t.startswith("#")]


def scramble(text: str, pick, layout: bool) -> str:
    """The same tokens in another layout: other spaces always; with `layout`, comments, blank lines and broken lists too.

    `pick(options)` chooses one of the options (hypothesis draws them).
    """
    spaces = [" ", "  ", "\t", " \t ", "     "]
    # One indentation step for the whole file: the parser matches a `}` that
    # starts a line to the `{` of the line indented alike (for its messages).
    step = pick(["", " ", "\t", "    "])
    out = []
    for n, line in enumerate(text.split("\n")):
        if not line.strip():
            out.append(line)
            continue
        if layout and pick(range(6)) == 0:
            out.append(pick(["", "   ", "\t"]) + f"# note {n}")
        if layout and pick(range(5)) == 0:
            out.append(pick(["", "  ", "\t"]))
        toks = _TOKEN.findall(line)
        parts = [step * ((len(line) - len(line.lstrip(" "))) // 2)]
        for i, tok in enumerate(toks):
            if tok.startswith("#"):
                parts.append(pick(spaces) + tok)
                break
            if i and tok != ",":
                parts.append(pick(spaces))
            parts.append(tok)
            if tok == "," and layout and pick(range(3)) == 0:
                parts.append(pick(["", "  # after a comma"]) + "\n" + pick(["", "        ", "\t"]))
        if layout and not toks[-1].startswith("#") and pick(range(5)) == 0:
            parts.append(pick(spaces) + f"# end {n}")
        out.append("".join(parts))
    return "\n".join(out)


def drawing(data):
    return lambda options: data.draw(st.sampled_from(list(options)))


def check_properties(text: str, data) -> None:
    try:
        canonical = format_source(text)
    except CompileError:
        with pytest.raises(CompileError):
            format_source(scramble(text, drawing(data), layout=False))
        return
    assert format_source(canonical) == canonical
    assert format_source(scramble(text, drawing(data), layout=False)) == canonical
    messy = scramble(text, drawing(data), layout=True)
    formatted = format_source(messy)
    assert format_source(formatted) == formatted
    assert comments(formatted) == comments(messy)
    assert model_of(formatted) == model_of(text)


@SETTINGS
@given(regimes(), st.data())
def test_drawn_regimes_format_idempotently_and_keep_their_meaning(regime, data):
    check_properties(regime.text(), data)


@settings(SETTINGS, max_examples=6)  # the examples are long: each draw costs more
@given(example_regimes(), st.data())
def test_drawn_examples_format_idempotently_and_keep_their_meaning(regime, data):
    check_properties(regime.text(), data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_is_formatted_and_a_messy_copy_formats_back_to_it(path: Path):
    text = path.read_text(encoding="utf-8")
    assert format_source(text, str(path)) == text, f"run: clausegen fmt {path.relative_to(ROOT)}"
    messy = scramble(text, lambda options: list(options)[1], layout=False)  # other spaces everywhere
    assert messy != text
    assert format_source(messy) == text
    assert model_of(messy) == model_of(text)


# -- the layout, rule by rule ------------------------------------------------------


def test_layout_rules():
    messy = (
        "# top\n\n\n"
        'regime   "X" {   # opens\n'
        "\n"
        '\tlaw "England and Wales"\n'
        '  calendar "GB-ENG"    # holidays\n'
        '  version "1"  # which one\n'
        "  notices { by email deemed_received on_delivery\n"
        "     by courier deemed_received next_business_day }\n"
        "  dispute_notice {\n"
        "    contents summary,   # first\n"
        "       # between\n"
        "\n"
        "   remedy_sought\n"
        "  # last in block\n"
        "\n"
        "  }\n"
        "  continuity {}\n"
        '  role client.a "A" seniority 1\n'
        '  role provider.longer_name "B" seniority 2\n'
        "}  # closes\n\n\n"
    )
    assert format_source(messy) == (
        "# top\n"
        "\n"
        'regime "X" {  # opens\n'
        '  law "England and Wales"\n'
        '  calendar "GB-ENG"  # holidays\n'
        '  version "1"        # which one\n'
        "  notices {\n"
        "    by email   deemed_received on_delivery\n"
        "    by courier deemed_received next_business_day\n"
        "  }\n"
        "\n"
        "  dispute_notice {\n"
        "    contents summary,  # first\n"
        "        # between\n"
        "        remedy_sought\n"
        "    # last in block\n"
        "  }\n"
        "\n"
        "  continuity {}\n"
        "\n"
        '  role client.a             "A" seniority 1\n'
        '  role provider.longer_name "B" seniority 2\n'
        "}  # closes\n"
    )


def test_wide_characters_take_two_columns_in_a_table():
    text = 'regime "X" {\n  role a.b "陈美玲" seniority 1\n  role a.c "Lan" seniority 2\n}\n'
    assert '"陈美玲" seniority 1\n  role a.c "Lan"    seniority 2' in format_source(text)


def test_crlf_tabs_and_a_byte_order_mark_become_the_canonical_text():
    text = '\ufeffregime "X" {\r\n\tlaw "Y"\r\n}'
    assert format_source(text) == 'regime "X" {\n  law "Y"\n}\n'


def test_a_file_that_does_not_parse_raises_the_parsers_diagnostics():
    with pytest.raises(CompileError) as err:
        format_source('regime "X" {\n  law "Y",\n}\n', "bad.regime")
    assert [(d.code, d.span.file, d.span.line) for d in err.value.diagnostics] == [("CG100", "bad.regime", 2)]


# -- the command ---------------------------------------------------------------------


MESSY = 'regime "X" {\n    law    "Y"\n}\n'
NEAT = 'regime "X" {\n  law "Y"\n}\n'


def test_fmt_rewrites_files_in_place_keeping_their_mode(tmp_path: Path):
    messy, neat = tmp_path / "a.regime", tmp_path / "b.regime"
    messy.write_text(MESSY)
    neat.write_text(NEAT)
    os.chmod(messy, 0o640)
    result = run(str(messy), str(neat))
    assert result.exit_code == 0, result.output
    assert messy.read_text() == NEAT
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    assert "1 file reformatted, 1 file already formatted" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.regime", "b.regime"]  # no temporary file left


def test_check_lists_files_that_would_change_and_writes_nothing(tmp_path: Path):
    messy, neat = tmp_path / "a.regime", tmp_path / "b.regime"
    messy.write_text(MESSY)
    neat.write_text(NEAT)
    result = run("--check", str(messy), str(neat))
    assert result.exit_code == 1
    assert f"would reformat: {messy}" in result.output
    assert str(neat) not in result.output
    assert messy.read_text() == MESSY
    assert run("--check", str(neat)).exit_code == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path):
    messy = tmp_path / "a.regime"
    messy.write_text(MESSY)
    result = run("--diff", str(messy))
    assert result.exit_code == 1
    assert f"--- {messy}\n+++ {messy}\n" in result.output
    assert '-    law    "Y"\n+  law "Y"\n' in result.output
    assert messy.read_text() == MESSY


def test_a_folder_formats_its_regime_files(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.regime").write_text(MESSY)
    (tmp_path / "notes.txt").write_text("not a regime")
    result = run("--check", str(tmp_path))
    assert result.exit_code == 1 and "sub/a.regime" in result.output


def test_stdin_to_stdout():
    result = run("-", input=MESSY.encode())
    assert result.exit_code == 0
    assert result.stdout == NEAT


def test_a_broken_file_gets_the_diagnostics_of_check_and_exit_1(tmp_path: Path):
    path = ROOT / "examples" / "invalid" / "03-stray-comma.regime"
    fmt = run(str(path))
    check = CliRunner().invoke(main, ["check", str(path)])
    assert fmt.exit_code == 1
    assert fmt.stderr == check.stderr
    assert "CG100" in fmt.stderr


def test_a_missing_file_is_exit_2_with_its_path(tmp_path: Path):
    neat = tmp_path / "b.regime"
    neat.write_text(NEAT)
    result = run(str(tmp_path / "nope.regime"), str(neat))
    assert result.exit_code == 2
    assert f"no such file: {tmp_path / 'nope.regime'}" in result.stderr


def test_the_layout_shown_in_the_docs_is_the_formatters():
    doc = (ROOT / "docs" / "fmt.md").read_text(encoding="utf-8")
    shown = re.search(r"## The layout\n\n```\n(.*?)```", doc, re.S).group(1)
    assert format_source(shown) == shown


def test_check_on_stdin_sees_windows_line_ends():
    result = run("--check", "-", input=NEAT.replace("\n", "\r\n").encode())
    assert result.exit_code == 1 and "would reformat: -" in result.stdout


def test_a_symbolic_link_stays_a_link(tmp_path: Path):
    real = tmp_path / "real.regime"
    real.write_text(MESSY)
    link = tmp_path / "link.regime"
    link.symlink_to(real)
    assert run(str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text() == NEAT
