"""Checks of the version history (CG040-CG047).

Versions listed once, oldest first, dated as this version takes effect, and
`amends` naming the version just before this one.
"""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...model import Regime, Revision
from ..values import Context
from .registry import check


@check
def version_history(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG040-CG047: the history of renegotiations agrees with itself and with this version.

    CG040 a version listed twice; CG041 versions not oldest first; CG042 the
    entry for this version dated otherwise than `effective`; CG043 a version
    dated after this one takes effect; CG044 `amends` naming no earlier
    version of the history; CG045 a history or `amends` without `version`;
    CG046 (warning) `amends` skipping a version the history lists between;
    CG047 (warning) a history that does not list this version.
    """
    history = regime.history
    revisions = history.revisions if history else ()
    if (
        not regime.version and (history or regime.amends) and not ctx.wrote(regime.span, "version")
    ):  # unreadable: reported already
        what = "records a version history" if history else "amends an earlier version"
        diags.error(
            "CG045",
            f"this regime {what} but does not say which version it is",
            history.span if history else ctx.where(regime.span, "amends"),
            'add `version "2.0"` (and `effective 2026-03-01`) to the regime block, so that the documents can say which version is in force',
        )
    seen: dict[str, Revision] = {}
    for before, rev in zip((None, *revisions), revisions):
        first = seen.get(rev.version)
        if first is not None:
            diags.error(
                "CG040",
                f'version "{rev.version}" is listed twice in the history (first on line {first.span.line})',
                rev.span,
                "each version is signed once: remove the repeated line, or give this one its own version number",
            )
            continue
        seen[rev.version] = rev
        if before is not None and rev.date < before.date:
            diags.error(
                "CG041",
                f'the history lists version "{rev.version}" ({rev.date.isoformat()}) after version "{before.version}", '
                f"which is dated later ({before.date.isoformat()})",
                rev.span,
                "list the versions oldest first, each dated no earlier than the one before it; check both dates",
            )
    current = regime.revision
    if current is not None and regime.effective is not None and current.date != regime.effective:
        diags.error(
            "CG042",
            f'the history dates this version ("{current.version}") {current.date.isoformat()}, '
            f"but the regime takes effect on {regime.effective.isoformat()}",
            current.span,
            "the documents state both dates: give the same date in the history and in `effective`",
        )
    if regime.effective is not None:
        for rev in revisions:
            if rev is not current and rev.date > regime.effective and seen.get(rev.version) is rev:
                diags.error(
                    "CG043",
                    f'the history lists version "{rev.version}" dated {rev.date.isoformat()}, after this version '
                    f'("{regime.version}") takes effect on {regime.effective.isoformat()}',
                    rev.span,
                    "a history ends with the version it belongs to: remove the later entry, "
                    "or bring `version` and `effective` up to date with it",
                )
    _amends(regime, ctx, diags, current)
    if history and regime.version and current is None:
        date = regime.effective.isoformat() if regime.effective else "2026-03-01"
        diags.warning(
            "CG047",
            f'the history does not list this version ("{regime.version}"), so the documents cannot say what it changed',
            history.span,
            f'add `version "{regime.version}" {date} "What this version changed."` as the last line of the history',
        )


def _amends(regime: Regime, ctx: Context, diags: Diagnostics, current: Revision | None) -> None:
    """CG044 and CG046: `amends` names an earlier version of the history, the one just before."""
    if not regime.amends or not regime.version:
        return
    where = ctx.where(regime.span, "amends")
    if regime.amends == regime.version:
        diags.error(
            "CG044",
            f'this version ("{regime.version}") cannot amend itself',
            where,
            'name the version it replaces, such as `amends "1.0"`',
        )
        return
    if regime.history is None:
        return  # nothing to compare with: the documents simply say which version this one amends
    revisions = regime.history.revisions
    amended = regime.history.entry(regime.amends)
    if amended is None:
        listed = ", ".join(f'"{r.version}"' for r in revisions if r is not current) or "no earlier version"
        diags.error(
            "CG044",
            f'this version amends version "{regime.amends}", which the history does not list (it lists {listed})',
            where,
            f'add `version "{regime.amends}" DATE "Summary."` to the history, or correct `amends`',
        )
        return
    if current is None:
        return
    # a version listed twice is CG040's; count each version once, where first listed
    revisions = tuple(r for r in revisions if regime.history.entry(r.version) is r)
    position = {id(r): n for n, r in enumerate(revisions)}
    a, c = position[id(amended)], position[id(current)]
    if a > c:
        diags.error(
            "CG044",
            f'this version ("{regime.version}") amends version "{regime.amends}", which the history lists after it',
            where,
            "a version amends an earlier one: correct `amends`, or the order of the history",
        )
    elif a < c - 1:
        between = ", ".join(f'"{r.version}"' for r in revisions[a + 1 : c])
        diags.warning(
            "CG046",
            f'this version amends version "{regime.amends}", but the history lists {between} between the two',
            where,
            f'a renegotiation amends the version in force: write `amends "{revisions[c - 1].version}"`, or remove the entries in between if they were never signed',
        )
