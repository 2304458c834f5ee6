"""The checked regime model: what every stage after the language reads.

Built from the AST by clausegen.language.builder and checked by
clausegen.language.checks. Every node is frozen and carries the span of the
source that defined it, so later stages can still point at the source.
Optional parts of a regime are None when the source leaves them out.

Why this module is long: it has one job (the data
classes of the regime, from Unit and Period up to Regime, read top-down as
one tree), its classes are small and refer to one another, and every stage
imports them from here; split by block, a reader would chase one tree
through many files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from .source import Span


class Unit(str, Enum):
    """Units a period may be counted in."""

    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


@dataclass(frozen=True, slots=True)
class Period:
    """A time limit: an amount of a unit, counted from an event.

    `starts` is the word for the event the clock starts from ("notice",
    "appointment", "referral"...); counting starts the day after it. Which
    event a word means for each keyword is the timing model's
    (clausegen.events.FIELDS).
    """

    amount: int
    unit: Unit
    span: Span
    starts: str = ""
    starts_span: Span | None = None  # where the source names the event, if it does

    def approx_days(self) -> float:
        """Calendar days this period lasts at most, for rough comparisons."""
        per = {
            Unit.CALENDAR_DAYS: 1,
            Unit.BUSINESS_DAYS: 7 / 5,
            Unit.WEEKS: 7,
            Unit.MONTHS: 31,
            Unit.YEARS: 366,
        }[self.unit]
        return self.amount * per

    def describe(self, day_term: str = "") -> str:
        """'10 business days', '1 month'; business days in `day_term` if given ('10 Working Days')."""
        if day_term and self.unit is Unit.BUSINESS_DAYS:
            return f"{self.amount} {day_term}{'' if self.amount == 1 else 's'}"
        word = {
            Unit.CALENDAR_DAYS: "day",
            Unit.BUSINESS_DAYS: "business day",
            Unit.WEEKS: "week",
            Unit.MONTHS: "month",
            Unit.YEARS: "year",
        }[self.unit]
        return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"


# Party kinds that sign the contract but are never a party to a dispute under
# it: they sit at no tier, sign no extension or settlement, and are bound by
# no determination (an integrator coordinates; an adviser or observer attends).
NON_DISPUTING_KINDS = ("adviser", "guarantor", "integrator", "observer", "coordinator")


@dataclass(frozen=True, slots=True)
class Party:
    """A party to the contract: its legal name and the name the contract uses."""

    id: str
    name: str
    defined_as: str
    kind: str  # "client" or "provider" or "other"
    span: Span
    address: str = ""
    email: str = ""
    company_number: str = ""
    attention: str = ""
    public_body: bool = False
    transparency_duties: tuple[str, ...] = ()  # freedom_of_information, audit, parliament

    @property
    def disputing(self) -> bool:
        """False for a party that is never a party to a dispute (an adviser, an integrator...)."""
        return self.kind not in NON_DISPUTING_KINDS


@dataclass(frozen=True, slots=True)
class Role:
    """A named role that acts for a party (Contract Manager, Managing Director)."""

    id: str  # "client.sponsor"
    party: str
    title: str
    span: Span
    seniority: int | None = None
    person: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class NoticeMethod:
    """A way of serving notices and when a notice so served is received."""

    method: str  # email, courier, hand, post, recorded_delivery
    deemed_received: str  # on_delivery, next_business_day, second_business_day
    span: Span


@dataclass(frozen=True, slots=True)
class Notices:
    """How notices under the contract are given."""

    methods: tuple[NoticeMethod, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Forum:
    """A regular governance meeting (operational review, steering board)."""

    id: str
    name: str
    members: tuple[str, ...]
    span: Span
    chair: str = ""
    cadence: Period | None = None
    transition_cadence: Period | None = None
    transition_period: Period | None = None
    quorum: int | None = None
    quorum_each_party: bool = False
    papers_before: Period | None = None
    minutes_by: str = ""
    minutes_within: Period | None = None
    in_person: bool = False
    mandatory: bool = False
    extraordinary_notice: Period | None = None
    terms_of_reference: tuple[str, ...] = ()
    remote_only: bool = False  # meets by video or telephone only, never in person
    remote_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Governance:
    """The governance forums, and the rule that they cannot vary the contract."""

    forums: tuple[Forum, ...]
    changes_only_via_change_control: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Scope:
    """What counts as a dispute, and the matters excluded from the procedure."""

    covers: str  # arising_out_of_or_in_connection_with | arising_under
    excluded: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class DisputeNotice:
    """How a dispute is raised and what starts the clock."""

    in_writing: bool
    contents: tuple[str, ...]
    clock_starts: str  # on_receipt | day_after_receipt | on_sending
    span: Span
    served_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Continuity:
    """Performance and payment while a dispute runs."""

    services_continue: bool
    pay_undisputed: bool
    span: Span
    disputed_invoice_window: Period | None = None


@dataclass(frozen=True, slots=True)
class Expedition:
    """When and by whom the expedited timetable is chosen."""

    decided_by: str  # a role id, "agreement", or "either"
    when: tuple[str, ...]
    span: Span
    decide_within: Period | None = None  # the time for deciding, from the Notice Date by default
    default: str = ""  # standard | expedited: what applies if nobody decides in time; "" when not said


@dataclass(frozen=True, slots=True)
class Tier:
    """One rung of the escalation ladder."""

    id: str
    name: str
    representatives: tuple[str, ...]
    limit: Period | None
    span: Span
    expedited: Period | None = None
    meet_within: Period | None = None
    forum: str = ""
    respond_within: Period | None = None  # the other side's written response, before the meeting


@dataclass(frozen=True, slots=True)
class Escalation:
    """The ordered escalation tiers and what happens when one fails."""

    tiers: tuple[Tier, ...]
    on_timeout: str  # refer_to_next | either_may_refer
    deemed_failure: tuple[str, ...]
    extension: str  # by_written_agreement | none
    agreement_in_writing: bool
    agreement_binding: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Concession:
    """A term the parties may renegotiate in good faith during a dispute."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class ExpertDetermination:
    """The fast track for technical or financial disputes."""

    matters: tuple[str, ...]
    span: Span
    matters_closed: bool = True
    qualifications: str = ""
    appoint_within: Period | None = None
    nominated_by: str = ""
    determine_within: Period | None = None
    expedited: Period | None = None
    binding: str = "final"  # final | non_binding | appealable
    challenge_grounds: tuple[str, ...] = ()
    appeal_within: Period | None = None
    reasons: bool = False
    not_arbitrator: bool = False
    fees: str = ""
    binding_span: Span | None = None
    # Issue 12: an expert track that opens after a time of mediation, with its own place and fee rule.
    trigger: Period | None = (
        None  # `trigger after 60 days of referral`: the mediation's time before the expert takes over
    )
    venue: str = ""
    language: str = ""
    rules: str = ""
    fee_liability: str = ""  # jointly_and_severally | severally | "" when not said
    matter_decided_by: str = (
        ""  # who decides whether a matter is an expert matter: expert | mediator | a body | a role id
    )
    matter_decide_within: Period | None = None
    matter_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Mediation:
    """The mediation step: appointment, process, protections and costs."""

    trigger: str  # after_escalation | any_time_by_agreement | party_request
    span: Span
    mandatory: bool = True
    rules: str = ""
    body: str = ""
    mediator: str = ""
    mediators: int = 1
    agree_within: Period | None = None
    nominated_by: str = ""
    start_within: Period | None = None
    conclude_within: Period | None = None
    expedited: Period | None = None
    papers_before: Period | None = None
    pre_mediation: tuple[str, ...] = ()
    initial_meetings_separate: bool = False
    initial_meetings: str = ""  # separate | joint | "" when not said
    mediator_reviews: tuple[str, ...] = ()
    sessions: tuple[str, ...] = ()
    private_sessions_confidential: bool = False
    confidential: bool = False
    confidentiality_exceptions: tuple[str, ...] = ()
    confidential_span: Span | None = None
    without_prejudice: bool = False
    non_admission: bool = False
    binding_only_when_signed: bool = False
    withdrawal: bool = False
    mediator_liability_excluded: bool = False
    attendees_with_authority: bool = False
    venue: str = ""
    language: str = ""
    costs: str = ""  # shared_equally | borne_by_referring_party
    own_costs: str = "borne_by_each"
    settlement_drafted_by: str = ""
    settlement_reviewed_by: str = ""


