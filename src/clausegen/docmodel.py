"""The format-neutral document model, between the templates and every writer.

Modelled on pandoc's: a Document is a list of blocks, blocks hold inlines.
It knows nothing of Word, HTML or Markdown, and nothing of the regime
language: writers read only this module. Clause numbers and cross-reference
targets are resolved before a writer sees the document.

Why this module is long: it is the node types of the document
(one small frozen dataclass each, every field documented) and the few walks
over them every stage shares (walk, inlines_of, number_clauses, plain_text,
map_text). Like pandoc's Definition.hs, a reader of any writer should find
the whole model in one file; split, it would only send them to two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

# -- inlines ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasised (italic) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strong (bold) inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class TermDef:
    """The place where a defined term is defined: shown bold, in quotes.

    An optional definition ([[def?:Term]]) is dropped, with the clause or list
    item holding it, when the document never uses the term.
    """

    term: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class TermUse:
    """A use of a defined term; `text` is what is shown (the term, or a plural)."""

    term: str
    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A cross-reference to a clause id; writers show Document.numbers[target].

    `number`, in a redline only, is the number to show instead: a clause
    that was renumbered is cited by its old number in the deleted text and by
    its new number in the inserted text (see ref_number).
    """

    target: str
    number: str = ""


def ref_number(ref: Ref, numbers: dict[str, str]) -> str:
    """The number a cross-reference shows: its own (in a redline), else its target's."""
    return ref.number or numbers.get(ref.target, "??")


@dataclass(frozen=True, slots=True)
class FillIn:
    """A placeholder a person completes, e.g. the date of the dispute notice."""

    label: str


@dataclass(frozen=True, slots=True)
class Inserted:
    """Inlines a redline's new version adds: underlined, a w:ins in Word.

    Only a redline (clausegen.redline) makes these; a built document never
    holds them.
    """

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Deleted:
    """Inlines a redline's new version removes: struck through, a w:del in Word."""

    children: tuple[Inline, ...]


Inline = Text | Emph | Strong | TermDef | TermUse | Ref | FillIn | Inserted | Deleted
MARKS = (Emph, Strong, Inserted, Deleted)  # inlines that hold other inlines

