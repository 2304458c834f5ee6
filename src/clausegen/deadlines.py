"""A dated timeline as text, JSON or an iCalendar file (`clausegen timeline`)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TypedDict

from .dates import day
from .documents.regions import calendar_name
from .model import Regime
from .resources import phrases
from .timeline import Step, Timeline


class PeriodJSON(TypedDict):
    """A time limit in `clausegen timeline --format json`: its amount and unit."""

    amount: int
    unit: str


class StepJSON(TypedDict):
    """One step of the timeline in `clausegen timeline --format json`, dates in ISO form."""

    name: str
    kind: str
    period: PeriodJSON
    starts: str
    first_day: str
    deadline: str
    after_long_stop: bool


class TimelineJSON(TypedDict):
    """The whole of `clausegen timeline --format json`."""

    regime: str
    calendar: str
    expedited: bool
    notified: str
    clock_starts: str
    notice_date: str
    steps: list[StepJSON]
    side_steps: list[StepJSON]
    long_stop: str | None
    proceedings_from: str
    worst_case_days: int


def _day(d: date) -> str:
    """The house date ("Thursday 7 January 2027"), as every document writes it."""
    return day(d)


def to_text(regime: Regime, t: Timeline) -> str:
    """A table a manager can read at a glance."""
    # "(public holidays of the State of Delaware)": the name carries its own article
    cal = f" (public holidays of {calendar_name(t.calendar, phrases().get('calendar', {}))})" if t.calendar else ""
    sent = regime.dispute_notice is not None and regime.dispute_notice.clock_starts == "on_sending"
    counted = "day 1 of every period" if t.clock_start != t.origin else "periods count from the day after"
    lines = [
        f"{regime.title}: worst-case timeline{' (expedited)' if t.expedited else ''}",
        f"Dispute notice {'sent' if sent else 'received'}: {_day(t.notified)}{cal}",
        f"Notice Date:             {_day(t.clock_start)} ({counted})",
        "",
        f"{'#':>2}  {'Step':<42} {'Time limit':<20} {'First day':<27} Last day",
    ]
    for k, s in enumerate(t.steps, start=1):
        late = "  (still running at the long stop)" if t.cut(s) else ""
        lines.append(
            f"{k:>2}  {s.name:<42} {s.period.describe(regime.day_term):<20} {_day(s.first):<27} {_day(s.due)}{late}"
        )
    if t.long_stop is not None:
        long_stop = regime.final_forum.long_stop
        assert long_stop is not None  # the timeline has a long stop only where the final forum has one
        first = t.day_after(t.origin)
        lines.append(
            f"{'':>2}  {'Long stop (proceedings allowed after)':<42} {long_stop.describe(regime.day_term):<20} {_day(first):<27} {_day(t.long_stop)}"
        )
    lines.append(f"{'':>2}  {'Earliest day proceedings may start':<42} {'':<20} {'':<27} {_day(t.proceedings_from)}")
    lines.append(
        f"\nWorst case: {t.total_days} calendar days from the dispute notice to the earliest day proceedings may start."
    )
    if any(t.cut(s) for s in t.steps):
        lines.append("The long stop opens proceedings before the steps marked above have run their full time.")
    if t.side_steps:
        lines += ["", "Other deadlines:"]
        for s in t.side_steps:
            lines.append(f"    {s.name:<42} {s.period.describe(regime.day_term):<20} {_day(s.first):<27} {_day(s.due)}")
    return "\n".join(lines) + "\n"


def to_json(regime: Regime, t: Timeline) -> str:
    """Every step with ISO dates."""

    def step(s: Step) -> StepJSON:
        return {
            "name": s.name,
            "kind": s.kind,
            "period": {"amount": s.period.amount, "unit": s.period.unit.value},
            "starts": s.starts.isoformat(),
            "first_day": s.first.isoformat(),
            "deadline": s.due.isoformat(),
            "after_long_stop": t.cut(s),
        }

    data: TimelineJSON = {
        "regime": regime.title,
        "calendar": t.calendar,
        "expedited": t.expedited,
        "notified": t.notified.isoformat(),
        "clock_starts": t.clock_start.isoformat(),
        "notice_date": t.clock_start.isoformat(),
        "steps": [step(s) for s in t.steps],
        "side_steps": [step(s) for s in t.side_steps],
        "long_stop": t.long_stop.isoformat() if t.long_stop else None,
        "proceedings_from": t.proceedings_from.isoformat(),
        "worst_case_days": t.total_days,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 requires."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def to_ics(regime: Regime, t: Timeline, uid_base: str, stamp: datetime | None = None) -> str:
    """Every deadline as an all-day calendar event (RFC 5545), reproducibly."""
    stamp = stamp or datetime.combine(t.notified, datetime.min.time(), tzinfo=UTC)
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    short = regime.title
    events: list[tuple[str, str, date]] = []
    for k, s in enumerate(t.steps, start=1):
        events.append(
            (
                f"Deadline: {s.name}",
                f"{s.name}: {s.period.describe()} from {s.starts.isoformat()}. Step {k} of the worst case.",
                s.due,
            )
        )
    for s in t.side_steps:
        events.append((f"Deadline: {s.name}", f"{s.name}: {s.period.describe()} from {s.starts.isoformat()}.", s.due))
    if t.long_stop is not None:
        events.append(
            (
                "Long stop reached: proceedings may start after today",
                "The long stop before proceedings ends today.",
                t.long_stop,
            )
        )
    events.append(
        (
            "Earliest day proceedings may start",
            f"Worst case: {t.total_days} days after the dispute notice.",
            t.proceedings_from,
        )
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clausegen//dispute deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape('Dispute deadlines: ' + short)}",
    ]
    for k, (summary, description, when) in enumerate(events, start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid_base}-{t.notified.isoformat()}-{k}@clausegen",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{when.strftime('%Y%m%d')}",
            # An all-day event without DTEND lasts its one day (RFC 5545,
            # 3.6.1): needed for 31 December 9999, which has no next day.
            *(
                [f"DTEND;VALUE=DATE:{date.fromordinal(when.toordinal() + 1).strftime('%Y%m%d')}"]
                if when < date.max
                else []
            ),
            f"SUMMARY:{_escape(summary + ' (' + short + ')')}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
