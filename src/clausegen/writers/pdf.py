"""PDF writer: Typst markup emitted from the document model, compiled by typst.

No pandoc process: the writer prints Typst source (see `typst_source`) and
the typst wheel compiles it with the fonts it embeds (Libertinus Serif, New
Computer Modern, DejaVu Sans Mono), never the machine's, so every build
looks the same. Clause numbers are the resolved Clause.number strings;
cross-references are links to a label on the target clause. A fixed
timestamp makes two builds byte-identical.

All text goes through `escape`, so nothing in a clause can become Typst
syntax. Straight quotes are left to Typst's smart quotes (typographic
apostrophes in print); every other markup character is backslash-escaped.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..dates import version_line
from ..docmodel import (
    MARKS,
    BulletList,
    Clause,
    Deleted,
    Document,
    Emph,
    Figure,
    FillIn,
    Heading,
    Inserted,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    Revised,
    SignatureBlock,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
    plain_text,
    ref_number,
    shown_number,
    walk,
)
from .keep import email_pieces, introduces, kept_whole, unbroken_phones
from .marks import DELETED, has_marks, legend, marked, meta_line, row_change
from .svg import figure_svg

# The embedded fonts of the typst wheel, in fallback order. None has CJK glyphs.
FONTS = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")
# 1980-01-01, as in the DOCX zips: used when neither an epoch nor a date is known.
DEFAULT_EPOCH = 315532800

# Width of the number column at each clause level (level 1 = section heading).
# Level n's text starts where level n+1's number starts.
_NUMBER_WIDTH = {1: 1.25, 2: 1.25, 3: 1.5, 4: 1.75}
#: characters (about twelve lines) up to which a lead-in to a list is never split across pages
_WHOLE_LEAD_IN = 1200


def _long_lead_in(inlines) -> bool:
    """A paragraph of a few lines that ends in a colon (a short one is `introduces`)."""
    text = plain_text(inlines).rstrip()
    return text.endswith(":") and len(text) <= _WHOLE_LEAD_IN


PREAMBLE = r"""
#let ink = rgb("#1f2937")
#let muted = rgb("#4b5563")
#let accent = rgb("#1d4ed8")
#let rule = rgb("#9ca3af")
#set text(font: FONTS, size: 11pt, fill: ink, lang: "en", region: "gb")
#set par(justify: true, leading: 0.62em, spacing: 0.95em)
#set list(indent: 0.4em, body-indent: 0.6em, spacing: 0.7em)
#set enum(indent: 0.4em, body-indent: 0.6em, spacing: 0.7em)
#set table(stroke: 0.5pt + rule, inset: (x: 5pt, y: 4pt), fill: (_, y) => if y == 0 { luma(238) })
#show table: set par(justify: false)
// A row never starts on one page and ends on the next (the summary tables' rows are short).
#set table.cell(breakable: false)
#show table: set text(size: 10pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show figure.caption: set text(size: 9.5pt, style: "italic", fill: muted)
#show link: set text(fill: accent)
#show heading: set par(justify: false)
#show heading: it => block(above: 1.1em, below: 0.6em, sticky: true, text(size: 11pt, weight: "bold", style: "italic", it.body))
#show heading.where(level: 1): it => block(above: 1.7em, below: 1em, sticky: true, breakable: false)[
  #set text(size: 12.5pt, weight: "bold")
  #if it.numbering == none [#it.body] else [
    #set par(hanging-indent: NUMW1)
    #box(width: NUMW1)[#(it.numbering)()]#it.body
  ]
]
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.8em, sticky: true, text(size: 11.5pt, weight: "bold", it.body))
#show heading.where(level: 3): it => block(above: 1.2em, below: 0.7em, sticky: true, text(size: 11pt, weight: "bold", it.body))