@dataclass(frozen=True, slots=True)
class Settlement:
    """The form a settlement takes to bind."""

    in_writing: bool
    signed_by_authorised: bool
    span: Span
    sign_within: Period | None = None
    consent_order: bool = False


@dataclass(frozen=True, slots=True)
class Suspension:
    """Quarantine of a contentious initiative while the rest runs on."""

    scope: str  # a named initiative, or "disputed_initiative_only"
    span: Span
    scope_span: Span
    invoked_by: str = ""  # either | agreement | a party id
    notice: Period | None = None
    max_duration: Period | None = None
    aggregate_cap: Period | None = None
    mitigation: bool = False
    claim_window: Period | None = None
    continue_unaffected: bool = False
    pay_undisputed: bool = False
    resume_within: Period | None = None


@dataclass(frozen=True, slots=True)
class Isolation:
    """A dispute does not prejudice renewals, extensions or new work."""

    no_prejudice_to: tuple[str, ...]
    suspension_extends_term: bool | None  # None: the regime does not say
    span: Span


@dataclass(frozen=True, slots=True)
class FinalForum:
    """Courts or arbitration: the last resort, and when it may be used."""

    kind: str  # courts | arbitration | "" when the regime names none
    span: Span
    court: str = ""
    exclusive: bool | None = None
    rules: str = ""
    institution: str = ""
    seat: str = ""
    arbitrators: int | None = None
    language: str = ""
    emergency_arbitrator: bool | None = None
    arbitrator: str = ""
    mediator_may_arbitrate: bool = False
    gated_by: tuple[str, ...] = ()
    long_stop: Period | None = None
    carve_outs: tuple[str, ...] = ()
    arb_med_arb: ArbMedArb | None = None


