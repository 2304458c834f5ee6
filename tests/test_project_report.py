"""project.report: progress lines, the JSON report and JUnit XML, on stand-in results.

The engine's RegimeResult and the config's RegimeJob are written by others;
the stand-ins below carry exactly the contract's field names, which is all
report.py reads.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from clausegen.diagnostics import Diagnostic, Severity
from clausegen.project import report
from clausegen.project.config import RegimeJob
from clausegen.project.engine import RegimeResult
from clausegen.project.report import JSON_SCHEMA, Progress, to_json, to_junit
from clausegen.source import Span

ROOT = Path(__file__).resolve().parent.parent


def job(path: str) -> RegimeJob:
    return RegimeJob(Path(path), Path("build") / Path(path).stem, ("schedule",), ("md",), (), (), None, (), False)


SHA = "a" * 64
HOSTILE = "party `<]]>&\"'` \x00\x1b[31m is not named \ud800 here"


def diag(code: str, message: str, file: str = "lib/b.regime", line: int = 1, severity=Severity.ERROR) -> Diagnostic:
    return Diagnostic(code, severity, message, Span.point(file, line, 3), "name each party once in `parties`")


def results() -> list[RegimeResult]:
    return [
        RegimeResult(
            Path("lib/a.regime"),
            "built",
            ((Path("build/a/schedule.md"), SHA), (Path("build/a/handbook.md"), "b" * 64)),
            0.413,
            (),
            (),
        ),
        RegimeResult(
            Path("lib/c.regime"),
            "unchanged",
            ((Path("build/c/schedule.md"), SHA),),
            0.001,
            (diag("CG050", "a warning", "lib/c.regime", severity=Severity.WARNING),),
            (),
        ),
        RegimeResult(
            Path("lib/b.regime"),
            "failed",
            (),
            0.02,
            (),
            (diag("CG020", HOSTILE), diag("CG021", "second problem", line=2)),
        ),
    ]


def check_results() -> list[RegimeResult]:
    return [
        RegimeResult(Path("lib/a.regime"), "current", ((Path("build/a/schedule.md"), SHA),), 0.1, (), ()),
        RegimeResult(
            Path("lib/c.regime"),
            "stale",
            ((Path("build/c/schedule.md"), SHA),),
            0.1,
            (),
            (),
            (
                (Path("build/c/schedule.md"), "stale", "clauses/arbitration.j2 changed"),
                (Path("build/c/notice.md"), "missing", ""),
            ),
        ),
    ]


class Clock:
    """A clock that moves 1.5 s each time it is read after the start."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        value = self.now
        self.now += 1.5
        return value


def run(mode: str, rs, stream=None, jobs=None, **kw) -> str:
    stream = stream or io.StringIO()
    with Progress(len(rs), stream, mode, clock=Clock(), **kw) as progress:
        for r in rs:
            progress.start(job(str(r.path)))
            progress.done(r)
    return stream.getvalue()


# -- Progress -------------------------------------------------------------


def test_plain_mode_prints_one_line_per_regime_and_a_timed_summary():
    out = run("plain", results(), show_diagnostics=False)
    assert out.splitlines() == [
        "built lib/a.regime (2 files, 0.41 s)",
        "unchanged lib/c.regime (1 file, 0.00 s, 1 warning)",
        "FAILED lib/b.regime: 2 errors",
        "1 built, 1 unchanged, 1 failed in 1.5 s",
    ]


def test_auto_mode_on_a_pipe_is_plain():
    assert run("auto", results(), show_diagnostics=False) == run("plain", results(), show_diagnostics=False)


def test_quiet_mode_prints_only_failures_and_an_untimed_summary():
    out = run("quiet", results(), show_diagnostics=False)
    assert out == "FAILED lib/b.regime: 2 errors\n1 built, 1 unchanged, 1 failed\n"


def test_verbose_mode_lists_each_output_file():
    out = run("verbose", results()[:1], show_diagnostics=False)
    assert out.splitlines()[:3] == [
        "built lib/a.regime (2 files, 0.41 s)",
        "  build/a/schedule.md",
        "  build/a/handbook.md",
    ]


