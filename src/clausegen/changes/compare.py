"""Regime x Regime -> the list of changes between two checked models.

The comparison is generic: it walks the model's dataclass fields, so a field
added to clausegen.model is compared without a line here. Only two things are
spelled out: which lists hold entities matched by identity (tiers by id,
concessions by their text...), never by position, and which model fields are
source positions rather than content (spans). Every word of a summary comes
from clauses/changes.toml.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import Any, Literal

from ..model import Period, Regime
from ..source import Span
from .words import field_label, words

#: how a part of the regime differs between two versions
ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of a regime.

    key is stable ("tier.limit.changed"); path the model path
    ("escalation.tiers[commercial_directors].limit"); change "added",
    "removed" or "changed"; summary the drafter's sentence; before/after the
    values in words (None where a side has none); old_span/new_span the
    source of each side (None where a side has none).
    """

    key: str
    path: str
    change: ChangeKind
    summary: str
    before: str | None = None
    after: str | None = None
    old_span: Span | None = None
    new_span: Span | None = None


# Lists whose items are entities, matched by identity: (owner type, field) ->
# (entity kind, the field that identifies an item). Reordering such a list is
# not a change of its items, and an identity never "changes": a new id is
# another entity (one removed, one added).
_ENTITIES: dict[tuple[str, str], tuple[str, str]] = {
    ("Regime", "parties"): ("party", "id"),
    ("Regime", "roles"): ("role", "id"),
    ("Regime", "concessions"): ("concession", "text"),
    ("Escalation", "tiers"): ("tier", "id"),
    ("Governance", "forums"): ("forum", "id"),
    ("Notices", "methods"): ("notice_method", "method"),
    ("VersionHistory", "revisions"): ("revision", "version"),
    ("Regime", "routes"): ("route", "id"),
}
# The version's own bookkeeping: true changes, but no change of what the
# regime provides (a handbook's "what changed" leaves them out).
BOOKKEEPING = frozenset(
    {
        "regime.version.changed",
        "regime.effective.changed",
        "regime.amends.changed",
        "history.added",
        "history.removed",
        "revision.added",
        "revision.removed",
        "revision.date.changed",
        "revision.summary.changed",
    }
)
# Lists whose order is part of the regime (the escalation ladder).
_ORDERED = {("Escalation", "tiers")}


def _is_position(name: str) -> bool:
    """Spans say where something is written, not what it says: never a change."""
    return name == "span" or name.endswith("_span")


def _content(value: Any) -> Any:
    """A value as compared: a period by amount, unit and event, never by where it is written."""
    if isinstance(value, Period):
        return (value.amount, value.unit, value.starts)
    return value


class _Side:
    """One version: its business-day term, for wording its periods."""

    def __init__(self, regime: Regime):
        self.day_term = regime.day_term


def value_words(value: Any, day_term: str = "", events: bool = True) -> str | None:
    """A model value in a drafter's words; None when the value is not stated.

    Periods are worded by Period.describe in the regime's term for business
    days, with the event they run from when `events`.
    """
    w = words()["value"]
    if value is None or value == "" or value == ():
        return None
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, Period):
        text = value.describe(day_term)
        return (
            w["period_from"].format(period=text, event=value.starts.replace("_", " "))
            if value.starts and events
            else text
        )
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        from ..dates import long_date

        return long_date(value)
    if isinstance(value, tuple):
        return w["list_separator"].join(value_words(v, day_term) or "" for v in value)
    return str(value)


def _shown(text: str | None, quoted: bool) -> str:
    if text is None:
        return words()["value"]["none"]
    return json.dumps(text, ensure_ascii=False) if quoted else text


def _pair(before: str | None, after: str | None, quoted: bool) -> tuple[str, str]:
    """The two sides for a summary; '10 -> 15 Business Days' when only the number differs."""
    if not quoted and before and after:
        b, _, b_rest = before.partition(" ")
        a, _, a_rest = after.partition(" ")
        if b_rest and b_rest == a_rest and b.isdigit() and a.isdigit():
            return b, f"{a} {a_rest}"
    return _shown(before, quoted), _shown(after, quoted)


