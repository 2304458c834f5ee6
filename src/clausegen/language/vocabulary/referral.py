"""What a dispute is and how one is referred: scope, the dispute notice, continuity, timetables.

Blocks: `scope`, `dispute_notice`, `continuity` (services and payment while a dispute runs), `timetables`
(standard or expedited).
"""

from __future__ import annotations

from ...events import default_start
from ...model import Period
from ..reader import Field, Spec, flag
from ..values import Values
from .shapes import flattened, within

SCOPE: Spec = {
    "covers": Field(
        "covers",
        lambda r: r.word(("arising_out_of_or_in_connection_with", "arising_under")),
        default="arising_out_of_or_in_connection_with",
    ),
    "excludes": Field("excluded", lambda r: r.strings(), many=True, finish=flattened, default=()),
}

NOTICE_CONTENTS = (
    "summary",
    "nature",
    "particulars",
    "reasons",
    "affected_services",
    "supporting_documents",
    "documents",
    "remedy_sought",
    "relief_sought",
    "estimated_value",
    "proposed_representatives",
)

DISPUTE_NOTICE: Spec = {
    "in_writing": flag("in_writing", default=False),
    "contents": Field("contents", lambda r: r.words(NOTICE_CONTENTS), default=()),
    "clock_starts": Field(
        "clock_starts", lambda r: r.word(("on_receipt", "day_after_receipt", "on_sending")), default="on_receipt"
    ),
    "served_by": Field("served_by", lambda r: r.references("role")),
}


def _disputed_invoices(r: Values) -> Period:
    r.expect("notify", "notify within 20 business_days of invoice")
    return within(r, default_start("continuity.disputed_invoice_window"))


CONTINUITY: Spec = {
    "services_continue": flag("services_continue", default=False),
    "pay": Field("pay_undisputed", lambda r: r.word(("undisputed_amounts",)) == "undisputed_amounts", default=False),
    "disputed_invoices": Field("disputed_invoice_window", _disputed_invoices),
}


def _decider(r: Values) -> str:
    v = r.peek()
    if v is not None and v.kind == "name" and v.value in ("agreement", "either", "mediator"):
        r.pos += 1
        return str(v.value)
    return r.reference("role")


TIMETABLES: Spec = {
    "expedited_when": Field("when", lambda r: r.strings(), many=True, finish=flattened, default=()),
    "decided_by": Field("decided_by", _decider, default=""),
    "decide": Field("decide_within", lambda r: within(r, default_start("expedition.decide_within"))),
    "otherwise": Field("default", lambda r: r.word(("standard", "expedited"))),
}
