"""Accepting or rejecting every change of a redline, and the normal form both compare in.

`accept` keeps what the new version has (Inserted, Revised "inserted",
inserted table rows) and drops what only the old one had; `reject` does the
opposite. Either way the result holds no marks, clause numbers are those of
the version kept, and `normalise` brings any document to the canonical form
in which accept(compare(a, b)) equals b and reject(compare(a, b)) equals a.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import cast

from ..dates import MONTHS
from ..docmodel import (
    MARKS,
    Block,
    BulletList,
    Clause,
    Deleted,
    Document,
    Heading,
    Inline,
    Inserted,
    Meta,
    OrderedList,
    Paragraph,
    Revised,
    Table,
    number_clauses,
    plain_text,
    walk,
)
from .align import counted, parent_id
from .words import normalise_inlines, unpinned


def accept(doc: Document) -> Document:
    """The redline with every change accepted: the new version."""
    return _resolve(doc, "inserted")


def reject(doc: Document) -> Document:
    """The redline with every change rejected: the old version."""
    return _resolve(doc, "deleted")


def normalise(doc: Document) -> Document:
    """The document in canonical form: in every run of inlines, adjacent Text merged,
    empty Text and empty marks dropped, adjacent marks of one kind merged, and no
    cross-reference pinned to a number (see align._pin_references)."""
    meta = replace(doc.meta, marked=tuple((f, normalise_inlines(i)) for f, i in doc.meta.marked))
    return replace(doc, meta=meta, blocks=tuple(_map_blocks(doc.blocks, unpinned)))


def renumber(blocks: tuple[Block, ...], numbered: bool) -> tuple[Block, ...]:
    """Clause numbers as assembly gives them (docmodel.number_clauses), applied again
    after accepting or rejecting, when clauses added or removed move the numbers
    of the clauses after them."""
    return number_clauses(blocks, numbered)


# -- resolving marks ---------------------------------------------------------------


def _resolve(doc: Document, keep: str) -> Document:
    drop = "deleted" if keep == "inserted" else "inserted"
    front = sum(1 for b in doc.blocks[: doc.front] if not (isinstance(b, Revised) and b.change == drop))
    blocks = _recount(renumber(tuple(_resolve_blocks(doc.blocks, keep)), doc.numbered))
    ids = {c.id for c in walk(blocks) if isinstance(c, Clause)}
    # A counted id no clause of this version has is a stale count, never an alias.
    numbers = {k: v for k, v in _numbers(doc, blocks, keep).items() if k in ids or not k.rsplit(".", 1)[-1].isdigit()}
    doc = replace(doc, meta=_resolve_meta(doc.meta, keep), blocks=blocks, numbers=numbers, front=front)
    return normalise(doc)


def _recount(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Counted sub-clause ids ("settlement.concessions.3") given again by place, as
    assembly gives them (the n-th sub-clause of a clause is "<its list's id>.n"): a counted clause matched by its text keeps the new
    version's id in a redline, which is the wrong count once the other
    version's clauses are back around it. Sub-clauses of a re-counted clause
    follow its new id."""

    def fix(c: Clause, old_prefix: str = "", new_prefix: str = "") -> Clause:
        place = 0
        kids = []
        for k in c.children:
            if isinstance(k, Clause):
                cid = new_prefix + k.id[len(old_prefix) :] if old_prefix and k.id.startswith(old_prefix + ".") else k.id
                # The count runs over every sub-clause of the clause, named ones
                # too ("payment.sum", then "payment.2").
                place += 1
                if counted(k):
                    cid = f"{parent_id(replace(k, id=cid))}.{place}"
                k = fix(replace(k, id=cid), k.id, cid) if cid != k.id else fix(k)
            kids.append(k)
        return replace(c, children=tuple(kids))

    return tuple(fix(b) if isinstance(b, Clause) else b for b in blocks)


def _resolve_inlines(inlines: tuple[Inline, ...], keep: str) -> tuple[Inline, ...]:
    kept, dropped = (Inserted, Deleted) if keep == "inserted" else (Deleted, Inserted)
    out: list[Inline] = []
    for i in inlines:
        if isinstance(i, dropped):
            continue
        if isinstance(i, kept):
            out.extend(_resolve_inlines(i.children, keep))
        elif isinstance(i, MARKS):
            out.append(type(i)(_resolve_inlines(i.children, keep)))
        else:
            out.append(i)
    return normalise_inlines(tuple(out))


def _resolve_blocks(blocks: Iterable[Block], keep: str) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Revised):
            if b.change == keep:
                out.extend(_resolve_blocks((b.block,), keep))
            continue
        out.append(_resolve_block(b, keep))
    return out


def _resolve_block(b: Block, keep: str) -> Block:
    if isinstance(b, (Paragraph, Heading)):
        return replace(b, inlines=_resolve_inlines(b.inlines, keep))
    if isinstance(b, (BulletList, OrderedList)):
        items: list[tuple[Block, ...]] = []
        for item in b.items:
            blocks = tuple(_resolve_blocks(item, keep))
            # An item all of whose blocks the other version added is not in this one.
            if blocks or not any(isinstance(x, Revised) for x in item):
                items.append(blocks)
        return replace(b, items=tuple(items))
    if isinstance(b, Table):
        drop = "deleted" if keep == "inserted" else "inserted"
        changes = b.row_changes or ("",) * len(b.rows)
        rows = tuple(
            tuple(_resolve_inlines(cell, keep) for cell in row)
            for row, change in zip(b.rows, changes)
            if change != drop
        )
        return replace(b, header=tuple(_resolve_inlines(c, keep) for c in b.header), rows=rows, row_changes=())
    if isinstance(b, Clause):
        title = b.title
        if b.marked_title:
            title = plain_text(_resolve_inlines(b.marked_title, keep))
        return replace(
            b,
            title=title,
            marked_title=(),
            blocks=tuple(_resolve_blocks(b.blocks, keep)),
            children=tuple(_subclauses(_resolve_blocks(b.children, keep))),
            after=tuple(_resolve_blocks(b.after, keep)),
        )
    return b


