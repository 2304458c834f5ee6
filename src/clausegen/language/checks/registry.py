"""The registry of checks: how a check is declared, the order checks run in, and running them.

How to add a check:
1. Write `def my_check(regime: Regime, ctx: Context, diags: Diagnostics) -> None` in the module of
   this package that checks the same part of a regime (tiers in escalation.py, mediation in
   mediation.py...), decorated with `@check` from this module; its docstring starts with its code.
2. Give it the next free code in its range (CG0xx) and report with `diags.error(code, message,
   span, help)` or `diags.warning(...)`; a check never raises and never stops the others.
3. Document the code in docs/diagnostics.md (means, why it matters, mistake, fix).
4. Add one mistake as examples/invalid/NNN-name.regime, whose first line is `# CGnnn: what is
   wrong`, and write its .expected with `python tests/regen_invalid.py NNN`; read the diff.
5. A new warning may show in other invalid examples' expected output too: `python
   tests/regen_invalid.py --check` lists them; read each diff before regenerating.
A new check runs after every check named in RUN_ORDER; name it there only to run it earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ...diagnostics import Diagnostics
from ...model import Regime
from ..values import Context

Check = Callable[[Regime, Context, Diagnostics], None]
"""A check: reads the regime (and what the drafter wrote, through the context) and reports to diags."""

# The order checks run in, whichever module registers them first. Diagnostics are sorted
# on output, but the order they were found in decides ties and the first of duplicates,
# so this order is part of the output: it is the order of the checks before they were
# split by subject (issue 14), the checks of routes (routes.py) last.
RUN_ORDER: Final[tuple[str, ...]] = (
    "steps_in_order",
    "every_step_ends",
    "mediator_appointment",
    "business_days_need_calendar",
    "expedited_timetable",
    "period_events",
    "limitation_risk",
    "dates_in_calendar",
    "known_calendar",
    "urgent_relief",
    "expert_scope",
    "mediator_not_arbitrator",
    "final_forum_complete",
    "settlement_form",
    "suspension_terms",
    "forum_tiers_meet_in_time",
    "confidentiality_exceptions",
    "references_defined",
    "defined_but_unused",
    "parties_and_tiers",
    "long_ladder",
    "quorum_of_one_party",
    "long_stop_before_mandatory_steps",
    "meeting_window_fits_forum_notice",
    "expedition_decided_in_time",
    "settlement_signed_before_mediation_ends",
    "every_party_at_every_tier",
    "email_service_needs_addresses",
    "first_mediation_meeting_in_time",
    "quorum_below_one_per_party",
    "version_history",
    "non_disputing_party_acts",
    "joinder_complete",
    "two_disputing_parties",
    "remote_forum_not_in_person",
    "written_response_before_meeting",
    "matter_decider_exists",
    "transparency_duties_of_public_bodies",
    "routes_obey_step_checks",
    "matters_in_one_route",
    "route_experts",
    "mediation_counted_from_start",
    "arb_med_arb",
)
_POSITION: Final[dict[str, int]] = {name: n for n, name in enumerate(RUN_ORDER)}

CHECKS: list[Check] = []
"""Every registered check, in the order they run."""


def _position(fn: Check) -> int:
    return _POSITION.get(fn.__name__, len(RUN_ORDER))


def check(fn: Check) -> Check:
    """Register a check; it runs at its place in RUN_ORDER, or after those checks in the order registered."""
    CHECKS.append(fn)
    CHECKS.sort(key=_position)  # stable: checks not in RUN_ORDER keep the order they were registered in
    return fn


def run_checks(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """Run every check, collecting all diagnostics."""
    for fn in CHECKS:
        fn(regime, ctx, diags)
