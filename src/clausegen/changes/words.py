"""The drafter's words of the semantic diff (clauses/changes.toml), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import TypedDict

from ..resources import data_dir

#: one table of clauses/changes.toml: a name -> its words (a label, or a str.format template)
Table = dict[str, str]


class ChangeWords(TypedDict):
    """The tables of clauses/changes.toml, and the day and month names of its `follows` table."""

    summary: Table  # the sentence of each kind of change: added, removed, changed, set, unset, renamed, moved
    value: Table  # how values are worded: yes, no, none, period_from, list_separator
    entity: Table  # how an entity is named, by kind: 'Tier {n} ({name})'
    field: Table  # a drafter's label of a model field
    key: Table  # a change's key where it is not "<kind>.<field>.changed"
    follows: Table  # what follows in the documents and dates (its two lists are below)
    page: Table  # the redline's first page
    library: Table  # the clause-library files whose wording changed since the lock
    weekdays: list[str]  # follows.weekdays: Mon..Sun
    months: list[str]  # follows.months: Jan..Dec


_LISTS = ("weekdays", "months")


@lru_cache(maxsize=1)
def words() -> ChangeWords:
    """The tables of clauses/changes.toml: summary, value, entity, field, key, follows, page, library."""
    data = tomllib.loads((data_dir("clauses") / "changes.toml").read_text(encoding="utf-8"))
    follows = data["follows"]
    return ChangeWords(
        summary=data["summary"],
        value=data["value"],
        entity=data["entity"],
        field=data["field"],
        key=data["key"],
        follows={k: v for k, v in follows.items() if k not in _LISTS},
        page=data["page"],
        library=data["library"],
        weekdays=follows["weekdays"],
        months=follows["months"],
    )


def field_label(name: str) -> str:
    """A drafter's label for a model field ("limit" -> "time limit")."""
    return words()["field"].get(name, name.replace("_", " "))
