"""Aligning two versions of a document: clauses by id, other blocks by content.

Choices a drafter would expect of Word's compare:
- a clause is the same clause when its id is the same, wherever it stands;
  one only the new version has is Revised "inserted", one only the old had is
  Revised "deleted" where it stood (between its old neighbours), keeping its
  old number;
- a clause that moved (kept, but no longer in the same order among its
  neighbours, or under another parent) is shown deleted where it was and
  inserted where it is, as Word's compare shows a move without move tracking:
  so the redline holds its id twice, the deleted copy with its old number;
- a clause whose level changed is likewise deleted and inserted;
- other blocks are aligned with difflib; a paragraph or heading that changed
  but is still alike (same kind and style, at least half its words the same)
  becomes one paragraph with word-level marks, anything else is deleted and
  inserted whole. Lists and tables are compared item by item and row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Literal, TypeAlias, TypeVar, cast

from ..dates import version_line
from ..docmodel import (
    Block,
    BulletList,
    Clause,
    Document,
    Heading,
    Inline,
    Meta,
    OrderedList,
    Paragraph,
    Ref,
    Revised,
    Table,
    Text,
    inlines_of,
    map_text,
    plain_text,
    walk,
)
from .words import diff_inlines, similarity

ALIKE = 0.5  # share of words two versions of a paragraph must have in common to be diffed word by word

_T = TypeVar("_T")
#: One step through a changed stretch (see _pairs): two versions compared inside, or one side alone.
Step: TypeAlias = (
    tuple[Literal["pair"], _T, _T] | tuple[Literal["deleted"], _T, None] | tuple[Literal["inserted"], None, _T]
)
#: How much two versions of something are alike (higher: more), None when not to be compared inside.
Likeness: TypeAlias = Callable[[_T, _T], float | None]
Row: TypeAlias = tuple[tuple[Inline, ...], ...]  # a table row: its cells
Item: TypeAlias = tuple[Block, ...]  # a list item: its blocks


def compare(old: Document, new: Document) -> Document:
    """The redline of two versions of one document: the new version with marks.

    kind, meta and flags are the new version's; meta.marked holds the title,
    subtitle and version line where they differ; `numbers` are the new
    numbers plus the old numbers of what only the old version has.
    Identical documents give back `new` itself, without a mark.
    """
    if old == new:
        return new
    merged, origin = _blocks(*_pin_references(old, new))
    # The table of contents comes after the same blocks as in the new version.
    front = 0
    if new.front:
        front = next(k for k, j in enumerate(origin) if j == new.front - 1) + 1
    numbers = dict(new.numbers)
    for key, value in old.numbers.items():
        numbers.setdefault(key, value)
    return replace(new, meta=_meta(old.meta, new.meta), blocks=tuple(merged), numbers=numbers, front=front)


def _pin_references(old: Document, new: Document) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """Both versions' blocks, each cross-reference to a renumbered clause carrying its number.

    "clause 8.1.3" in the old text and "clause 8.1.2" in the new then differ,
    so the redline shows the number struck and replaced, and accepting or
    rejecting gives each version the number it cites (normalise drops the
    pinned numbers again).
    """
    moved = {t for t in old.numbers.keys() & new.numbers.keys() if old.numbers[t] != new.numbers[t]}
    if not moved:
        return old.blocks, new.blocks

    def pin(doc: Document) -> tuple[Block, ...]:
        return map_text(doc.blocks, lambda s: s, ref=lambda t: Ref(t, doc.numbers[t]) if t in moved else t)

    return pin(old), pin(new)


def _meta(old: Meta, new: Meta) -> Meta:
    marked: list[tuple[str, tuple[Inline, ...]]] = []
    for name, a, b in (
        ("title", old.title, new.title),
        ("subtitle", old.subtitle, new.subtitle),
        ("details", version_line(old.version, old.date), version_line(new.version, new.date)),
    ):
        if a != b:
            marked.append((name, diff_inlines(_text(a), _text(b))))
    return replace(new, marked=tuple(marked))


def _text(s: str) -> tuple[Inline, ...]:
    return (Text(s),) if s else ()


# -- sequences of blocks ----------------------------------------------------------------


def _key(b: Block) -> Hashable:
    """What difflib compares: a clause's id, any other block as a whole.

    A clause whose id only counts its place ("settlement.terms.2", for the
    second of a list of sub-clauses) is matched by what it says instead: a
    sub-clause inserted before it would otherwise shift every id after it,
    and each would show as rewritten into its neighbour.
    """
    if not isinstance(b, Clause):
        return ("block", b)
    if counted(b):
        return ("counted", parent_id(b), b.level, plain_text(_clause_inlines(b)))
    return ("clause", b.id)


def counted(c: Clause) -> bool:
    """Whether a clause's id is its parent's and a count (assembly gives the sub-clauses
    of a numbered list "<clause id>.1", ".2"...), not a name a clause file chose."""
    return c.id.rsplit(".", 1)[-1].isdigit()


def parent_id(c: Clause) -> str:
    """The id a counted clause's id extends: "settlement.terms" for "settlement.terms.2"."""
    return c.id.rsplit(".", 1)[0]


