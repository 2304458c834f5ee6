"""Where the grammar, clause library and templates live.

In a wheel they are package data inside clausegen/; in a source checkout
they stay at the top of the repository, two levels above this file.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent

PhraseBook = dict[str, Any]
"""clauses/phrases.toml as read: each table ([timeline], [event]...) -> its words, strings or nested tables."""


def data_dir(name: str) -> Path:
    """The directory `name` (grammar, clauses, templates) of this installation."""
    packaged = _HERE / name
    if packaged.is_dir():
        return packaged
    return _HERE.parents[1] / name


@lru_cache(maxsize=1)
def phrases() -> PhraseBook:
    """The phrase book (clauses/phrases.toml): every word clausegen itself puts in a document."""
    return tomllib.loads((data_dir("clauses") / "phrases.toml").read_text(encoding="utf-8"))
