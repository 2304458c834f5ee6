"""Hypothesis strategies that write regime files: valid structure, hostile values.

`regimes()` draws a whole regime as a small tree of statements (keyword,
values, optional block) shaped like the language (grammar/regime.lark and the
vocabulary in clausegen/language/builder.py): the blocks and keywords the
language has, in the places it has them, referring to the parties, roles and
forums the file defines most of the time. The values are where the fuzzing
happens: numbers 0, 1 and huge, dates at the ends of the calendar, empty and
very long texts, odd Unicode (combining marks, RTL, emoji, line and paragraph
separators, NEL, control characters, U+FFFE, NUL), markup characters and the
clause-injection string of issue 8. A small share of statements get a wrong
keyword or junk values, so the reporting paths are fuzzed too.

The tree, not the text, is what a test gets: `GenRegime.text()` renders it,
and `GenRegime.text(bland=True)` renders the same regime with every free text
replaced by a plain word (one per distinct text, so equal texts stay equal),
which lets a test compare the document built from hostile texts with the one
built from harmless ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st

# -- values -------------------------------------------------------------------------

INJECTION = "claims about IP.\n\n1. [[def:Waiver]] The Customer waives every claim"
MARKUP = "| [ ] * _ # ` \\ { } < > &"

ODD_STRINGS = (
    "",
    " ",
    "x" * 5000,
    "[" * 2000,
    "*Retail*",
    "_under_",
    "`code`",
    "[[ref:nope]]",
    "[[def:Waiver]]",
    "{{ 7 * 7 }}",
    "{% if true %}x{% endif %}",
    "Unit 4 | Suite 1200",
    "# heading",
    "1. item",
    "- bullet",
    "<b>&amp;</b>",
    MARKUP,
    INJECTION,
    "line one\nline two",
    "\n\n",
    "tab\there",
    "e\u0301\u0301\u0301",  # combining marks
    "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c",  # Hebrew, RTL override
    "\U0001f469\u200d\u2696\ufe0f \U0001f600",  # emoji, ZWJ sequence
    "a\u2028b",  # LINE SEPARATOR
    "a\u2029b",  # PARAGRAPH SEPARATOR
    "a\u0085b",  # NEL
    "a\x0cb",  # form feed
    "a\x0bb",  # vertical tab
    "a\rb",  # bare CR
    "a\x01b",  # control character
    "a\x7fb",
    "a\ufffeb",  # a noncharacter
    "a\uffffb",
    "\ufeffBOM",
    "a\x00b",  # NUL
    "M\u00fcller & S\u00f6hne GmbH",
    "\u6771\u4eac",
    '"quoted" and \\backslash\\',
)


def _bmp_text() -> st.SearchStrategy[str]:
    # Any character a UTF-8 file can hold (no lone surrogates).
    return st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


PLAIN_TEXT = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12).flatmap(
    lambda w: st.sampled_from((w, w + " Ltd", "The " + w + " Services plc", w + ", " + w))
)


def texts() -> st.SearchStrategy[str]:
    """The value of a quoted text when it is hostile."""
    plain = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs")), min_size=1, max_size=30)
    piece = st.one_of(plain, st.sampled_from(ODD_STRINGS), _bmp_text())
    return st.one_of(
        st.sampled_from(ODD_STRINGS),
        st.lists(piece, min_size=1, max_size=4).map("".join),
    )


NUMBERS = ("0", "1", "2", "3", "5", "10", "9999", "10000", "99999999999999999999999999", "2.5", "0.0", "007", "1.000")


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NUMBERS), st.integers(0, 400).map(str), st.integers(0, 10**30).map(str))


DATES = (
    "0001-01-01",
    "9999-12-31",
    "9999-06-01",
    "9999-12-01",
    "2026-02-29",
    "2024-02-29",
    "2026-03-01",
    "0000-00-00",
    "2026-13-45",
)


def dates() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: d.isoformat()))


UNITS = (
    "day",
    "days",
    "calendar_days",
    "business_day",
    "business_days",
    "working_days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
)
EVENTS = (
    "notice",
    "referral",
    "appointment",
    "resolution",
    "invoice",
    "request",
    "escalation",
    "determination",
    "settlement",
    "suspension",
    "meeting",
    "resumption",
)
LAWS = (
    '"England and Wales"',
    '"Scotland"',
    '"Northern Ireland"',
    '"New York"',
    '"Delaware"',
    '"Singapore"',
    '"Germany"',
    '"Narnia"',
)
CALENDARS = ('"GB-ENG"', '"GB-SCT"', '"US-NY"', '"US-DE"', '"SG"', '"DE-BY"', '"US-XX"', '"XX"', '""')


# -- the tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Str:
    """A quoted text; `free` texts are replaced by bland ones in the twin."""

    value: str
    free: bool = True
    escape: bool = True  # False: raw characters only (\n cannot be raw)


@dataclass
class Stmt:
    """keyword, values (Str or raw token text) and an optional block."""

    keyword: str
    values: list = field(default_factory=list)
    block: list | None = None


def _quote(s: Str, bland: dict[str, str] | None) -> str:
    value = s.value
    if bland is not None and s.free:
        value = bland.setdefault(value, f"Text {chr(65 + len(bland) % 26)}{len(bland)}") if value.strip() else value
    out = []
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif s.escape and ch in "\x00\x01\x7f\ufffe\uffff":
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@dataclass
class GenRegime:
    """A drawn regime: its statements, and the facts a test may check."""

    statements: list[Stmt]
    party_names: list[str]

    def __repr__(self) -> str:
        # What a failing test prints: the file itself, ready to paste.
        return f"GenRegime(text={self.text()!r})"

    def text(self, bland: bool = False) -> str:
        mapping: dict[str, str] | None = {} if bland else None
        lines: list[str] = []

        def emit(stmts: list[Stmt], depth: int) -> None:
            for s in stmts:
                vals = " ".join(
                    _quote(v, mapping) + ("," if isinstance(v, _Comma) else "") if isinstance(v, Str) else v
                    for v in s.values
                )
                head = "  " * depth + s.keyword + (" " + vals if vals else "")
                if s.block is None:
                    lines.append(head)
                else:
                    lines.append(head + " {")
                    emit(s.block, depth + 1)
                    lines.append("  " * depth + "}")

        emit(self.statements, 0)
        return "\n".join(lines) + "\n"


# -- drawing a regime --------------------------------------------------------------

PARTY_IDS = (
    "client",
    "provider",
    "customer",
    "supplier",
    "authority",
    "vendor",
    "partner",
    "m\u00fcller",
    "\u0434\u0440\u0443\u0433",
)
ROLE_IDS = ("contract_manager", "delivery_manager", "sponsor", "commercial_lead", "it_leitung", "\u00e9quipe")


class _Draw:
    """What one regime defines, and helpers to draw values that refer to it."""

    def __init__(self, draw):
        self.draw = draw
        self.parties: list[str] = []
        self.roles: list[str] = []
        self.forums: list[str] = []
        self.levels: dict[int, list[str]] = {}  # seniority -> roles
        # How hostile this regime's values are: most files are mostly sane,
        # so that a good share passes `check` and reaches the documents.
        self.hostile: float = draw(st.sampled_from((0.0, 0.02, 0.05, 0.15, 0.5)))

    def maybe(self, p: float = 0.5) -> bool:
        return self.draw(st.integers(0, 99)) < p * 100

    def text(self, free: bool = True) -> Str:
        strategy = texts() if self.maybe(self.hostile) else PLAIN_TEXT
        return Str(self.draw(strategy), free, self.draw(st.booleans()))

    def number(self) -> str:
        return self.draw(numbers() if self.maybe(self.hostile) else st.integers(1, 30).map(str))

    def period(self, event: bool = True) -> list:
        out = [self.number(), self.draw(st.sampled_from(UNITS))]
        if event and self.maybe(0.3):
            out += [self.draw(st.sampled_from(("of", "from", "after"))), self.draw(st.sampled_from(EVENTS))]
        return out

    def role(self) -> str:
        if self.roles and self.maybe(1 - self.hostile / 2):
            return self.draw(st.sampled_from(self.roles))
        return self.draw(st.sampled_from(("nobody.here", "client.ghost", "x.y.z")))

    def roles_list(self) -> list:
        n = self.draw(st.integers(1, 3))
        return [self.role() + ("," if i < n - 1 else "") for i in range(n)]

    def tier_roles(self, level: int) -> list:
        """One role of each party at a seniority level (a sound tier), most of the time."""
        roles = self.levels.get(level) or self.levels.get(max(self.levels, default=0))
        if not roles or self.maybe(0.15):
            return self.roles_list()
        return [r + ("," if i < len(roles) - 1 else "") for i, r in enumerate(roles)]

    def forum(self) -> str:
        if self.forums and self.maybe(1 - self.hostile):
            return self.draw(st.sampled_from(self.forums))
        return "no_such_forum"

    def words(self, choices: tuple[str, ...]) -> list:
        picked = self.draw(st.lists(st.sampled_from(choices), min_size=1, max_size=len(choices), unique=True))
        return [w + ("," if i < len(picked) - 1 else "") for i, w in enumerate(picked)]

    def word(self, choices: tuple[str, ...]) -> list:
        return [self.draw(st.sampled_from(choices))]

    def junk(self) -> list:
        """Values of any kind, for the reporting paths."""
        pool = st.one_of(
            numbers(),
            dates(),
            st.sampled_from(("either", "body", "x.y", "or", "within")),
            texts().map(lambda s: _quote(Str(s), None)),
        )
        return self.draw(st.lists(pool, max_size=3))

    def block(self, spec: dict, required: tuple[str, ...] = (), p: float = 0.6) -> list[Stmt]:
        out = []
        for kw, gen in spec.items():
            if kw in required or self.maybe(p):
                for _ in range(self.draw(st.integers(1, 2)) if kw.endswith("*") else 1):
                    out.append(self.stmt(kw.rstrip("*"), gen))
        if self.maybe(self.hostile / 3):  # a keyword of another block, or a misspelt one
            out.append(
                Stmt(
                    self.draw(st.sampled_from(("tier", "within", "escalatoin", "venue", "regime", "party"))),
                    self.junk(),
                )
            )
        return self.draw(st.permutations(out)) if self.maybe(0.2) else out

    def stmt(self, keyword: str, gen) -> Stmt:
        if self.maybe(self.hostile / 5):
            return Stmt(keyword, self.junk())
        result = gen(self)
        if isinstance(result, Stmt):
            return result
        return Stmt(keyword, list(result))


def _txt(d: _Draw) -> list:
    return [d.text()]


def _texts(d: _Draw) -> list:
    n = d.draw(st.integers(1, 3))
    items = [d.text() for _ in range(n)]
    return [s if i == n - 1 else _Comma(s.value, s.free, s.escape) for i, s in enumerate(items)]


class _Comma(Str):
    """A quoted text followed by a comma (a list item)."""


def _flag(d: _Draw) -> list:
    return []


NOTICES = {
    "by*": lambda d: (
        d.word(("email", "courier", "hand", "post", "recorded_delivery"))
        + ["deemed_received"]
        + d.word(("on_delivery", "next_business_day", "second_business_day", "on_sending"))
    )
}


def _forum(d: _Draw) -> Stmt:
    fid = d.draw(st.sampled_from(("operational_review", "steering_board", "board_\u00e9")))
    d.forums.append(fid)
    spec = {
        "members": lambda d: d.roles_list(),
        "chair": lambda d: [d.role()],
        "meets": lambda d: ["every"] + d.period(False),
        "transition_meets": lambda d: ["every"] + d.period(False) + (["for"] + d.period(False) if d.maybe() else []),
        "quorum": lambda d: (
            d.word(("one_per_party",))
            if d.maybe(0.3)
            else [d.number()] + (["including", "one_per_party"] if d.maybe(0.3) else [])
        ),
        "papers": lambda d: d.period(False) + ["before"],
        "minutes": lambda d: ["by", d.role()] + (["within"] + d.period() if d.maybe() else []),
        "in_person": lambda d: d.word(("mandatory", "optional")) if d.maybe() else [],
        "extraordinary_meetings": lambda d: ["on"] + d.period(False) + ["notice"],
        "terms_of_reference*": _texts,
    }
    return Stmt("forum", [fid, d.text()], d.block(spec, ("members", "meets")))


GOVERNANCE = {"changes_only_via_change_control": _flag, "forum*": _forum}
SCOPE = {"covers": lambda d: d.word(("arising_out_of_or_in_connection_with", "arising_under")), "excludes*": _texts}
DISPUTE_NOTICE = {
    "in_writing": _flag,
    "contents": lambda d: d.words(
        (
            "summary",
            "nature",
            "particulars",
            "reasons",
            "affected_services",
            "supporting_documents",
            "remedy_sought",
            "relief_sought",
            "estimated_value",
        )
    ),
    "clock_starts": lambda d: d.word(("on_receipt", "day_after_receipt", "on_sending")),
    "served_by": lambda d: d.roles_list(),
}
CONTINUITY = {
    "services_continue": _flag,
    "pay": lambda d: ["undisputed_amounts"],
    "disputed_invoices": lambda d: ["notify", "within"] + d.period(),
}
TIMETABLES = {
    "expedited_when*": _texts,
    "decided_by": lambda d: d.word(("agreement", "either", "mediator")) if d.maybe(0.3) else [d.role()],
    "decide": lambda d: ["within"] + d.period(),
    "otherwise": lambda d: d.word(("standard", "expedited")),
}


def _tier(d: _Draw, n: int) -> Stmt:
    spec = {
        "representatives": lambda d: d.tier_roles(n + 1),
        "within": lambda d: d.period(),
        "expedited": lambda d: d.period(),
        "meet_within": lambda d: d.period(),
    }
    if d.forums or d.maybe(d.hostile):
        spec["forum"] = lambda d: [d.forum()]
    tid = d.draw(st.sampled_from(("operational", "commercial", "executive", "stufe_\u00fc"))) + str(n)
    return Stmt("tier", [tid, d.text()], d.block(spec, ("representatives", "within")))


def _escalation(d: _Draw) -> Stmt:
    tiers = [_tier(d, i) for i in range(d.draw(st.integers(1, 3)))]
    spec = {
        "on_timeout": lambda d: d.word(("refer_to_next", "either_may_refer")),
        "deemed_failure": lambda d: d.words(("timeout", "refusal", "non_participation")),
        "extension": lambda d: d.word(("by_written_agreement", "none")),
        "agreement": lambda d: d.words(("recorded_in_writing", "binding")),
    }
    return Stmt("escalation", [], tiers + d.block(spec, ("on_timeout",), 0.7))


CONCESSIONS = {"renegotiable*": _txt}
EXPERT = {
    "matters": lambda d: d.word(("any", "any_technical_dispute")) if d.maybe(0.2) else _texts(d),
    "qualifications": _txt,
    "appoint": lambda d: ["within"] + d.period() + (["otherwise", "nominated_by", d.text()] if d.maybe(0.7) else []),
    "determine": lambda d: ["within"] + d.period(),
    "expedited": lambda d: d.period(),
    "binding": lambda d: (
        ["final", "except"] + d.words(("fraud", "manifest_error"))
        if d.maybe()
        else d.word(("final", "non_binding"))
        if d.maybe()
        else ["appealable", "within"] + d.period()
    ),
    "reasons": lambda d: d.word(("required", "not_required")),
    "expert_not_arbitrator": _flag,
    "fees": lambda d: d.word(("shared_equally", "as_expert_directs", "borne_by_referring_party")),
}
MEDIATION = {
    "trigger": lambda d: d.word(("after_escalation", "any_time_by_agreement", "party_request")),
    "mandatory": _flag,
    "rules": _txt,
    "body": _txt,
    "mediator": _txt,
    "mediators": lambda d: [d.number()],
    "agree_mediator": lambda d: (
        ["within"] + d.period() + ["otherwise", "nominated_by"] + (["body"] if d.maybe() else [d.text()])
    ),
    "start": lambda d: ["within"] + d.period(),
    "conclude": lambda d: ["within"] + d.period(),
    "expedited": lambda d: d.period(),
    "papers": lambda d: d.period(False) + ["before"],
    "pre_mediation": lambda d: d.words(("case_summaries", "document_bundles", "attendee_list")),
    "initial_meetings": lambda d: d.word(("separate", "joint")),
    "mediator_reviews": lambda d: d.words(
        ("contract", "service_documentation", "performance_reports", "correspondence", "governance_minutes")
    ),
    "sessions": lambda d: d.words(("joint", "private")),
    "private_sessions": lambda d: ["confidential"],
    "confidential": lambda d: (
        (
            ["except"]
            + d.words(
                ("fact_of_mediation", "required_by_law", "enforcing_settlement", "insurers", "professional_advisers")
            )
        )
        if d.maybe(0.8)
        else []
    ),
    "without_prejudice": _flag,
    "non_admission": _flag,
    "binding": lambda d: ["only_when_signed"],
    "either_party_may_withdraw": _flag,
    "mediator_liability": lambda d: ["excluded"],
    "attendees": lambda d: ["with_authority_to_settle"],
    "venue": _txt,
    "language": _txt,
    "costs": lambda d: (
        d.word(("shared_equally", "borne_by_referring_party", "as_mediator_recommends"))
        + (["own_costs"] + d.word(("borne_by_each", "in_the_settlement")) if d.maybe() else [])
    ),
    "settlement": lambda d: (
        ["drafted_by"]
        + d.word(("mediator", "parties"))
        + (["reviewed_by"] + d.word(("lawyers", "parties")) if d.maybe() else [])
    ),
}
SETTLEMENT = {
    "in_writing": _flag,
    "signed_by": lambda d: ["authorised_representatives"],
    "sign": lambda d: ["within"] + d.period(),
    "consent_order": lambda d: ["where_proceedings_pending"],
}


def _invoker(d: _Draw) -> list:
    if d.parties and d.maybe(0.3):
        return [d.draw(st.sampled_from(d.parties))]
    return d.word(("either", "agreement", "client", "provider"))


SUSPENSION = {
    "scope": lambda d: d.word(("disputed_initiative_only", "all_services")) if d.maybe(0.7) else [d.text()],
    "invoked_by": _invoker,
    "notice": lambda d: d.period(False),
    "max_duration": lambda d: d.period(False),
    "aggregate_cap": lambda d: d.period(False),
    "mitigation": lambda d: ["required"],
    "adjustment_claims": lambda d: ["within"] + d.period(),
    "continue": lambda d: ["unaffected_services"],
    "pay": lambda d: ["undisputed_amounts"],
    "resume": lambda d: ["within"] + d.period(),
}
ISOLATION = {
    "no_prejudice_to": lambda d: d.words(
        ("renewal", "extension", "new_statements_of_work", "new_work", "change_requests", "benchmarking")
    ),
    "suspension_does_not_extend_term": _flag,
}
GATES = (
    "escalation_exhausted",
    "mediation_fails",
    "expert_determination",
    "other_party_fails_to_participate",
    "mediation_declined",
)


def _after(d: _Draw) -> list:
    out = d.word(GATES)
    for _ in range(d.draw(st.integers(0, 2))):
        out += ["or"] + (d.period() if d.maybe(0.4) else d.word(GATES))
    return out


FINAL_COMMON = {
    "after": _after,
    "carve_out": lambda d: d.words(
        ("urgent_interim_relief", "limitation_protection", "injunction_for_confidentiality")
    ),
}
LITIGATION = {
    **FINAL_COMMON,
    "courts": lambda d: [d.text()] + (d.word(("exclusive", "non_exclusive")) if d.maybe(0.8) else []),
}
ARBITRATION = {
    **FINAL_COMMON,
    "rules": _txt,
    "institution": _txt,
    "seat": _txt,
    "arbitrators": lambda d: [d.draw(st.sampled_from(("1", "3", "2", "0", "10000")))],
    "language": _txt,
    "emergency_arbitrator": lambda d: d.word(("available", "excluded")),
    "arbitrator": _txt,
    "mediator_may_arbitrate": lambda d: ["waived_in_writing"],
}
LIMITATION = {
    "period": lambda d: d.period(False) + (["counted_from"] + d.word(("accrual", "year_end")) if d.maybe(0.3) else []),
    "adr_pauses": lambda d: d.word(("yes", "no")),
    "standstill": lambda d: d.word(("during_adr", "none")),
}
BEHAVIOURS = {
    "principles": lambda d: d.words(
        (
            "listening",
            "empathy",
            "psychological_safety",
            "facts_not_positions",
            "no_surprises",
            "joint_problem_solving",
            "respect",
        )
    ),
    "guidance*": _txt,
}


def _sub(spec: dict, required: tuple[str, ...] = ()):
    return lambda d, kw: Stmt(kw, [], d.block(spec, required))


OPTIONAL_BLOCKS = {
    "notices": _sub(NOTICES, ("by",)),
    "governance": _sub(GOVERNANCE, ("forum",)),
    "scope": _sub(SCOPE),
    "dispute_notice": _sub(DISPUTE_NOTICE, ("contents", "clock_starts")),
    "continuity": _sub(CONTINUITY),
    "timetables": _sub(TIMETABLES, ("decided_by",)),
    "concessions": _sub(CONCESSIONS, ("renegotiable",)),
    "expert_determination": _sub(EXPERT, ("matters",)),
    "mediation": _sub(MEDIATION, ("trigger",)),
    "settlement": _sub(SETTLEMENT),
    "suspension": _sub(SUSPENSION, ("scope",)),
    "isolation": _sub(ISOLATION),
    "limitation": _sub(LIMITATION, ("period",)),
    "behaviours": _sub(BEHAVIOURS),
}


@st.composite
def regimes(draw, optional_share: float = 0.5) -> GenRegime:
    """A regime file: header lines, parties, roles, the blocks, a final forum."""
    d = _Draw(draw)
    body: list[Stmt] = []
    header = {
        "schedule": lambda d: [d.number()] if d.maybe() else [d.text()],
        "version": _txt,
        "effective": lambda d: [
            d.draw(
                dates() if d.maybe(d.hostile * 2) else st.dates(date(2000, 1, 1), date(2100, 1, 1)).map(date.isoformat)
            )
        ],
        "calendar": lambda d: [d.draw(st.sampled_from(CALENDARS))],
        "drafting": lambda d: d.word(("formal", "plain")),
    }
    body.append(Stmt("law", [d.draw(st.sampled_from(LAWS))]))
    body += d.block(header, (), 0.7)

    # Parties: usually a client and a provider, sometimes one or three.
    n = draw(st.sampled_from((2, 2, 2, 3, 1)))
    ids = draw(st.lists(st.sampled_from(PARTY_IDS), min_size=n, max_size=n, unique=True))
    kinds = ["client", "provider", "other"]
    names = []
    for i, pid in enumerate(ids):
        d.parties.append(pid)
        name = d.text()
        names.append(name.value)
        values = [pid, name, "as", d.text()]
        if d.maybe(1 - d.hostile):
            values += ["kind", kinds[min(i, 2)] if d.maybe(1 - d.hostile) else draw(st.sampled_from(kinds))]
        details = None
        if d.maybe(0.6):
            details = d.block({"address": _txt, "email": _txt, "company_number": _txt, "attention": _txt})
        body.append(Stmt("party", values, details))
        for level, rid in enumerate(
            draw(st.lists(st.sampled_from(ROLE_IDS), min_size=1, max_size=3, unique=True)), start=1
        ):
            role = f"{pid}.{rid}"
            d.roles.append(role)
            d.levels.setdefault(level, []).append(role)
            seniority = (
                draw(st.sampled_from(("1", "2", "3", "0", "9999", "10000"))) if d.maybe(d.hostile) else str(level)
            )
            values = [role, d.text(), "seniority", seniority]
            for opt in ("person", "email", "phone"):
                if d.maybe(0.3):
                    values += [opt, d.text()]
            body.append(Stmt("role", values))

    # Governance first, so tiers can name its forums.
    blocks = {kw: gen for kw, gen in OPTIONAL_BLOCKS.items()}
    if d.maybe(optional_share):
        body.append(blocks.pop("governance")(d, "governance"))
    body.append(_escalation(d))
    for kw, gen in blocks.items():
        if kw != "governance" and d.maybe(optional_share):
            body.append(gen(d, kw))
    final = draw(st.sampled_from(("litigation", "litigation", "arbitration", "both", "none")))
    if final in ("litigation", "both"):
        body.append(Stmt("litigation", [], d.block(LITIGATION, ("courts", "after", "carve_out"), 0.8)))
    if final in ("arbitration", "both"):
        body.append(Stmt("arbitration", [], d.block(ARBITRATION, ("after", "seat", "carve_out"), 0.8)))
    if draw(st.integers(0, 9)) == 0:
        body = draw(st.permutations(body))
    return GenRegime([Stmt("regime", [d.text()], body)], names)


# -- the worked examples, with drawn values -------------------------------------------

# Texts whose value is a code the compiler looks up, not wording: kept as written.
_CODES = ("law", "calendar")


def _tree_of(statements, parent: str = "") -> list[Stmt]:
    out = []
    for s in statements:
        values: list = []
        for v in s.values:
            if v.kind == "string":
                values.append(Str(str(v.value), free=s.keyword not in _CODES))
            elif v.kind == "date":
                values.append(v.value.isoformat())
            else:
                values.append(v.text)
        block = _tree_of(s.block, s.keyword) if s.block is not None else None
        out.append(Stmt(s.keyword, values, block))
    return out


_EXAMPLE_TREES: list[list[Stmt]] = []
_EXAMPLE_NAMES: list[str] = []


# Where issue 8 saw regime text parsed as clause markup: these are drawn more often.
TEXT_HOMES = ("regime", "party", "address", "renegotiable", "excludes", "forum", "tier", "courts", "role", "venue")


def _free_texts(stmts: list[Stmt], out: list[str] | None = None) -> list[str]:
    """The keyword of every free text, in the order the texts are written."""
    out = [] if out is None else out
    for s in stmts:
        out += [s.keyword for v in s.values if isinstance(v, Str) and v.free]
        if s.block:
            _free_texts(s.block, out)
    return out


def example_trees() -> list[list[Stmt]]:
    """The statements of every examples/*.regime (each passes `check`)."""
    if not _EXAMPLE_TREES:
        from pathlib import Path

        from clausegen.language.parser import parse
        from clausegen.source import SourceFile

        root = Path(__file__).resolve().parents[1] / "examples"
        for path in sorted(root.glob("*.regime")):
            tree = parse(SourceFile(path.name, path.read_text(encoding="utf-8")))
            _EXAMPLE_TREES.append(_tree_of(tree.statements))
            _EXAMPLE_NAMES.append(path.stem)
    return _EXAMPLE_TREES


@st.composite
def example_regimes(draw, one_text: bool = False) -> GenRegime:
    """A worked example with some of its values replaced by drawn ones.

    The structure is that of a regime that passes every check, so most draws
    pass `check` too and go on to build: this is how hostile values reach the
    clause library and the document model. With `one_text`, exactly one free
    text (a party name, an address, an exclusion, a forum name...) is replaced
    by a hostile one and nothing else changes.
    """
    d = _Draw(draw)
    base = draw(st.sampled_from(example_trees()))
    names: list[str] = []
    target = -1
    if one_text:
        d.hostile = 0.0
        homes = _free_texts(base)
        favoured = [i for i, kw in enumerate(homes) if kw in TEXT_HOMES]
        target = draw(st.sampled_from(favoured) if favoured and d.maybe(0.8) else st.integers(0, len(homes) - 1))
    seen = 0

    def value(v):
        nonlocal seen
        if isinstance(v, Str):
            if v.free:
                seen += 1
                if seen - 1 == target:
                    odd = st.sampled_from(ODD_STRINGS) if d.maybe(0.7) else texts()
                    return Str(draw(odd), True, draw(st.booleans()))
            if v.free and d.maybe(d.hostile):
                return Str(draw(texts()), True, draw(st.booleans()))
            return v
        if v[:1].isdigit() and d.maybe(d.hostile / 2):
            if len(v) == 10 and v[4] == "-":
                return draw(dates())
            return draw(numbers())
        return v

    def walk(stmts: list[Stmt], depth: int) -> list[Stmt]:
        out = []
        for s in stmts:
            if depth and d.maybe(d.hostile / 10):
                continue  # a statement left out
            new = Stmt(
                s.keyword, [value(v) for v in s.values], walk(s.block, depth + 1) if s.block is not None else None
            )
            if new.keyword == "party" and depth == 1 and len(new.values) > 1 and isinstance(new.values[1], Str):
                names.append(new.values[1].value)
            out.append(new)
            if depth and d.maybe(d.hostile / 20):
                out.append(new)  # said twice
        return out

    return GenRegime(walk(base, 0), names)


def example_with(keyword: str, text: str, example: str = "acme-globex") -> GenRegime:
    """examples/<example>.regime with the first text of `keyword` set to `text`."""
    import copy

    trees = example_trees()
    tree = copy.deepcopy(trees[_EXAMPLE_NAMES.index(example)])
    names: list[str] = []

    def walk(stmts: list[Stmt], depth: int) -> bool:
        for s in stmts:
            for k, v in enumerate(s.values):
                if isinstance(v, Str) and s.keyword == keyword:
                    s.values[k] = Str(text)
                    return True
            if s.block and walk(s.block, depth + 1):
                return True
        return False

    assert walk(tree, 0), f"no text of `{keyword}` in that example"
    for s in tree[0].block or ():
        if s.keyword == "party":
            names.append(s.values[1].value)
    return GenRegime(tree, names)