def _resolve_meta(meta: Meta, keep: str) -> Meta:
    if keep == "inserted" or not meta.marked:
        return replace(meta, marked=())  # the plain fields are the new version's
    title, subtitle, version, date = meta.title, meta.subtitle, meta.version, meta.date
    for name, inlines in meta.marked:
        text = plain_text(_resolve_inlines(inlines, keep))
        if name == "details":
            version, date = _parse_version_line(text)
        elif name == "title":
            title = text
        elif name == "subtitle":
            subtitle = text
    return replace(meta, marked=(), title=title, subtitle=subtitle, version=version, date=date)


_LONG_DATE = re.compile(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})")


def _parse_version_line(line: str) -> tuple[str, str]:
    """version and ISO date back from dates.version_line's "Version 2.0 · 1 March 2026"."""
    version, when = "", ""
    for part in line.split(" \u00b7 ") if line else ():
        if part.startswith("Version ") and not version and not when:
            version = part[len("Version ") :]
        elif m := _LONG_DATE.fullmatch(part):
            when = f"{int(m[3]):04d}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"
        else:
            when = part  # a date version_line could not read, kept as written
    return version, when


def _numbers(doc: Document, blocks: tuple[Block, ...], keep: str) -> dict[str, str]:
    """The numbers of the version kept: every clause it holds, and each other entry.

    The other entries are clauses merged into their section and cited by their
    own id (assembly's aliases): their number is their section's. A redline's
    numbers hold them without saying which section they belong to, so they are
    matched to it: first by the section's sub-clauses, whose ids extend the
    merged clause's ("scope.application.1" under "scope" for
    "scope.application"), else by number, in the new version's numbering first
    (an alias both versions have is the common case).
    """
    result = {c.id: c.number or c.title for c in walk(blocks) if isinstance(c, Clause)}
    new_state = _clause_numbers(doc.blocks, "deleted")  # the new version's clauses and numbers
    old_ids = set(_clause_numbers(doc.blocks, "inserted"))
    by_new_number: dict[str, str] = {}
    for cid, value in new_state.items():
        by_new_number.setdefault(value, cid)
    kept_values = set(result.values())
    here, anywhere = _owners(blocks), _owners(doc.blocks)
    out = dict(result)
    for key, value in doc.numbers.items():
        if key in out:
            continue
        if key in here:
            # Merged into a section of this version (perhaps a clause of its own in the other).
            out[key] = result[here[key]]
            continue
        if key in new_state or key in old_ids or key in anywhere:
            continue  # a clause, or a section's, of the other version only
        section = by_new_number.get(value)
        if keep == "inserted":
            if section is not None:
                out[key] = result[section]
        elif section in old_ids:
            out[key] = result[section]  # a section both versions have: its old number
        elif section is None and value in kept_values:
            out[key] = value  # an entry only the old version had, with its old number
    return out


def _owners(blocks: Iterable[Block]) -> dict[str, str]:
    """prefix -> id of the clause whose sub-clause ids start with "prefix."."""
    out: dict[str, str] = {}
    for c in walk(tuple(blocks)):
        if isinstance(c, Clause):
            for sub in c.children:
                child = sub.block if isinstance(sub, Revised) else sub
                if isinstance(child, Clause) and "." in child.id:
                    out.setdefault(child.id.rsplit(".", 1)[0], c.id)
    return out


def _clause_numbers(blocks: Iterable[Block], drop: str) -> dict[str, str]:
    """id -> number (or title) of every clause outside the blocks Revised `drop`."""
    out: dict[str, str] = {}
    for b in blocks:
        if isinstance(b, Revised):
            if b.change != drop:
                out.update(_clause_numbers((b.block,), drop))
        elif isinstance(b, Clause):
            out.setdefault(b.id, b.number or b.title)
            for part in (b.blocks, b.children, b.after):
                out.update((k, v) for k, v in _clause_numbers(part, drop).items() if k not in out)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                out.update((k, v) for k, v in _clause_numbers(item, drop).items() if k not in out)
    return out


# -- walking every run of inlines ------------------------------------------------------


#: A change to one run of inlines (a paragraph's, a title's, a cell's).
InlineMap = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


def _subclauses(blocks: list[Block]) -> list[Clause | Revised]:
    """Blocks made from a clause's sub-clauses, which are sub-clauses still (clauses, or Revised ones)."""
    return cast("list[Clause | Revised]", blocks)


def _map_blocks(blocks: Iterable[Block], fn: InlineMap) -> list[Block]:
    return [_map_block(b, fn) for b in blocks]


def _map_block(b: Block, fn: InlineMap) -> Block:
    if isinstance(b, (Paragraph, Heading)):
        return replace(b, inlines=fn(b.inlines))
    if isinstance(b, (BulletList, OrderedList)):
        return replace(b, items=tuple(tuple(_map_blocks(item, fn)) for item in b.items))
    if isinstance(b, Table):
        return replace(b, header=tuple(fn(c) for c in b.header), rows=tuple(tuple(fn(c) for c in r) for r in b.rows))
    if isinstance(b, Clause):
        return replace(
            b,
            marked_title=fn(b.marked_title),
            blocks=tuple(_map_blocks(b.blocks, fn)),
            children=tuple(_subclauses(_map_blocks(b.children, fn))),
            after=tuple(_map_blocks(b.after, fn)),
        )
    if isinstance(b, Revised):
        return replace(b, block=_map_block(b.block, fn))
    return b
