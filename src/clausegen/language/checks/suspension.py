"""Checks of suspension (CG012): of a named part of the services, with notice, a cap, resumption and continuity."""

from __future__ import annotations

from ...diagnostics import Diagnostics
from ...model import Regime
from ..values import Context
from .registry import check

# Words that only say "all of it" around the word services: a quoted scope made
# of these and "services" alone ("all services", "the whole of the Services",
# "the entire Services") names no initiative, it names everything.
_ALL_WORDS = ("the", "all", "of", "whole", "entire", "every")


_SERVICES_WORDS = ("services", "service")


def _means_all_services(scope: str) -> bool:
    """Does a quoted suspension scope mean all the services?"""
    words = "".join(c if c.isalnum() else " " for c in scope.casefold()).split()
    rest = [w for w in words if w not in _ALL_WORDS]
    return len(rest) == 1 and rest[0] in _SERVICES_WORDS


@check
def suspension_terms(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG012: suspension is of a named part, with notice, a cap, resumption and continuity."""
    s = regime.suspension
    if s is None:
        return
    if s.scope == "all_services" or _means_all_services(s.scope):
        said = "" if s.scope == "all_services" else f'"{s.scope}" means all the services: '
        diags.error(
            "CG012",
            "suspension may never cover all the services",
            s.scope_span,
            said + "name the initiative that may be quarantined, or write `scope disputed_initiative_only`",
        )
    needs = (
        ("notice", "`notice 5 business_days`"),
        ("max_duration", "`max_duration 6 months`"),
        ("resume_within", "`resume within 10 business_days of resolution`"),
    )
    for attr, example in needs:
        keyword = example.strip("`").split()[0]
        if getattr(s, attr) is None and not ctx.wrote(s.span, keyword):
            what = {
                "notice": "notice period",
                "max_duration": "maximum duration",
                "resume_within": "resumption deadline",
            }[attr]
            diags.error("CG012", f"the suspension has no {what}", s.span, f"add {example}")
    if not s.continue_unaffected and not ctx.wrote(s.span, "continue"):
        diags.error(
            "CG012",
            "the suspension does not keep the other services running",
            s.span,
            "add `continue unaffected_services`",
        )
    if not s.invoked_by and not ctx.wrote(s.span, "invoked_by"):
        diags.error(
            "CG012",
            "the suspension does not say who may invoke it",
            s.span,
            "add `invoked_by either` (or client, provider, agreement)",
        )
