"""HTML writer: one standalone, accessible page per document.

Semantic headings, a <nav> table of contents, an id on every clause,
cross-references as links, figures as inline SVG, a print stylesheet, and no
external resources.
"""

from __future__ import annotations

from html import escape

from ..dates import version_line
from ..docmodel import (
    shown_number,
    BulletList,
    Clause,
    Document,
    Emph,
    FillIn,
    Figure,
    Heading,
    OrderedList,
    PageBreak,
    Paragraph,
    Ref,
    SignatureBlock,
    Strong,
    Table,
    TermDef,
    TermUse,
    Text,
)
from .keep import EMAIL, email_pieces, kept_whole, unbroken_phones
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


def write(doc: Document, options: dict | None = None) -> bytes:
    """Render a document as a standalone HTML5 page (UTF-8)."""
    return _Writer(doc, options or {}).render().encode("utf-8")


class _Writer:
    def __init__(self, doc: Document, options: dict):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        self.out: list[str] = []

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
            f"<style>\n{CSS}\n</style>",
            "</head>",
            "<body>",
            '<header class="doc">',
            f"<h1>{escape(m.title)}</h1>",
        ]
        if self.draft:
            head.append('<p><strong>DRAFT</strong></p>')
        if m.subtitle:
            head.append(f"<p>{escape(m.subtitle)}</p>")
        if facts:
            head.append(f"<p>{escape(facts)}</p>")
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
            if isinstance(b, Clause):
                sub = "".join(
                    f'<li><a href="#{anchor(c.id)}">{escape(self.label(c))}</a></li>' for c in b.children if c.title
                )
                items.append(
                    f'<li><a href="#{anchor(b.id)}">{escape(self.label(b))}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>"
                )
        return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{"".join(items)}</ol></nav>'

    def label(self, c: Clause) -> str:
        return f"{shown_number(c)} {c.title}".strip() if c.number else c.title

    # -- inlines -----------------------------------------------------------------

    def inlines(self, items) -> str:
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
                number = self.doc.numbers.get(i.target, "??")
                out.append(f'<a href="#{anchor(i.target)}">{escape(number)}</a>')
            elif isinstance(i, FillIn):
                out.append(f'<span class="fill">[{escape(i.label)}]</span>')
        return "".join(out)

    # -- blocks ------------------------------------------------------------------

    def block(self, b) -> None:
        o = self.out
        if isinstance(b, Clause):
            self.clause(b)
        elif isinstance(b, Paragraph):
            cls = ' class="note"' if b.style == "note" else ""
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
            o.append(f'<div class="signature"><p><strong>{escape(b.caption)} {escape(b.party)}</strong></p>{lines}</div>')
        elif isinstance(b, PageBreak):
            o.append('<div class="pagebreak"></div>')

    def clause(self, c: Clause) -> None:
        o = self.out
        ident = anchor(c.id)
        if c.level == 1:
            o.append(f'<section id="{ident}" class="clause level-1">')
            o.append(f"<h2>{escape(self.label(c))}</h2>")
            rest = list(c.blocks)
        elif not self.doc.numbered and c.title:
            o.append(f'<section id="{ident}" class="clause level-{c.level}">')
            o.append(f"<h3>{escape(c.title)}</h3>")
            rest = list(c.blocks)
        else:
            keep = " keep" if kept_whole(c) else ""
            o.append(f'<section id="{ident}" class="clause level-{c.level}{keep}">')
            lead = f'<span class="num">{escape(c.number)}</span>' if c.number else ""
            if c.title:
                lead += f'<span class="run-in">{escape(c.title)}.</span> '
            first, rest = c.lead()
            if first is not None:
                o.append(f"<p>{lead}{self.inlines(first.inlines)}</p>")
            elif lead:
                o.append(f"<p>{lead}</p>")
        for b in rest:
            self.block(b)
        for child in c.children:
            self.clause(child)
        for b in c.after:
            self.block(b)
        o.append("</section>")

    def list(self, lst) -> str:
        tag = "ol" if isinstance(lst, OrderedList) else "ul"
        cls = ' class="checklist"' if isinstance(lst, BulletList) and lst.checklist else ""
        items = []
        for item in lst.items:
            parts = []
            for b in item:
                if isinstance(b, Paragraph):
                    parts.append(self.inlines(b.inlines))
                elif isinstance(b, (BulletList, OrderedList)):
                    parts.append(self.list(b))
            items.append(f"<li>{''.join(parts)}</li>")
        return f"<{tag}{cls}>{''.join(items)}</{tag}>"

    def table(self, t: Table) -> str:
        head = "".join(f'<th scope="col">{self.inlines(c)}</th>' for c in t.header)
        rows = "".join("<tr>" + "".join(f"<td>{self.inlines(c)}</td>" for c in r) + "</tr>" for r in t.rows)
        caption = f"<caption>{escape(t.caption)}</caption>" if t.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
