"""Renegotiation edits of a regime's source text, for the redline and diff tests.

Each edit takes a regime's text and gives the text of the renegotiated
version, or None where the edit does not apply to that regime. They are the
edits issue 10 names: a period changed, a tier added and one removed, a
party renamed, mediation added and removed, a concession added. (A change
of clause-library wording is not an edit of the source: see LIBRARY_EDIT.)
"""

from __future__ import annotations

import re

_MEDIATION = """
  mediation {
    trigger after_escalation
    body "CEDR"
    agree_mediator within 10 business_days otherwise nominated_by body
    conclude within 60 days of appointment
    costs shared_equally
    confidential except fact_of_mediation, required_by_law, enforcing_settlement
    without_prejudice
    binding only_when_signed
  }
"""


def _block(text: str, name: str, indent: str = "  ") -> re.Match | None:
    """The block `name { ... }` at this indentation (its closing brace at the same indentation)."""
    return re.search(rf"(?ms)^{indent}{name}\b[^\n]*\{{\n.*?^{indent}\}}\n", text)


def period_changed(text: str) -> str | None:
    """The first tier's time limit five business days longer."""
    m = re.search(r"(?m)^(    tier [^\n]*\n(?:      [^\n]*\n)*?      within )(\d+)( (?:business|working)_days)", text)
    if not m:
        return None
    return text[: m.start(2)] + str(int(m.group(2)) + 5) + text[m.end(2) :]


def tier_removed(text: str) -> str | None:
    """The second tier dropped (a regime with one tier has none to drop)."""
    tiers = list(re.finditer(r"(?ms)^    tier \w+ .*?^    \}\n", text))
    if len(tiers) < 2:
        return None
    t = tiers[1]
    return text[: t.start()] + text[t.end() :]


def party_renamed(text: str) -> str | None:
    """The provider's legal name changed (e.g. after a change of name)."""
    m = re.search(r'(?m)^  party (\w+) "([^"]+)" as "([^"]+)"([^\n]*)\{', text)
    parties = list(re.finditer(r'(?m)^  party (\w+) "([^"]+)"', text))
    if len(parties) < 2 or not m:
        return None
    p = parties[-1]
    new = p.group(2).replace("Ltd", "Limited") if "Ltd" in p.group(2) else "Renamed " + p.group(2)
    return text[: p.start(2)] + new + text[p.end(2) :]


def mediation_removed(text: str) -> str | None:
    """The mediation step dropped, and what named it (the final forum's `mediation_fails`)."""
    m = _block(text, "mediation")
    if not m:
        return None
    out = text[: m.start()] + text[m.end() :]
    out = re.sub(r"after mediation_fails or ", "after escalation_exhausted or ", out)
    out = re.sub(r"after mediation_fails\n", "after escalation_exhausted\n", out)
    return out


def mediation_added(text: str) -> str | None:
    """A mediation step added after the tiers (for a regime without one)."""
    if _block(text, "mediation") or "arb_med_arb {" in text:
        return None  # Arb-Med-Arb names its own mediation centre: another body is CG060
    m = _block(text, "escalation")
    if not m:
        return None
    return text[: m.end()] + _MEDIATION + text[m.end() :]


def concession_added(text: str) -> str | None:
    """One more matter left open for renegotiation."""
    line = '    renegotiable "The frequency of service review meetings"\n'
    m = _block(text, "concessions")
    if m:
        end = m.end() - len("  }\n")
        return text[:end] + line + text[end:]
    esc = _block(text, "escalation")
    if not esc:
        return None
    return text[: esc.end()] + "\n  concessions {\n" + line + "  }\n" + text[esc.end() :]


#: name -> edit; an edit that removes something is also read backwards (added)
EDITS = {
    "period_changed": period_changed,
    "tier_removed": tier_removed,
    "party_renamed": party_renamed,
    "mediation_removed": mediation_removed,
    "mediation_added": mediation_added,
    "concession_added": concession_added,
}

#: a clause-library wording change: (built-in clause file, old words, new words)
LIBRARY_EDIT = ("schedule/notices.md", None, None)
