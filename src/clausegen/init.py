"""`clausegen init`: a first regime file from a starting point and a few answers.

The starting points are regime files shipped as data: the commented starter
(templates/starters/*.regime) and the bundled examples (examples/*.regime). No regime
text lives here. The answers (title, party names, law, calendar) are put into
the chosen file by replacing the quoted values the parser located, so
comments and layout stay exactly as the starting point has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import CompileError
from .language.ast import Statement, Value
from .language.fmt import format_source
from .language.parser import parse
from .resources import data_dir
from .source import SourceFile

DEFAULT_START = "starter"


class StarterProblem(ValueError):
    """A starting point, law or calendar that does not exist (a usage problem)."""


@dataclass(frozen=True)
class Answers:
    """What init asks: the agreement's title, the parties' legal names, law and calendar."""

    title: str
    parties: tuple[str, ...]  # legal names, in the order the file declares them
    party_keys: tuple[str, ...]  # the short names the file uses (client, provider, ...)
    law: str
    calendar: str


def starting_points() -> dict[str, Path]:
    """Every starting point by name: the starters first, then the bundled examples."""
    found: dict[str, Path] = {}
    for root in (data_dir("templates") / "starters", data_dir("examples")):
        if root.is_dir():
            for path in sorted(root.glob("*.regime")):
                found.setdefault(path.stem, path)
    return found


def starting_text(name: str) -> str:
    """The text of the starting point `name`; StarterProblem when there is none."""
    points = starting_points()
    if name not in points:
        raise StarterProblem(f"there is no starting point called {name!r}; choose one of: {', '.join(points)}")
    return points[name].read_text(encoding="utf-8")


def _regime(text: str, name: str) -> Statement:
    tree = parse(SourceFile(name, text))
    return next(s for s in tree.statements if s.keyword == "regime")


def _first_string(statement: Statement) -> Value | None:
    return next((v for v in statement.values if v.kind == "string"), None)


def _name_of(statement: Statement) -> Value:
    """The quoted name of the regime or a party: every starting point gives each one."""
    value = _first_string(statement)
    assert value is not None, f"the starting point's `{statement.keyword}` has no quoted name"
    return value


def _header(regime: Statement, keyword: str) -> Value | None:
    for s in regime.block or ():
        if s.keyword == keyword:
            return _first_string(s)
    return None


def _parties(regime: Statement) -> list[Statement]:
    return [s for s in regime.block or () if s.keyword == "party"]


def defaults(text: str, name: str = "<starter>") -> Answers:
    """The answers the starting point already holds (offered as the defaults)."""
    regime = _regime(text, name)
    parties = _parties(regime)
    law, calendar = _header(regime, "law"), _header(regime, "calendar")
    return Answers(
        title=str(_name_of(regime).value),
        parties=tuple(str(_name_of(p).value) for p in parties),
        party_keys=tuple(p.values[0].text for p in parties),
        law=str(law.value) if law else "",
        calendar=str(calendar.value) if calendar else "",
    )


def quote(text: str) -> str:
    """`text` as a regime string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _offsets(text: str) -> list[int]:
    starts, pos = [0], 0
    for line in text.split("\n"):
        pos += len(line) + 1
        starts.append(pos)
    return starts


def _courts_of(regime: Statement, law: str) -> Iterator[Value]:
    """The `courts` values that name the governing law itself (they follow a change of law)."""
    for s in regime.block or ():
        for inner in s.block or ():
            if inner.keyword == "courts":
                value = _first_string(inner)
                if value is not None and value.value == law:
                    yield value


def apply(text: str, answers: Answers, name: str = "<starter>") -> str:
    """The starting point's text with `answers` in place of its own values."""
    regime = _regime(text, name)
    old = defaults(text, name)
    edits: list[tuple[Value, str]] = [(_name_of(regime), answers.title)]
    for party, legal_name in zip(_parties(regime), answers.parties):
        edits.append((_name_of(party), legal_name))
    for keyword, new in (("law", answers.law), ("calendar", answers.calendar)):
        value = _header(regime, keyword)
        if value is not None:
            edits.append((value, new))
    if answers.law != old.law:
        edits += [(value, answers.law) for value in _courts_of(regime, old.law)]
    starts = _offsets(text)
    out = text
    # From the end backwards, so earlier offsets stay valid.
    for value, new in sorted(edits, key=lambda e: (e[0].span.line, e[0].span.column), reverse=True):
        span = value.span
        begin = starts[span.line - 1] + span.column - 1
        end = starts[span.end_line - 1] + span.end_column - 1
        out = out[:begin] + quote(new) + out[end:]
    # Laid out as `clausegen fmt` would: an answer longer than the value it
    # replaces moves the comments after it, which fmt puts back in line.
    try:
        return format_source(out, name)
    except CompileError:  # the check that follows reports what is wrong
        return out


def known_laws() -> list[str]:
    """The governing laws clausegen has facts for (clauses/laws.toml)."""
    from .laws import known_laws as laws

    return list(laws())


def law_calendar(law: str) -> str | None:
    """The calendar a known law usually goes with (laws.toml), if any."""
    from .laws import known_laws as laws

    facts = laws().get(law)
    return getattr(facts, "calendar", None) if facts else None


def canonical_law(law: str) -> str:
    """The known law named `law` (any letter case); StarterProblem when unknown."""
    for known in known_laws():
        if known.casefold() == law.strip().casefold():
            return known
    raise StarterProblem(
        f"clausegen has no facts for the law {law!r}; choose one of: {', '.join(known_laws())} "
        "(for another law, start from one of these and edit the file: state its limitation period)"
    )


def canonical_calendar(code: str) -> str:
    """The calendar code `code` in its usual letter case; StarterProblem when unknown."""
    from .calendar import valid_codes

    wanted = code.strip().upper()
    for known in valid_codes():
        if known.upper() == wanted:
            return known
    raise StarterProblem(
        f"there is no public-holiday calendar {code!r}; give a country code such as GB-ENG, US-NY, DE-BY or SG"
    )


def with_law(answers: Answers, law: str, calendar: str | None) -> Answers:
    """`answers` under `law`; the calendar follows the law unless one is given."""
    law = canonical_law(law)
    if calendar is None:
        calendar = answers.calendar if law == answers.law else (law_calendar(law) or answers.calendar)
    return replace(answers, law=law, calendar=canonical_calendar(calendar))