def test_diagnostics_of_a_failed_regime_are_rendered_under_its_line():
    out = run("quiet", results())
    lines = out.splitlines()
    assert lines[0] == "FAILED lib/b.regime: 2 errors"
    assert "error[CG020]: party `<]]>&\"'`" in out
    assert "  --> lib/b.regime:2:3" in out
    assert "a warning" not in out  # quiet: warnings of good regimes are not shown
    assert lines[-1] == "1 built, 1 unchanged, 1 failed"
    assert "warning[CG050]: a warning" in run("plain", results())


def test_check_mode_lists_stale_missing_files_and_why():
    out = run("quiet", check_results())
    assert out.splitlines() == [
        "STALE lib/c.regime: 1 missing, 1 stale",
        "  stale build/c/schedule.md (clauses/arbitration.j2 changed)",
        "  missing build/c/notice.md",
        "1 current, 1 stale, 0 failed",
    ]


def test_check_words_can_be_asked_for_before_any_result():
    stream = io.StringIO()
    with Progress(0, stream, "quiet", check=True):
        pass
    assert stream.getvalue() == "0 current, 0 stale, 0 failed\n"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_a_bar_shows_done_total_current_regime_and_elapsed():
    stream = Terminal()
    with Progress(3, stream, "auto", clock=Clock(), show_diagnostics=False) as progress:
        progress.start(job("lib/a.regime"))
        first = stream.getvalue()
        progress.done(results()[0])
        progress.start(job("lib/b.regime"))
        progress.done(results()[2])
    out = stream.getvalue()
    assert re.search(r"\[-+\] 0/3 0:0\d lib/a\.regime$", first)
    assert re.search(r"\[#+-+\] 1/3 0:0\d lib/b\.regime", out)
    # What needs action stays on screen; the bar is cleared before it.
    assert "\r\x1b[KFAILED lib/b.regime: 2 errors\n" in out
    assert "built lib/a.regime" not in out
    assert re.search(r"\r\x1b\[K1 built, 0 unchanged, 1 failed in \d+\.\d s\n\Z", out)


def test_on_a_terminal_warnings_stay_on_screen_with_their_regime():
    stream = Terminal()
    with Progress(1, stream, "auto", clock=Clock()) as progress:
        progress.done(results()[1])
    out = stream.getvalue()
    assert "\r\x1b[Kunchanged lib/c.regime (1 file, 0.00 s, 1 warning)\nwarning[CG050]: a warning\n" in out


def test_the_bar_never_wraps_on_a_narrow_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    stream = Terminal()
    with Progress(1000, stream, "auto", clock=Clock(), show_diagnostics=False) as progress:
        progress.start(job("contracts/a-very-long-folder-name/and-a-long-regime-name.regime"))
        bars = [b for b in stream.getvalue().split("\r\x1b[K") if b]
    assert bars and all(len(b) < 40 for b in bars)
    assert bars[-1].endswith("name.regime") and "\u2026" in bars[-1]


def test_a_bad_mode_is_refused():
    with pytest.raises(ValueError):
        Progress(1, io.StringIO(), "loud")


def test_no_summary_when_the_build_is_interrupted():
    stream = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        with Progress(2, stream, "plain", clock=Clock(), show_diagnostics=False) as progress:
            progress.done(results()[0])
            raise KeyboardInterrupt
    assert stream.getvalue() == "built lib/a.regime (2 files, 0.41 s)\n"


# -- JSON -----------------------------------------------------------------


def test_json_report_follows_its_schema_and_says_everything():
    data = json.loads(to_json(results()))
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["schema_version"] == 1 and data["mode"] == "build"
    assert data["summary"] == {
        "total": 3,
        "built": 1,
        "unchanged": 1,
        "current": 0,
        "stale": 0,
        "failed": 1,
        "removed": 0,
    }
    a, c, b = data["regimes"]
    assert a["outputs"][0] == {"path": "build/a/schedule.md", "sha256": SHA}
    assert a["seconds"] == 0.413
    assert c["warnings"] == 1 and c["diagnostics"][0]["severity"] == "warning"
    assert b["status"] == "failed" and b["errors"] == 2
    assert b["diagnostics"][0] == diag("CG020", HOSTILE).to_json()  # as `check --format json` prints it