@dataclass(frozen=True, slots=True)
class ArbMedArb:
    """Arb-Med-Arb: the arbitration is commenced, stayed for a mediation, then ends in a consent award or resumes.

    `mediate_within` is the stay: the time the mediation has, counted from the
    event it names (the start of the mediation by default).
    """

    protocol: str
    span: Span
    mediation_centre: str = ""
    mediate_within: Period | None = None
    consent_award: bool = False
    resumes: bool = False
    refer_within: Period | None = None  # the time for sending the case to the mediation centre, from the commencement


@dataclass(frozen=True, slots=True)
class Route:
    """A named route: a closed list of subject matters and the steps a dispute about them takes.

    Steps the route does not give are none (escalation, mediation, expert);
    its final forum is the regime's unless it names its own.
    """

    id: str
    name: str
    matters: tuple[str, ...]
    span: Span
    escalation: Escalation | None = None
    mediation: Mediation | None = None
    expert: ExpertDetermination | None = None
    final_forum: FinalForum | None = None


@dataclass(frozen=True, slots=True)
class Limitation:
    """The limitation period and whether the dispute steps pause it."""

    period: Period
    adr_pauses: bool
    standstill: bool
    span: Span
    stated: bool = True
    counted_from: str = "accrual"  # accrual | year_end (German law: end of the year)


@dataclass(frozen=True, slots=True)
class Behaviours:
    """Guidance for the people involved, carried by the handbook."""

    principles: tuple[str, ...]
    guidance: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Revision:
    """One signed version of the regime: `version "2.0" 2026-03-01 "summary"` in the history."""

    version: str
    date: date
    summary: str
    span: Span


@dataclass(frozen=True, slots=True)
class VersionHistory:
    """The renegotiations of the regime, oldest first, as the `history` block lists them."""

    revisions: tuple[Revision, ...]
    span: Span

    def entry(self, version: str) -> Revision | None:
        """The revision recorded for `version`, if the history lists it."""
        return next((r for r in self.revisions if r.version == version), None)


@dataclass(frozen=True, slots=True)
class Joinder:
    """How another party (another supplier) is joined to a dispute already notified."""

    span: Span
    by: str = ""  # consent (of the joined party and the parties to the dispute) | contract
    provision: str = ""  # the contract's clause that provides for joinder, when `by` is contract
    within: Period | None = None  # the time for asking to join, from the Notice Date


@dataclass(frozen=True, slots=True)
class Disputes:
    """Who the parties to a dispute are in a deal with more than two parties.

    The parties to a dispute are those named in its notice; only they sit at
    the tiers, extend a period or sign a settlement.
    """

    span: Span
    joinder: Joinder | None = None


@dataclass(frozen=True, slots=True)
class Law:
    """The governing law, and the family of clause variants it selects."""

    name: str
    family: str  # england_wales | new_york | singapore | germany | delaware | neutral
    span: Span


@dataclass(frozen=True, slots=True)
class Regime:
    """A whole, checked dispute-resolution regime."""

    title: str
    span: Span
    law: Law
    parties: tuple[Party, ...]
    roles: tuple[Role, ...]
    escalation: Escalation
    final_forum: FinalForum
    limitation: Limitation
    schedule: str = ""
    version: str = ""
    effective: date | None = None
    amends: str = ""  # the version this one amends (`amends "1.0"`)
    history: VersionHistory | None = None
    calendar: str = ""
    drafting: str = "formal"
    day_term: str = "Business Day"  # "Working Day" when the drafter counts in working_days
    notices: Notices | None = None
    governance: Governance | None = None
    scope: Scope | None = None
    dispute_notice: DisputeNotice | None = None
    continuity: Continuity | None = None
    expedition: Expedition | None = None
    concessions: tuple[Concession, ...] = ()
    expert: ExpertDetermination | None = None
    mediation: Mediation | None = None
    settlement: Settlement | None = None
    suspension: Suspension | None = None
    isolation: Isolation | None = None
    behaviours: Behaviours | None = None
    routes: tuple[Route, ...] = ()
    default_route: str = ""  # the name of the route for every other matter, when the regime has routes
    disputes: Disputes | None = None

    @property
    def revision(self) -> Revision | None:
        """The history's entry for this version, if the regime records one."""
        return self.history.entry(self.version) if self.history and self.version else None

    @property
    def disputing_parties(self) -> tuple[Party, ...]:
        """The parties that may be a party to a dispute (not an adviser, integrator...)."""
        return tuple(p for p in self.parties if p.disputing)

    def party(self, party_id: str) -> Party | None:
        """The party with this id, if any."""
        return next((p for p in self.parties if p.id == party_id), None)

    def role(self, role_id: str) -> Role | None:
        """The role with this id (client.sponsor), if any."""
        return next((r for r in self.roles if r.id == role_id), None)