def _label(kind: str, entity: Any, n: int | None = None) -> str:
    """How an entity is named: 'Tier 2 (Commercial Directors)'."""
    template = words()["entity"].get(kind, kind.replace("_", " ").capitalize())
    values = {f.name: getattr(entity, f.name) for f in fields(entity)} if is_dataclass(entity) else {}
    return template.format(n=n or "", **values)


class _Walker:
    def __init__(self, old: Regime, new: Regime):
        self.old, self.new = _Side(old), _Side(new)
        self.out: list[Change] = []

    def emit(self, change: Change) -> None:
        self.out.append(change)

    def compare(self, kind: str, path: str, label: str, old: Any, new: Any) -> None:
        """Compare two instances of one model type, field by field."""
        owner = type(new).__name__
        for f in fields(new):
            if _is_position(f.name):
                continue
            ov, nv = getattr(old, f.name), getattr(new, f.name)
            sub = f"{path}.{f.name}" if path else f.name
            if (owner, f.name) in _ENTITIES:
                self.entities(owner, f.name, sub, ov, nv)
            elif _section(ov) or _section(nv):
                self.section(f.name, sub, ov, nv)
            elif _content(ov) != _content(nv):
                self.value(kind, sub, label, f.name, old, new, ov, nv)

    def section(self, kind: str, path: str, ov: Any, nv: Any) -> None:
        """An optional block of the regime (mediation, expert...): added, removed or compared."""
        if ov is None:
            self.emit(Change(f"{kind}.added", path, "added", _summary("added", _label(kind, nv)), new_span=nv.span))
        elif nv is None:
            self.emit(
                Change(f"{kind}.removed", path, "removed", _summary("removed", _label(kind, ov)), old_span=ov.span)
            )
        else:
            self.compare(kind, path, _label(kind, nv), ov, nv)

    def entities(self, owner: str, name: str, path: str, ov: tuple[Any, ...], nv: tuple[Any, ...]) -> None:
        kind, field = _ENTITIES[owner, name]
        ident = attrgetter(field)
        olds = {ident(e): (n, e) for n, e in enumerate(ov, start=1)}
        news = {ident(e): (n, e) for n, e in enumerate(nv, start=1)}
        for key, (n, e) in olds.items():
            if key not in news:
                self.emit(
                    Change(
                        f"{kind}.removed",
                        _item(path, key),
                        "removed",
                        _summary("removed", _label(kind, e, n)),
                        value_words(key),
                        None,
                        e.span,
                        None,
                    )
                )
        for key, (n, e) in news.items():
            sub = _item(path, key)
            if key not in olds:
                self.emit(
                    Change(
                        f"{kind}.added",
                        sub,
                        "added",
                        _summary("added", _label(kind, e, n)),
                        None,
                        value_words(key),
                        None,
                        e.span,
                    )
                )
            else:
                self.compare(kind, sub, _label(kind, e, n), olds[key][1], e)
        if (owner, name) in _ORDERED:
            common_old = [k for k in olds if k in news]
            common_new = [k for k in news if k in olds]
            if common_old != common_new:
                before, after = ", ".join(common_old), ", ".join(common_new)
                summary = words()["summary"]["moved"].format(
                    entity=_label(owner.lower(), None), before=before, after=after
                )
                self.emit(
                    Change(
                        f"{owner.lower()}.order.changed",
                        path,
                        "changed",
                        summary,
                        before,
                        after,
                        ov[0].span if ov else None,
                        nv[0].span if nv else None,
                    )
                )

    def value(self, kind: str, path: str, label: str, name: str, old: Any, new: Any, ov: Any, nv: Any) -> None:
        # The event a period runs from is named only when that is what changed.
        events = not (isinstance(ov, Period) and isinstance(nv, Period) and ov.starts == nv.starts)
        before, after = value_words(ov, self.old.day_term, events), value_words(nv, self.new.day_term, events)
        quoted = isinstance(nv if nv is not None else ov, str)
        key = words()["key"].get(f"{kind}.{name}", f"{kind}.{name}.changed")
        if key.endswith(".renamed"):
            template = "renamed"
        else:
            template = "set" if before is None else "unset" if after is None else "changed"
        b, a = _pair(before, after, quoted)
        summary = _summary(template, label, field_label(name), b, a)
        self.emit(
            Change(key, path, "changed", summary, before, after, _span_of(old, name, ov), _span_of(new, name, nv))
        )


