"""Day counting on real holiday calendars.

A calendar code is a country, optionally with a subdivision: "GB-ENG",
"US-NY", "SG", "DE-BY". Public holidays come from the `holidays` package.

Rules (documented in docs/deadlines.md):
- the clock starts the day after the trigger: a period of N units ends on
  the Nth unit counted from the day after;
- business days skip Saturdays, Sundays and the calendar's public holidays;
- weeks are 7 calendar days;
- months and years keep the day of the month; when the target month is
  shorter (31 January + 1 month), the period ends on its last day
  (28 or 29 February);
- a period in calendar days, weeks, months or years ends on that date even
  when it is not a business day.

Dates run from 1 January of year 1 to 31 December 9999 (Python's date). All
date arithmetic of clausegen goes through `shift` and `deadline`, so a count
that would leave that range is one exception, `OutOfCalendar`, which the
timeline turns into a diagnostic, never an OverflowError or ValueError.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from .model import Period, Unit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from types import ModuleType


class OutOfCalendar(Exception):
    """A count of days left the calendar (before year 1 or after year 9999).

    `start` is the day counted from; `period` the period being counted, or
    None for a single day's step (the day after a notice, say).
    """

    def __init__(self, start: date, period: Period | None = None):
        self.start = start
        self.period = period
        what = period.describe() if period is not None else "one day"
        super().__init__(f"{what} from {start.isoformat()} runs past the dates clausegen can count (years 1 to 9999)")


class HolidayTable(Protocol):
    """One calendar's public holidays over some years, as the holidays package gives them: date -> name."""

    def __iter__(self) -> Iterator[date]: ...

    def get(self, day: date, default: str, /) -> str:
        """The name of the holiday on `day`, or `default`."""
        ...

    @property
    def subdivisions_aliases(self) -> Mapping[str, str]:
        """Other names of the calendar's subdivisions: each name -> the subdivision's code."""
        ...


def shift(day: date, days: int, period: Period | None = None) -> date:
    """`day` moved by `days` calendar days; OutOfCalendar past year 9999 or before year 1."""
    try:
        return day + timedelta(days=days)
    except OverflowError:  # both date + timedelta and a huge timedelta raise it
        raise OutOfCalendar(day, period) from None


# Codes a drafter might write for the same place, mapped to holidays' names.
ALIASES = {"UK": "GB", "EN": "GB-ENG", "ENG": "GB-ENG", "SCT": "GB-SCT", "NIR": "GB-NIR", "WLS": "GB-WLS"}


@lru_cache(maxsize=1)
def supported() -> dict[str, tuple[str, ...]]:
    """Every country code the holidays package knows, with its subdivisions."""
    import holidays

    return {c: tuple(s) for c, s in holidays.list_supported_countries().items()}


def valid_codes() -> list[str]:
    """Every calendar code clausegen accepts, e.g. GB, GB-ENG, DE-BY."""
    out = []
    for country, subdivs in supported().items():
        out.append(country)
        out.extend(f"{country}-{s}" for s in subdivs)
    return out


def _load_alone(name: str, path: Path) -> ModuleType:
    """Import module `name` from `path` without running its package's __init__.

    holidays.countries/__init__.py imports all of its ~250 countries (half
    of `clausegen check`'s time); one country's module needs none of them.
    A module loaded here is the one a later `import holidays.countries`
    finds in sys.modules, so classes stay the same objects.
    """
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _import_holidays() -> ModuleType:
    """`import holidays`, without importlib.metadata when the version can be read directly.

    holidays/version.py asks importlib.metadata for the package's version
    at import, and importlib.metadata pulls in email, zipfile, csv and more:
    about a tenth of `clausegen check`. When holidays is installed the
    ordinary way (one holidays-*.dist-info beside it), the same string is
    read from that folder's METADATA and given to holidays as its
    `holidays.version` module; otherwise holidays imports as usual.
    """
    import sys

    if "holidays" not in sys.modules and "holidays.version" not in sys.modules:
        version = _installed_version("holidays")
        if version is not None:
            import types

            module = types.ModuleType(
                "holidays.version", "The holidays package's version (read by clausegen.calendar)."
            )
            module.__dict__["__version__"] = version
            sys.modules["holidays.version"] = module
    import holidays

    return holidays


