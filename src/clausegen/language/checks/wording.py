"""How the checks word periods, numbers and forums in their messages, in the drafter's own terms."""

from __future__ import annotations

from ...model import Period, Regime


def say(regime: Regime, p: Period) -> str:
    """A period as the drafter reads it: business days in the regime's own term."""
    return p.describe(regime.day_term)


def day_keyword(regime: Regime) -> str:
    """The keyword the drafter writes for business days: `working_days` where the regime uses them."""
    return "working_days" if regime.day_term == "Working Day" else "business_days"


_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def count_word(n: int) -> str:
    """'five', or '12' beyond the words we have."""
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def forum_word(kind: str) -> str:
    """The final forum as the subject of a sentence: the courts, or arbitration proceedings."""
    return "courts" if kind == "courts" else "arbitration proceedings"
