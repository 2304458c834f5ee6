"""What each keyword means, read from the language reference (docs/language.md).

The reference's tables (`| keyword | values | required | meaning | example |`)
are the one place the meaning of a keyword is written; hover shows the row
of the block the cursor is in, so nothing is written twice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import data_dir

_ROW = re.compile(r"^\|\s*`([^`]+)`(?: \(option\))?\s*\|(.*)\|\s*$")


@lru_cache(maxsize=1)
def _rows() -> list[tuple[str, str, list[str]]]:
    """(keyword, where it is described, its cells) for every table row of the reference."""
    try:
        text = (data_dir("docs") / "language.md").read_text(encoding="utf-8")
    except OSError:
        return []
    out = []
    section = sub = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section, sub = line[3:].lower(), ""
        elif line.startswith("**") and line.endswith("**"):
            sub = line.strip("*").lower()
        else:
            m = _ROW.match(line)
            cells = m.group(2).split("|") if m else []
            if m and len(cells) >= 4:  # the keyword tables; the overview has fewer columns
                out.append((m.group(1), f"{section} {sub}", [c.strip() for c in m.group(2).split("|")]))
    return out


def meaning(keyword: str, path: list[str]) -> str:
    """Markdown: what `keyword` means in the block at `path` ('' when undocumented)."""
    rows = [r for r in _rows() if r[0] == keyword]
    if not rows:
        return ""
    inner = path[-1].replace("_", " ") if path else "regime"

    def score(row: tuple[str, str, list[str]]) -> int:
        where = row[1]
        own = re.match(r"\d+\. " + re.escape(keyword.replace("_", " ")) + r"\b", where) is not None
        return (2 if f"the {inner} block" in where else 0) + (1 if inner in where else 0) + (1 if own else 0)

    _, _, cells = max(rows, key=score)
    # cells: values, required, meaning, example (the reference's column order)
    values, meaning_text = cells[0], cells[2] if len(cells) > 2 else ""
    example = cells[3] if len(cells) > 3 else ""
    parts = [meaning_text, f"Values: {values}"]
    if example:
        parts.append(f"Example: {example}")
    return "\n\n".join(p for p in parts if p)
