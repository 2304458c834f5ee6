"""Golden tests: every file in examples/invalid/ has exactly one mistake, and
`clausegen check` must report it exactly as its .expected file says.

A .expected file holds the full stderr of

    clausegen check examples/invalid/NN-name.regime

run from the repository root, then a last line `exit: N`. After changing a
message on purpose, refresh them with `python tests/regen_invalid.py` and read
the diff. The first line of each .regime file is a comment naming the mistake
and the code it should raise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main

ROOT = Path(__file__).resolve().parents[1]
INVALID = ROOT / "examples" / "invalid"
FILES = sorted(INVALID.glob("*.regime"))

# Files whose first-line code is not (yet) raised: known bugs, reported to the
# maintainer. strict=True, so the test fails once the bug is fixed and the
# entry should be removed.
KNOWN_WRONG_CODE: dict[str, str] = {}


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2: result.stderr is kept apart


def _check(path: Path, *options: str):
    return _runner().invoke(main, ["check", *options, path.relative_to(ROOT).as_posix()])


def _expected(path: Path) -> str:
    return path.with_suffix(".expected").read_text(encoding="utf-8")


def _intended_codes(path: Path) -> list[str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("#"), f"{path.name}: the first line must be a comment naming the mistake"
    return re.findall(r"CG\d{3}", first)


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # diagnostics show the path relative to the root


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_check_output_matches_expected(path):
    result = _check(path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout == ""
    assert f"{result.stderr}exit: {result.exit_code}\n" == _expected(path)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_WRONG_CODE[p.name], strict=True))
        if p.name in KNOWN_WRONG_CODE
        else p
        for p in FILES
    ],
    ids=lambda p: p.stem,
)
def test_expected_raises_the_intended_code(path):
    codes = _intended_codes(path)
    assert codes, f"{path.name}: the first-line comment names no CGnnn code"
    raised = set(re.findall(r"^(?:error|warning)\[(CG\d{3})\]", _expected(path), re.M))
    assert set(codes) <= raised


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_json_format_agrees_with_text(path):
    result = _check(path, "--format", "json")
    items = json.loads(result.stdout)
    text = _expected(path)
    headers = re.findall(r"^(error|warning)\[(CG\d{3})\]: .*\n  --> (.+):(\d+):(\d+)$", text, re.M)
    assert [(d["severity"], d["code"], d["file"], str(d["line"]), str(d["column"])) for d in items] == headers
    for d in items:
        assert set(d) == {"file", "line", "column", "end_line", "end_column", "code", "severity", "message", "help"}
    assert result.exit_code == int(text.rsplit("exit: ", 1)[1])


def test_there_are_enough_invalid_examples():
    assert len(FILES) >= 30
    assert all(re.fullmatch(r"\d{2,3}-[a-z0-9-]+\.regime", p.name) for p in FILES)
    missing = [p.name for p in FILES if not p.with_suffix(".expected").exists()]
    assert missing == []
    orphans = [p.name for p in INVALID.glob("*.expected") if not p.with_suffix(".regime").exists()]
    assert orphans == []


def test_every_check_code_is_exercised():
    raised = set()
    for p in FILES:
        raised |= set(re.findall(r"^(?:error|warning)\[(CG\d{3})\]", _expected(p), re.M))
    wanted = {f"CG{n:03d}" for n in range(1, 18)} | {
        "CG030",
        "CG031",
        "CG032",
        "CG033",
        "CG034",
        "CG035",
        "CG036",
        "CG037",
        "CG038",
        "CG039",
    }
    wanted |= {f"CG{n:03d}" for n in range(40, 48)}  # version history
    wanted |= {f"CG{n:03d}" for n in range(50, 61)}  # routes and Arb-Med-Arb (issue 12)
    assert wanted - raised == set()
    # Every syntax and shape code but CG110 (a 2 MB file; see below) too.
    wanted = {f"CG{n}" for n in range(100, 110)} | {f"CG{n}" for n in range(200, 205)}
    assert wanted - raised == set()


def test_no_output_is_a_crash():
    for p in FILES:
        for text in (_expected(p), _check(p).stderr):
            assert "Traceback" not in text, p.name
            assert "internal error" not in text, p.name


def test_warnings_only_files_exit_0_and_fail_with_strict():
    only_warnings = [p for p in FILES if _expected(p).endswith("exit: 0\n") and "warning[" in _expected(p)]
    assert only_warnings, "at least one example should raise only warnings"
    for p in only_warnings:
        assert _check(p, "--strict").exit_code == 1, p.name


def test_a_file_too_large_is_cg110(tmp_path):
    big = tmp_path / "big.regime"
    big.write_text('regime "X" {\n}\n' + "# padding\n" * 220_000, encoding="utf-8")
    result = _runner().invoke(main, ["check", str(big)])
    assert result.exit_code == 1
    assert "error[CG110]" in result.stderr
