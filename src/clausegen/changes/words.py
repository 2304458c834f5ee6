"""The drafter's words of the semantic diff (clauses/changes.toml), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from ..resources import data_dir


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """The tables of clauses/changes.toml: summary, value, entity, field, key, follows, page."""
    return tomllib.loads((data_dir("clauses") / "changes.toml").read_text(encoding="utf-8"))


def field_label(name: str) -> str:
    """A drafter's label for a model field ("limit" -> "time limit")."""
    return words()["field"].get(name, name.replace("_", " "))