def _clause_inlines(c: Clause) -> tuple[Inline, ...]:
    """All a clause says (title, text, sub-clauses), as one run of inlines."""
    out: list[Inline] = [*_text(c.title), Text(" ")]
    for b in walk((*c.blocks, *c.children, *c.after)):
        out.extend(inlines_of(b))
        out.append(Text(" "))
    return tuple(out)


def _blocks(old: Sequence[Block], new: Sequence[Block]) -> tuple[list[Block], list[int | None]]:
    """The merged blocks, and for each the index of the new block it shows (None: deleted)."""
    out: list[Block] = []
    origin: list[int | None] = []
    matcher = SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for a, j in zip(old[i1:i2], range(j1, j2)):
                # Equal keys: the same block, or a clause of the same id (whose
                # level may have changed: then it is deleted and inserted).
                b = new[j]
                merged = _pair(a, b) if a == b or _alike(a, b) else [Revised("deleted", a), Revised("inserted", b)]
                out.extend(merged)
                origin.extend([None] * (len(merged) - 1) + [j])
            continue
        _unmatched(old[i1:i2], new[j1:j2], j1, out, origin)
    return out, origin


def _unmatched(
    olds: Sequence[Block], news: Sequence[Block], j0: int, out: list[Block], origin: list[int | None]
) -> None:
    """Blocks in a changed stretch: alike pairs compared in place, the rest deleted or inserted."""
    j = j0
    for step in _pairs(olds, news, _likeness):
        if step[0] == "pair":
            merged = _pair(step[1], step[2])
            out.extend(merged)
            origin.extend([None] * (len(merged) - 1) + [j])
        elif step[0] == "deleted":
            out.append(Revised("deleted", step[1]))
            origin.append(None)
        else:
            out.append(Revised("inserted", step[2]))
            origin.append(j)
        j += step[0] != "deleted"


def _likeness(a: Block, b: Block) -> float | None:
    """How much two blocks are versions of one another (higher: more), or None when
    they are not to be compared inside (shown deleted and inserted instead)."""
    if type(a) is not type(b):
        return None
    # From here a and b are of one type: each isinstance below is of both.
    if isinstance(a, Clause) and isinstance(b, Clause):
        if a.level != b.level:
            return None
        if counted(a) and counted(b):
            # counted ids say nothing of identity: compare what they say
            return _enough(similarity(_clause_inlines(a), _clause_inlines(b))) if parent_id(a) == parent_id(b) else None
        return 1.0 if a.id == b.id else None
    if isinstance(a, Paragraph) and isinstance(b, Paragraph):
        return _enough(similarity(a.inlines, b.inlines)) if a.style == b.style else None
    if isinstance(a, Heading) and isinstance(b, Heading):
        return _enough(similarity(a.inlines, b.inlines)) if a.level == b.level else None
    if isinstance(a, (BulletList, OrderedList)) and isinstance(b, (BulletList, OrderedList)):
        # Two lists of one kind are compared item by item, however different.
        if isinstance(a, BulletList) and isinstance(b, BulletList) and a.checklist != b.checklist:
            return None
        return _list_likeness(a, b)
    if isinstance(a, Table) and isinstance(b, Table):
        return (1 + similarity(_table_text(a), _table_text(b))) / 2 if _same_shape(a, b) else None
    return 1.0 if a == b else None  # figures, signature blocks, page breaks: kept only when unchanged


def _alike(a: Block, b: Block) -> bool:
    """Whether two blocks are to be compared inside."""
    return _likeness(a, b) is not None


def _enough(score: float) -> float | None:
    return score if score >= ALIKE else None


def _list_likeness(a: BulletList | OrderedList, b: BulletList | OrderedList) -> float:
    def text(lst: BulletList | OrderedList) -> tuple[Inline, ...]:
        return tuple(i for item in lst.items for i in _item_text(item))

    return (1 + similarity(text(a), text(b))) / 2


def _table_text(t: Table) -> tuple[Inline, ...]:
    return tuple(i for row in (t.header, *t.rows) for i in _row_text(row))


def _pair(a: Block, b: Block) -> list[Block]:
    """Two versions of a block that are alike (see _likeness) as one block with marks."""
    if a == b:
        return [b]
    # Alike blocks are of one type: each isinstance below is of both.
    if isinstance(b, (Paragraph, Heading)) and isinstance(a, (Paragraph, Heading)):
        return [replace(b, inlines=diff_inlines(a.inlines, b.inlines))]
    if isinstance(b, (BulletList, OrderedList)) and isinstance(a, (BulletList, OrderedList)):
        return [replace(b, items=_items(a.items, b.items))]
    if isinstance(b, Table) and isinstance(a, Table):
        return [_table(a, b)]
    if isinstance(b, Clause) and isinstance(a, Clause):
        return [_clause(a, b)]
    return [Revised("deleted", a), Revised("inserted", b)]


