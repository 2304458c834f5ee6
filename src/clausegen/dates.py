"""How a date reads in every document.

A deadline a manager diarises reads "Thursday 7 January 2027" (`day`); the
date of a document, in its title block and running header, reads as a
lawyer writes it, "1 March 2026" (`version_line`).

The one date formatter of the house style: the handbook's clauses (through
the `day` function of the clause context), the figures and every writer's
title block use it, so a date reads the same in Markdown, HTML, Word and PDF
and in every document. English names whatever the machine's locale (strftime
would follow it). The weekday stays: a manager diarising a deadline needs it,
and one format everywhere is simpler to check than one per document.
"""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day(d: date | str) -> str:
    """A date, or an ISO date string, as the documents write it; other text unchanged."""
    d = _as_date(d)
    return f"{WEEKDAYS[d.weekday()]} {long_date(d)}" if isinstance(d, date) else d


def long_date(d: date | str) -> str:
    """A date without its weekday, as a lawyer dates a document: "1 March 2026"."""
    d = _as_date(d)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if isinstance(d, date) else d


def _as_date(d: date | str) -> date | str:
    """An ISO date string as a date; any other text unchanged."""
    if isinstance(d, str):
        try:
            return date.fromisoformat(d)
        except ValueError:
            return d
    return d


def version_line(version: str, d: date | str | None) -> str:
    """The title block's and running header's facts: "Version 2.0 · 1 March 2026" (parts left out when absent)."""
    return " · ".join(x for x in (f"Version {version}" if version else "", long_date(d) if d else "") if x)
