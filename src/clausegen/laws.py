"""Governing laws: clause family and limitation facts, from clauses/laws.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .resources import data_dir


@dataclass(frozen=True, slots=True)
class LawFacts:
    """What clausegen knows of one governing law."""

    name: str
    family: str
    limitation_years: int | None
    adr_pauses_limitation: bool
    calendar: str


NEUTRAL = LawFacts("", "neutral", None, False, "")


@lru_cache(maxsize=1)
def known_laws() -> dict[str, LawFacts]:
    """Every law in laws.toml, by its name."""
    data = tomllib.loads((data_dir("clauses") / "laws.toml").read_text(encoding="utf-8"))
    return {
        name: LawFacts(
            name, v["family"], v.get("limitation_years"), v.get("adr_pauses_limitation", False), v.get("calendar", "")
        )
        for name, v in data["laws"].items()
    }


def law_facts(name: str) -> LawFacts:
    """Facts for a law name (case-insensitive); the neutral family if unknown."""
    for known, facts in known_laws().items():
        if known.casefold() == name.casefold():
            return facts
    return LawFacts(name, "neutral", None, False, "")
