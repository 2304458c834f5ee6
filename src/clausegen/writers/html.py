"""HTML writer: one standalone, accessible page per document.

Semantic headings, a <nav> table of contents, an id on every clause,
cross-references as links, figures as inline SVG, a print stylesheet, and no
external resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..dates import version_line
from ..docmodel import (
    Block,
    BulletList,
    Clause,
    Deleted,
    Document,
    Emph,
    Figure,
    FillIn,
    Heading,
    Inline,
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
    ref_number,
    shown_number,
)
from .keep import EMAIL, email_pieces, kept_whole, unbroken_phones
from .marks import DELETED, has_marks, legend, marked, meta_line, row_change
from .options import WriterOptions
from .svg import figure_svg

CSS = """
:root { --ink: #1f2937; --muted: #4b5563; --accent: #1d4ed8; --rule: #d1d5db; }
body { font-family: "Libertinus Serif", "Linux Libertine", Georgia, "Times New Roman", serif; color: var(--ink);
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
header.doc { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; }
header.doc p { color: var(--muted); margin: .2rem 0; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
nav.toc { border: 1px solid var(--rule); padding: .5rem 1rem; margin-bottom: 2rem; }
nav.toc ol { list-style: none; padding-left: 1rem; }
nav.toc > ol { padding-left: 0; }
section.clause { margin: .6rem 0; }
.num { font-weight: bold; margin-right: .4rem; }
.level-3 { margin-left: 2rem; } .level-4 { margin-left: 4rem; } .level-5 { margin-left: 6rem; }
.run-in { font-weight: bold; }
dfn { font-style: normal; font-weight: bold; }
.email > span { white-space: nowrap; }
.fill { background: #fef3c7; border-bottom: 1px dashed #b45309; padding: 0 .2rem; }
.note { border-left: 4px solid var(--accent); background: #eff6ff; padding: .5rem 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid var(--rule); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f4f6; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-style: italic; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li::before { content: "\\2610\\00a0"; }
.signature { border: 1px solid var(--rule); padding: 1rem; margin: 1rem 0; break-inside: avoid; }
.signature .line { border-bottom: 1px solid var(--ink); height: 1.8rem; margin-bottom: .2rem; }
.signature .label { color: var(--muted); font-size: .85rem; margin-bottom: .6rem; }
a { color: var(--accent); }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  table, tr, figure, .signature, .keep { break-inside: avoid; }
  thead { display: table-header-group; }
  .pagebreak { break-before: page; }
  @page { margin: 2cm; }
}
""".strip()

# Only in a redline (a document with marks), after CSS. Insertions are
# double-underlined and deletions struck through, as in a lawyer's
# comparison: the marks survive greyscale printing, colour only adds to
# them. A whole block added or removed, and a paragraph or row with
# changes, also get a bar in the margin, as Word shows.
REDLINE_CSS = """
ins { text-decoration: underline double; text-decoration-skip-ink: none; color: #1d4ed8; background: none; }
del { text-decoration: line-through; color: #b91c1c; background: none; }
ins.block, del.block { display: block; border-left: 3px solid; padding-left: .8rem; margin-left: -1.1rem; }
ins.block { border-left-style: double; border-left-width: 4px; }
.changed { border-left: 2px solid var(--muted); padding-left: .8rem; margin-left: -1rem; }
ins.block .changed, del.block .changed { border-left: none; padding-left: 0; margin-left: 0; }
tr.row-inserted > td:first-child, tr.row-deleted > td:first-child { border-left: 3px solid; }
tr.row-inserted > td:first-child { border-left-color: #1d4ed8; }
tr.row-deleted > td:first-child { border-left-color: #b91c1c; }
p.legend { border: 1px solid var(--rule); padding: .3rem .6rem; font-size: .9rem; }
p.legend ins, p.legend del { margin: 0 .15rem; }
""".strip()


def text(s: str) -> str:
    """Text as HTML; an e-mail address may wrap only after its `@` and dots.

    Each piece is a nowrap span with a <wbr> between pieces: a browser would
    otherwise break the address at a hyphen, in a narrow table cell above all.
    """
    s = unbroken_phones(s)  # a phone number never wraps inside
    out, pos = [], 0
    for m in EMAIL.finditer(s):
        out.append(escape(s[pos : m.start()], quote=False))
        pieces = "<wbr>".join(f"<span>{escape(p, quote=False)}</span>" for p in email_pieces(m.group()))
        out.append(f'<span class="email">{pieces}</span>')
        pos = m.end()
    out.append(escape(s[pos:], quote=False))
    return "".join(out)


def anchor(clause_id: str) -> str:
    """The HTML id of a clause."""
    return "c-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in clause_id)


def write(doc: Document, options: WriterOptions | None = None) -> bytes:
    """Render a document as a standalone HTML5 page (UTF-8)."""
    return _Writer(doc, options or {}).render().encode("utf-8")


class _Writer:
    def __init__(self, doc: Document, options: WriterOptions):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        self.out: list[str] = []
        # a redline gets the marks' styles and a legend; any other document is as before
        self.redline = has_marks(doc)

    def render(self) -> str:
        m = self.doc.meta
        facts = version_line(m.version, m.date)
        head = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(m.title)}</title>",
            f"<style>\n{CSS}\n{REDLINE_CSS}\n</style>" if self.redline else f"<style>\n{CSS}\n</style>",
            "</head>",
            "<body>",
            '<header class="doc">',
            f"<h1>{self.meta_html('title', m.title)}</h1>",
        ]
        if self.draft:
            head.append("<p><strong>DRAFT</strong></p>")
        if m.subtitle or meta_line(m, "subtitle"):
            head.append(f"<p>{self.meta_html('subtitle', m.subtitle)}</p>")
        if facts or meta_line(m, "details"):
            head.append(f"<p>{self.meta_html('details', facts)}</p>")
        if self.redline:
            head.append(f'<p class="legend">{self.legend()}</p>')
        head.append("</header>")
        front, rest = self.doc.split_front()
        self.out = head + ["<main>"]
        for b in front:
            self.block(b)
        # Inside <main> when blocks precede it: what a reader needs first comes first.
        toc = self.toc()
        if toc and front:
            self.out.append(toc)
        elif toc:
            self.out.insert(len(head), toc)
        for b in rest:
            self.block(b)
        self.out += ["</main>", "</body>", "</html>"]
        return "\n".join(self.out) + "\n"

    def toc(self) -> str:
        if not self.doc.contents:
            return ""
        items = []
        for b in self.doc.blocks:
            b, change = _unrevised(b)
            if isinstance(b, Clause):
                sub = "".join(
                    f'<li><a href="#{anchor(c.id)}">{self.mark_html(self.label_html(c), ch or change)}</a></li>'
                    for c, ch in map(_unrevised, b.children)
                    if isinstance(c, Clause) and c.title
                )
                items.append(
                    f'<li><a href="#{anchor(b.id)}">{self.mark_html(self.label_html(b), change)}</a>'
                    + (f"<ol>{sub}</ol>" if sub else "")
                    + "</li>"
                )
        return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{"".join(items)}</ol></nav>'

    def label(self, c: Clause) -> str:
        return f"{shown_number(c)} {c.title}".strip() if c.number else c.title

    def label_html(self, c: Clause) -> str:
        """A clause's number and title as HTML, the title with its marks in a redline."""
        if not c.marked_title:
            return escape(self.label(c))
        title = self.inlines(c.marked_title)
        return f"{escape(shown_number(c))} {title}" if c.number else title

    def title_html(self, c: Clause) -> str:
        """A clause's title as HTML (with its marks in a redline)."""
        return self.inlines(c.marked_title) if c.marked_title else escape(c.title)

    def meta_html(self, name: str, plain: str) -> str:
        """A title-page line: the marked one of a redline, else the plain text."""
        line = meta_line(self.doc.meta, name)
        return self.inlines(line) if line is not None else escape(plain)

    def legend(self) -> str:
        """The key to the marks, its two words for them shown as they are marked."""
        ins, dele = (escape(legend(k)) for k in ("inserted_sample", "deleted_sample"))
        return f"<ins>{ins}</ins> <del>{dele}</del> {escape(legend())} {escape(legend('bar'))}"

    @staticmethod
    def mark_html(html: str, change: str) -> str:
        """HTML inside the element of a change ("" leaves it unmarked)."""
        if not change or not html:
            return html
        tag = "del" if change == DELETED else "ins"
        return f"<{tag}>{html}</{tag}>"

    # -- inlines -----------------------------------------------------------------

    def inlines(self, items: Sequence[Inline]) -> str:
        out = []
        for i in items:
            if isinstance(i, Text):
                out.append(text(i.text))
            elif isinstance(i, Strong):
                out.append(f"<strong>{self.inlines(i.children)}</strong>")
            elif isinstance(i, Emph):
                out.append(f"<em>{self.inlines(i.children)}</em>")
            elif isinstance(i, TermDef):
                out.append(f"<dfn>\u201c{escape(i.term)}\u201d</dfn>")
            elif isinstance(i, TermUse):
                out.append(escape(i.text, quote=False))
            elif isinstance(i, Ref):
                number = ref_number(i, self.doc.numbers)
                out.append(f'<a href="#{anchor(i.target)}">{escape(number)}</a>')
            elif isinstance(i, FillIn):
                out.append(f'<span class="fill">[{escape(i.label)}]</span>')
            elif isinstance(i, Inserted):
                out.append(f"<ins>{self.inlines(i.children)}</ins>")
            elif isinstance(i, Deleted):
                out.append(f"<del>{self.inlines(i.children)}</del>")
        return "".join(out)

    # -- blocks ------------------------------------------------------------------

    def block(self, b: Block) -> None:
        o = self.out
        if isinstance(b, Clause):
            self.clause(b)
        elif isinstance(b, Paragraph):
            cls = ' class="note"' if b.style == "note" else ""
            if not cls and self.redline and marked(b.inlines):
                cls = ' class="changed"'
            o.append(f"<p{cls}>{self.inlines(b.inlines)}</p>")
        elif isinstance(b, Heading):
            level = min(6, b.level + 1)
            o.append(f"<h{level}>{self.inlines(b.inlines)}</h{level}>")
        elif isinstance(b, (BulletList, OrderedList)):
            o.append(self.list(b))
        elif isinstance(b, Table):
            o.append(self.table(b))
        elif isinstance(b, Figure):
            o.append(f"<figure>{figure_svg(b)}<figcaption>{escape(b.caption)}</figcaption></figure>")
        elif isinstance(b, SignatureBlock):
            lines = "".join(f'<div class="line"></div><div class="label">{escape(x)}</div>' for x in b.lines)
            o.append(
                f'<div class="signature"><p><strong>{escape(b.caption)} {escape(b.party)}</strong></p>{lines}</div>'
            )
        elif isinstance(b, PageBreak):
            o.append('<div class="pagebreak"></div>')
        elif isinstance(b, Revised):
            # <ins>/<del> may hold whole blocks (their content is transparent):
            # the decoration reaches every line of text inside
            tag = "del" if b.change == DELETED else "ins"
            o.append(f'<{tag} class="block">')
            self.block(b.block)
            o.append(f"</{tag}>")

    def rendered(self, b: Block) -> str:
        """One block as HTML, outside the page being written (inside a list item)."""
        saved, self.out = self.out, []
        self.block(b)
        html, self.out = "\n".join(self.out), saved
        return html

    def clause(self, c: Clause) -> None:
        o = self.out
        ident = anchor(c.id)
        if c.level == 1:
            o.append(f'<section id="{ident}" class="clause level-1">')
            o.append(f"<h2>{self.label_html(c)}</h2>")
            rest = list(c.blocks)
        elif not self.doc.numbered and c.title:
            o.append(f'<section id="{ident}" class="clause level-{c.level}">')
            o.append(f"<h3>{self.title_html(c)}</h3>")
            rest = list(c.blocks)
        else:
            keep = " keep" if kept_whole(c) else ""
            o.append(f'<section id="{ident}" class="clause level-{c.level}{keep}">')
            lead = f'<span class="num">{escape(c.number)}</span>' if c.number else ""
            if c.title:
                lead += f'<span class="run-in">{self.title_html(c)}.</span> '
            first, rest = c.lead()
            if first is not None:
                cls = ' class="changed"' if self.redline and (marked(first.inlines) or c.marked_title) else ""
                o.append(f"<p{cls}>{lead}{self.inlines(first.inlines)}</p>")
            elif lead:
                cls = ' class="changed"' if self.redline and c.marked_title else ""
                o.append(f"<p{cls}>{lead}</p>")
        for b in rest:
            self.block(b)
        for child in c.children:
            self.block(child)  # a clause, or in a redline a Revised one
        for b in c.after:
            self.block(b)
        o.append("</section>")

    def list(self, lst: BulletList | OrderedList) -> str:
        tag = "ol" if isinstance(lst, OrderedList) else "ul"
        cls = ' class="checklist"' if isinstance(lst, BulletList) and lst.checklist else ""
        items = []
        for item in lst.items:
            parts, changed = [], False
            for b in item:
                if isinstance(b, Paragraph):
                    parts.append(self.inlines(b.inlines))
                    changed = changed or (self.redline and marked(b.inlines))
                elif isinstance(b, (BulletList, OrderedList)):
                    parts.append(self.list(b))
                elif isinstance(b, Revised) and isinstance(b.block, Paragraph):
                    # an item added or removed reads as text, as the item beside it
                    parts.append(self.mark_html(self.inlines(b.block.inlines), b.change))
                    changed = True
                elif isinstance(b, Revised):
                    parts.append(self.rendered(b))
            li = '<li class="changed">' if changed else "<li>"
            items.append(f"{li}{''.join(parts)}</li>")
        return f"<{tag}{cls}>{''.join(items)}</{tag}>"

    def table(self, t: Table) -> str:
        head = "".join(f'<th scope="col">{self.inlines(c)}</th>' for c in t.header)
        rows = "".join(self.row(t, k, r) for k, r in enumerate(t.rows))
        caption = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"

    def row(self, t: Table, k: int, cells: Sequence[tuple[Inline, ...]]) -> str:
        """A body row; an inserted or deleted one has every cell marked and a class for its bar."""
        change = row_change(t, k)
        tr = f'<tr class="row-{change}">' if change else "<tr>"
        return tr + "".join(f"<td>{self.mark_html(self.inlines(c), change)}</td>" for c in cells) + "</tr>"


def _unrevised(b: Block) -> tuple[Block, str]:
    """A block and its change: the block inside a Revised one, else the block and ""."""
    return (b.block, b.change) if isinstance(b, Revised) else (b, "")
