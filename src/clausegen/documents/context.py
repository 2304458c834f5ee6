"""What clause templates see: the regime, and helpers that word its values.

Everything here is data access and formatting; the words themselves come
from clauses/phrases.toml, so an organisation can change them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, TypeAlias, TypedDict

from ..dates import day, long_date
from ..events import Event
from ..model import Forum, Mediation, Party, Period, Regime, Role, Unit
from ..resources import phrases
from ..routes import route_regime
from ..source import Span
from ..timeline import Timeline, worst_case
from ..timing import Timing
from .inlines import escape
from .regions import calendar_name

#: What a clause template sees, by name: the regime's values (escaped for
#: clause markup) and the helpers that word them; build_context lists every
#: name, and docs/clauses.md documents them for clause authors. The values are
#: as varied as the regime, and Jinja reads them by name, so the type is open.
ClauseContext: TypeAlias = dict[str, Any]


class DocumentOptions(TypedDict, total=False):
    """What one build asks of every document besides the regime (clausegen build's options)."""

    notified: Timeline | None  # the dated timeline of a real dispute (build --notified)
    changes: tuple[str, ...] | None  # what changed since the previous version, in words (build --previous)
    between: tuple[str, ...]  # the ids of the parties to one dispute (build --between)


def phrase(code: str) -> str:
    """The words for a language code such as `fact_of_mediation`.

    A dotted code reads another table of phrases.toml: "handbook.intro".
    """
    table, dot, key = code.rpartition(".")
    if dot:
        return str(phrases().get(table, {}).get(key, key.replace("_", " ")))
    return str(phrases()["phrase"].get(code, code.replace("_", " ")))


def join(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def number(n: int, style: str = "formal") -> str:
    """'ten (10)' in formal drafting, '10' in plain; in words up to 999."""
    said = number_words(n) if style == "formal" else ""
    return f"{said} ({n})" if said else str(n)


def number_words(n: int) -> str:
    """A number in words ("one hundred and thirty"), or "" beyond 999."""
    table = phrases()["number"]
    words = table["words"]
    if 0 <= n < len(words):
        return str(words[n])
    if not 100 <= n < 1000:
        return ""
    hundreds = str(table["hundreds"]).format(units=words[n // 100])
    return str(table["hundreds_and"]).format(hundreds=hundreds, rest=words[n % 100]) if n % 100 else hundreds


def ordinal(n: int) -> str:
    """'first', 'second'..."""
    words = phrases()["number"]["ordinals"]
    return str(words[n]) if 0 <= n < len(words) else f"{n}th"


def period(p: Period | None, style: str = "formal") -> str:
    """'ten (10) [[Business Days|Business Day]]': business days use the defined term."""
    if p is None:
        return "[[field:period]]"
    one, many = phrases()["unit"][p.unit.value]
    word = one if p.amount == 1 else many
    if p.unit is Unit.BUSINESS_DAYS:
        word = f"[[{word}|Business Day]]"
    return f"{number(p.amount, style)} {word}"


def the(name: str) -> str:
    """A name given in the regime, with "the" unless it has one or is an acronym.

    "CEDR Model Mediation Procedure" -> "the CEDR Model Mediation Procedure";
    "the JAMS International Mediation Rules" and "The LCIA Rules" stay as
    written (no "the the"); "CEDR" stays "CEDR".
    """
    name = str(name)
    if name[:4].lower() == "the " or (name.isupper() and " " not in name):
        return name
    return f"the {name}"


def is_proper_name(party: Any) -> bool:
    """True when a party's defined name is used without "the", as a proper name.

    A drafter who shortens the party's own name ("Quillstack" for
    "Quillstack, Inc.", "Globex Service" for "Globex Service Solutions Ltd",
    "BDS" for "Brackenfield Digital Services Ltd") writes "Quillstack", never
    "the Quillstack". A descriptive label ("Customer", "Vendor", "Company")
    takes "the", even when the word happens to appear inside the legal name
    ("Acme Company Ltd" as "Company" is "the Company"), and so does a name whose
    legal form carries the article ("The Secretary of State ..." as
    "Secretary of State" is "the Secretary of State").
    """
    name, term = str(party.name), str(party.defined_as)
    if not term or name[:4].lower() == "the ":
        return False
    if name == term or (name.startswith(term) and not name[len(term)].isalnum()):
        return True
    # an acronym of the legal name's capitalised words: "BDS", "IBM"
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return term.isupper() and term.isalpha() and len(term) > 1 and initials.startswith(term)


def role_with_party(regime: Regime, role: Role, term: Callable[[Party], str]) -> str:
    """A role named with its party: "the Customer's Head of IT", "Quillstack's Chief Revenue Officer".

    A title that starts with the party's name does not repeat it ("the
    Authority Service Owner"); `term` words the party's defined name (as
    markup in clauses, as plain text in figures).
    """
    p = regime.party(role.party)
    if p is None:
        return the(role.title)
    who = term(p) if is_proper_name(p) else f"the {term(p)}"
    if role.title.startswith(p.defined_as + " "):
        return f"{who}{role.title[len(p.defined_as) :]}"
    return f"{who}'s {role.title}"


def literal(value: Any) -> Any:
    """`value` with every string in it escaped for clause markup (see inlines.escape).

    Templates see the regime only through this, so a quote in a party name or
    an address is text in the documents, whatever characters it holds.
    Identifiers and codes are unchanged: they never hold markup characters.
    """
    if isinstance(value, str) and not isinstance(value, Enum):
        return escape(value)
    if isinstance(value, tuple):
        return tuple(literal(v) for v in value)
    if isinstance(value, list):
        return [literal(v) for v in value]
    if isinstance(value, dict):
        return {k: literal(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, (type, Span)):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = literal(old)
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def build_context(regime: Regime, extra: DocumentOptions | None = None, kind: str = "") -> ClauseContext:
    """The variables and functions every clause and template can use.

    In a multi-party deal every document but the contract's `schedule`
    speaks of one dispute: `parties` are then the parties of that dispute
    (build --between), or those that may be parties to one.

    Every value taken from the regime is escaped for clause markup (`literal`).
    """
    shown_worst_case = literal(worst_case(regime))
    model = Timing(regime)
    # Each route is the regime as a dispute on it meets it (clausegen.routes):
    # its own periods, events and worst case, from the one timing model.
    views = [route_regime(regime, route) for route in regime.routes]
    models = [model] + [Timing(v) for v in views]
    route_facts = [
        {
            "id": route.id,
            "name": route.name,
            "matters": route.matters,
            "regime": v,
            "worst_case": worst_case(v),
            "own_forum": route.final_forum is not None,
        }
        for route, v in zip(regime.routes, views)
    ]
    regime = literal(regime)
    style = regime.drafting
    parties = {p.id: p for p in regime.parties}
    client = next((p for p in regime.parties if p.kind == "client"), regime.parties[0] if regime.parties else None)
    provider = next((p for p in regime.parties if p.kind == "provider"), regime.parties[-1] if regime.parties else None)
    # A multi-party deal (a `disputes` block, or a party that is never a party
    # to a dispute): a dispute is between the parties its notice names, and
    # the wording of a dispute follows them, not every party to the contract.
    multi_party = regime.disputes is not None or any(not p.disputing for p in regime.parties)
    between = tuple((extra or {}).get("between") or ())
    disputants = tuple(p for p in regime.parties if p.id in between) if between else None
    dispute_parties = disputants or tuple(p for p in regime.parties if p.disputing)
    if multi_party and disputants and kind != "schedule":
        provider = next((p for p in disputants if p.kind == "provider"), provider)

    involved = {p.id for p in (dispute_parties if multi_party and kind != "schedule" else regime.parties)}

    def seated(role_ids: Iterable[str]) -> tuple[str, ...]:
        """The roles, of those given, that act for a party of the dispute (all of them outside multi-party deals)."""
        return tuple(r for r in role_ids if str(r).split(".", 1)[0] in involved)

    def role(role_id: str) -> Role | None:
        return regime.role(role_id)

    def role_label(role_id: str, start: bool = False) -> str:
        """role_label(id) or, opening a sentence, role_label(id, start=True) ("The ...")."""
        label = _role_label(role_id)
        return label[0].upper() + label[1:] if start else label

    def _role_label(role_id: str) -> str:
        """ "the Customer's Head of Vendor Management" ("the Authority Service Owner" when the title names the party)."""
        r = regime.role(role_id)
        return role_id if r is None else role_with_party(regime, r, lambda p: f"[[{p.defined_as}]]")

    def party_term(party_id: str) -> str:
        """The party's defined term as markup, without an article: "[[Customer]]"."""
        p = parties.get(party_id)
        return f"[[{p.defined_as}]]" if p else party_id

    def party_ref(party_id: str) -> str:
        """The party as a sentence names it: "the [[Customer]]", but "[[Quillstack]]" (see is_proper_name)."""
        p = parties.get(party_id)
        if p is None:
            return party_id
        return party_term(party_id) if proper(party_id) else f"the {party_term(party_id)}"

    def proper(party_id: str) -> bool:
        """True when the party's defined name is used without "the" (see is_proper_name)."""
        p = parties.get(party_id)
        return p is not None and is_proper_name(p)

    def forum(forum_id: str) -> Forum | None:
        if regime.governance is None:
            return None
        return next((f for f in regime.governance.forums if f.id == forum_id), None)

    def start_of(p: Period) -> Event | None:
        """The event a period of the regime or of one of its routes runs from."""
        return next((e for e in (t.start(p) for t in models) if e is not None), None)

    def event_of(p: Period | None) -> str:
        """The key of the event a period runs from ("notice_date", "mediator_appointed"...), "" if none."""
        e = start_of(p) if p is not None else None
        return e.key if e is not None else ""

    def extendable(p: Period | None) -> bool:
        """True if the regime lets the parties extend period `p` (the timing model's rule)."""
        return p is not None and model.extendable(p)

    def since(p: Period | None, how: str | None = None, table: str = "") -> str:
        """What a period runs from, in words: "the [[Notice Date]]", "the appointment of the [[Mediator]]".

        The event is the timing model's (clausegen.timing); its words come
        from phrases.toml [event] ([event_plain] in plain drafting), or from
        `table` first when a document names its own terms for some events.
        """
        e = start_of(p) if p is not None else None
        if e is None:
            raise ValueError("since() takes a time limit of the regime that runs from an event")
        book = phrases()
        tables = (
            ([book.get(table, {})] if table else [])
            + ([book.get("event_plain", {})] if (how or style) == "plain" else [])
            + [book["event"]]
        )
        words = str(next(t[e.key] for t in tables if e.key in t))
        tier = next((t.name for v in [regime, *literal(views)] for t in v.escalation.tiers if t.id == e.subject), "")
        return words.replace("{tier}", tier)

    def counts_from_start(m: Mediation | None) -> bool:
        """True if a period of mediation `m` (or the expert track after it) runs from the start of the mediation.

        Then every document defines that start the same way: the date of the
        mediation's first meeting (its `start within` period).
        """
        if m is None:
            return False
        periods = [
            m.conclude_within,
            m.expedited,
            regime.expert.trigger if regime.expert and m is regime.mediation else None,
        ]
        return any(event_of(p) == "mediation_started" for p in periods if p is not None)

    ctx: ClauseContext = {
        "regime": regime,
        "style": style,
        "family": regime.law.family,
        "parties": dispute_parties if multi_party and kind != "schedule" else regime.parties,
        "client": client,
        "provider": provider,
        "tiers": regime.escalation.tiers,
        "mediation": regime.mediation,
        "expert": regime.expert,
        "forum_final": regime.final_forum,
        # multi-party deals: whether the regime is one, the parties of the
        # dispute shown (build --between; None when not named), the parties a
        # dispute may be between, and those never a party to one
        "multi_party": multi_party,
        "disputants": disputants,
        "dispute_parties": dispute_parties,
        "outsiders": tuple(p for p in regime.parties if not p.disputing),
        "all_parties": regime.parties,
        "seated": seated,
        "worst_case": shown_worst_case,
        # routes by subject matter: each with its matters, the regime as a dispute on it meets it, and its worst case
        "routes": literal(route_facts),
        # the dated timeline of a real dispute (build --notified), else None
        "notified": None,
        # what changed since the previous version, in words (build --previous), else None
        "changes": None,
        "calendar_name": calendar_name(regime.calendar, phrases().get("calendar", {})),
        "phrase": phrase,
        "phrases": lambda codes: [phrase(c) for c in codes],
        "join": join,
        "date_text": day,
        "long_date": long_date,
        "number": lambda n, how=None: number(n, how or style),
        "ordinal": ordinal,
        "period": lambda p, how=None: period(p, how or style),
        "role": role,
        "role_label": role_label,
        "party_term": party_term,
        "party_ref": party_ref,
        "proper": proper,
        "the": the,
        "forum": forum,
        "since": since,
        "event_of": event_of,
        "counts_from_start": counts_from_start,
        "extendable": extendable,
    }
    ctx.update(literal({k: v for k, v in (extra or {}).items() if k != "between"}))
    return ctx
