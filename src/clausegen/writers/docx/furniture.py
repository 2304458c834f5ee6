"""The page furniture of a Word document: title block, contents list, headers and footers.

The title block opens the document (a redline's title lines marked as
changes), the contents list is a TOC field with its entries pre-rendered
(fields.py), and every header carries the title and version over a rule,
every footer "Page X of Y", a draft's header the DRAFT mark and watermark.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml import parse_xml as _xml
from docx.oxml.ns import qn as _qn
from docx.shared import Twips as _twips
from docx.text.paragraph import Paragraph as _Paragraph

from ...dates import version_line
from ...docmodel import Inline, marked_number
from .body import Body
from .fields import TOC_FIELD, field_begin, field_end
from .revisions import whole_change
from .text import Element, W

# Word's own "DRAFT" watermark: a pale diagonal word behind the text of every
# page, anchored in the header (Design > Watermark writes the same shape).
WATERMARK = (
    f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
    '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
    '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>'
    '</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:415pt;height:138pt;rotation:315;z-index:-251657216;'
    "mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;"
    'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d8d8d8" stroked="f">'
    '<v:fill opacity=".5"/><v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="DRAFT"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
)


class Furniture(Body):
    """Writes the title block, the contents list and the headers and footers."""

    def title_block(self) -> None:
        """Title, subtitle and version line (a redline's marked where they changed)."""
        m = self.doc.meta
        marked = dict(m.marked)
        details = [version_line(m.version, m.date)] if version_line(m.version, m.date) else []
        for field, style, text in (
            ("title", "Title", m.title),
            ("subtitle", "Subtitle", m.subtitle),
            ("details", "Document Details", "  \u00b7  ".join(details)),
        ):
            if field in marked:
                self.marked_line(self.para(style)._p, marked[field])
            elif field == "title" or text:
                self.run(self.para(style)._p, text)

    def marked_line(self, p: Element, inlines: Sequence[Inline]) -> None:
        """A line of a redline's title page: added or removed whole, its paragraph mark too."""
        self.inlines(p, inlines)
        if whole_change(inlines):
            self.revisions.mark_paragraph(p, whole_change(inlines), runs=False)

    def toc(self) -> None:
        """TOC field with its entries now, each with a PAGEREF to its page.

        LibreOffice does not rebuild a TOC on opening but does lay out
        PAGEREF fields, so the cached entries show their page numbers there;
        Word rebuilds the whole field (settings ask it to update fields).
        No page break after the list: a list that spills a few lines onto a
        second page would leave that page nearly empty.
        """
        entries = self.bookmarks.toc_entries
        if sum(1 for e in entries if e.depth == 1) < 2:
            return
        self.run(self.para("TOC Heading")._p, "Contents")
        last = len(entries) - 1
        for k, entry in enumerate(entries):
            c, change = entry.clause, entry.change
            p = self.para(f"toc {entry.depth}")._p
            if k == 0:
                # dirty: Word offers to rebuild it on opening
                field_begin(p, TOC_FIELD, dirty=True)
            name = self.bookmarks.names[c.id]
            link = _xml(f'<w:hyperlink {W} w:anchor="{name}" w:history="1"/>')
            p.append(link)
            if self.doc.numbered and c.number:
                self.inlines(link, marked_number(c))
                self.run(link, "\t")
            if c.marked_title:
                self.inlines(link, c.marked_title)
            else:
                self.run(link, c.title)
            self.run(link, "\t")
            self.field(link, f"PAGEREF {name} \\h", "")
            if change:  # the entry's own runs only: the TOC field's begin and end stay
                self.revisions.wrap_runs(link, change)
                self.revisions.mark_paragraph(p, change, runs=False)
            if k == last:
                field_end(p)

    def headers_and_footers(self, section: Any) -> None:
        """Title and version on top, "Page X of Y" below, DRAFT on every page."""
        m = self.doc.meta
        pairs = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            pairs.append((section.first_page_header, section.first_page_footer))
        if self.document.settings.odd_and_even_pages_header_footer:
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            header.is_linked_to_previous = False
            footer.is_linked_to_previous = False
            for part in (header, footer):
                for child in list(part._element):
                    part._element.remove(child)
            if self.draft:
                p = header.add_paragraph()
                p._p.style = self.style("Header")
                p.paragraph_format.alignment = 1  # centre
                p.paragraph_format.space_after = _twips(60)
                self.run(p._p, "Draft", "Draft Mark")
                p._p.append(_xml(WATERMARK))
            p = header.add_paragraph()
            p._p.style = self.style("Header")
            _bottom_rule(p._p)
            self.right_tab_only(p)
            self.run(p._p, m.title)
            if version_line(m.version, m.date):  # the same facts as the PDF's header
                self.run(p._p, "\t" + version_line(m.version, m.date))
            p = footer.add_paragraph()
            p._p.style = self.style("Footer")
            self.run(p._p, "Page ")
            self.field(p._p, "PAGE", "1")
            self.run(p._p, " of ")
            self.field(p._p, "NUMPAGES", "1")

    def right_tab_only(self, p: _Paragraph) -> None:
        """One tab stop, at the right margin: the style's own stops are cleared."""
        from docx.enum.text import WD_TAB_ALIGNMENT

        stops = p.paragraph_format.tab_stops
        style = self.document.styles.element.get_by_id(self.style("Header"))
        seen = set()
        while style is not None:
            ppr = style.pPr
            for tab in ppr.findall(_qn("w:tabs") + "/" + _qn("w:tab")) if ppr is not None else ():
                pos = int(tab.get(_qn("w:pos")))
                if pos not in seen and pos != self.text_width and tab.get(_qn("w:val")) != "clear":
                    stops.add_tab_stop(_twips(pos), WD_TAB_ALIGNMENT.CLEAR)
                seen.add(pos)
            based = style.basedOn_val
            style = self.document.styles.element.get_by_id(based) if based else None
        stops.add_tab_stop(_twips(self.text_width), WD_TAB_ALIGNMENT.RIGHT)


def _bottom_rule(p: Any) -> None:
    """A grey rule under the paragraph (its pBdr, placed in schema order)."""
    ppr = p.get_or_add_pPr()
    border = _xml(f'<w:pBdr {W}><w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr>')
    follows = (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
    )
    position = 0
    for k, child in enumerate(ppr):
        if child.tag.split("}")[1] in follows:
            position = k + 1
    ppr.insert(position, border)
