"""The events of a dispute, and which of them each time limit may run from.

The vocabulary of `within 60 days of appointment`: for every keyword that
takes a period (FIELDS, keyed "section.keyword"), the words a drafter may
write after `of`, the event each word means, and the default. Adding an
event word to a keyword is one entry here and its line in docs/language.md;
its wording in the documents is in clauses/phrases.toml, table [event].
clausegen.timing builds the clocks and the worst case from these events.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happens in a dispute and starts or ends a period.

    `key` names the kind of event and its words in phrases.toml [event]
    (notice_date, tier_referral, mediation_referral, mediator_appointed,
    mediation_ended, terms_agreed, expert_referral, expert_appointed,
    determination, invoice, suspension, resolution, resumption, meeting,
    tier_ended, proceedings); `subject` tells events of one kind apart
    (the tier's id for tier_referral and tier_ended).
    """

    key: str
    subject: str = ""


NOTICE_DATE = Event("notice_date")


@dataclass(frozen=True, slots=True)
class Field:
    """A keyword that takes a period: the event words it accepts, and its default.

    `default` is the word a period of this keyword runs from when the source
    names none; `events` maps each word a drafter may write (`of appointment`)
    to the event it means for this keyword.
    """

    where: str  # how a drafter calls it in a message: "the mediation's outer limit"
    default: str
    events: dict[str, str]


# Which event each word means, keyword by keyword. The first entry of
# `events` is the default. A word that is not listed for a keyword is CG022.
FIELDS: dict[str, Field] = {
    "tier.within": Field("a tier's time limit", "referral", {"referral": "tier_referral", "notice": "notice_date"}),
    "tier.expedited": Field(
        "a tier's expedited time limit", "referral", {"referral": "tier_referral", "notice": "notice_date"}
    ),
    "tier.meet_within": Field(
        "a tier's meeting window", "referral", {"referral": "tier_referral", "notice": "notice_date"}
    ),
    "tier.respond_within": Field(
        "a tier's written response", "referral", {"referral": "tier_referral", "notice": "notice_date"}
    ),
    "mediation.agree_within": Field(
        "the window for agreeing a mediator", "referral", {"referral": "mediation_referral", "notice": "notice_date"}
    ),
    "mediation.start_within": Field(
        "the time for the mediation to start",
        "appointment",
        {"appointment": "mediator_appointed", "referral": "mediation_referral", "notice": "notice_date"},
    ),
    "mediation.conclude_within": Field(
        "the mediation's outer limit",
        "appointment",
        {
            "appointment": "mediator_appointed",
            "referral": "mediation_referral",
            "notice": "notice_date",
            "start": "mediation_started",
        },
    ),
    "mediation.expedited": Field(
        "the mediation's expedited outer limit",
        "appointment",
        {
            "appointment": "mediator_appointed",
            "referral": "mediation_referral",
            "notice": "notice_date",
            "start": "mediation_started",
        },
    ),
    "expert.appoint_within": Field(
        "the window for appointing the expert", "referral", {"referral": "expert_referral", "notice": "notice_date"}
    ),
    "expert.determine_within": Field(
        "the expert's time to decide", "appointment", {"appointment": "expert_appointed", "referral": "expert_referral"}
    ),
    "expert.expedited": Field(
        "the expert's expedited time to decide",
        "appointment",
        {"appointment": "expert_appointed", "referral": "expert_referral"},
    ),
    "expert.trigger": Field(
        "the time the mediation has before the expert takes over",
        "referral",
        {"referral": "mediation_referral", "start": "mediation_started", "appointment": "mediator_appointed"},
    ),
    "arb_med_arb.refer_within": Field(
        "the time for sending the case to the mediation centre",
        "commencement",
        {"commencement": "arbitration_commenced"},
    ),
    "arb_med_arb.mediate_within": Field(
        "the stay of the arbitration for mediation",
        "start",
        {"start": "mediation_started", "commencement": "arbitration_commenced", "referral": "mediation_referral"},
    ),
    "expert.appeal_within": Field(
        "the window for challenging the determination", "determination", {"determination": "determination"}
    ),
    "settlement.sign_within": Field("the time for signing a settlement", "settlement", {"settlement": "terms_agreed"}),
    "continuity.disputed_invoice_window": Field(
        "the window for disputing an invoice", "invoice", {"invoice": "invoice", "notice": "notice_date"}
    ),
    "suspension.max_duration": Field("the longest suspension", "suspension", {"suspension": "suspension"}),
    "suspension.resume_within": Field(
        "the time for resuming suspended work", "resolution", {"resolution": "resolution"}
    ),
    "suspension.claim_window": Field("the window for adjustment claims", "resumption", {"resumption": "resumption"}),
    "final.long_stop": Field("the long stop", "notice", {"notice": "notice_date"}),
    "expedition.decide_within": Field(
        "the time for deciding on the expedited timetable", "notice", {"notice": "notice_date"}
    ),
    "forum.minutes_within": Field("the time for circulating minutes", "meeting", {"meeting": "meeting"}),
    "expert.matter_decide_within": Field(
        "the time for deciding whether a matter is an expert matter",
        "referral",
        {"referral": "expert_referral", "appointment": "expert_appointed", "notice": "notice_date"},
    ),
    "joinder.within": Field("the time for joining another party", "notice", {"notice": "notice_date"}),
}

# The periods an `extension by_written_agreement` rule lets the parties extend.
EXTENDABLE = frozenset({"tier.within", "tier.expedited"})

# Every word a period may be counted from, in any keyword (the reader's list).
EVENT_WORDS: tuple[str, ...] = tuple(dict.fromkeys(w for f in FIELDS.values() for w in f.events))


def default_start(field: str) -> str:
    """The word a period of `field` runs from when the source names none."""
    return FIELDS[field].default
