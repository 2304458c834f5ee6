"""The regime's version and its history of signed versions.

Blocks: `history`; the regime's own `version` line.
"""

from __future__ import annotations

from ...model import Revision
from ..reader import Field, Spec
from ..values import Missing, Values


def _revision(r: Values) -> Revision:
    example = '"1.0" 2025-01-01 "First signed version."'
    version = r.string("the version in quotes", example)
    when = r.date(f'"{version}" 2025-01-01 "First signed version."')
    summary = r.string(
        "a short summary of the version in quotes", f'"{version}" {when.isoformat()} "First signed version."'
    )
    return Revision(version, when, summary, r.stmt.span)


HISTORY: Spec = {"version": Field("revisions", _revision, many=True, finish=tuple, default=())}


def read_version(r: Values) -> str:
    """The regime's own `version "2.0"`; a dated version with a summary is a history line."""
    version = r.string("the version in quotes", '"2.0"')
    after = r.peek()
    if after is not None and after.kind == "date":
        r.ctx.diags.error(
            "CG203",
            "`version` in the regime block takes the version only",
            after.span.to(r.stmt.values[-1].span),
            f'a version with its date and summary is a line of the history: history {{ version "{version}" {after.text} "..." }}',
        )
        raise Missing()
    return version
