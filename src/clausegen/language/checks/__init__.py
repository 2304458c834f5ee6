"""The rules of a sound regime, checked on the model.

Each check has a stable code (CG001...) documented in docs/diagnostics.md
with its rationale. Every check runs, so a drafter sees every problem at once.
The checks live in one module per part of the regime they check; registry.py
says how to add one and fixes the order they run in. Importing this package
registers them all, the checks of routes and Arb-Med-Arb (routes.py) included; `from clausegen.language.checks import X` keeps working
for every check and for the registry's names.
"""

from __future__ import annotations

from .dating import dates_in_calendar, known_calendar, limitation_risk, long_stop_before_mandatory_steps
from .escalation import MAX_TIERS, long_ladder, steps_in_order, written_response_before_meeting
from .expert import expert_scope, matter_decider_exists
from .final_forum import final_forum_complete, mediator_not_arbitrator, urgent_relief
from .governance import (
    forum_tiers_meet_in_time,
    meeting_window_fits_forum_notice,
    quorum_below_one_per_party,
    quorum_of_one_party,
    remote_forum_not_in_person,
)
from .history import version_history
from .mediation import (
    MIN_MEDIATION_DAYS,
    confidentiality_exceptions,
    first_mediation_meeting_in_time,
    mediator_appointment,
    settlement_form,
    settlement_signed_before_mediation_ends,
)
from .parties import (
    email_service_needs_addresses,
    every_party_at_every_tier,
    joinder_complete,
    non_disputing_party_acts,
    parties_and_tiers,
    transparency_duties_of_public_bodies,
    two_disputing_parties,
)
from .periods import LONGEST, MAX_PERIOD_YEARS
from .references import defined_but_unused, references_defined
from .registry import CHECKS, RUN_ORDER, Check, check, run_checks
from .routes import (
    arb_med_arb,
    matters_in_one_route,
    mediation_counted_from_start,
    route_experts,
    routes_obey_step_checks,
)
from .suspension import suspension_terms
from .time_limits import (
    business_days_need_calendar,
    every_step_ends,
    expedited_timetable,
    expedition_decided_in_time,
    period_events,
)

__all__ = [
    "CHECKS",
    "LONGEST",
    "MAX_PERIOD_YEARS",
    "MAX_TIERS",
    "MIN_MEDIATION_DAYS",
    "RUN_ORDER",
    "Check",
    "arb_med_arb",
    "business_days_need_calendar",
    "check",
    "confidentiality_exceptions",
    "dates_in_calendar",
    "defined_but_unused",
    "email_service_needs_addresses",
    "every_party_at_every_tier",
    "every_step_ends",
    "expedited_timetable",
    "expedition_decided_in_time",
    "expert_scope",
    "final_forum_complete",
    "first_mediation_meeting_in_time",
    "forum_tiers_meet_in_time",
    "joinder_complete",
    "known_calendar",
    "limitation_risk",
    "long_ladder",
    "long_stop_before_mandatory_steps",
    "matter_decider_exists",
    "matters_in_one_route",
    "mediation_counted_from_start",
    "mediator_appointment",
    "mediator_not_arbitrator",
    "meeting_window_fits_forum_notice",
    "non_disputing_party_acts",
    "parties_and_tiers",
    "period_events",
    "quorum_below_one_per_party",
    "quorum_of_one_party",
    "references_defined",
    "remote_forum_not_in_person",
    "route_experts",
    "routes_obey_step_checks",
    "run_checks",
    "settlement_form",
    "settlement_signed_before_mediation_ends",
    "steps_in_order",
    "suspension_terms",
    "transparency_duties_of_public_bodies",
    "two_disputing_parties",
    "urgent_relief",
    "version_history",
    "written_response_before_meeting",
]