def _clause(a: Clause, b: Clause) -> Clause:
    marked_title: tuple[Inline, ...] = ()
    if a.title != b.title:
        marked_title = diff_inlines(_text(a.title), _text(b.title))
    return replace(
        b,
        blocks=tuple(_blocks(a.blocks, b.blocks)[0]),
        # sub-clauses merge into sub-clauses, kept or Revised
        children=tuple(cast("list[Clause | Revised]", _blocks(a.children, b.children)[0])),
        after=tuple(_blocks(a.after, b.after)[0]),
        marked_title=marked_title,
        old_number=a.number if a.number != b.number else "",
    )


# -- lists ---------------------------------------------------------------------------------


def _item_text(item: Item) -> tuple[Inline, ...]:
    return tuple(i for b in item if isinstance(b, (Paragraph, Heading)) for i in (*b.inlines, Text(" ")))


def _items(old: Sequence[Item], new: Sequence[Item]) -> tuple[Item, ...]:
    """List items aligned: a changed item compared inside, an added or removed one
    kept as an item whose blocks are all Revised."""
    out: list[tuple[Block, ...]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(new[j1:j2])
            continue
        for step in _pairs(old[i1:i2], new[j1:j2], _item_likeness):
            if step[0] == "pair":
                out.append(tuple(_blocks(step[1], step[2])[0]))
            elif step[0] == "deleted":
                out.append(tuple(Revised("deleted", x) for x in step[1]))
            else:
                out.append(tuple(Revised("inserted", x) for x in step[2]))
    return tuple(out)


def _item_likeness(x: Item, y: Item) -> float | None:
    return _enough(similarity(_item_text(x), _item_text(y)))


def _pairs(olds: Sequence[_T], news: Sequence[_T], likeness: Likeness[_T]) -> Iterator[Step[_T]]:
    """A changed stretch as ("pair", a, b), ("deleted", a, None), ("inserted", None, b), in order.

    The pairs are those of greatest total likeness that keep both orders (so
    that a tier inserted before a like one pairs the old tier with its true
    successor, not with the newcomer); deletions come before insertions
    between two pairs, as in Word's compare.
    """
    n, m = len(olds), len(news)
    score = [[likeness(a, b) for b in news] for a in olds]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            v = max(best[i + 1][j], best[i][j + 1])
            s = score[i][j]
            if s is not None:
                v = max(v, best[i + 1][j + 1] + s)
            best[i][j] = v
    i = j = 0
    deleted: list[_T] = []
    inserted: list[_T] = []
    while i < n and j < m:
        s = score[i][j]
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            yield from (("deleted", a, None) for a in deleted)
            yield from (("inserted", None, b) for b in inserted)
            deleted, inserted = [], []
            yield "pair", olds[i], news[j]
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            deleted.append(olds[i])
            i += 1
        else:
            inserted.append(news[j])
            j += 1
    yield from (("deleted", a, None) for a in (*deleted, *olds[i:]))
    yield from (("inserted", None, b) for b in (*inserted, *news[j:]))


# -- tables --------------------------------------------------------------------------------


def _same_shape(a: Table, b: Table) -> bool:
    """Tables compared row by row: the same columns and caption (a caption has no marks)."""
    n = len(b.header)
    return (
        len(a.header) == n
        and a.caption == b.caption
        and not a.row_changes
        and not b.row_changes
        and all(len(r) == n for r in (*a.rows, *b.rows))
    )


def _row_text(row: Row) -> tuple[Inline, ...]:
    return tuple(i for cell in row for i in (*cell, Text(" ")))


def _table(a: Table, b: Table) -> Table:
    header = tuple(diff_inlines(x, y) for x, y in zip(a.header, b.header))
    rows: list[Row] = []
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a.rows, b.rows, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(b.rows[j1:j2])
            changes.extend([""] * (j2 - j1))
            continue
        for step in _pairs(a.rows[i1:i2], b.rows[j1:j2], _row_likeness):
            if step[0] == "pair":
                rows.append(tuple(diff_inlines(c, d) for c, d in zip(step[1], step[2])))
                changes.append("")
            elif step[0] == "deleted":
                rows.append(step[1])
                changes.append("deleted")
            else:
                rows.append(step[2])
                changes.append("inserted")
    return replace(b, header=header, rows=tuple(rows), row_changes=tuple(changes) if any(changes) else ())


def _row_likeness(r: Row, s: Row) -> float | None:
    return _enough(similarity(_row_text(r), _row_text(s)))