def _section(value: Any) -> bool:
    return is_dataclass(value) and not isinstance(value, Period)


def _item(path: str, key: str) -> str:
    return (
        f"{path}[{key}]"
        if key.replace(".", "").replace("_", "").isalnum()
        else f"{path}[{json.dumps(key, ensure_ascii=False)}]"
    )


def _span_of(owner: Any, name: str, value: Any) -> Span | None:
    """Where a field is written: its own span (a period, `binding_span`...), else its block's."""
    if isinstance(value, Period):
        return value.span
    own = getattr(owner, f"{name}_span", None)
    return own if isinstance(own, Span) else getattr(owner, "span", None)


def _summary(template: str, entity: str, field: str = "", before: str = "", after: str = "") -> str:
    return words()["summary"][template].format(entity=entity, field=field, before=before, after=after)


def diff_regimes(old: Regime, new: Regime) -> list[Change]:
    """Every change from `old` to `new`, in the order of the model; [] when they say the same."""
    walker = _Walker(old, new)
    walker.compare("regime", "", _label("regime", None), old, new)
    return [c for c in walker.out if not _follows_from_body(c, old, new)]


def sentences(old: Regime, new: Regime) -> tuple[str, ...]:
    """What changed, one sentence each, for a reader of the new version (the
    handbook's "What changed in this version"); the version's own bookkeeping
    (its number, date and history) is left out, since the section says which
    version this is."""
    return tuple(c.summary for c in diff_regimes(old, new) if c.key not in BOOKKEEPING)


def _follows_from_body(change: Change, old: Regime, new: Regime) -> bool:
    """A mediator nominated "by the body" on both sides changes with the body: one change, not two."""
    if change.key != "mediation.nominated_by.changed" or old.mediation is None or new.mediation is None:
        return False
    return old.mediation.nominated_by == old.mediation.body and new.mediation.nominated_by == new.mediation.body


def possible_keys() -> list[str]:
    """Every key diff_regimes can give, derived from the model's types (for docs/diff.md and its test)."""
    import types
    import typing

    def unwrap(hint: Any) -> tuple[Any, bool]:
        """(the dataclass or value type, whether None is allowed)."""
        args = typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            return inner[0], True
        if typing.get_origin(hint) is tuple and args:
            return args[0], False
        return hint, False

    out: list[str] = []

    def walk(cls: Any, kind: str, identity: str = "") -> None:
        hints = typing.get_type_hints(cls)
        for f in fields(cls):
            if _is_position(f.name) or f.name == identity:
                continue
            inner, optional = unwrap(hints[f.name])
            if (cls.__name__, f.name) in _ENTITIES:
                entity = _ENTITIES[cls.__name__, f.name][0]
                out.extend((f"{entity}.added", f"{entity}.removed"))
                if (cls.__name__, f.name) in _ORDERED:
                    out.append(f"{cls.__name__.lower()}.order.changed")
                walk(inner, entity, _ENTITIES[cls.__name__, f.name][1])
            elif is_dataclass(inner) and inner is not Period:
                if optional:
                    out.extend((f"{f.name}.added", f"{f.name}.removed"))
                walk(inner, f.name)
            else:
                out.append(words()["key"].get(f"{kind}.{f.name}", f"{kind}.{f.name}.changed"))

    walk(Regime, "regime")
    return list(dict.fromkeys(out))
