"""`clausegen check` stays fast: a pre-built parser and one holidays country.

The pre-built parser (language/_lalr.py) must match the grammar; the
one-country loader must accept exactly the codes holidays accepts and give
the same holidays.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest
from holidays.registry import COUNTRIES, FINANCIAL

from clausegen.calendar import HolidayCalendar, country_holidays, split_code
from clausegen.language import standalone

ROOT = Path(__file__).resolve().parent.parent


def test_prebuilt_parser_matches_the_grammar():
    fresh = standalone.generate()
    shipped = standalone.TARGET.read_text(encoding="utf-8")
    assert standalone.tables(shipped) == standalone.tables(fresh), (
        "src/clausegen/language/_lalr.py is stale: run `python -m clausegen.language.standalone`"
    )


def test_check_loads_one_country_and_no_lark():
    probe = (
        "import sys\n"
        "from clausegen.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "metadata = 'importlib.metadata' in sys.modules\n"
        "import json, holidays, importlib.metadata\n"
        "same = holidays.__version__ == importlib.metadata.version('holidays')\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m == 'lark' or m.startswith(('lark.', 'holidays.countries', 'holidays.financial'))), metadata, same]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT / "examples" / "uk-public-sector-it.regime")],
        capture_output=True,
        text=True,
        check=True,
    )
    code, loaded, metadata, same_version = json.loads(done.stdout.splitlines()[-1])
    assert code in (0, None)
    assert loaded == ["holidays.countries.united_kingdom"]
    # holidays' version is read from its METADATA, not through importlib.metadata...
    assert not metadata
    # ...and is the version importlib.metadata gives.
    assert same_version


@pytest.mark.parametrize("code", ["GB", "UK", "GBR", "GB-ENG", "ENG", "US-NY", "DE-BY", "SG", "NYSE", "XNYS"])
def test_codes_and_holidays_as_the_holidays_package_gives_them(code):
    split = split_code(code)
    assert split is not None
    country, subdiv = split
    expected = holidays.country_holidays(country, subdiv=subdiv, years=[2026, 2027])
    assert dict(country_holidays(country, subdiv, years=[2026, 2027])) == dict(expected)
    cal = HolidayCalendar(code)
    for day, name in expected.items():
        assert cal.holiday_name(day) == name
        assert not cal.is_business_day(day)


def test_every_registered_code_is_accepted():
    codes = [c for table in (COUNTRIES, FINANCIAL) for names in table.values() for c in names[1:] if c.isupper()]
    assert len(codes) > 250
    assert [c for c in codes if split_code(c) is None] == []


@pytest.mark.parametrize("code", ["XX", "GB-XYZ", "PUBLIC", "JAN", "UNITEDKINGDOM", "Ünited"])
def test_unknown_codes_are_refused(code):
    # holidays' own lookup reaches constants such as PUBLIC and JAN (then
    # fails with a TypeError); here they are unknown calendars like XX.
    assert split_code(code) is None
    with pytest.raises(ValueError):
        HolidayCalendar(code)


def test_same_business_days_as_before():
    cal = HolidayCalendar("GB-ENG")
    assert cal.add_business_days(date(2026, 12, 23), 3) == date(2026, 12, 30)  # 25 Dec, 28 Dec (Boxing Day moved)
