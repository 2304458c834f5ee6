"""Routes by subject matter: each route seen as a regime of its own.

A regime with routes sends disputes about a route's closed list of matters
down that route's steps; every other dispute takes the regime's own steps
(the default route). `route_regime` gives the regime as a dispute on one
route meets it, so the checks, the timing model and the documents apply to
a route exactly as they apply to a regime without routes: one rule, stated
once, and each route gets its own worst case.
"""

from __future__ import annotations

import dataclasses

from .model import Escalation, Regime, Route


def route_regime(regime: Regime, route: Route) -> Regime:
    """The regime as a dispute on `route` meets it: the route's steps, the regime's everything else."""
    escalation = route.escalation or Escalation(
        (),
        "",
        (),
        regime.escalation.extension,
        regime.escalation.agreement_in_writing,
        regime.escalation.agreement_binding,
        route.span,
    )
    return dataclasses.replace(
        regime,
        escalation=escalation,
        mediation=route.mediation,
        expert=route.expert,
        final_forum=route.final_forum or regime.final_forum,
        routes=(),
    )


def matter_key(matter: str) -> str:
    """A matter as compared across routes: case and spacing do not make two matters."""
    return " ".join(matter.lower().split())