#let term(body) = text(weight: "bold")[“#body”]
#let fillin(body) = underline(stroke: 0.6pt + rgb("#b45309"), offset: 2.5pt, evade: false, highlight(fill: rgb("#fef3c7"), extent: 1.5pt, top-edge: "ascender", bottom-edge: "descender")[\[#body\]])
#let note(body) = block(width: 100%, fill: rgb("#eff6ff"), stroke: (left: 2.5pt + accent), inset: (x: 10pt, y: 8pt), above: 1.1em, below: 1.1em, body)
#let checkbox = text(font: "DejaVu Sans Mono", size: 1.1em)[☐]
// A paragraph that must not end a page: a clause's title standing alone
// before its sub-clauses, or a lead-in ending in a colon. Spaced as a par.
#let keep(body) = block(sticky: true, spacing: 0.95em, body)
#let keepwhole(body) = block(sticky: true, breakable: false, spacing: 0.95em, body)
#let tablecaption(body) = block(sticky: true, above: 1.2em, below: 0.5em, text(size: 10pt, style: "italic", fill: muted, body))
#let signature(heading, labels) = block(breakable: false, width: 100%)[
  #set par(justify: false)
  #text(weight: "bold", heading)
  #v(0.3em)
  #grid(columns: (2.1cm, 1fr), row-gutter: 1.9em, align: (left + bottom, left + bottom),
    ..labels.map(l => (text(size: 10pt, fill: muted, l), box(width: 100%, height: 1.3em, stroke: (bottom: 0.5pt + ink)))).flatten())
]
#let signatures(..blocks) = block(width: 100%, above: 2em, below: 1.5em,
  grid(columns: (1fr, 1fr), column-gutter: 1.2cm, row-gutter: 2.2em, ..blocks.pos()))
#let tocentry(level, number, title, target) = {
  let indent = if level <= 1 { 0pt } else { NUMW1 }
  let width = if number == none { 0pt } else if level <= 1 { NUMW1 } else { NUMW2 }
  block(above: if level <= 1 { 0.75em } else { 0.45em }, below: 0.45em, inset: (left: indent))[
    #set par(justify: false, hanging-indent: width)
    #set text(weight: if level <= 1 { "bold" } else { "regular" })
    #link(target)[#if number != none { box(width: width, number) }#title]#h(0.5em)#box(width: 1fr, repeat(gap: 0.25em)[.])#box(width: 1.6em, align(right, context counter(page).at(target).first()))
  ]
}
""".strip()

# Only in a redline (a document with marks), after PREAMBLE. Insertions are
# double-underlined and deletions struck through, as in a lawyer's
# comparison: the marks survive greyscale printing, colour only adds to
# them. A block added or removed, a paragraph with changes and a changed
# table row get a bar in the left margin, as Word shows; `revised` and
# `changed` take the bar's distance from the text, so that every bar
# stands at the same place in the margin whatever the clause's indent.
REDLINE_PREAMBLE = r"""
#let inscolour = rgb("#1d4ed8")
#let delcolour = rgb("#b91c1c")
#let insmark(body) = underline(stroke: 0.5pt + inscolour, offset: 1.6pt, evade: false,
  underline(stroke: 0.5pt + inscolour, offset: 3.1pt, evade: false, text(fill: inscolour, body)))
#let delmark(body) = strike(stroke: 0.7pt + delcolour, text(fill: delcolour, body))
#let revised(change, outset, body) = block(width: 100%, above: 0.95em, below: 0.95em,
  stroke: (left: 1.5pt + if change == "inserted" { inscolour } else { delcolour }), outset: (left: outset),
  if change == "inserted" { insmark(body) } else { delmark(body) })
