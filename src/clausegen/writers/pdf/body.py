"""The PDF writer's walk through the document: clauses, paragraphs, lists, tables, figures, as Typst.

Each block becomes a Typst part; parts are joined with blank lines
(markup.join), a page break inside a container turning into a column break.
Numbered clauses hang their number in a box and indent their text by pads;
paragraphs that introduce what follows keep with it. The preamble
(preamble.py), the page furniture (furniture.py) and inline content
(inline.py) are the writer's other parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ...docmodel import (
    MARKS,
    Block,
    BulletList,
    Clause,
    Deleted,
    Document,
    Figure,
    Heading,
    Inline,
    Inserted,
    OrderedList,
    PageBreak,
    Paragraph,
    Revised,
    SignatureBlock,
    Table,
    plain_text,
)
from ..keep import introduces, kept_whole
from ..marks import DELETED, marked, row_change
from ..options import WriterOptions
from ..svg import figure_svg
from .furniture import Furniture
from .markup import BREAK, break_pieces, cm, escape, join, string
from .preamble import NUMBER_WIDTH, REDLINE_PREAMBLE, preamble

#: characters (about twelve lines) up to which a lead-in to a list is never split across pages
_WHOLE_LEAD_IN = 1200


def _long_lead_in(inlines: tuple[Inline, ...]) -> bool:
    """A paragraph of a few lines that ends in a colon (a short one is `introduces`)."""
    text = plain_text(inlines).rstrip()
    return text.endswith(":") and len(text) <= _WHOLE_LEAD_IN


def typst_source(doc: Document, options: WriterOptions | None = None) -> str:
    """The Typst markup the PDF is compiled from."""
    return Writer(doc, options or {}).render()


class Writer(Furniture):
    """Writes one document as Typst markup: preamble, page, title, contents, blocks."""

    def render(self) -> str:
        """The whole Typst source of the document."""
        m = self.doc.meta
        out = [
            preamble(),
            f"#set document(title: {string(m.title)})",
            self.page(),
            self.title_block(),
        ]
        if self.redline:
            out[1:1] = [REDLINE_PREAMBLE]
            out.append(self.legend())
        front, rest = self.doc.split_front()
        out += self.blocks(front)
        toc = self.toc()
        if toc:
            out.append(toc)
            # A contents list that ran past the first page ends its own pages.
            out.append("#context if here().page() > 1 { pagebreak(weak: true) }")
        out += self.blocks(rest)
        return join(out, container=False) + "\n"

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, seq: Iterable[Block]) -> list[str]:
        """Blocks as Typst parts; a run of signature blocks becomes one grid."""
        parts: list[str] = []
        run: list[SignatureBlock] = []
        for b in (*seq, None):
            if isinstance(b, SignatureBlock):
                run.append(b)
                continue
            if run:
                parts.append(self.signatures(run))
                run = []
            if b is None:
                break
            if isinstance(b, Clause):
                parts += self.clause(b)
            elif isinstance(b, PageBreak):
                parts.append(BREAK)
            elif isinstance(b, Revised):
                parts.append(self.revised(b))
            else:
                parts.append(self.block(b))
        return parts

    def revised(self, b: Revised) -> str:
        """A block added or removed as a whole: every line marked, a bar in the margin.

        Inside the block a page break is a column break (a container), and a
        deleted clause shows its old number struck through with its text.
        """
        inner = join(self.blocks((b.block,)), container=True)
        return f'#revised("{b.change}", {self.outset()})[\n{inner}\n]'

    def block(self, b: Block) -> str:
        """One block that is not a clause, page break or signature (see blocks)."""
        if isinstance(b, Paragraph):
            text = self.inlines(b.inlines)
            if b.style == "note":
                return f"#note[{text}]"
            par = f"#par[{text}]"
            if self.redline and marked(b.inlines):
                par = f"#changed({self.outset()})[{par}]"
            return f"#keep[{par}]" if introduces(b.inlines) else par
        if isinstance(b, Heading):
            # level 1 ("Parties", "Background" before an agreement's clauses):
            # as high as the section headings, as <h2> beside them in HTML
            level = 1 if b.level <= 1 else min(6, b.level + 1)
            heading = f"#heading(level: {level}, outlined: false, numbering: none)[{self.inlines(b.inlines)}]"
            if self.indent:
                # A heading inside a clause ("Signature page") stands at the
                # headings' margin, not the clause's text; kept with what follows.
                return f"#keep[#pad(left: -{cm(self.indent)})[{heading}]]"
            return heading
        if isinstance(b, (BulletList, OrderedList)):
            return self.list(b)
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Figure):
            return self.figure(b)
        raise TypeError(f"the PDF writer has no rule for the block {type(b).__name__}")

    def signatures(self, run: list[SignatureBlock]) -> str:
        """Signature blocks side by side, two to a row, each kept whole."""
        blocks = []
        for b in run:
            labels = "".join(f"[{escape(x)}], " for x in b.lines)
            blocks.append(f"signature([{escape(b.caption)} {escape(b.party)}], ({labels}))")
        return "#signatures(" + ", ".join(blocks) + ")"

    def clause(self, c: Clause) -> list[str]:
        """A clause as Typst parts: a section, a clause kept whole, or its parts."""
        if c.level == 1:
            return self.section(c)
        if kept_whole(c):
            # An acknowledgement and its signature block: one unbreakable block.
            return [f"#block(breakable: false, width: 100%)[\n{join(self.clause_parts(c), container=True)}\n]"]
        return self.clause_parts(c)

    def clause_parts(self, c: Clause) -> list[str]:
        """A clause below level 1: its number hung in a box, title and lead, the rest padded in."""
        if not self.doc.numbered:
            return self.unnumbered(c)
        width = NUMBER_WIDTH.get(c.level, NUMBER_WIDTH[4])
        lead = f"#box(width: {cm(width)})[{escape(c.number)}]" if c.number else ""
        if c.title:
            lead += f"#strong[{self.title_markup(c)}.] "
        first, rest = c.lead()
        hanging = f"hanging-indent: {cm(width)}" if c.number else ""
        if first is not None:
            parts = [f"#par({hanging})[{lead}{self.inlines(first.inlines)}]{self.anchor(c)}"]
            if self.redline and (marked(first.inlines) or c.marked_title):
                parts = [f"#changed({self.outset()})[{parts[0]}]"]
            if introduces(first.inlines):
                parts = [f"#keep[{parts[0]}]"]
            elif (rest or c.children) and _long_lead_in(first.inlines):
                # A lead-in of several lines ("... Its terms of reference are to:")
                # moves whole with its list: left free to break, its last line
                # could stand alone at the foot of a page.
                parts = [f"#keepwhole[{parts[0]}]"]
        elif lead:
            # A title with nothing after it on its line heads what follows.
            parts = [f"#par({hanging})[{lead}]{self.anchor(c)}"]
            if self.redline and c.marked_title:
                parts = [f"#changed({self.outset()})[{parts[0]}]"]
            if rest or c.children or c.after:
                parts = [f"#keep[{parts[0]}]"]
        else:
            parts = [f"#metadata(none){self.anchor(c)}"]
        if not c.number:
            return parts + self.blocks(rest) + self.blocks(c.children) + self.blocks(c.after)
        self.indent += width
        inner = self.blocks(rest) + self.blocks(c.children) + self.blocks(c.after)
        self.indent -= width
        # A page break at the very start of a pad is lost in Typst: break before it.
        hoisted = []
        while inner and inner[0] == BREAK:
            hoisted = [inner.pop(0)]
        parts += hoisted
        if inner:
            parts.append(f"#pad(left: {cm(width)})[\n{join(inner, container=True)}\n]")
        return parts

    def section(self, c: Clause) -> list[str]:
        """A level-1 clause: a (numbered) heading, then its blocks and clauses."""
        numbering = "none"
        if self.doc.numbered and c.number:
            numbering = f"(..n) => {string(self.number_text(c))}"
        heading = f"#heading(level: 1, numbering: {numbering})[{self.title_markup(c)}]{self.anchor(c)}"
        return [heading] + self.blocks(c.blocks) + self.blocks(c.children) + self.blocks(c.after)

    def unnumbered(self, c: Clause) -> list[str]:
        """A clause of an unnumbered document: a heading when titled, no indent."""
        blocks = list(c.blocks)
        first, rest = c.lead()
        if c.title:
            parts = [f"#heading(level: {min(6, c.level)}, numbering: none)[{self.title_markup(c)}]{self.anchor(c)}"]
        elif first is not None:
            blocks = rest
            parts = [f"#par[{self.inlines(first.inlines)}]{self.anchor(c)}"]
            if introduces(first.inlines):
                parts = [f"#keep[{parts[0]}]"]
        else:
            parts = [f"#metadata(none){self.anchor(c)}"]
        return parts + self.blocks(blocks) + self.blocks(c.children) + self.blocks(c.after)

    def list(self, lst: BulletList | OrderedList) -> str:
        """A list as #enum or #list (checkboxes for a checklist), one markup block per item."""
        items = []
        for item in lst.items:
            parts = []
            for k, b in enumerate(item):
                if isinstance(b, Paragraph) and b.style == "":
                    text = self.inlines(b.inlines)
                    # a lead-in to a nested list stays with it
                    parts.append(f"#keep[{text}]" if k + 1 < len(item) and introduces(b.inlines) else text)
                elif isinstance(b, Revised) and isinstance(b.block, Paragraph) and b.block.style == "":
                    # an item added or removed reads as text, as the item beside it
                    parts.append(self.mark(self.inlines(b.block.inlines), b.change))
                else:
                    parts += self.blocks((b,))
            items.append("[" + join(parts, container=True) + "]")
        if isinstance(lst, OrderedList):
            head = "#enum("
        elif lst.checklist:
            head = "#list(marker: checkbox, "
        else:
            head = "#list("
        return head + ", ".join(items) + ")"

    def table(self, t: Table) -> str:
        """A table with its header row, caption above; a redline's changed rows marked."""
        ncols = max([len(t.header)] + [len(r) for r in t.rows] + [1])

        def cells(row: Sequence[tuple[Inline, ...]], change: str = "") -> str:
            padded = list(row) + [()] * (ncols - len(row))
            out = [f"[{self.mark(self.inlines(c), change)}]" for c in padded]
            if change:
                # a row added or removed: its first cell carries the bar
                colour = "delcolour" if change == DELETED else "inscolour"
                out[0] = f"table.cell(stroke: (left: 2pt + {colour}))" + out[0]
            return ", ".join(out)

        lines = [f"#table(columns: {self.column_widths(t, ncols)},"]
        if t.header:
            lines.append(f"  table.header({cells(t.header)}),")
        lines += [f"  {cells(r, row_change(t, k))}," for k, r in enumerate(t.rows)]
        lines.append(")")
        table = "\n".join(lines)
        if t.caption:
            table = f"#tablecaption[{escape(t.caption)}]\n{table}"
        return table

    def column_widths(self, t: Table, ncols: int) -> str:
        """Natural widths when the table fits, else shares that keep words whole.

        Typst's auto columns share out a too-wide table almost evenly, which
        squeezes a column of names next to one of long descriptions. Widths
        are estimated in points from character counts (10pt text, 5.5pt a
        character, 11pt of cell padding), then given to Typst as fractions.
        """
        # a redline prints its deletions too: they take room in the column
        texts = [[plain_text(_shown(c), self.doc.numbers) for c in row] for row in (t.header, *t.rows)]
        cells = [[r[j] for r in texts if j < len(r)] for j in range(ncols)]
        pieces = [max((len(p) for c in col for w in c.split() for p in break_pieces(w)), default=0) for col in cells]
        natural = [5.5 * max((len(c) for c in col), default=0) + 11 for col in cells]
        available = 453 - 28.35 * self.indent  # A4 less 2 x 2.5cm margins, in pt
        if sum(natural) <= available:
            return str(ncols)
        least = [5.5 * p + 11 for p in pieces]
        wanted = [min(n, available * 0.45) for n in natural]
        spare = available - sum(least)
        extra = [max(0.0, w - m) for w, m in zip(wanted, least)]
        if spare > 0 and sum(extra) > 0:
            widths = [m + spare * e / sum(extra) for m, e in zip(least, extra)]
        else:
            widths = least
        return "(" + ", ".join(f"{w:.0f}fr" for w in widths) + ",)"

    def figure(self, f: Figure) -> str:
        """A figure's SVG as an image in an embedded font, its caption below."""
        # svg.py names sans fonts that are never installed here; use an embedded one.
        svg = re.sub(r"font-family=(['\"])[^'\"]*\1", "font-family='Libertinus Serif'", figure_svg(f))
        # An opaque backdrop would hide the DRAFT mark behind the picture.
        svg = re.sub(
            r"(<rect width=(['\"])\d+\2 height=(['\"])\d+\3) fill=(['\"])white\4", r"\1 fill='none'", svg, count=1
        )
        caption = f", caption: [{escape(f.caption)}]" if f.caption else ""
        return (
            f'#figure(image(bytes({string(svg)}), format: "svg", width: 100%, alt: {string(f.caption)})'
            f"{caption}, numbering: none, kind: image)"
        )


def _shown(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inlines with their deletions made insertions: all the text a redline prints."""
    if not any(isinstance(i, MARKS) for i in inlines):
        return inlines
    return tuple(
        Inserted(_shown(i.children))
        if isinstance(i, Deleted)
        else type(i)(_shown(i.children))
        if isinstance(i, MARKS)
        else i
        for i in inlines
    )