def _installed_version(name: str) -> str | None:
    """The Version: of `name`'s one dist-info folder beside the package, or None."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            return None
        site = Path(spec.origin).parent.parent
        infos = list(site.glob(f"{name}-*.dist-info"))
        if len(infos) != 1:
            return None
        with open(infos[0] / "METADATA", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip() or None
                if not line.strip():
                    break  # the headers end at the first blank line
    except (OSError, ValueError, ImportError):
        return None
    return None


@lru_cache(maxsize=64)
def _entity(country: str) -> Callable[..., HolidayTable] | None:
    """The holidays class for a country (or market) code, or None if unknown.

    The same lookup as holidays.country_holidays (every code holidays'
    registry lists for an entity), loading only that entity's module.
    """
    holidays = _import_holidays()
    from holidays.registry import COUNTRIES, FINANCIAL, IMPORT_LOCK

    for prefix, table in (("countries", COUNTRIES), ("financial", FINANCIAL)):
        for module, names in table.items():
            if country in names:
                try:
                    with IMPORT_LOCK:  # the lock holidays' own lazy loader takes (threads)
                        package = Path(cast(str, holidays.__file__)).parent  # a package of files: __file__ is set
                        loaded = _load_alone(f"holidays.{prefix}.{module}", package / prefix / f"{module}.py")
                    entity: Callable[..., HolidayTable] = getattr(loaded, names[0])
                except (ImportError, AttributeError):
                    # A holidays release laid out differently: its own (slower) loader.
                    entity = getattr(holidays, country)
                return entity
    return None


def country_holidays(country: str, subdiv: str | None = None, years: Iterable[int] | None = None) -> HolidayTable:
    """holidays.country_holidays(country, subdiv=subdiv, years=years), one country loaded."""
    entity = _entity(country)
    if entity is None:
        raise NotImplementedError(f"Country {country} not available")
    table: HolidayTable = entity(years=years, subdiv=subdiv)
    return table


@lru_cache(maxsize=64)
def split_code(code: str) -> tuple[str, str | None] | None:
    """("GB", "ENG") for "GB-ENG"; None when the code is not a known calendar."""
    if not code.isascii():
        return None  # "ß".upper() is "SS": only ASCII codes are calendar codes
    code = ALIASES.get(code.upper(), code.upper())
    country, _, subdiv = code.partition("-")
    try:
        # Asking for one calendar is cheap; listing them all is not.
        country_holidays(country, subdiv or None)
    except (NotImplementedError, KeyError, ValueError):
        return None
    return country, subdiv or None


@dataclass(frozen=True)
class HolidayCalendar:
    """Business-day arithmetic for one calendar code ("" skips weekends only)."""

    code: str

    def __post_init__(self) -> None:
        if self.code and split_code(self.code) is None:
            raise ValueError(f"unknown holiday calendar {self.code!r}")

    # The calendar is frozen and few exist per process: caching on self keeps them alive, as intended.
    @lru_cache(maxsize=64)  # noqa: B019
    def _year(self, year: int) -> frozenset[date]:
        if not self.code:
            return frozenset()
        country, subdiv = self._parts()
        return frozenset(country_holidays(country, subdiv, years=[year]))

    def holiday_name(self, day: date) -> str:
        """The holiday's name, or '' for an ordinary day."""
        if not self.code:
            return ""
        country, subdiv = self._parts()
        return country_holidays(country, subdiv, years=[day.year]).get(day, "")

    def _parts(self) -> tuple[str, str | None]:
        parts = split_code(self.code)
        assert parts is not None  # __post_init__ refuses a code that is not a known calendar
        return parts

    def is_business_day(self, day: date) -> bool:
        """Not a Saturday, a Sunday or one of the calendar's public holidays."""
        return day.weekday() < 5 and day not in self._year(day.year)

    def add_business_days(self, start: date, n: int, period: Period | None = None) -> date:
        """The nth business day after `start` (start itself never counts)."""
        # n business days span at least n calendar days: a count that must
        # leave the calendar fails at once instead of walking there day by day.
        if n > date.max.toordinal() - start.toordinal():
            raise OutOfCalendar(start, period)
        day = start
        counted = 0
        while counted < n:
            day = shift(day, 1, period)
            if self.is_business_day(day):
                counted += 1
        return day

    def next_business_day(self, day: date, period: Period | None = None) -> date:
        """`day` if it is a business day, else the next one."""
        while not self.is_business_day(day):
            day = shift(day, 1, period)
        return day


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    last = _cal.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


WEEKENDS_ONLY = HolidayCalendar("")


def deadline(start: date, period: Period, cal: HolidayCalendar | None) -> date:
    """The last day of `period` counted from the day after `start`.

    Without a calendar, business days skip weekends only. Raises
    OutOfCalendar when the last day would fall outside years 1 to 9999.
    """
    n = period.amount
    if period.unit is Unit.CALENDAR_DAYS:
        return shift(start, n, period)
    if period.unit is Unit.WEEKS:
        return shift(start, 7 * n, period)
    if period.unit in (Unit.MONTHS, Unit.YEARS):
        months = n if period.unit is Unit.MONTHS else 12 * n
        try:
            return add_months(start, months)
        except (ValueError, OverflowError):  # the year left 1..9999
            raise OutOfCalendar(start, period) from None
    return (cal or WEEKENDS_ONLY).add_business_days(start, n, period)


def deadline_including(first: date, period: Period, cal: HolidayCalendar | None) -> date:
    """The last day of `period` when `first` is itself its first day.

    The rule for periods that run from a Notice Date that is their day 1
    (`clock_starts day_after_receipt`): N days or business days end on the
    Nth counted from `first`; months and years end on the day before the
    corresponding day of the last month (1 month from 1 March ends on 31
    March) or, where that month has no corresponding day, on its last day
    (1 month from 31 March ends on 30 April).
    """
    if period.unit in (Unit.MONTHS, Unit.YEARS):
        corresponding = deadline(first, period, cal)  # clamped to the month's end when missing
        return shift(corresponding, -1, period) if corresponding.day == first.day else corresponding
    return deadline(shift(first, -1, period), period, cal)