#let changed(outset, body) = block(width: 100%, spacing: 0.95em, stroke: (left: 1pt + muted), outset: (left: outset), body)
#let legend(body) = block(width: 100%, below: 1.4em, inset: (x: 6pt, y: 5pt), stroke: 0.5pt + rule, {
  set par(justify: false)
  text(size: 9.5pt, body)
})
""".strip()


def write(doc: Document, options: dict | None = None) -> bytes:
    """Render a document as a PDF (fonts embedded, byte-identical per epoch).

    options: "draft" (bool) marks every page; "source_date_epoch" (int) is
    the creation date; "font_paths" (optional list) adds font files or folders.
    """
    import typst

    options = options or {}
    source = typst_source(doc, options)
    return typst.compile(
        source.encode("utf-8"),
        format="pdf",
        # Only the embedded fonts, plus any font files the caller names (say a
        # CJK font shipped with an organisation's templates): never the machine's.
        font_paths=[str(p) for p in options.get("font_paths") or ()],
        ignore_system_fonts=True,
        timestamp=timestamp(doc, options),
    )


def typst_source(doc: Document, options: dict | None = None) -> str:
    """The Typst markup the PDF is compiled from."""
    return _Writer(doc, options or {}).render()


def timestamp(doc: Document, options: dict) -> int:
    """The PDF's creation date: source_date_epoch, else the document's date."""
    epoch = options.get("source_date_epoch")
    if epoch is not None:
        return int(epoch)
    try:
        day = datetime.strptime(doc.meta.date, "%Y-%m-%d")
    except ValueError:
        return DEFAULT_EPOCH
    return int(day.replace(tzinfo=UTC).timestamp())


# -- escaping -----------------------------------------------------------------------

# Every ASCII character that can start Typst syntax in markup, continue an
# embedded expression (`.`, `(`, `[`) right after an inline call such as
# `#link(...)[...]` or `#fillin[...]`, or end one: "the expression can
# forcibly be ended with a semicolon" and "you can escape a literal # or ;
# with a backslash" (Typst reference, Scripting), so an unescaped `;` after
# `#link(<x>)[4.1]` was swallowed and never printed. A backslash before any
# character is a valid Typst escape for that character.
_MARKUP = re.compile(r"([\\#$*_`<>@\[\]/~+=.()\-:;])")
_SPACE = re.compile(r"[\t\n\r\f\v\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# Typst lays out a word it cannot break in time that grows much faster than
# its length (a 100,000-character name took a minute). A word longer than
# any line is cut into boxes, each of which Typst lays out on its own.
_UNBREAKABLE = re.compile(r"\S{80,}")
_PIECE = 40


def escape(s: str) -> str:
    """Text as Typst markup that shows exactly that text (quotes become smart quotes)."""
    s = _CONTROL.sub("", _SPACE.sub(" ", s))
    if len(s) < 80 or not _UNBREAKABLE.search(s):
        return _escape_markup(s)
    out, pos = [], 0
    for m in _UNBREAKABLE.finditer(s):
        out.append(_escape_markup(s[pos : m.start()]))
        word = m.group()
        out.extend("#box[" + _escape_markup(word[k : k + _PIECE]) + "]" for k in range(0, len(word), _PIECE))
        pos = m.end()
    out.append(_escape_markup(s[pos:]))
    return "".join(out)


def _escape_markup(s: str) -> str:
    return _MARKUP.sub(r"\\\1", s)


# Long tokens (URLs, paths) may break after these characters, e-mail
# addresses (of any length) only after their `@` and dots: a break after the
# hyphen of "coastal-communities" reads as a word hyphenated, and Typst would
# otherwise break or hyphenate an address where it likes. Each piece goes in
# its own box, which Typst never breaks: a break opportunity between boxes
# adds no character to the text a reader copies (a zero-width space would).
_TOKEN = re.compile(r"\S{20,}|\S*@\S*")
_BREAK_AFTER = re.compile(r"(?<=[@./_\-])(?=[^\s@./_\-])")


def break_pieces(token: str) -> list[str]:
    """A token cut where a line may break inside it (an address only after `@` and dots)."""
    return email_pieces(token) if "@" in token else _BREAK_AFTER.split(token)


def prose(s: str) -> str:
    """Text as Typst markup; long tokens, e-mail and phone numbers break only where allowed."""
    s = unbroken_phones(s)
    out, pos = [], 0
    for m in _TOKEN.finditer(s):
        pieces = break_pieces(m.group())
        if len(pieces) > 1 or "@" in m.group():
            out.append(escape(s[pos : m.start()]))
            # (a piece too long for a line is cut into boxes by escape itself)
            out.append("".join(escape(p) if len(p) >= 80 else f"#box[{escape(p)}]" for p in pieces))
            pos = m.end()
    out.append(escape(s[pos:]))
    return "".join(out)


def string(s: str) -> str:
    """A Typst string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def label(clause_id: str) -> str:
    """The Typst label of a clause: <c-ID>, other characters spelled :hex:."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-.") else f":{ord(ch):x}:" for ch in clause_id)
    return f"<c-{safe}>"


def _cm(x: float) -> str:
    return f"{x:g}cm"


# Where a PageBreak was: Typst allows pagebreak() only outside containers
# (pad, list, block); inside one, a column break does the same job.
_BREAK = "\x00break"


def _join(parts: list[str], container: bool) -> str:
    out = []
    for p in parts:
        if p == _BREAK:
            p = "#colbreak(weak: true)" if container else "#pagebreak(weak: true)"
            if out and out[-1] == p:
                continue
        if p:
            out.append(p)
    return "\n\n".join(out)


class _Writer:
    def __init__(self, doc: Document, options: dict):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        # A label may appear once in a Typst document, and a link to a
        # missing label is an error: only clauses present get labels.
        self.labelled: set[str] = set()
        self.targets = {b.id for b in walk(doc.blocks) if isinstance(b, Clause)}
        self.indent = 0.0  # cm of clause indentation around what is being written
        # a redline gets the marks' definitions and a legend; any other document is as before
        self.redline = has_marks(doc)

    def render(self) -> str:
        m = self.doc.meta
        out = [
            PREAMBLE.replace("FONTS", "(" + ", ".join(string(f) for f in FONTS) + ")")
            .replace("NUMW1", _cm(_NUMBER_WIDTH[1]))
            .replace("NUMW2", _cm(_NUMBER_WIDTH[2])),
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
        return _join(out, container=False) + "\n"

    # -- page furniture --------------------------------------------------------------

    def page(self) -> str:
        m = self.doc.meta
        right_text = escape(version_line(m.version, m.date))
        if self.draft:
            right_text = ("#strong[DRAFT] · " + right_text) if right_text else "#strong[DRAFT]"
        header = (
            "context if here().page() > 1 { set text(size: 8.5pt, fill: muted); "
            f"grid(columns: (1fr, auto), column-gutter: 1em, [{escape(m.title)}], [{right_text}]); "
            "v(-0.4em); line(length: 100%, stroke: 0.4pt + rule) }"
        )
        footer = "context align(center, text(size: 8.5pt, fill: muted)[Page #counter(page).display() of #counter(page).final().first()])"
        background = "none"
        if self.draft:
            background = 'rotate(-50deg, text(size: 120pt, weight: "bold", fill: rgb("#dc2626").transparentize(85%), tracking: 0.1em)[DRAFT])'
        return (
            '#set page(paper: "a4", margin: (x: 2.5cm, top: 2.8cm, bottom: 2.6cm), header-ascent: 35%, footer-descent: 40%,\n'
            f"  header: {header},\n  footer: {footer},\n  background: {background})"
        )

    def title_block(self) -> str:
        m = self.doc.meta
        lines = [f'#text(size: 20pt, weight: "bold")[{self.meta_markup("title", m.title)}]']
        if m.subtitle or meta_line(m, "subtitle"):
            lines.append(f'#text(size: 13pt, style: "italic")[{self.meta_markup("subtitle", m.subtitle)}]')
        facts = version_line(m.version, m.date)
        if facts or meta_line(m, "details"):
            lines.append(f"#text(size: 10pt, fill: muted)[{self.meta_markup('details', facts)}]")
        if self.draft:
            lines.append('#text(size: 10pt, weight: "bold", fill: rgb("#dc2626"))[DRAFT: not for signature]')
        body = " \\\n".join(lines)
        return (
            "#block(width: 100%, below: 1.6em, inset: (bottom: 10pt), stroke: (bottom: 1.2pt + ink))[\n"
            f"  #set par(justify: false, leading: 0.7em)\n  {body}\n]"
        )

    def meta_markup(self, name: str, plain: str) -> str:
        """A title-page line: the marked one of a redline, else the plain text."""
        line = meta_line(self.doc.meta, name)
        return self.inlines(line) if line is not None else escape(plain)

    def legend(self) -> str:
        """The key to the marks, its two sample words shown as they are marked."""
        ins, dele = (escape(legend(k)) for k in ("inserted_sample", "deleted_sample"))
        return f"#legend[#insmark[{ins}] #delmark[{dele}] {escape(legend())} {escape(legend('bar'))}]"

    def title_markup(self, c: Clause) -> str:
        """A clause's title as markup (with its marks in a redline)."""
        return self.inlines(c.marked_title) if c.marked_title else escape(c.title)

    @staticmethod
    def mark(markup: str, change: str) -> str:
        """Markup shown as inserted or deleted ("" leaves it unmarked)."""
        if not change or not markup:
            return markup
        return f"#delmark[{markup}]" if change == DELETED else f"#insmark[{markup}]"

    def outset(self) -> str:
        """How far left of the text a margin bar stands: the same place at every indent."""
        return _cm(self.indent + 0.4)

    def toc(self) -> str:
        if not self.doc.contents:
            return ""
        entries = []
        for b in self.doc.blocks:
            b, change = _unrevised(b)
            if not isinstance(b, Clause):
                continue
            entries.append(self.toc_entry(b, 1, change))
            for c, ch in map(_unrevised, b.children):
                if isinstance(c, Clause) and c.title:
                    entries.append(self.toc_entry(c, 2, ch or change))
        if sum(isinstance(_unrevised(b)[0], Clause) for b in self.doc.blocks) < 2:
            return ""
        return (
            "#block(width: 100%, below: 2em)[\n"
            "  #show link: set text(fill: ink)\n"
            '  #text(size: 12.5pt, weight: "bold")[Contents]\n' + "".join(f"  {e}\n" for e in entries) + "]"
        )

    def toc_entry(self, c: Clause, level: int, change: str = "") -> str:
        number = "none"
        if self.doc.numbered and c.number:
            number = f"[{self.mark(escape(self.number_text(c)), change)}]"
        return f"#tocentry({level}, {number}, [{self.mark(self.title_markup(c), change)}], {label(c.id)})"

    def number_text(self, c: Clause) -> str:
        return shown_number(c)

    # -- inlines -------------------------------------------------------------------

    def inlines(self, items) -> str:
        out = []
        for i in items:
            if isinstance(i, Text):
                out.append(prose(i.text))
            elif isinstance(i, Strong):
                out.append(f"#strong[{self.inlines(i.children)}]")
            elif isinstance(i, Emph):
                out.append(f"#emph[{self.inlines(i.children)}]")
            elif isinstance(i, TermDef):
                out.append(f"#term[{escape(i.term)}]")
            elif isinstance(i, TermUse):
                out.append(prose(i.text))
            elif isinstance(i, Ref):
                number = escape(ref_number(i, self.doc.numbers))
                out.append(f"#link({label(i.target)})[{number}]" if i.target in self.targets else number)
            elif isinstance(i, FillIn):
                out.append(f"#fillin[{escape(i.label)}]")
            elif isinstance(i, Inserted):
                out.append(self.mark(self.inlines(i.children), "inserted"))
            elif isinstance(i, Deleted):
                out.append(self.mark(self.inlines(i.children), DELETED))
            else:
                raise TypeError(f"the PDF writer has no rule for the inline {type(i).__name__}")
        return "".join(out)

    # -- blocks ------------------------------------------------------------------------

    def blocks(self, seq) -> list[str]:
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
                parts.append(_BREAK)
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
        inner = _join(self.blocks((b.block,)), container=True)
        return f'#revised("{b.change}", {self.outset()})[\n{inner}\n]'

    def block(self, b) -> str:
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
                return f"#keep[#pad(left: -{_cm(self.indent)})[{heading}]]"
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

    def anchor(self, c: Clause) -> str:
        """The label to attach to a clause's first element ('' if already used)."""
        if c.id in self.labelled:
            return ""
        self.labelled.add(c.id)
        return label(c.id)

    def clause(self, c: Clause) -> list[str]:
        if c.level == 1:
            return self.section(c)
        if kept_whole(c):
            # An acknowledgement and its signature block: one unbreakable block.
            return [f"#block(breakable: false, width: 100%)[\n{_join(self.clause_parts(c), container=True)}\n]"]
        return self.clause_parts(c)

    def clause_parts(self, c: Clause) -> list[str]:
        if not self.doc.numbered:
            return self.unnumbered(c)
        width = _NUMBER_WIDTH.get(c.level, _NUMBER_WIDTH[4])
        lead = f"#box(width: {_cm(width)})[{escape(c.number)}]" if c.number else ""
        if c.title:
            lead += f"#strong[{self.title_markup(c)}.] "
        first, rest = c.lead()
        hanging = f"hanging-indent: {_cm(width)}" if c.number else ""
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
        while inner and inner[0] == _BREAK:
            hoisted = [inner.pop(0)]
        parts += hoisted
        if inner:
            parts.append(f"#pad(left: {_cm(width)})[\n{_join(inner, container=True)}\n]")
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

    def list(self, lst) -> str:
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
            items.append("[" + _join(parts, container=True) + "]")
        if isinstance(lst, OrderedList):
            head = "#enum("
        elif lst.checklist:
            head = "#list(marker: checkbox, "
        else:
            head = "#list("
        return head + ", ".join(items) + ")"

    def table(self, t: Table) -> str:
        ncols = max([len(t.header)] + [len(r) for r in t.rows] + [1])

        def cells(row, change: str = "") -> str:
            row = list(row) + [()] * (ncols - len(row))
            out = [f"[{self.mark(self.inlines(c), change)}]" for c in row]
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


def _unrevised(b):
    """A block and its change: the block inside a Revised one, else the block and ""."""
    return (b.block, b.change) if isinstance(b, Revised) else (b, "")


def _shown(inlines):
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
