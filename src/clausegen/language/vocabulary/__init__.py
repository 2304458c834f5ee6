"""The vocabulary of the regime language: for each block, the keywords it accepts and what they mean.

Each block has one table (a `Spec`): keyword -> `Field(model field, reader)`; the reader reads the
keyword's values through a `Values` cursor (reader.py). The tables live by block family in the modules
of this package; `REGIME` below is the top-level block and opens the others; `BLOCKS` names them all.
The builder, the language server's completion and the Pygments lexer read these tables at run time.

To add a keyword:
1. add one `Field("model_field", reader)` line to its block's table, in the module of this package
   that holds it. The reader returns the value in the model's form (shapes.py has the common
   readers; `flag(...)` is a keyword with no values). A keyword that may be repeated (`many=True`)
   takes `finish=tuple`, or `finish=flattened` when each line is a list.
2. give the block's model class in model.py the field, with a default so existing files still read.
3. document the keyword in its block's table in docs/language.md (the language server's hover
   shows that row; test_docs fails while a keyword is documented nowhere).
Nothing else: every block is built straight from its fields, `Model(span=..., **fields)`
(`ModelBlock`; forums, tiers, routes and parties likewise, with the id and name of their opening
line). `Field(default=...)` serves only model fields that have no default of their own (they stay
required in `clausegen schema`); a new field takes its default in model.py.

Put together by hand, and why (a keyword there still needs only steps 1-3):
- in builder._regime: the law (its name selects the law's facts), the final forum (the litigation
  or the arbitration block, whichever there is) and the limitation period (it falls back on the
  law's), in assembly.py; and the escalation of a regime that has none (the model is still built, to
  check the rest);
- `mediation_of` (`nominated_by body` names the `body` line, which may come after it) and
  `suspension_of` (without a `scope` line, the scope's span is the block's), beside their tables;
- `concessions` is a list, not a block object: a keyword there first needs a model class.
A keyword the block must always have also goes in the `required` tuple where the block is opened
and, with an example line, in reader.REQUIRED_EXAMPLES.
"""

from __future__ import annotations

from ...model import (
    Behaviours,
    Continuity,
    DisputeNotice,
    Disputes,
    Escalation,
    Expedition,
    ExpertDetermination,
    Governance,
    Isolation,
    Notices,
    Scope,
    Settlement,
    VersionHistory,
)
from ..reader import KEYWORD_HOMES, Field, OpenedBlock, Spec
from .escalation import CONCESSIONS, ESCALATION, TIER
from .expert import EXPERT
from .final_forum import ARB_MED_ARB, ARBITRATION, LIMITATION, LITIGATION
from .governance import BEHAVIOURS, FORUM, GOVERNANCE
from .history import HISTORY, read_version
from .mediation import MEDIATION, SETTLEMENT, mediation_of
from .parties import DISPUTES, JOINDER, NOTICES, PARTY_DETAILS, read_party, read_role
from .referral import CONTINUITY, DISPUTE_NOTICE, SCOPE, TIMETABLES
from .routes import ROUTE, read_route
from .shapes import ModelBlock, SubBlock
from .suspension import ISOLATION, SUSPENSION, suspension_of

__all__ = [
    "ARBITRATION",
    "ARB_MED_ARB",
    "BEHAVIOURS",
    "BLOCKS",
    "CONCESSIONS",
    "CONTINUITY",
    "DISPUTES",
    "DISPUTE_NOTICE",
    "ESCALATION",
    "EXPERT",
    "FORUM",
    "GOVERNANCE",
    "HISTORY",
    "ISOLATION",
    "JOINDER",
    "LIMITATION",
    "LITIGATION",
    "MEDIATION",
    "NOTICES",
    "PARTY_DETAILS",
    "REGIME",
    "ROUTE",
    "SCOPE",
    "SETTLEMENT",
    "SUSPENSION",
    "TIER",
    "TIMETABLES",
    "vocabulary",
]


def _items(opened: OpenedBlock) -> object:
    """The regime's concessions: the terms its `concessions` block lists (a tuple, not a block object)."""
    return opened[1]["items"]


