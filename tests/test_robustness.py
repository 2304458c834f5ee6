"""No crash on any source: every input gives diagnostics or a regime, never a traceback.

The first tests are the reproducers of issue 8, one by one; the last is a
property test that mutates the examples (lines deleted, repeated, swapped;
odd characters, huge numbers, extreme dates, keywords of every block) and
asserts that compiling raises nothing but CompileError, with spans inside
the file and a rendering that never fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegen.api import compile_source, read_source
from clausegen.calendar import OutOfCalendar, deadline
from clausegen.cli import main
from clausegen.diagnostics import CompileError, render_all
from clausegen.language.reader import KEYWORD_HOMES
from clausegen.model import Period, Unit
from clausegen.source import SourceFile, Span, split_lines

from .conftest import EXAMPLES

ACME_PATH = EXAMPLES / "acme-globex.regime"
# Acme warns CG032 on purpose (its 90-day long stop ends before its mandatory
# mediation can); these tests need a file with no diagnostics at all.
ACME = ACME_PATH.read_text(encoding="utf-8").replace("or 90 days from notice", "or 6 months from notice")
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.regime"))]
SMALL_LITIGATION = 'regime "R" {{\nlaw "England and Wales"\n{extra}litigation {{\n}}\n}}\n'


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def diagnose(text: str, name: str = "t.regime") -> list:
    """The diagnostics of `text` (warnings of a clean file), checked for sane spans."""
    source = SourceFile(name, text)
    try:
        diags = list(compile_source(source).warnings)
    except CompileError as exc:
        diags = exc.diagnostics
    assert_sane(source, diags)
    return diags


def assert_sane(source: SourceFile, diags) -> None:
    """Every span lies in the file, and the rendering works and shows no raw line break."""
    last = len(split_lines(source.text))
    for d in diags:
        assert 1 <= d.span.line <= last + 1, d
        assert d.span.column >= 1, d
    text = render_all(diags, {source.name: source})
    for ch in "\f\v\r\x85\u2028\u2029\x00":
        assert ch not in text


def by_code(diags, code: str) -> list:
    return [d for d in diags if d.code == code]


# -- dates and periods that leave the calendar --------------------------------


def test_effective_date_near_9999_is_cg020_not_a_crash():
    diags = diagnose(SMALL_LITIGATION.format(extra="effective 9999-06-01\n"))
    [d] = by_code(diags, "CG020")
    assert d.message == "6 years counted from 9999-06-01 runs past the year 9999"
    assert (d.span.line, d.span.column) == (2, 5)  # the law line states the limitation period
    assert "`effective` date" in d.help


@pytest.mark.parametrize("unit", ["days", "weeks", "business_days", "months"])
def test_every_unit_overflows_as_cg020(unit):
    text = ACME.replace("effective 2026-03-01", "effective 9999-12-28").replace(
        "within 10 business_days", f"within 10 {unit}", 1
    )
    [d] = by_code(diagnose(text), "CG020")
    assert d.span.line == 66  # the first tier's period, which runs past the year 9999
    assert d.message.startswith("10 ") and "runs past the year 9999" in d.message


def test_a_limitation_period_of_9999_years_is_cg021():
    text = SMALL_LITIGATION.format(extra="limitation {\nperiod 9999 years\n}\n")
    [d] = by_code(diagnose(text), "CG021")
    assert d.message == "the limitation period of 9999 years is not a real time limit"
    assert (d.span.line, d.span.column, d.span.end_column) == (4, 8, 18)


@pytest.mark.parametrize("calendar,code", [("", "CG004"), ('calendar "US-XX"\n', "CG018")])
def test_business_day_limitation_without_a_known_calendar(calendar, code):
    text = SMALL_LITIGATION.format(extra=calendar + "limitation {\nperiod 10 business_days\n}\n")
    assert by_code(diagnose(text), code)


def test_a_huge_number_is_refused_before_any_counting():
    start = time.perf_counter()
    text = ACME.replace("within 10 business_days", "within 99999999999999999999 business_days", 1)
    [d] = by_code(diagnose(text), "CG202")
    assert "far too large" in d.message
    assert time.perf_counter() - start < 2


def test_deadline_refuses_a_count_past_9999_without_walking_there():
    start = time.perf_counter()
    with pytest.raises(OutOfCalendar):
        deadline(date(2026, 1, 5), Period(10**9, Unit.BUSINESS_DAYS, Span.point("x", 1, 1)), None)
    with pytest.raises(OutOfCalendar):
        deadline(date(9999, 12, 31), Period(1, Unit.CALENDAR_DAYS, Span.point("x", 1, 1)), None)
    assert time.perf_counter() - start < 0.5
    # Without a calendar, business days skip weekends only (no ValueError).
    assert deadline(date(2026, 1, 2), Period(1, Unit.BUSINESS_DAYS, Span.point("x", 1, 1)), None) == date(2026, 1, 5)


def test_timeline_from_a_date_near_9999_is_cg020():
    result = run("timeline", str(ACME_PATH), "--from", "9999-12-25")
    assert result.exit_code == 1, result.stderr
    assert "error[CG020]: 10 business days counted from 9999-12-25 runs past the year 9999" in result.stderr
    assert f"{ACME_PATH}:66:14" in result.stderr
    assert "internal error" not in result.stderr


def test_an_event_on_the_last_day_of_the_calendar_has_no_dtend():
    from clausegen.deadlines import to_ics
    from clausegen.timeline import Step, Timeline

    regime = compile_source(SourceFile("t.regime", ACME)).regime
    period = regime.escalation.tiers[0].limit
    last = Step("Tier 1", "tier", period, date(9999, 12, 17), date.max)
    t = Timeline(
        date(9999, 12, 16), date(9999, 12, 16), date(9999, 12, 16), (last,), (), None, date.max, "GB-ENG", False
    )
    ics = to_ics(regime, t, "t")
    assert "DTSTART;VALUE=DATE:99991231" in ics
    assert ics.count("BEGIN:VEVENT") == 2 and "DTEND" not in ics


def test_build_notified_near_9999_is_cg020(tmp_path):
    result = run(
        "build", str(ACME_PATH), "--doc", "handbook", "--format", "md", "--notified", "9999-12-01", "-o", str(tmp_path)
    )
    assert result.exit_code == 1, result.stderr
    assert "error[CG020]" in result.stderr and "9999-12-01" in result.stderr
    assert "internal error" not in result.stderr


# -- line breaks agree between every stage -------------------------------------


def test_form_feed_before_a_stray_semicolon():
    diags = diagnose('regime "R" {\f ;\n}\n')
    [d] = diags
    assert d.code == "CG105" and (d.span.line, d.span.column) == (1, 15)


@pytest.mark.parametrize("ch", ["\f", "\v", "\x85", "\u2028", "\u2029", "\ufeff", "\x1c"])
def test_odd_characters_in_a_comment_are_not_line_breaks(ch):
    text = ACME.replace("# public holidays that business days skip", f"# public{ch}holidays ; that business days skip")
    assert diagnose(text) == []


@pytest.mark.parametrize("ch", ["\v", "\x85", "\u2028", "\u2029", "\ufeff", "\x1c"])
def test_an_invisible_character_outside_quotes_is_named_where_it_is(ch):
    text = ACME.replace("  drafting formal", f"  drafting{ch} formal")
    [d] = diagnose(text)
    assert d.code == "CG105" and (d.span.line, d.span.column) == (11, 11)
    assert f"U+{ord(ch):04X}" in d.message


def test_line_separator_inside_a_string_is_text():
    text = ACME.replace('"Head of Vendor Management"', '"Head of\u2028Vendor Management"')
    assert diagnose(text) == []
    regime = compile_source(SourceFile("t.regime", text)).regime
    assert regime.role("client.contract_manager").title == "Head of\u2028Vendor Management"


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_only_files_read_like_lf_files(ending):
    assert diagnose(ACME.replace("\n", ending)) == []
    broken = ACME.replace('venue "London"', 'venu "London"')
    lf = [(d.code, d.span) for d in diagnose(broken)]
    other = [(d.code, d.span) for d in diagnose(broken.replace("\n", ending))]
    assert lf == other and lf[0][1].line == 94


def test_end_of_file_points_at_the_last_line():
    source = SourceFile("x", "regime {\n  a\n")
    assert source.end_span() == Span.point("x", 2, 4)
    assert SourceFile("x", "a\rb").line(2) == "b"


# -- text the documents cannot carry -------------------------------------------


@pytest.mark.parametrize("raw", ["\x01", "\x7f", "\x1b", "\ufffe", "\uffff", "\ud800", "\x9f"])
def test_a_control_character_in_quoted_text_is_cg111(raw):
    text = ACME.replace('"Acme Retail Group plc"', f'"Acme{raw} Retail Group plc"')
    [d] = diagnose(text)
    assert d.code == "CG111"
    assert (d.span.line, d.span.column) == (13, 21)
    assert f"U+{ord(raw):04X}" in d.message and "delete it" in d.help


def test_an_escaped_control_character_is_cg111_but_tab_and_newline_are_fine():
    [d] = diagnose(ACME.replace('"Acme Retail Group plc"', r'"Acme\u{1} Retail"'))
    assert d.code == "CG111" and (d.span.column, d.span.end_column) == (21, 26)
    assert diagnose(ACME.replace('"Acme Retail Group plc"', r'"Acme\tRetail\nGroup"')) == []


def test_a_very_long_name_is_not_rejected():
    text = ACME.replace('"Acme Retail Group plc"', '"' + "A" * 100_000 + '"')
    start = time.perf_counter()
    assert diagnose(text) == []
    assert time.perf_counter() - start < 2


# -- what check reads ------------------------------------------------------------


def test_check_refuses_a_fifo_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.regime"
    os.mkfifo(fifo)
    # In a child process: a hang fails the test after the timeout instead of freezing the suite.
    code = "import sys; from clausegen.cli import main; sys.argv = ['clausegen', 'check', sys.argv[1]]; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {fifo} is not a regular file"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_check_refuses_a_device():
    result = run("check", "/dev/zero")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: /dev/zero is not a regular file"


def test_check_refuses_a_folder(tmp_path):
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_a_huge_file_is_cg110_without_being_read(tmp_path):
    big = tmp_path / "huge.regime"
    with open(big, "wb") as f:
        f.truncate(20 * 10**9)  # sparse: reading it would take minutes
    start = time.perf_counter()
    result = run("check", str(big))
    assert result.exit_code == 1
    assert "error[CG110]: this file is too large for a regime (20000 MB)" in result.stderr
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    "data,message",
    [
        (ACME.encode("utf-16"), "this file is saved as UTF-16, not UTF-8"),
        (ACME.encode("utf-16-le"), "this file is saved as UTF-16, not UTF-8"),
        (ACME.encode("utf-16-be"), "this file is saved as UTF-16, not UTF-8"),
        (ACME.encode("utf-32"), "this file is saved as UTF-32, not UTF-8"),
        (
            ACME.replace("Acme Retail", "Acmé Retail").encode("cp1252"),
            "this file is saved in a Windows or Latin-1 encoding, not UTF-8 (`é` here)",
        ),
    ],
)
def test_encodings_get_a_specific_message(tmp_path, data, message):
    path = tmp_path / "enc.regime"
    path.write_bytes(data)
    with pytest.raises(CompileError) as exc:
        read_source(str(path))
    [d] = exc.value.diagnostics
    assert d.code == "CG106" and d.message == message


def test_dump_and_timeline_report_diagnostics_for_odd_sources(tmp_path):
    path = tmp_path / "odd.regime"
    path.write_text('regime "R\x01" {\f ;\n}\n', encoding="utf-8")
    for args in (
        ["dump", str(path)],
        ["dump", "--stage", "ast", str(path)],
        ["timeline", str(path), "--from", "2026-01-05"],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "internal error" not in result.stderr


# -- the property: any mutation of an example compiles or gives diagnostics ------

ODD = [
    "\f",
    "\v",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\x00",
    "\x01",
    "\x7f",
    "\ufffe",
    "\t",
    "\\",
    '"',
    "{",
    "}",
    ",",
    "#",
    "é",
    "\U0001f600",
    "\\u{1}",
    "\\u{110000}",
]
NUMBERS = ["0", "1", "9999", "10000", "99999999999999999999", "1.5", "00"]
DATES = ["0001-01-01", "9999-12-31", "9999-06-01", "0000-00-00", "2024-02-29", "2026-02-29"]
KEYWORDS = sorted(KEYWORD_HOMES)
UNITS = ["days", "business_days", "weeks", "months", "years"]
VALUES = NUMBERS + DATES + UNITS + KEYWORDS + ['"x"', "{", "}", ",", "client.sponsor"]


@st.composite
def mutated_example(draw):
    lines = draw(st.sampled_from(EXAMPLE_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "swap", "char", "number", "date", "keyword", "cut"]))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(ODD)) + lines[i][at:]
        elif op == "number":
            lines[i] = re.sub(r"\d+", draw(st.sampled_from(NUMBERS)), lines[i], count=1)
        elif op == "date":
            lines.insert(i, "effective " + draw(st.sampled_from(DATES)))
            lines = [re.sub(r"\d{4}-\d\d-\d\d", draw(st.sampled_from(DATES)), line) for line in lines]
        elif op == "keyword":
            values = draw(st.lists(st.sampled_from(VALUES), max_size=4))
            lines.insert(i, "  " + " ".join([draw(st.sampled_from(KEYWORDS)), *values]))
        elif op == "cut":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at]
    return draw(st.sampled_from(["\n", "\n", "\r\n", "\r"])).join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_example())
def test_any_mutation_of_an_example_gives_diagnostics_not_a_crash(text):
    diagnose(text)


# -- large inputs stay fast -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'regime "R" {\n  law ' + "a " * 200_000 + "\n}\n",  # words: refused before Lark sees them
        'regime "R" {\n' + "{" * 900_000,  # nesting: the scan stops at the first CG109
        'regime "R" {\n' + "}\n" * 400_000,  # stray braces: the scan stops after 20
        'regime "' + "\\u{1}" * 200_000 + '" {\n}\n',  # escapes: read in linear time, reported once
    ],
    ids=["words", "braces", "closers", "escapes"],
)
def test_a_large_file_of_junk_is_reported_quickly(text):
    start = time.perf_counter()
    diags = diagnose(text)
    assert 1 <= len(diags) <= 40
    assert time.perf_counter() - start < 5


def test_many_diagnostics_on_one_long_line_render_quickly():
    members = ", ".join(f"client.r{i}" for i in range(3000))
    text = ACME.replace("members client.contract_manager, provider.delivery_manager", "members " + members)
    source = SourceFile("t.regime", text)
    with pytest.raises(CompileError) as exc:
        compile_source(source)
    start = time.perf_counter()
    rendered = render_all(exc.value.diagnostics, {"t.regime": source})
    assert time.perf_counter() - start < 3
    # Long lines are cut around the caret.
    assert max(len(line) for line in rendered.splitlines()) < 200


def test_a_diagnostic_never_prints_control_characters_it_quotes():
    from clausegen.diagnostics import Diagnostic, Severity, render

    d = Diagnostic(
        "CG309", Severity.ERROR, "this clause names `a\x00b\x1b[31m.md`", Span.point("lib/x\x07.md", 1, 1), ""
    )
    out = render(d, None)
    assert not any(ord(c) < 32 and c != "\n" for c in out), repr(out)