# -- blocks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph; style is "" or "note" (a call-out)."""

    inlines: tuple[Inline, ...]
    style: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """An unnumbered heading inside a clause or section (level 1 is highest)."""

    inlines: tuple[Inline, ...]
    level: int = 3


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list of items, each a tuple of blocks; a checklist shows tick boxes."""

    items: tuple[tuple[Block, ...], ...]
    checklist: bool = False


@dataclass(frozen=True, slots=True)
class OrderedList:
    """A list numbered 1, 2, 3 (steps, not clauses)."""

    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose first row is a header that repeats across pages."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    caption: str = ""
    # In a redline only: per body row, "" (kept, its cells may hold marks),
    # "inserted" or "deleted"; empty means no row changed.
    row_changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture drawn from the regime: kind is "ladder" or "timeline".

    items are (label, detail) pairs in order: the rungs of the ladder, or the
    steps of the timeline. spans, for a timeline, holds each item's first and
    last day counted in calendar days from the notice, so a writer can draw
    it to scale (empty: draw the items evenly).
    """

    kind: str
    caption: str
    items: tuple[tuple[str, str], ...]
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Where one party signs: its name and the lines to complete.

    `party` is the name as it reads after `caption` ("the Secretary of State
    ...", not "The Secretary ..."): writers print "caption party" as given.
    """

    party: str
    defined_as: str
    caption: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered (or, in an unnumbered document, headed) unit of text.

    level 1 is a section heading (1), level 2 a clause (1.1), level 3 a
    sub-clause (1.1.1), and so on. `blocks` come before the sub-clauses
    (`children`), `after` follows them (the closing words of a clause whose
    sub-clauses are a list). `number` is filled in by assembly.
    """

    id: str
    title: str
    level: int
    blocks: tuple[Block, ...]
    children: tuple[Clause | Revised, ...] = ()  # Revised only in a redline (a sub-clause added or removed)
    number: str = ""
    after: tuple[Block, ...] = ()
    # In a redline only: the title with Inserted/Deleted marks, shown instead
    # of `title` when not empty (title then holds the new version's title).
    marked_title: tuple[Inline, ...] = ()
    # In a redline only: the number this clause had in the old version, when
    # it was renumbered ("" otherwise); a contents list shows both.
    old_number: str = ""

    def lead(self) -> tuple[Paragraph | None, list[Block]]:
        """The first plain paragraph (it runs on after the number and title) and the other blocks."""
        blocks = list(self.blocks)
        if blocks and isinstance(blocks[0], Paragraph) and blocks[0].style == "":
            return blocks[0], blocks[1:]
        return None, blocks


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page (before signature pages and annexes)."""


@dataclass(frozen=True, slots=True)
class Revised:
    """A whole block a redline adds or removes: change is "inserted" or "deleted".

    Everything inside is shown as inserted (or deleted); in Word each of its
    paragraphs also carries the paragraph-mark revision, so that accepting
    or rejecting the change leaves no empty (numbered) paragraph behind.
    A deleted clause keeps its old number.
    """

    change: str
    block: Block


Block = Paragraph | Heading | BulletList | OrderedList | Table | Figure | SignatureBlock | Clause | PageBreak | Revised


@dataclass(frozen=True, slots=True)
class Meta:
    """What headers, footers and title pages show."""

    title: str
    subtitle: str = ""
    regime: str = ""
    version: str = ""
    date: str = ""
    parties: tuple[str, ...] = ()
    # In a redline only: title-page lines with Inserted/Deleted marks, as
    # (field, inlines) where field is "title", "subtitle" or "details" (the
    # version line); a writer shows these instead of the plain field.
    marked: tuple[tuple[str, tuple[Inline, ...]], ...] = ()


@dataclass(frozen=True)
class Document:
    """A whole document: its kind, metadata, blocks and resolved numbers.

    contents: whether writers put a table of contents before the text (a
    form to complete has none).
    front: how many of the first blocks come before the table of contents
    (what a reader needs at once, such as the handbook's first steps).
    """

    kind: str
    meta: Meta
    blocks: tuple[Block, ...]
    numbered: bool = True
    numbers: dict[str, str] = field(default_factory=dict)
    contents: bool = True
    front: int = 0

    def split_front(self) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
        """The blocks before the table of contents, and the blocks after it."""
        return self.blocks[: self.front], self.blocks[self.front :]


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, clauses' children included."""
    for b in blocks:
        yield b
        if isinstance(b, Clause):
            yield from walk(b.blocks)
            yield from walk(b.children)
            yield from walk(b.after)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                yield from walk(item)
        elif isinstance(b, Revised):
            yield from walk((b.block,))


def inlines_of(block: Block) -> Iterator[Inline]:
    """Every inline directly in a block (paragraph, heading, table cells)."""
    if isinstance(block, (Paragraph, Heading)):
        yield from _flatten(block.inlines)
    elif isinstance(block, Clause):
        yield from _flatten(block.marked_title)
    elif isinstance(block, Table):
        for row in (block.header, *block.rows):
            for cell in row:
                yield from _flatten(cell)


def _flatten(inlines: Iterable[Inline]) -> Iterator[Inline]:
    for i in inlines:
        yield i
        if isinstance(i, MARKS):
            yield from _flatten(i.children)


def number_clauses(blocks: tuple[Block, ...], numbered: bool) -> tuple[Block, ...]:
    """The house numbering, stated once: top-level clauses 1, 2, 3 in order, their
    sub-clauses 1.1, 1.2 and so on; every number empty in an unnumbered document.

    Assembly numbers a document with it, and a redline renumbers with it once
    its changes are accepted or rejected (old_number is cleared then).
    """
    out: list[Block] = []
    count = 0
    for b in blocks:
        if isinstance(b, Clause):
            count += 1
            out.append(_number_clause(b, str(count) if numbered else ""))
        else:
            out.append(b)
    return tuple(out)


def _number_clause(c: Clause | Revised, number: str) -> Clause:
    from dataclasses import replace

    assert isinstance(c, Clause), "a document is numbered before it is compared, or after its changes are taken out"

    children = tuple(_number_clause(k, f"{number}.{n}" if number else "") for n, k in enumerate(c.children, start=1))
    return replace(c, number=number, children=children, old_number="")


def shown_number(c: Clause) -> str:
    """A clause's number as every writer prints it: "7." for a section, "7.1" below.

    One rule for the house style, so headings, contents lists and clause
    leads read the same in Markdown, HTML, Word and PDF.
    """
    if not c.number:
        return ""
    return f"{c.number}." if c.level == 1 else c.number


def marked_number(c: Clause) -> tuple[Inline, ...]:
    """A clause's shown number as inlines: in a redline, a renumbered clause's old
    number deleted and its new one inserted."""
    new = shown_number(c)
    if not c.old_number or c.old_number == c.number:
        return (Text(new),) if new else ()
    old = f"{c.old_number}." if c.level == 1 else c.old_number
    return (Deleted((Text(old),)), Inserted((Text(new),)))


def plain_text(inlines: tuple[Inline, ...], numbers: dict[str, str] | None = None, side: str = "new") -> str:
    """Inlines as plain text (for tables of contents, tests, alt text).

    In a redline this is one version's text: the new one's by default
    (deletions left out), the old one's with side="old" (insertions left out).
    """
    dropped = Deleted if side == "new" else Inserted
    out = []
    for i in inlines:
        if isinstance(i, Text):
            out.append(i.text)
        elif isinstance(i, dropped):
            continue
        elif isinstance(i, MARKS):
            out.append(plain_text(i.children, numbers, side))
        elif isinstance(i, TermDef):
            out.append(f"\u201c{i.term}\u201d")
        elif isinstance(i, TermUse):
            out.append(i.text)
        elif isinstance(i, Ref):
            out.append(ref_number(i, numbers or {}))
        elif isinstance(i, FillIn):
            out.append(f"[{i.label}]")
    return "".join(out)


def map_text(
    blocks: tuple[Block, ...], fn: Callable[[str], str], ref: Callable[[str], str | Ref] | None = None
) -> tuple[Block, ...]:
    """The blocks with fn applied to every piece of text a reader sees (terms included),
    and `ref`, when given, to the target of every cross-reference (it gives a new
    target, or a whole Ref)."""
    from dataclasses import replace

    def inl(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for i in items:
            if isinstance(i, Ref) and ref is not None:
                r = ref(i.target)
                out.append(r if isinstance(r, Ref) else replace(i, target=r))
            elif isinstance(i, Text):
                out.append(Text(fn(i.text)))
            elif isinstance(i, MARKS):
                out.append(type(i)(inl(i.children)))
            elif isinstance(i, TermDef):
                out.append(replace(i, term=fn(i.term)))
            elif isinstance(i, TermUse):
                out.append(TermUse(fn(i.term), fn(i.text)))
            elif isinstance(i, FillIn):
                out.append(FillIn(fn(i.label)))
            else:
                out.append(i)
        return tuple(out)

    def blk(b: Block) -> Block:
        if isinstance(b, (Paragraph, Heading)):
            return replace(b, inlines=inl(b.inlines))
        if isinstance(b, (BulletList, OrderedList)):
            return replace(b, items=tuple(tuple(blk(x) for x in item) for item in b.items))
        if isinstance(b, Table):
            return replace(
                b, header=tuple(inl(c) for c in b.header), rows=tuple(tuple(inl(c) for c in r) for r in b.rows)
            )
        if isinstance(b, Figure):
            return replace(b, caption=fn(b.caption), items=tuple((fn(a), fn(d)) for a, d in b.items))
        if isinstance(b, Clause):
            return replace(
                b,
                title=fn(b.title),
                blocks=tuple(blk(x) for x in b.blocks),
                children=tuple(cast("Clause | Revised", blk(x)) for x in b.children),
                after=tuple(blk(x) for x in b.after),
                marked_title=inl(b.marked_title),
            )
        if isinstance(b, Revised):
            return replace(b, block=blk(b.block))
        return b

    return tuple(blk(b) for b in blocks)
