"""Day counting on real holiday calendars, with exact dates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from clausegen.api import compile_file
from clausegen.calendar import HolidayCalendar, add_months, deadline, split_code
from clausegen.cli import main
from clausegen.model import Period, Unit
from clausegen.source import Span
from clausegen.timeline import timeline

from .conftest import EXAMPLES

SPAN = Span.point("t", 1, 1)


def p(amount: int, unit: Unit) -> Period:
    return Period(amount, unit, SPAN)


@pytest.mark.parametrize(
    "code,start,n,expected,why",
    [
        (
            "GB-ENG",
            date(2026, 12, 17),
            10,
            date(2027, 1, 5),
            "Christmas, Boxing Day (observed Mon 28) and New Year's Day",
        ),
        ("GB-ENG", date(2027, 3, 24), 5, date(2027, 4, 2), "Good Friday 26 Mar and Easter Monday 29 Mar"),
        ("GB-ENG", date(2026, 12, 31), 3, date(2027, 1, 6), "one holiday over the year end"),
        ("GB-SCT", date(2026, 12, 31), 3, date(2027, 1, 7), "Scotland also keeps 2 January (observed Mon 4)"),
        ("GB-NIR", date(2027, 3, 16), 1, date(2027, 3, 18), "St Patrick's Day"),
        ("GB-ENG", date(2027, 3, 16), 1, date(2027, 3, 17), "no St Patrick's Day in England"),
        ("US-NY", date(2026, 11, 25), 1, date(2026, 11, 27), "Thanksgiving"),
        ("US-NY", date(2027, 2, 11), 1, date(2027, 2, 16), "Lincoln's Birthday and Washington's Birthday"),
        ("SG", date(2027, 2, 5), 1, date(2027, 2, 9), "Chinese New Year on a weekend, observed on Monday"),
        ("DE-BY", date(2027, 1, 4), 3, date(2027, 1, 8), "Epiphany is a holiday in Bavaria"),
        ("DE-BE", date(2027, 1, 4), 3, date(2027, 1, 7), "but not in Berlin"),
        ("DE-NW", date(2026, 12, 23), 2, date(2026, 12, 28), "both Christmas days"),
    ],
)
def test_business_days_skip_weekends_and_public_holidays(code, start, n, expected, why):
    assert HolidayCalendar(code).add_business_days(start, n) == expected, why


def test_every_required_calendar_is_known():
    for code in (
        "GB-ENG",
        "GB-SCT",
        "GB-NIR",
        "US-NY",
        "SG",
        "DE-BW",
        "DE-BY",
        "DE-BE",
        "DE-BB",
        "DE-HB",
        "DE-HH",
        "DE-HE",
        "DE-MV",
        "DE-NI",
        "DE-NW",
        "DE-RP",
        "DE-SL",
        "DE-SN",
        "DE-ST",
        "DE-SH",
        "DE-TH",
    ):
        assert split_code(code) is not None, code
    assert split_code("GB-XX") is None and split_code("ZZ") is None


@pytest.mark.parametrize(
    "start,period,expected",
    [
        (date(2026, 12, 14), p(10, Unit.CALENDAR_DAYS), date(2026, 12, 24)),
        (date(2026, 12, 14), p(10, Unit.BUSINESS_DAYS), date(2026, 12, 30)),
        (date(2026, 12, 28), p(2, Unit.WEEKS), date(2027, 1, 11)),
        (date(2027, 1, 31), p(1, Unit.MONTHS), date(2027, 2, 28)),
        (date(2028, 1, 31), p(1, Unit.MONTHS), date(2028, 2, 29)),
        (date(2026, 11, 30), p(3, Unit.MONTHS), date(2027, 2, 28)),
        (date(2026, 8, 31), p(6, Unit.MONTHS), date(2027, 2, 28)),
        (date(2028, 2, 29), p(1, Unit.YEARS), date(2029, 2, 28)),
        (date(2026, 12, 31), p(1, Unit.MONTHS), date(2027, 1, 31)),
    ],
)
def test_every_unit(start, period, expected):
    assert deadline(start, period, HolidayCalendar("GB-ENG")) == expected


def test_month_end_rule_is_the_corresponding_day_or_the_last_day():
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 15), 13) == date(2028, 2, 15)


def test_acme_timeline_across_christmas():
    regime = compile_file(str(EXAMPLES / "acme-globex.regime")).regime
    t = timeline(regime, date(2026, 12, 14))
    assert [(s.name, s.due) for s in t.steps] == [
        ("Tier 1: Contract Managers", date(2026, 12, 30)),
        ("Tier 2: Commercial Directors", date(2027, 1, 14)),
        ("Tier 3: Executive Sponsors", date(2027, 2, 4)),
        ("Agreeing the mediator", date(2027, 2, 18)),
        ("Mediation", date(2027, 4, 19)),
    ]  # the outer limit ends the mediation: no signing window after it
    assert t.long_stop == date(2027, 3, 14)  # 90 days from the notice
    assert t.proceedings_from == date(2027, 3, 15)


def test_clock_starting_the_day_after_receipt_and_the_expedited_timetable():
    regime = compile_file(str(EXAMPLES / "uk-public-sector-it.regime")).regime
    assert regime.dispute_notice.clock_starts == "day_after_receipt"
    standard = timeline(regime, date(2026, 12, 14))
    fast = timeline(regime, date(2026, 12, 14), expedited=True)
    assert standard.clock_start == fast.clock_start == date(2026, 12, 15)
    # The Notice Date is day 1: 10 business days over Christmas, counted once.
    assert standard.steps[0].due == date(2026, 12, 30)
    assert fast.steps[0].period.amount == regime.escalation.tiers[0].expedited.amount == 5
    assert fast.steps[0].due == date(2026, 12, 21)
    assert fast.proceedings_from < standard.proceedings_from


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_timeline_command_text_and_json():
    acme = str(EXAMPLES / "acme-globex.regime")
    text = run("timeline", acme, "--from", "2026-12-14")
    assert text.exit_code == 0
    assert " 1  Tier 1: Contract Managers" in text.stdout and "Wednesday 30 December 2026" in text.stdout
    assert "Earliest day proceedings may start" in text.stdout and "Monday 15 March 2027" in text.stdout
    assert "(public holidays of England and Wales)" in text.stdout and "10 Business Days" in text.stdout
    saas = run("timeline", str(EXAMPLES / "saas-two-tier.regime"), "--from", "2026-12-21").stdout
    assert "(public holidays of the State of Delaware)" in saas and "the the" not in saas
    data = json.loads(run("timeline", acme, "--from", "2026-12-14", "--format", "json").stdout)
    assert data["steps"][0]["deadline"] == "2026-12-30"
    assert data["proceedings_from"] == "2027-03-15" and data["worst_case_days"] == 91
    bad = run("timeline", acme, "--from", "14/12/2026")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_timeline_ics_is_a_valid_calendar():
    result = run("timeline", str(EXAMPLES / "uk-public-sector-it.regime"), "--from", "2026-12-14", "--format", "ics")
    assert result.exit_code == 0
    ics = result.stdout_bytes.decode()
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert ics.count("BEGIN:VEVENT") == ics.count("END:VEVENT") >= 6
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART;VALUE=DATE:20261230" in ics  # tier 1, counted once from the Notice Date
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Deadline: Tier 1: Service Management Board" in unfolded
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    assert (
        run(
            "timeline", str(EXAMPLES / "uk-public-sector-it.regime"), "--from", "2026-12-14", "--format", "ics"
        ).stdout_bytes.decode()
        == ics
    )


def test_unknown_calendar_is_a_diagnostic_with_close_names(compile_text):
    text = (EXAMPLES / "acme-globex.regime").read_text().replace('calendar "GB-ENG"', 'calendar "GB-EGN"')
    result = compile_text(text)
    [d] = [d for d in result.diagnostics if d.code != "CG032"]  # Acme's 90-day long stop warns on purpose
    assert d.code == "CG018" and d.span.line == 10 and d.span.column == 3
    assert '"GB-ENG"' in d.help


def test_limitation_check_uses_the_dated_worst_case(compile_text):
    text = (EXAMPLES / "acme-globex.regime").read_text().replace("    period 6 years", "    period 2 months")
    text = text.replace("after mediation_fails or 90 days from notice", "after mediation_fails")
    result = compile_text(text)
    assert [d.code for d in result.diagnostics] == ["CG006"]
    assert "longer than the limitation period (2 months)" in result.diagnostics[0].message


def test_handbook_with_notified_date_shows_real_deadlines(tmp_path):
    out = tmp_path / "out"
    result = run(
        "build",
        str(EXAMPLES / "acme-globex.regime"),
        "--doc",
        "handbook",
        "--format",
        "md",
        "--notified",
        "2026-12-14",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    text = (out / "acme-globex" / "handbook.md").read_text()
    assert "notified on **Monday 14 December 2026**" in text
    assert "| Tier 1: Contract Managers | 10 Business Days | Wednesday 30 December 2026 | 16 |" in text
    assert "**Monday 15 March 2027**" in text


@pytest.mark.parametrize(
    "code,after_christmas,after_easter,after_new_year",
    [
        ("GB-ENG", date(2026, 12, 29), date(2027, 3, 30), date(2027, 1, 4)),
        ("GB-SCT", date(2026, 12, 29), date(2027, 3, 29), date(2027, 1, 5)),  # no Easter Monday; 2 January
        ("GB-NIR", date(2026, 12, 29), date(2027, 3, 30), date(2027, 1, 4)),
        ("US-NY", date(2026, 12, 28), date(2027, 3, 26), date(2027, 1, 4)),  # no Good Friday
        ("SG", date(2026, 12, 28), date(2027, 3, 29), date(2027, 1, 4)),  # Good Friday only
        ("DE-BY", date(2026, 12, 28), date(2027, 3, 30), date(2027, 1, 4)),
        ("DE-BE", date(2026, 12, 28), date(2027, 3, 30), date(2027, 1, 4)),
        ("DE-HH", date(2026, 12, 28), date(2027, 3, 30), date(2027, 1, 4)),
    ],
)
def test_christmas_easter_and_year_end_on_each_calendar(code, after_christmas, after_easter, after_new_year):
    cal = HolidayCalendar(code)
    assert cal.add_business_days(date(2026, 12, 24), 1) == after_christmas
    assert cal.add_business_days(date(2027, 3, 25), 1) == after_easter
    assert cal.add_business_days(date(2026, 12, 31), 1) == after_new_year
