"""The rules of a sound regime, checked on the model.

Each check has a stable code (CG001...) documented in docs/diagnostics.md
with its rationale. Every check runs, so a drafter sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

from ..calendar import OutOfCalendar, split_code, valid_codes
from ..diagnostics import CompileError, Diagnostics, did_you_mean
from ..model import Period, Regime, Tier, Unit
from ..source import Span
from ..timeline import Timeline, dated, limitation_ends, out_of_calendar, timeline, worst_case
from ..timing import FIELDS, NOTICE_DATE, Timing, clocks, notice_date_is_day_one
from .reader import Context

Check = Callable[[Regime, Context, Diagnostics], None]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a check; checks run in the order they are defined."""
    CHECKS.append(fn)
    return fn


def run_checks(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """Run every check, collecting all diagnostics."""
    for fn in CHECKS:
        fn(regime, ctx, diags)


def _seniority(regime: Regime, tier: Tier) -> int | None:
    levels = [r.seniority for r in map(regime.role, tier.representatives) if r and r.seniority is not None]
    return max(levels) if levels else None


@check
def steps_in_order(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG001: tiers rise in seniority; the final forum comes last."""
    tiers = regime.escalation.tiers
    for before, tier in pairwise(tiers):
        a, b = _seniority(regime, before), _seniority(regime, tier)
        if a is not None and b is not None and b < a:
            diags.error(
                "CG001",
                f"tier `{tier.id}` is less senior than the tier before it (`{before.id}`)",
                tier.span,
                "escalation must climb: put the tiers in rising order of seniority",
            )
        elif set(before.representatives) == set(tier.representatives) and tier.representatives:
            diags.error(
                "CG001",
                f"tier `{tier.id}` has the same representatives as tier `{before.id}`",
                tier.span,
                "each tier should bring in more senior people than the one before it",
            )
    forum = regime.final_forum
    if forum.kind and not forum.gated_by and not forum.long_stop and not ctx.wrote(forum.span, "after"):
        diags.error(
            "CG001",
            f"the {_forum_word(forum.kind)} are not made the last resort",
            forum.span,
            "add `after mediation_fails` (or `after escalation_exhausted`) so proceedings wait for the earlier steps",
        )
    if "mediation_fails" in forum.gated_by and regime.mediation is None:
        diags.error(
            "CG001",
            "the final forum waits for a mediation that this regime does not have",
            forum.span,
            "use `after escalation_exhausted`, or add a mediation block",
        )
    if (
        regime.mediation is not None
        and regime.mediation.mandatory
        and forum.gated_by
        and "mediation_fails" not in forum.gated_by
        and forum.arb_med_arb is None  # Arb-Med-Arb: the mediation comes inside the arbitration
    ):
        diags.warning(
            "CG001",
            "proceedings may start before the mandatory mediation has been tried",
            forum.span,
            "add `mediation_fails` to the `after` line of the final forum",
        )


def _forum_word(kind: str) -> str:
    return "courts" if kind == "courts" else "arbitration proceedings"


def _periods(regime: Regime) -> Iterator[tuple[str, Period]]:
    """Every period in the regime, with a description of where it is."""
    for tier in regime.escalation.tiers:
        for label, p in (
            ("limit", tier.limit),
            ("expedited limit", tier.expedited),
            ("meeting window", tier.meet_within),
        ):
            if p is not None:
                yield f"tier `{tier.id}` {label}", p
    m = regime.mediation
    if m is not None:
        for label, p in (
            ("mediator appointment window", m.agree_within),
            ("mediation start", m.start_within),
            ("mediation", m.conclude_within),
            ("expedited mediation", m.expedited),
            ("mediation papers", m.papers_before),
        ):
            if p is not None:
                yield label, p
    e = regime.expert
    if e is not None:
        for label, p in (
            ("expert appointment", e.appoint_within),
            ("expert determination", e.determine_within),
            ("expedited expert determination", e.expedited),
            ("appeal window", e.appeal_within),
        ):
            if p is not None:
                yield label, p
    s = regime.suspension
    if s is not None:
        for label, p in (
            ("suspension notice", s.notice),
            ("suspension", s.max_duration),
            ("suspension cap", s.aggregate_cap),
            ("adjustment claims", s.claim_window),
            ("resumption", s.resume_within),
        ):
            if p is not None:
                yield label, p
    if regime.settlement is not None and regime.settlement.sign_within is not None:
        yield "settlement signature", regime.settlement.sign_within
    if regime.continuity is not None and regime.continuity.disputed_invoice_window is not None:
        yield "disputed invoice window", regime.continuity.disputed_invoice_window
    if regime.final_forum.long_stop is not None:
        yield "long-stop before proceedings", regime.final_forum.long_stop
    if regime.governance is not None:
        for f in regime.governance.forums:
            for label, p in (
                ("cadence", f.cadence),
                ("transition cadence", f.transition_cadence),
                ("papers", f.papers_before),
                ("minutes", f.minutes_within),
                ("extraordinary meeting notice", f.extraordinary_notice),
            ):
                if p is not None:
                    yield f"forum `{f.id}` {label}", p
    if regime.limitation.stated:
        yield "limitation period", regime.limitation.period


@check
def every_step_ends(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG002: every step has a positive limit and a way out on time-out."""
    for where, p in _periods(regime):
        if p.amount <= 0:
            diags.error(
                "CG002",
                f"the {where} is zero",
                p.span,
                "a time limit must be at least 1; courts will not enforce a step with no real period",
            )
    esc = regime.escalation
    if esc.tiers and not esc.on_timeout and not ctx.wrote(esc.span, "on_timeout"):
        diags.error(
            "CG002",
            "the escalation does not say what happens when a tier runs out of time",
            esc.span,
            "add `on_timeout refer_to_next` so a stalled tier passes the dispute up",
        )
    m = regime.mediation
    if m is not None and m.conclude_within is None and not ctx.wrote(m.span, "conclude"):
        diags.error(
            "CG002",
            "the mediation has no time limit",
            m.span,
            "add `conclude within 60 days of appointment`: an open-ended step can block the dispute for ever",
        )
    e = regime.expert
    if e is not None and e.determine_within is None and not ctx.wrote(e.span, "determine"):
        diags.error(
            "CG002",
            "the expert determination has no time limit",
            e.span,
            "add `determine within 30 business_days of appointment`",
        )


@check
def mediator_appointment(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG003: a window to agree a mediator needs a fallback nominating body."""
    m = regime.mediation
    if m is None or m.mediator:
        return
    # The regime's own provider is the natural fallback: name it, not CEDR.
    fallback = "otherwise nominated_by body" if m.body else 'otherwise nominated_by "CEDR"'
    who = (
        f", so that {m.body} (the body of this mediation) nominates one" if m.body else " (or another nominating body)"
    )
    if m.agree_within is None:
        if ctx.wrote(m.span, "agree_mediator"):
            return
        diags.error(
            "CG003",
            "the mediation does not say how the mediator is appointed",
            m.span,
            f"add `agree_mediator within 10 business_days {fallback}`{who}: a mediation clause without an appointment process may be unenforceable",
        )
    elif not m.nominated_by:
        diags.error(
            "CG003",
            "if the parties cannot agree a mediator in time, nobody appoints one",
            m.agree_within.span,
            f"add `{fallback}` after the window{who}",
        )
    e = regime.expert
    if e is not None and e.appoint_within is not None and not e.nominated_by:
        diags.error(
            "CG003",
            "if the parties cannot agree an expert in time, nobody appoints one",
            e.appoint_within.span,
            'add `otherwise nominated_by "..."` naming the body that appoints the expert',
        )


@check
def business_days_need_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG004: business days skip public holidays, so a calendar must be named."""
    if regime.calendar:
        return
    uses = [p.span for _, p in _periods(regime) if p.unit is Unit.BUSINESS_DAYS]
    if uses:
        first = min(uses, key=lambda s: (s.line, s.column))
        diags.error(
            "CG004",
            "business days are used but no holiday calendar is named",
            first,
            'add `calendar "GB-ENG"` (or the calendar of the place of performance) to the regime',
        )


@check
def expedited_timetable(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG005: expedited periods are no longer than standard ones; a decider is named."""
    pairs: list[tuple[str, Period | None, Period]] = []
    for tier in regime.escalation.tiers:
        if tier.expedited is not None:
            pairs.append((f"tier `{tier.id}`", tier.limit, tier.expedited))
    if regime.mediation is not None and regime.mediation.expedited is not None:
        pairs.append(("mediation", regime.mediation.conclude_within, regime.mediation.expedited))
    if regime.expert is not None and regime.expert.expedited is not None:
        pairs.append(("expert determination", regime.expert.determine_within, regime.expert.expedited))
    for where, standard, fast in pairs:
        if standard is not None and fast.approx_days() > standard.approx_days():
            diags.error(
                "CG005",
                f"the expedited period of {where} ({fast.describe()}) is longer than the standard one ({standard.describe()})",
                fast.span,
                "an expedited timetable must be shorter, or the same",
            )
    if pairs and (regime.expedition is None or not regime.expedition.decided_by):
        diags.error(
            "CG005",
            "expedited periods are set but nobody decides when the expedited timetable applies",
            pairs[0][2].span,
            "add `timetables { decided_by client.sponsor }` (a role, `agreement` or `either`)",
        )
    if regime.expedition is not None and not pairs:
        diags.warning(
            "CG005",
            "a timetables block is given but no step has an expedited period",
            regime.expedition.span,
            "add `expedited 5 business_days` to the tiers that can go faster, or remove the block",
        )


@check
def period_events(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG022: every period runs from an event its keyword can run from.

    `within 45 days of request` names a word the language knows, but no
    request is defined anywhere for a long stop: the documents could not say
    when that period starts.
    """
    for c in clocks(regime):
        if c.start is not None:
            continue
        field = FIELDS[c.field]
        words = list(field.events)
        close = did_you_mean(c.period.starts, words)
        listed = " or ".join(f"`{w}`" for w in words)
        diags.error(
            "CG022",
            f"{field.where} cannot run from `{c.period.starts}`: nothing in the procedure is called that for this time limit",
            c.period.starts_span or c.period.span,
            (close + " " if close else "")
            + f"it can run from {listed}; leave the event out to count from `{field.default}`",
        )


@check
def limitation_risk(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG006: the worst-case path fits in the limitation period, or is protected."""
    lim = regime.limitation
    if lim.period.amount <= 0 or not regime.final_forum.kind:
        return
    protected = "limitation_protection" in regime.final_forum.carve_outs
    law = f"the law of {regime.law.name}" if regime.law.name else "the governing law"
    if not lim.adr_pauses and not lim.standstill and not protected:
        diags.error(
            "CG006",
            f"under {law} the dispute steps do not pause limitation, and no carve-out protects it",
            regime.final_forum.span,
            "add `carve_out limitation_protection` so a party may start proceedings to stop a claim becoming time-barred",
        )
    if _too_long(regime):
        return  # CG021 already says the periods are not real ones
    try:
        path = worst_case(regime)
        # Worst case: the claim arose on the day the dispute was notified.
        barred = limitation_ends(regime, path.notified)
    except (CompileError, OutOfCalendar):
        return  # CG020 reports the dates that leave the calendar
    if path.proceedings_from > barred:
        diags.error(
            "CG006",
            f"the worst case from notice to proceedings ({path.total_days} days) is longer than the limitation period ({lim.period.describe()})",
            lim.span,
            "shorten the tiers or the mediation, or add a long-stop: `after mediation_fails or 90 days from notice`",
        )


# The longest time limit, in each unit, that is still a real deadline: 100 years
# (limitation periods and long-stops of 30 years exist; a century does not).
MAX_PERIOD_YEARS = 100
LONGEST = {
    Unit.YEARS: MAX_PERIOD_YEARS,
    Unit.MONTHS: 12 * MAX_PERIOD_YEARS,
    Unit.WEEKS: 5218,  # 100 years of weeks, rounded down
    Unit.CALENDAR_DAYS: 36524,  # 100 years of days, leap days included
    Unit.BUSINESS_DAYS: 26088,  # 100 years of weekdays
}


def _too_long(regime: Regime) -> list[tuple[str, Period]]:
    return [(where, p) for where, p in _periods(regime) if p.amount > LONGEST[p.unit]]


@check
def dates_in_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG021: no period is longer than 100 years; CG020: every deadline has a date.

    Periods are bounded before any date is counted, so no count can run for
    long; then the worst case (standard and expedited) and the limitation
    period are dated from the effective date, as documents will date them.
    """
    long = _too_long(regime)
    for where, p in long:
        diags.error(
            "CG021",
            f"the {where} of {p.describe()} is not a real time limit",
            p.span,
            f"a time limit in a contract is at most {MAX_PERIOD_YEARS} years; check the number and the unit",
        )
    if long:
        return
    try:
        for expedited in (False, True):
            path = dated(regime, expedited=expedited)
        limitation_ends(regime, path.notified)
    except OutOfCalendar as exc:
        diags.extend([out_of_calendar(exc, regime, None, ctx.where(regime.span, "effective"))])


@check
def known_calendar(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG018: the holiday calendar is one clausegen can count business days on."""
    if not regime.calendar or split_code(regime.calendar) is not None:
        return
    import difflib

    close = difflib.get_close_matches(regime.calendar.upper(), valid_codes(), n=3, cutoff=0.5)
    help = (
        ("did you mean " + " or ".join(f'"{c}"' for c in close) + "?")
        if close
        else ('use a country code with an optional region, such as "GB-ENG", "US-NY", "SG" or "DE-BY"')
    )
    diags.error(
        "CG018",
        f'"{regime.calendar}" is not a holiday calendar clausegen knows',
        ctx.where(regime.span, "calendar"),
        help,
    )


@check
def urgent_relief(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG007: a gated final forum needs an urgent-relief carve-out."""
    forum = regime.final_forum
    if (forum.gated_by or forum.long_stop) and "urgent_interim_relief" not in forum.carve_outs:
        diags.error(
            "CG007",
            "proceedings must wait for the earlier steps, but nothing lets a party seek urgent relief meanwhile",
            forum.span,
            "add `carve_out urgent_interim_relief`",
        )


@check
def expert_scope(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG008: expert matters are a closed list; a final determination stays final."""
    e = regime.expert
    if e is None:
        return
    if not e.matters_closed:
        diags.error(
            "CG008",
            "expert determination must be limited to a closed list of matters",
            ctx.where(e.span, "matters"),
            'list the matters in quotes: matters "Service credit calculations", "Charges indexation"',
        )
    if e.binding == "final":
        if set(e.challenge_grounds) != {"fraud", "manifest_error"}:
            diags.warning(
                "CG008",
                "a final expert determination should stay open to challenge for fraud and manifest error",
                e.binding_span or e.span,
                "write `binding final except fraud, manifest_error`",
            )
        if "expert_determination" in regime.final_forum.gated_by:
            diags.error(
                "CG008",
                "a final and binding expert determination cannot then be taken to the final forum",
                regime.final_forum.span,
                "remove `expert_determination` from the `after` line, or make the determination `non_binding`",
            )


@check
def mediator_not_arbitrator(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG009: the mediator does not become the arbitrator unless waived in writing."""
    m, f = regime.mediation, regime.final_forum
    if m is None or f.kind != "arbitration" or not m.mediator or not f.arbitrator:
        return
    if m.mediator.casefold() == f.arbitrator.casefold() and not f.mediator_may_arbitrate:
        diags.error(
            "CG009",
            f"{f.arbitrator} is named as both mediator and arbitrator",
            ctx.where(f.span, "arbitrator"),
            "name another arbitrator, or add `mediator_may_arbitrate waived_in_writing` if both parties agree",
        )


@check
def final_forum_complete(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG010: arbitration names rules, seat, size, language; courts name court and exclusivity."""
    f = regime.final_forum
    if f.kind == "arbitration":
        for attr, example in (
            ("rules", 'rules "SIAC Rules"'),
            ("seat", 'seat "Singapore"'),
            ("language", 'language "English"'),
        ):
            if not getattr(f, attr) and not ctx.wrote(f.span, attr):
                diags.error("CG010", f"the arbitration does not name its {attr}", f.span, f"add `{example}`")
        if f.arbitrators is None and not ctx.wrote(f.span, "arbitrators"):
            diags.error(
                "CG010",
                "the arbitration does not say how many arbitrators",
                f.span,
                "add `arbitrators 1` or `arbitrators 3`",
            )
        elif f.arbitrators not in (1, 3):
            diags.error(
                "CG010",
                f"a tribunal of {f.arbitrators} arbitrators is unusual and risks deadlock",
                ctx.where(f.span, "arbitrators"),
                "use 1 or 3 arbitrators",
            )
    elif f.court and f.exclusive is None:
        diags.error(
            "CG010",
            "the regime does not say whether the courts are exclusive",
            ctx.where(f.span, "courts"),
            f'write `courts "{f.court}" exclusive` or `non_exclusive`',
        )


@check
def settlement_form(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG011: a settlement is written, signed with authority, within a deadline."""
    s = regime.settlement
    if s is None:
        if regime.mediation is not None:
            diags.error(
                "CG011",
                "the regime has a mediation but does not say how a settlement becomes binding",
                regime.mediation.span,
                "add `settlement { in_writing  signed_by authorised_representatives  sign within 10 business_days }`",
            )
        return
    needs = (
        ("in_writing", s.in_writing, "the settlement does not require a written agreement", "in_writing"),
        (
            "signed_by",
            s.signed_by_authorised,
            "the settlement does not require signature by people with authority",
            "signed_by authorised_representatives",
        ),
        (
            "sign",
            s.sign_within is not None,
            "the settlement sets no deadline for signing",
            "sign within 10 business_days",
        ),
    )
    for keyword, present, message, example in needs:
        if not present and not ctx.wrote(s.span, keyword):
            diags.error("CG011", message, s.span, f"add `{example}` to the settlement block")


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


@check
def forum_tiers_meet_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG013: a tier that is a governance forum meets often enough to act in time."""
    if regime.governance is None:
        return
    forums = {f.id: f for f in regime.governance.forums}
    for tier in regime.escalation.tiers:
        forum = forums.get(tier.forum)
        if forum is None or tier.limit is None or forum.cadence is None:
            continue
        if forum.cadence.approx_days() > tier.limit.approx_days() and forum.extraordinary_notice is None:
            diags.error(
                "CG013",
                f"tier `{tier.id}` has {tier.limit.describe()}, but `{forum.id}` meets only every {forum.cadence.describe()}",
                tier.span,
                f"add `extraordinary_meetings on 5 business_days notice` to the forum `{forum.id}`",
            )


@check
def confidentiality_exceptions(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG014: confidentiality states its exceptions."""
    m = regime.mediation
    if m is not None and m.confidential and not m.confidentiality_exceptions:
        diags.warning(
            "CG014",
            "the mediation is confidential with no exceptions, so not even a settlement could be enforced",
            m.confidential_span or m.span,
            "write `confidential except fact_of_mediation, required_by_law, enforcing_settlement`",
        )


@check
def references_defined(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG015: every role, forum and party referred to is defined, once."""
    # Names whose definition failed to build still count as defined, so one
    # mistake in a definition does not cascade into errors at every use.
    parties = {p.id for p in regime.parties} | _attempted(ctx, "party")
    roles = {r.id for r in regime.roles} | _attempted(ctx, "role")
    forums = ({f.id for f in regime.governance.forums} if regime.governance else set()) | _attempted(ctx, "forum")
    _duplicates(diags, "party", [(p.id, p.span) for p in regime.parties])
    _duplicates(diags, "role", [(r.id, r.span) for r in regime.roles])
    _duplicates(diags, "tier", [(t.id, t.span) for t in regime.escalation.tiers])
    _duplicates(diags, "tier", [(t.name, t.span) for t in regime.escalation.tiers], what="name")
    if regime.governance:
        _duplicates(diags, "forum", [(f.id, f.span) for f in regime.governance.forums])
    orphans: dict[str, str] = {}  # role key -> the unknown party it was given
    for role in regime.roles:
        if role.party not in parties:
            key = role.id.split(".", 1)[1]
            if role.party in orphans.values():
                orphans[key] = role.party
                continue  # one error per unknown party is enough
            orphans[key] = role.party
            diags.error(
                "CG015",
                f"role `{role.id}` belongs to `{role.party}`, which is not a party",
                role.span,
                did_you_mean(role.party, parties)
                or "define the party first: party " + role.party + ' "Full Name" as "Name"',
            )
    # A failed role definition hides every use of roles: saying "no role called
    # x" for each use would only repeat the first error.
    roles_broken = any(k == "role-failed" for k, _, _ in ctx.references)
    known = {"role": roles, "forum": forums, "party": parties | {"client", "provider"}}
    for kind, ref, span in ctx.references:
        if kind == "role" and (roles_broken or ref.split(".", 1)[-1] in orphans):
            continue
        if kind in known and ref not in known[kind]:
            hint = did_you_mean(ref, known[kind])
            diags.error(
                "CG015",
                f"no {kind} called `{ref}` is defined",
                span,
                hint
                or (
                    f'define it: role {ref} "Title"'
                    if kind == "role"
                    else f'define it in governance: forum {ref} "Name" {{ ... }}'
                ),
            )


def _attempted(ctx: Context, kind: str) -> set[str]:
    return {ref for k, ref, _ in ctx.references if k == f"{kind}-definition"}


def _duplicates(diags: Diagnostics, kind: str, items: list[tuple[str, Span]], what: str = "id") -> None:
    seen: dict[str, Span] = {}
    for key, span in items:
        folded = key.casefold()
        if folded in seen:
            diags.error(
                "CG204",
                f"there is already a {kind} with the {what} `{key}` (line {seen[folded].line})",
                span,
                f"give each {kind} its own {what}, or remove the duplicate",
            )
        else:
            seen[folded] = span


@check
def defined_but_unused(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG016: a role no forum or tier uses is probably a mistake."""
    used = {ref for kind, ref, _ in ctx.references if kind == "role"}
    party_ids = {p.id for p in regime.parties}
    for role in regime.roles:
        if role.id not in used and role.party in party_ids:
            diags.warning(
                "CG016",
                f"role `{role.id}` is defined but no forum or tier uses it",
                role.span,
                "add it to a tier's representatives or a forum's members, or remove it",
            )
    party_ids = {r.party for r in regime.roles}
    for party in regime.parties:
        if party.id not in party_ids:
            diags.warning(
                "CG016",
                f"party `{party.id}` has no roles",
                party.span,
                f'define who acts for it: role {party.id}.contract_manager "Title"',
            )


@check
def parties_and_tiers(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG017: two or more parties, a client and a provider; each tier seats both sides."""
    if len(_attempted(ctx, "party")) < 2:
        diags.error(
            "CG017",
            "a contract needs at least two parties",
            regime.span,
            'add the other side: party provider "Name Ltd" as "Supplier"',
        )
    kinds = {p.kind for p in regime.parties}
    if len(regime.parties) >= 2 and not {"client", "provider"} <= kinds:
        diags.warning(
            "CG017",
            "no party is marked as the client and another as the provider",
            regime.span,
            "give a party `kind client` and another `kind provider`",
        )
    for tier in regime.escalation.tiers:
        sides = {ref.split(".", 1)[0] for ref in tier.representatives}
        if tier.representatives and len(sides) < 2:
            diags.error(
                "CG017",
                f"tier `{tier.id}` seats only one party",
                tier.span,
                "name a representative of each party: the tier is where the two sides meet",
            )


# A ladder of more than four tiers keeps a dispute from the mediator (or the
# courts) for long; most model clauses stop at three.
MAX_TIERS = 4
_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


@check
def long_ladder(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG030: more than four tiers, with the total time they can take."""
    tiers = regime.escalation.tiers
    if len(tiers) <= MAX_TIERS:
        return
    limits = [t.limit for t in tiers if t.limit is not None]
    count = _count_word(len(tiers))
    units = {p.unit for p in limits}
    if len(units) == 1:
        [unit] = units
        amount = sum(p.amount for p in limits)
        # Business days are counted in the regime's defined term ("Working Days").
        total = Period(amount, unit, tiers[0].span).describe(regime.day_term)
    else:  # mixed units: add them up as calendar days, at their longest
        total = f"{round(sum(p.approx_days() for p in limits))} days"
    after = (
        "mediation can start"
        if regime.mediation is not None
        else (f"the {_forum_word(regime.final_forum.kind)} can start" if regime.final_forum.kind else "the ladder ends")
    )
    diags.warning(
        "CG030",
        f"{count} tiers take up to {total} before {after}",
        tiers[MAX_TIERS].span,
        f"keep the ladder to {MAX_TIERS} tiers or fewer: merge tiers whose people have the same authority, or shorten their time limits",
    )


@check
def quorum_of_one_party(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG031: a forum quorum that the members of one party can make up alone."""
    if regime.governance is None:
        return
    for forum in regime.governance.forums:
        if forum.quorum is None or forum.quorum_each_party:
            continue
        per_party: dict[str, int] = {}
        for member in forum.members:
            party = member.split(".", 1)[0]
            per_party[party] = per_party.get(party, 0) + 1
        alone = sorted(p for p, n in per_party.items() if n >= forum.quorum)
        if not alone or len(per_party) < 2:
            continue
        names = " or ".join(f"`{p}`" for p in alone)
        diags.warning(
            "CG031",
            f"the quorum of `{forum.id}` ({forum.quorum}) can be met by the members of {names} alone",
            ctx.where(forum.span, "quorum"),
            f"require each party to be present: `quorum {forum.quorum} including one_per_party`",
        )


def _say(regime: Regime, p: Period) -> str:
    """A period as the drafter reads it: business days in the regime's own term."""
    return p.describe(regime.day_term)


def _day_keyword(regime: Regime) -> str:
    """The keyword the drafter writes for business days: `working_days` where the regime uses them."""
    return "working_days" if regime.day_term == "Working Day" else "business_days"


def _count_word(n: int) -> str:
    """'five', or '12' beyond the words we have."""
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def _longer(a: Period, b: Period) -> bool:
    """Is `a` longer than `b`? Same unit: by amount; else by calendar days at their longest."""
    return a.amount > b.amount if a.unit is b.unit else a.approx_days() > b.approx_days()


@check
def long_stop_before_mandatory_steps(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG032: the long stop ends before the mandatory steps can have run their course.

    A warning, not an error: every document yields to the long stop (the
    schedule's mediation clause "except as paragraph ... permits", the
    agreement to mediate's no-proceedings clause), so they agree; but
    proceedings can then start while a tier or the mandatory mediation is
    still running, and the two run side by side.
    """
    ls = regime.final_forum.long_stop
    if ls is None:
        return
    try:
        path = worst_case(regime)
    except CompileError:
        return  # CG020 is reported by dates_in_calendar
    if path.long_stop is None:
        return
    m = regime.mediation
    mandatory = [s for s in path.steps if s.kind == "tier" or (s.kind == "mediation" and m is not None and m.mandatory)]
    if not mandatory:
        return
    last = max(mandatory, key=lambda s: s.due)
    if path.long_stop >= last.due:
        return
    # Days of the clock the schedule counts the long stop on: day 0 is the
    # origin (the Notice Date, or the day before it when it is its own day 1).
    stop_day, end_day = (path.long_stop - path.origin).days, (last.due - path.origin).days
    counted = "the Notice Date" if path.origin == path.clock_start else "the Notice Date as day 1"
    if last.kind == "mediation":
        what, step = "the mandatory mediation", "mediation"
    else:
        what, step = f"the last tier (`{regime.escalation.tiers[-1].id}`)", "escalation"
    forum = _forum_word(regime.final_forum.kind)
    fix = (
        f"`or {end_day} days from notice`"
        if ls.unit is Unit.CALENDAR_DAYS
        else f"a long stop that ends on or after day {end_day}"
    )
    diags.warning(
        "CG032",
        f"the long stop ends on day {stop_day} counting from {counted}; {what} can end as late as day {end_day}",
        ls.span,
        f"once the long stop has passed, {forum} may start while the {step} is still running, and the two then run side by side: "
        f"lengthen the long stop ({fix}) or shorten the earlier steps",
    )


@check
def meeting_window_fits_forum_notice(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG033: a tier can meet in its window as an extraordinary meeting of its forum.

    The notice of the meeting and its papers can go out together, so the
    forum needs the longer of the two before the meeting can be held. A
    window that runs from a Notice Date which is its own day 1
    (`day_after_receipt`) is a day shorter: papers due as many days before
    the meeting as the window is long would have to go out before the clock
    starts.
    """
    if regime.governance is None:
        return
    forums = {f.id: f for f in regime.governance.forums}
    model = Timing(regime)
    day_one = notice_date_is_day_one(regime)
    for tier in regime.escalation.tiers:
        forum = forums.get(tier.forum)
        window = tier.meet_within
        if forum is None or window is None or forum.extraordinary_notice is None:
            continue
        notice, papers = forum.extraordinary_notice, forum.papers_before
        lead = papers if papers is not None and _longer(papers, notice) else notice
        inclusive = day_one and model.start(window) == NOTICE_DATE
        if not (_longer(lead, window) or (inclusive and not _longer(window, lead))):
            continue
        needs = (
            f"{_say(regime, notice)}' notice of an extraordinary meeting"
            if notice.amount != 1
            else f"{_say(regime, notice)}'s notice of an extraordinary meeting"
        )
        if papers is not None:
            needs += f" and its papers {_say(regime, papers)} before it"
        unit = _day_keyword(regime) if lead.unit is Unit.BUSINESS_DAYS else lead.unit.value
        amount = lead.amount + (1 if inclusive else 0) if lead.unit is window.unit else None
        longer = (
            f"`meet_within {amount} {unit}` or more"
            if amount is not None
            else "a meeting window at least as long as the forum's notice and papers"
        )
        diags.error(
            "CG033",
            f"tier `{tier.id}` must meet within {_say(regime, window)}{' counting the Notice Date as day 1' if inclusive else ''}, but `{forum.id}` needs {needs}",
            window.span,
            (
                f"the meeting cannot be called and its papers sent in time: give the tier {longer}, "
                f"or shorten the notice or papers of `{forum.id}` (notice and papers can go out together, so the longer one counts)"
            )
            if papers is not None
            else f"the meeting cannot be called in time: give the tier {longer}, or shorten the notice of `{forum.id}`",
        )


@check
def expedition_decided_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG034: the decision whether the expedited timetable applies has a deadline."""
    ex = regime.expedition
    if ex is None or ex.decide_within is not None or ctx.wrote(ex.span, "decide"):
        return
    unit = _day_keyword(regime)
    if ex.default or ctx.wrote(ex.span, "otherwise"):
        message = "the expedited timetable has no deadline for deciding whether it applies"
    else:
        message = (
            "the expedited timetable has no deadline for deciding whether it applies, and no default if nobody decides"
        )
    diags.warning(
        "CG034",
        message,
        ctx.where(ex.span, "decided_by"),
        f"without one, a dispute can be moved onto the fast track (or kept off it) at any stage: add `decide within 2 {unit}` "
        "(counted from the Notice Date) and `otherwise standard` to the timetables block",
    )


@check
def settlement_signed_before_mediation_ends(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG035: a settlement reached in the mediation can be signed before it ends.

    The schedule ends the mediation at its outer limit unless a Settlement
    Agreement has been signed by then, while the settlement clause gives the
    parties `sign within` from the day terms are agreed. Terms agreed near the
    limit always lapse with the mediation (docs/diagnostics.md says so); this
    warns when even terms agreed at the first mediation meeting, held as late
    as `start within` allows, could not be signed before the limit.
    """
    m, s = regime.mediation, regime.settlement
    if m is None or s is None or m.conclude_within is None or s.sign_within is None:
        return
    limit, sign, first = m.conclude_within, s.sign_within, m.start_within
    if (first is not None and first.starts not in ("", "appointment")) or limit.starts not in ("", "appointment"):
        first = None  # counted from other events: compare the signing window alone
    if first is not None and first.unit is sign.unit is limit.unit:
        late = first.amount + sign.amount > limit.amount
    elif first is not None:
        late = first.approx_days() + sign.approx_days() > limit.approx_days()
    else:
        late = not _longer(limit, sign)
    if not late:
        return
    event = {
        "": "the Mediator's appointment",
        "appointment": "the Mediator's appointment",
        "notice": "the Notice Date",
    }.get(limit.starts, f"the {limit.starts.replace('_', ' ')}")
    when = (
        f"terms agreed at the first mediation meeting ({_say(regime, first)} after {event} at the latest)"
        if first
        else "terms agreed in the mediation"
    )
    diags.warning(
        "CG035",
        f"{when} may not be signed within the {_say(regime, sign)} allowed for signing: the schedule ends the mediation "
        f"at its outer limit, {_say(regime, limit)} after {event}, if no Settlement Agreement has been signed by then",
        sign.span,
        "the terms would lapse with the mediation: shorten `sign within`, hold the first meeting sooner (`start within`), "
        "or lengthen `conclude within` so that the signing window fits inside the mediation",
    )


@check
def every_party_at_every_tier(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG036: each tier has a representative of every party, not only of two.

    With three or more parties a tier can seat two sides (so CG017 is quiet)
    and leave a third out: the schedule then tells every party to send its
    Representatives to a tier where it has none, and a dispute may be agreed
    without it.
    """
    # a party that is never a party to a dispute (an integrator) sits at no tier (CG065)
    party_ids = [p.id for p in regime.parties if p.disputing]
    for tier in regime.escalation.tiers:
        sides = {ref.split(".", 1)[0] for ref in tier.representatives}
        if len(sides) < 2:
            continue  # CG017 already says the tier seats only one party (or it is empty)
        for party_id in party_ids:
            if party_id in sides:
                continue
            party = regime.party(party_id)
            roles = sorted((r for r in regime.roles if r.party == party_id), key=lambda r: -(r.seniority or 0))
            if roles:
                fix = (
                    "each party needs someone at every tier who can settle for it: add one of its roles, "
                    f"e.g. `representatives {', '.join(tier.representatives)}, {roles[0].id}`"
                )
            else:
                fix = (
                    "each party needs someone at every tier who can settle for it: define a role for it "
                    f'(role {party_id}.director "Director") and add it to the tier\'s `representatives`'
                )
            diags.warning(
                "CG036",
                f'tier `{tier.id}` has no representative of party `{party_id}` ("{party.defined_as}")',
                ctx.where(tier.span, "representatives"),
                fix,
            )


@check
def email_service_needs_addresses(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG037: notices may be served by email, but a party has no email address.

    Service by email on that party is impossible; where the Notice Date turns
    on receipt by the last party, a Dispute Notice served by email never
    starts the clock.
    """
    if regime.notices is None or not any(m.method == "email" for m in regime.notices.methods):
        return
    for party in regime.parties:
        if party.email or ctx.wrote(party.span, "email"):
            continue
        diags.warning(
            "CG037",
            f'notices may be served by email, but party `{party.id}` ("{party.defined_as}") has no email address: '
            "service by email on it is impossible",
            party.span,
            f'add `email "..."` to party `{party.id}`, or drop `by email` from the notices block',
        )


# A first mediation meeting this close to the mediation's end leaves no time
# to mediate: papers, a day's meeting and any follow-up take more than a week.
MIN_MEDIATION_DAYS = 7


def _meeting_and_end(path: Timeline) -> tuple[int, int] | None:
    """The day counts of the latest first mediation meeting and of the mediation's end."""
    start = next((s for s in path.side_steps if s.kind == "mediation_start"), None)
    end = next((s for s in path.steps if s.kind == "mediation"), None)
    if start is None or end is None:
        return None
    return path.day(start.due), path.day(end.due)


def _too_late(days: tuple[int, int] | None) -> bool:
    return days is not None and days[1] - days[0] <= MIN_MEDIATION_DAYS


def _before(days: tuple[int, int]) -> str:
    gap = days[1] - days[0]
    if gap < 0:
        return f"{-gap} day{'' if gap == -1 else 's'} after the mediation must end on day {days[1]}"
    if gap == 0:
        return f"the day the mediation must end (day {days[1]})"
    return f"{gap} day{'' if gap == 1 else 's'} before the mediation must end on day {days[1]}"


@check
def first_mediation_meeting_in_time(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG038: the first mediation meeting can come too late to matter.

    `start within` gives the latest day for the first meeting; the outer
    limit (`conclude within`, or `expedited` under the expedited timetable)
    ends the mediation. Both are taken from the worst case (clausegen.timeline),
    on the regime's calendar, so business-day starts and calendar-day limits
    compare as the schedule counts them. The language has no expedited start
    period: the same `start within` applies under both timetables.
    """
    m = regime.mediation
    if m is None or m.start_within is None or m.conclude_within is None:
        return
    try:
        standard = _meeting_and_end(worst_case(regime))
        fast = _meeting_and_end(timeline(regime, expedited=True)) if m.expedited is not None else None
    except CompileError:
        return  # CG020 is reported by dates_in_calendar
    start = _say(regime, m.start_within)
    if _too_late(standard):
        assert standard is not None
        also = (
            f"; under the expedited timetable, as late as day {fast[0]}, {_before(fast)}"
            if _too_late(fast) and fast is not None
            else ""
        )
        diags.warning(
            "CG038",
            f"the first mediation meeting may be held as late as day {standard[0]}, {_before(standard)}{also} "
            "(days counted from the receipt of the Dispute Notice, in the worst case)",
            m.start_within.span,
            f"the mediator would have no time to mediate: shorten `start within` ({start} now) "
            "or lengthen `conclude within` so that at least a week is left after the first meeting",
        )
    elif _too_late(fast):
        assert fast is not None and m.expedited is not None
        need = m.expedited.amount + MIN_MEDIATION_DAYS + 1 - (fast[1] - fast[0])
        longer = (
            f"`expedited {need} days` or more"
            if m.expedited.unit is Unit.CALENDAR_DAYS
            else "a longer `expedited` limit"
        )
        diags.warning(
            "CG038",
            f"under the expedited timetable the first mediation meeting may be held as late as day {fast[0]}, {_before(fast)} "
            "(days counted from the receipt of the Dispute Notice, in the worst case)",
            m.expedited.span,
            f"`start within` ({start}) applies under both timetables, so the fast track leaves the mediator no time to mediate: "
            f"give the expedited mediation {longer}, or shorten `start within`",
        )


@check
def quorum_below_one_per_party(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG039: `quorum N including one_per_party` with fewer than one member a party.

    The schedule says a meeting is quorate only with N members "including at
    least one member appointed by each Party": with more parties than N, the
    number written is never the quorum.
    """
    if regime.governance is None:
        return
    parties = len(regime.parties)
    for forum in regime.governance.forums:
        if forum.quorum is None or not forum.quorum_each_party or forum.quorum >= parties:
            continue
        count = _count_word(parties)
        diags.warning(
            "CG039",
            f"the quorum of `{forum.id}` is {forum.quorum} members including one of each party, but there are {count} parties: "
            f"the quorum is in effect {parties}",
            ctx.where(forum.span, "quorum"),
            f"write the number the meeting really needs, `quorum {parties} including one_per_party` (or `quorum one_per_party`), "
            "so that the schedule and the handbook do not state a quorum that can never be enough",
        )


# -- version history (CG040-CG047) -------------------------------------------------------------


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
    seen: dict[str, object] = {}
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


def _amends(regime: Regime, ctx: Context, diags: Diagnostics, current) -> None:
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


# -- multi-party deals and the smaller gaps of issue 12 (CG065-CG079) ------------------------


def _non_disputing(regime: Regime) -> dict[str, str]:
    """Party id -> its kind, for the parties that are never a party to a dispute."""
    return {p.id: p.kind for p in regime.parties if not p.disputing}


@check
def non_disputing_party_acts(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG065: a role of an adviser, guarantor, integrator, observer or coordinator acts in a dispute.

    Such a party is never a party to a dispute: it has no representative at a
    tier, serves no dispute notice and decides nothing for the disputing
    parties, so it never signs an extension or a settlement either.
    """
    outside = _non_disputing(regime)
    if not outside:
        return

    def report(ref: str, span: Span, what: str, fix: str) -> None:
        party = ref.split(".", 1)[0]
        diags.error(
            "CG065",
            f"`{ref}` is a role of the {outside[party]} `{party}`, which is never a party to a dispute, but {what}",
            span,
            fix,
        )

    for tier in regime.escalation.tiers:
        for ref in tier.representatives:
            if ref.split(".", 1)[0] in outside:
                report(
                    ref,
                    ctx.where(tier.span, "representatives"),
                    f"it sits at tier `{tier.id}` as a representative",
                    "a tier seats the representatives of the parties to the dispute only: remove it from `representatives` "
                    "(the integrator's coordinating role is stated by its party kind)",
                )
    if regime.dispute_notice is not None:
        for ref in regime.dispute_notice.served_by:
            if ref.split(".", 1)[0] in outside:
                report(
                    ref,
                    ctx.where(regime.dispute_notice.span, "served_by"),
                    "it serves dispute notices",
                    "a dispute notice is served by a party to the dispute: name a role of the client or of a supplier",
                )
    e = regime.expedition
    if e is not None and e.decided_by.split(".", 1)[0] in outside:
        report(
            e.decided_by,
            ctx.where(e.span, "decided_by"),
            "it decides the timetable of a dispute",
            "let the parties to the dispute decide (`decided_by agreement`) or a role of one of them",
        )


@check
def joinder_complete(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG066, CG067: a joinder needs a mechanism (consent or the contract) and a time limit."""
    joinder = regime.disputes.joinder if regime.disputes is not None else None
    if joinder is None:
        return
    if not joinder.by:
        diags.error(
            "CG066",
            "the joinder does not say how another supplier is joined",
            joinder.span,
            "add `by consent` (the supplier joined and the parties to the dispute agree) or "
            '`by contract "Clause 45.4"` (the clause of the contract that provides for joinder)',
        )
    if joinder.within is None:
        diags.error(
            "CG067",
            "the joinder has no time limit: another supplier could be joined at any stage, even on the eve of proceedings",
            joinder.span,
            "add `within 10 business_days` (counted from the Notice Date): after it, the dispute goes on between the parties named in the notice",
        )


@check
def two_disputing_parties(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG068: fewer than two parties can be a party to a dispute."""
    if len(regime.parties) < 2 or len(regime.disputing_parties) >= 2:
        return
    kinds = ", ".join(f"`{p.id}` ({p.kind})" for p in regime.parties if not p.disputing)
    diags.error(
        "CG068",
        f"a dispute needs two parties, but only {len(regime.disputing_parties)} party can be one: {kinds} never is",
        regime.span,
        "give the client `kind client` and each supplier `kind provider`; keep the non-disputing kinds for advisers, guarantors and integrators",
    )


@check
def remote_forum_not_in_person(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG069: a forum that meets remotely only cannot also meet in person."""
    if regime.governance is None:
        return
    for forum in regime.governance.forums:
        if forum.remote_only and forum.in_person:
            diags.error(
                "CG069",
                f"forum `{forum.id}` meets remotely only and in person",
                forum.remote_span or forum.span,
                "keep `remote_only` (video or telephone, never in person) or `in_person`, not both",
            )


@check
def written_response_before_meeting(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG070: a tier's written response is due no sooner than its meeting, or than the tier ends."""
    for tier in regime.escalation.tiers:
        response = tier.respond_within
        if response is None:
            continue
        for later, what, keyword in (
            (tier.meet_within, "the meeting", "meet_within"),
            (tier.limit, "the end of the tier", "within"),
        ):
            if (
                later is not None
                and later.unit is response.unit
                and later.starts == response.starts
                and response.amount >= later.amount
            ):
                diags.error(
                    "CG070",
                    f"tier `{tier.id}` asks for the written response within {_say(regime, response)}, "
                    f"not before {what} ({_say(regime, later)})",
                    response.span,
                    f"the response is read before the representatives meet: make `written_response` shorter than `{keyword}`",
                )
                break


@check
def matter_decider_exists(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG071: whoever decides whether a matter is an expert matter must exist in the regime."""
    e = regime.expert
    if e is None or not e.matter_decided_by:
        return
    span = e.matter_span or e.span
    if e.matter_decided_by == "mediator" and regime.mediation is None:
        diags.error(
            "CG071",
            "the mediator is to decide whether a matter is an expert matter, but the regime has no mediation",
            span,
            "name `decided_by expert` (or `nominating_body`), or add a mediation block",
        )
    if e.matter_decided_by == "nominating_body" and not e.nominated_by:
        diags.error(
            "CG071",
            "the nominating body is to decide whether a matter is an expert matter, but the expert block names none",
            span,
            'name it where the expert is appointed: `appoint within 10 business_days otherwise nominated_by "CEDR"`',
        )
    decide, appoint = e.matter_decide_within, e.appoint_within
    if (
        e.matter_decided_by == "expert"
        and decide is not None
        and appoint is not None
        and decide.starts in ("", "referral")
        and appoint.starts in ("", "referral")
        and decide.unit is appoint.unit
        and decide.amount <= appoint.amount
    ):
        diags.error(
            "CG071",
            f"the expert is to decide whether a matter is an expert matter within {_say(regime, decide)} of the referral, "
            f"but may not be appointed until {_say(regime, appoint)} after it",
            decide.span,
            "count the decision from the expert's appointment (`within 5 business_days of appointment`), or give it longer than the appointment window",
        )


@check
def transparency_duties_of_public_bodies(regime: Regime, ctx: Context, diags: Diagnostics) -> None:
    """CG072, CG073: transparency duties belong to public bodies, and a public body states its own."""
    confidential = regime.mediation is not None and regime.mediation.confidential
    for party in regime.parties:
        if party.transparency_duties and not party.public_body:
            diags.error(
                "CG072",
                f"party `{party.id}` has transparency duties but is not marked as a public body",
                party.span,
                "add `public_body` to the party's block; freedom of information, public audit and parliamentary scrutiny bind public bodies only",
            )
        elif party.public_body and confidential and not party.transparency_duties:
            diags.warning(
                "CG073",
                f"party `{party.id}` is a public body, but the confidentiality of mediation has no carve-out for its transparency duties",
                party.span,
                "add `transparency_duties freedom_of_information, audit, parliament` (those that apply): a public body cannot promise "
                "confidentiality that the law on freedom of information, audit or parliament overrides",
            )
