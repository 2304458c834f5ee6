"""The README's commands work as written.

The quickstart lines run in order in an empty folder, each on what the lines
before it made (in-process, through the same click entry point as the
`clausegen` script, so the test stays fast). The set-up commands make and
use a virtual environment, so they work where the system Python refuses
system-wide installs (PEP 668).
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil

from click.testing import CliRunner

from clausegen.cli import DOC_KINDS, OUTPUT_FORMATS, main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _indented_block(after: str) -> list[str]:
    """The first indented code block after the heading or sentence `after`."""
    lines = README.split(after, 1)[1].split("\n")
    block: list[str] = []
    for line in lines:
        if line.startswith("    "):
            block.append(line[4:])
        elif block and line.strip():
            break
    return block


def quickstart() -> list[str]:
    return _indented_block("## Two-minute quickstart")


def setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [line[4:] for line in section.split("\n") if line.startswith("    ")]


def _run(line: str, cwd) -> tuple[int, str]:
    words = shlex.split(line, comments=True)
    args = [m for w in words for m in (sorted(glob.glob(w, root_dir=cwd)) if "*" in w else [w])]
    if args[0] == "cp":
        shutil.copyfile(cwd / args[1], cwd / args[2])
        return 0, ""
    assert args[0] == "clausegen", f"the quickstart runs clausegen, not {args[0]}"
    result = CliRunner().invoke(main, args[1:], catch_exceptions=False)
    return result.exit_code, result.output


def test_quickstart_lines_work_in_order_in_an_empty_folder(tmp_path, monkeypatch):
    lines = quickstart()
    assert lines[0].startswith("clausegen init "), "the quickstart starts with clausegen init"
    assert len(lines) >= 10
    monkeypatch.chdir(tmp_path)
    for line in lines:
        code, output = _run(line, tmp_path)
        assert code == 0, f"{line}\n{output}"
    built = tmp_path / "build" / "my"
    assert {p.suffix for p in built.iterdir()} >= {".docx", ".pdf", ".html", ".md"}
    assert (tmp_path / "my.regime.lock").is_file()
    assert any((tmp_path / "redline").iterdir())


def test_build_says_where_the_files_went(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "deal.regime", "--no-input"]).exit_code == 0
    result = CliRunner().invoke(main, ["build", "deal.regime", "--doc", "notice", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote 1 file to build[/\\]deal[/\\]$", result.output.strip()), result.output


def test_build_help_lists_the_kinds_and_formats():
    text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    assert f"Document kinds (--doc): {', '.join(DOC_KINDS)}" in text
    assert f"Formats (--format): {', '.join(OUTPUT_FORMATS)}" in text


def test_setup_commands_install_into_a_virtual_environment():
    commands = setup_commands()
    assert len(commands) == 2
    for command in commands:
        steps = [s.strip() for s in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv", command
        # Every later step runs a program of the environment, never the system's pip.
        assert all(s.startswith(".venv/bin/") for s in steps[1:]), command
    assert commands[1].endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_test_command_the_readme_gives():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" in ci
    assert "pip install --quiet '.[test]'" in ci
    assert re.search(r"python3 -m pytest$", ci, re.M)
