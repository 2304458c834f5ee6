"""The PDF's page furniture: page set-up with header and footer, title block, legend, contents list."""

from __future__ import annotations

from ...dates import version_line
from ...docmodel import Block, Clause, Revised
from ..marks import legend, meta_line
from .inline import InlineMarkup
from .markup import escape, label


class Furniture(InlineMarkup):
    """Writes the page set-up, the title block, a redline's legend and the contents list."""

    def page(self) -> str:
        """#set page: A4, the header from page 2, "Page X of Y", a draft's watermark."""
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
        """Title, subtitle and version line over a rule (a draft says so)."""
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

    def toc(self) -> str:
        """The contents list: sections and their titled clauses ("" without two sections)."""
        if not self.doc.contents:
            return ""
        entries = []
        for b in self.doc.blocks:
            b, change = unrevised(b)
            if not isinstance(b, Clause):
                continue
            entries.append(self.toc_entry(b, 1, change))
            for c, ch in map(unrevised, b.children):
                if isinstance(c, Clause) and c.title:
                    entries.append(self.toc_entry(c, 2, ch or change))
        if sum(isinstance(unrevised(b)[0], Clause) for b in self.doc.blocks) < 2:
            return ""
        return (
            "#block(width: 100%, below: 2em)[\n"
            "  #show link: set text(fill: ink)\n"
            '  #text(size: 12.5pt, weight: "bold")[Contents]\n' + "".join(f"  {e}\n" for e in entries) + "]"
        )

    def toc_entry(self, c: Clause, level: int, change: str = "") -> str:
        """One line of the contents list, linked to its clause."""
        number = "none"
        if self.doc.numbered and c.number:
            number = f"[{self.mark(escape(self.number_text(c)), change)}]"
        return f"#tocentry({level}, {number}, [{self.mark(self.title_markup(c), change)}], {label(c.id)})"


def unrevised(b: Block) -> tuple[Block, str]:
    """A block and its change: the block inside a Revised one, else the block and ""."""
    return (b.block, b.change) if isinstance(b, Revised) else (b, "")