REGIME: Spec = {
    "schedule": Field("schedule", lambda r: r.string() if r.peek() and r.peek().kind == "string" else str(r.integer())),
    "version": Field("version", read_version),
    "effective": Field("effective", lambda r: r.date()),
    "amends": Field("amends", lambda r: r.string("the version this one amends, in quotes", '"1.0"')),
    "history": Field("history", ModelBlock(VersionHistory, HISTORY, "history block", ("version",)), block=True),
    "law": Field(
        "law", lambda r: (r.string("the governing law in quotes", '"England and Wales"'), r.stmt.values[0].span)
    ),
    "calendar": Field("calendar", lambda r: r.string("a holiday calendar code in quotes", '"GB-ENG"')),
    "drafting": Field("drafting", lambda r: r.word(("formal", "plain"))),
    "party": Field("parties", read_party, many=True, block=True, finish=tuple, default=()),
    "role": Field("roles", read_role, many=True, finish=tuple, default=()),
    "notices": Field("notices", ModelBlock(Notices, NOTICES, "notices block"), block=True),
    "governance": Field("governance", ModelBlock(Governance, GOVERNANCE, "governance block"), block=True),
    "scope": Field("scope", ModelBlock(Scope, SCOPE, "scope block"), block=True),
    "dispute_notice": Field(
        "dispute_notice",
        ModelBlock(DisputeNotice, DISPUTE_NOTICE, "dispute notice block", ("contents", "clock_starts")),
        block=True,
    ),
    "continuity": Field("continuity", ModelBlock(Continuity, CONTINUITY, "continuity block"), block=True),
    "timetables": Field(
        "expedition", ModelBlock(Expedition, TIMETABLES, "timetables block", ("decided_by",)), block=True
    ),
    "escalation": Field("escalation", ModelBlock(Escalation, ESCALATION, "escalation block", ("tier",)), block=True),
    "concessions": Field("concessions", SubBlock(CONCESSIONS, "concessions block"), block=True, finish=_items),
    "expert_determination": Field(
        "expert", ModelBlock(ExpertDetermination, EXPERT, "expert determination block", ("matters",)), block=True
    ),
    "mediation": Field("mediation", ModelBlock(mediation_of, MEDIATION, "mediation block", ("trigger",)), block=True),
    "settlement": Field("settlement", ModelBlock(Settlement, SETTLEMENT, "settlement block"), block=True),
    "suspension": Field(
        "suspension", ModelBlock(suspension_of, SUSPENSION, "suspension block", ("scope",)), block=True
    ),
    "isolation": Field("isolation", ModelBlock(Isolation, ISOLATION, "isolation block"), block=True),
    "litigation": Field("litigation", SubBlock(LITIGATION, "litigation block", ("courts",)), block=True),
    "arbitration": Field("arbitration", SubBlock(ARBITRATION, "arbitration block"), block=True),
    "limitation": Field("limitation", SubBlock(LIMITATION, "limitation block", ("period",)), block=True),
    "behaviours": Field("behaviours", ModelBlock(Behaviours, BEHAVIOURS, "behaviours block"), block=True),
    "route": Field("routes", read_route, many=True, block=True, finish=tuple, default=()),
    "default_route": Field(
        "default_route",
        lambda r: r.string("the name of the route every other dispute takes, in quotes", '"General Route"'),
    ),
    "disputes": Field("disputes", ModelBlock(Disputes, DISPUTES, "disputes block"), block=True),
}

# Every block by the name diagnostics call it; the order gives each keyword its home (first block wins).
BLOCKS: dict[str, Spec] = {
    "regime block": REGIME,
    "party block": PARTY_DETAILS,
    "notices block": NOTICES,
    "forum": FORUM,
    "governance block": GOVERNANCE,
    "scope block": SCOPE,
    "dispute notice block": DISPUTE_NOTICE,
    "continuity block": CONTINUITY,
    "timetables block": TIMETABLES,
    "tier": TIER,
    "escalation block": ESCALATION,
    "concessions block": CONCESSIONS,
    "expert determination block": EXPERT,
    "mediation block": MEDIATION,
    "settlement block": SETTLEMENT,
    "suspension block": SUSPENSION,
    "isolation block": ISOLATION,
    "litigation block": LITIGATION,
    "arbitration block": ARBITRATION,
    "limitation block": LIMITATION,
    "behaviours block": BEHAVIOURS,
    "history block": HISTORY,
    "route block": ROUTE,
    "arb-med-arb block": ARB_MED_ARB,
    "disputes block": DISPUTES,
    "joinder block": JOINDER,
}
for _where, _spec in BLOCKS.items():
    for _kw in _spec:
        KEYWORD_HOMES.setdefault(_kw, _where)


def vocabulary() -> dict[str, list[str]]:
    """Every block and the keywords it accepts (for docs and tests)."""
    return {where: sorted(spec) for where, spec in BLOCKS.items()}