def test_json_report_can_always_be_written_as_utf8():
    text = to_json(results())  # HOSTILE holds a lone surrogate
    assert json.loads(text.encode("utf-8"))["regimes"][2]["diagnostics"][0]["message"] == HOSTILE


def test_control_characters_never_reach_the_terminal_raw():
    out = run("plain", results())
    assert "\x00" not in out and "\x1b" not in out
    assert "\u2400\u241b[31m" in out  # shown as visible symbols


def test_json_report_of_a_check_lists_problems():
    data = json.loads(to_json(check_results()))
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["mode"] == "check"
    assert data["regimes"][1]["problems"][0] == {
        "path": "build/c/schedule.md",
        "problem": "stale",
        "why": "clauses/arbitration.j2 changed",
    }


def test_a_check_where_everything_failed_is_still_a_check():
    failed = results()[2:]
    assert json.loads(to_json(failed))["mode"] == "build"
    assert json.loads(to_json(failed, check=True))["mode"] == "check"
    assert ET.fromstring(to_junit(failed, check=True)).find("testsuite/testcase").get("classname") == "clausegen.check"


def test_json_schema_rejects_a_wrong_report():
    data = json.loads(to_json(results()))
    data["regimes"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, JSON_SCHEMA)


def test_the_documented_schema_is_the_one_in_the_code():
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- schema -->\n```json\n(.*?)\n```", text, re.S)
    assert block, "docs/reports.md must show the schema in a ```json block after <!-- schema -->"
    assert json.loads(block.group(1)) == JSON_SCHEMA


def test_the_documented_example_report_is_valid():
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    example = re.search(r"## `--report FILE.json`.*?```json\n(.*?)\n```", text, re.S).group(1)
    jsonschema.validate(json.loads(example), JSON_SCHEMA)


def test_the_documented_example_junit_parses():
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    example = re.search(r"```xml\n(.*?)\n```", text, re.S).group(1)
    assert ET.fromstring(example.encode("utf-8")).find("testsuite").get("name") == "clausegen"


def test_absolute_paths_under_the_current_folder_are_shown_relative(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert report.shown_path(tmp_path / "lib" / "a.regime") == "lib/a.regime"
    assert report.shown_path(Path("/elsewhere/a.regime")) == "/elsewhere/a.regime"


# -- JUnit ----------------------------------------------------------------


def test_junit_has_one_testcase_per_regime_and_survives_hostile_text():
    text = to_junit(results())
    root = ET.fromstring(text.encode("utf-8"))  # parses: hostile text escaped, controls made visible
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "clausegen"
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name"), c.get("time")) for c in cases] == [
        ("clausegen.build", "lib/a.regime", "0.413"),
        ("clausegen.build", "lib/c.regime", "0.001"),
        ("clausegen.build", "lib/b.regime", "0.020"),
    ]
    assert cases[0].find("failure") is None and cases[1].find("failure") is None
    failure = cases[2].find("failure")
    assert failure.get("message").startswith("2 errors, 0 warnings: party `<]]>&\"'`")
    assert "\u2400" in failure.get("message")  # the NUL, shown
    assert "error[CG020]: party `<]]>&\"'`" in failure.text
    assert "error[CG021]: second problem" in failure.text
    assert "warning[CG050]: a warning" in cases[1].find("system-out").text


def test_junit_of_a_check_fails_stale_regimes():
    root = ET.fromstring(to_junit(check_results()))
    cases = root.find("testsuite").findall("testcase")
    assert cases[0].get("classname") == "clausegen.check" and cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.get("type") == "stale"
    assert "stale build/c/schedule.md (clauses/arbitration.j2 changed)" in failure.text
