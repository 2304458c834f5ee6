"""The parties, their roles, how notices are given, and disputes between some of the parties.

Blocks: `party` (one line, optionally with a block of details), `role`, `notices`, `disputes` and its `joinder`.
"""

from __future__ import annotations

from ...events import default_start
from ...model import NON_DISPUTING_KINDS, Joinder, NoticeMethod, Party, Role
from ..ast import Statement
from ..reader import Field, Spec, flag, read_block
from ..values import Fields, Values
from .shapes import quoted

CLIENT_KINDS = ("client", "customer", "authority", "buyer")
PROVIDER_KINDS = ("provider", "supplier", "contractor", "vendor")
PARTY_KINDS = ("client", "provider", "other") + NON_DISPUTING_KINDS
TRANSPARENCY_DUTIES = ("freedom_of_information", "audit", "parliament")

PARTY_DETAILS: Spec = {
    "address": Field("address", quoted),
    "email": Field("email", quoted),
    "company_number": Field("company_number", quoted),
    "attention": Field("attention", quoted),
    "public_body": flag("public_body"),
    "transparency_duties": Field("transparency_duties", lambda r: r.words(TRANSPARENCY_DUTIES)),
}


def read_party(r: Values, stmt: Statement) -> Party:
    """A party: `client "Acme plc" as "Customer"`, its kind, and its block of details if it has one."""
    ctx = r.ctx
    v = r.peek()
    if v is None or v.kind != "name" or "." in str(v.value):
        raise r.fail("a short name for the party such as `client` or `provider`", 'client "Acme plc" as "Customer"')
    party_id = r.reference("party-definition")
    name = r.string("the party's full legal name in double quotes", f'{party_id} "Acme Retail Group plc" as "Customer"')
    r.expect("as", f'{party_id} "{name}" as "Customer"')
    defined = r.string("the name the contract uses for the party", '"Customer"')
    opts = r.options({"kind": lambda x: x.word(PARTY_KINDS)})
    kind = opts.get("kind") or (
        "client"
        if party_id in CLIENT_KINDS
        else "provider"
        if party_id in PROVIDER_KINDS
        else party_id
        if party_id in NON_DISPUTING_KINDS
        else "other"
    )
    details = read_block(stmt, PARTY_DETAILS, ctx, "party block") if stmt.has_block else {}
    return Party(party_id, name, defined, kind, stmt.span, **details)


def read_role(r: Values) -> Role:
    """A role of a party: `client.contract_manager "Head of Vendor Management"` and its options."""
    v = r.peek()
    if v is None or v.kind != "name" or "." not in str(v.value):
        r.ctx.references.append(("role-failed", "", r.stmt.span))
        raise r.fail(
            "the party and role, joined by a dot, such as client.contract_manager",
            'client.contract_manager "Head of Vendor Management"',
        )
    role_id = str(v.value)
    r.pos += 1
    r.ctx.references.append(("role-definition", role_id, v.span))
    title = r.string("the role's title in double quotes", f'{role_id} "Head of Vendor Management"')
    opts = r.options(
        {
            "seniority": lambda x: x.integer("a seniority level (1 is the most junior)"),
            "person": quoted,
            "email": quoted,
            "phone": quoted,
        }
    )
    return Role(role_id, role_id.split(".", 1)[0], title, r.stmt.span, **opts)


NOTICE_METHODS = ("email", "courier", "hand", "post", "recorded_delivery")
DEEMED = ("on_delivery", "next_business_day", "second_business_day", "on_sending")


def _notice_method(r: Values) -> NoticeMethod:
    method = r.word(NOTICE_METHODS)
    r.expect("deemed_received", "email deemed_received on_delivery")
    return NoticeMethod(method, r.word(DEEMED), r.stmt.span)


NOTICES: Spec = {"by": Field("methods", _notice_method, many=True, finish=tuple, default=())}


def _joinder_by(r: Values) -> Fields:
    how = r.word(("consent", "contract"))
    out: Fields = {"by": how}
    if how == "contract":
        out["provision"] = r.string(
            "the clause of the contract that provides for joinder, in quotes", 'by contract "Clause 45.4"'
        )
    return out


JOINDER: Spec = {
    "by": Field(None, _joinder_by),
    "within": Field("within", lambda r: r.period(default_start("joinder.within"))),
}


def _joinder(r: Values, stmt: Statement) -> Joinder:
    fields = read_block(stmt, JOINDER, r.ctx, "joinder block") if stmt.has_block else {}
    return Joinder(stmt.span, **fields)


def _between(r: Values) -> Fields:
    """`between named_in_notice`: the one rule there is (see `Disputes`), so the model has nothing to record."""
    r.word(("named_in_notice",))
    return {}


DISPUTES: Spec = {
    "between": Field(None, _between),
    "joinder": Field("joinder", _joinder, block=True),
}
