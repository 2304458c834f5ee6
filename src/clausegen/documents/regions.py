"""The name of the place a holiday calendar code stands for, as documents word it.

"DE-HE" is "Hesse, Germany", "US-CA" "the State of California", "GB-WLS"
"Wales". The names are data (clauses/regions.toml, overridden code by code
by clauses/phrases.toml [calendar]); where neither names a subdivision, the
`holidays` package's own name for it is used, and failing that
"<country> (<code>)", so that a bare code never reaches the prose.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any

from ..calendar import country_holidays, split_code
from ..resources import data_dir


@lru_cache(maxsize=1)
def regions() -> dict[str, Any]:
    """The region names (clauses/regions.toml)."""
    return tomllib.loads((data_dir("clauses") / "regions.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    """Every country code the holidays package registers (alpha-2 or alpha-3), mapped to alpha-2."""
    from holidays.registry import COUNTRIES

    out = {}
    for entry in COUNTRIES.values():
        _, alpha2, *others = entry
        out[alpha2] = alpha2
        for code in others:
            if re.fullmatch(r"[A-Z]{3}", code):
                out[code] = alpha2
    return out


def _package_country_name(alpha2: str) -> str:
    """The country's name from the holidays registry: "CostaRica" -> "Costa Rica"."""
    from holidays.registry import COUNTRIES

    for cls, code, *_ in COUNTRIES.values():
        if code == alpha2:
            return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls)
    return alpha2


def country_name(code: str) -> str:
    """ "Germany" for "DE" (or "DEU"); the United Kingdom for "GB"."""
    alpha2 = _alpha2().get(code.upper(), code.upper())
    return regions()["country"].get(alpha2) or _package_country_name(alpha2)


def _package_subdivision_name(country: str, subdiv: str) -> str | None:
    """The holidays package's first name for a subdivision that reads as a name, not a code."""
    try:
        aliases = country_holidays(country).subdivisions_aliases or {}
    except (NotImplementedError, KeyError, ValueError, AttributeError):
        return None
    for name, code in aliases.items():
        # the aliases mix names ("Guadeloupe") with other codes ("GP", "GUA")
        if code == subdiv and not re.fullmatch(r"[A-Z0-9 -]+", name):
            return str(name)
    return None


def calendar_name(code: str, override: dict[str, str] | None = None) -> str:
    """The place whose public holidays calendar `code` follows, for "a public holiday in ...".

    `override` is an organisation's own name for some codes (phrases.toml
    [calendar]). "" for no calendar; an unknown code (never past the
    checker) is returned as written.
    """
    if not code:
        return ""
    override = override or {}
    if code in override:
        return override[code]
    parts = split_code(code)
    if parts is None:
        return code
    country, subdiv = parts
    alpha2 = _alpha2().get(country, country)
    key = f"{alpha2}-{subdiv}" if subdiv else alpha2
    if key in override:
        return override[key]
    if not subdiv:
        return country_name(alpha2)
    table = {k.upper(): v for k, v in regions()["subdivision"].items()}
    if key.upper() in table:
        return str(table[key.upper()])
    fmt = regions()["format"]
    name = _package_subdivision_name(alpha2, subdiv)
    if name:
        return str(fmt["subdivision"]).format(subdivision=name, country=country_name(alpha2))
    return str(fmt["unnamed"]).format(country=country_name(alpha2), code=key)
