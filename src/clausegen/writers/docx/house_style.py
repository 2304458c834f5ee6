"""clausegen's house style for Word: the look of every style the writer uses, as data.

Each `Style` is one w:style of styles.xml (pPr/rPr/table XML in schema
order); `house_styles` is the table of them all, with the house font, the
clause indents and the list step the numbering (numbering.py) and the body
(writer.py) use too. Applying the table to a package is styles.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import nsdecls

W = nsdecls("w")

# The house font of every format: the serif the typst wheel embeds for the PDF
# (writers/pdf/preamble.py FONTS) and HTML names first. Word has no font stack: the
# font table tells it to substitute a Times-like serif where it is missing.
FONT = "Libertinus Serif"
FONT_FALLBACK = "Times New Roman"
# The bullet characters (U+25AA among them) in a font every Word install has.
BULLET_FONT = "Arial"
TEXT_WIDTH_A4 = 11906 - 2 * 1440

# Where the number sits and where the text starts, per clause level (twips):
# wide enough for "12.10.3" at 11pt, and each level's text under the last.
CLAUSE_INDENTS = (
    (0, 720),
    (0, 720),
    (720, 1584),
    (1584, 2592),
    (2592, 3744),
    (3744, 4896),
    (4896, 6048),
    (6048, 7200),
    (7200, 8352),
)
# List items inside a clause: this much further in per nesting level.
LIST_STEP = 425


@dataclass(frozen=True)
class Style:
    """One style as WordprocessingML: pPr/rPr/table XML in schema order."""

    name: str
    kind: str = "paragraph"  # paragraph | character | table
    based_on: str = ""
    next: str = ""
    ppr: str = ""
    rpr: str = ""
    extra: str = ""  # tblPr, tblStylePr... (table styles)
    ui_priority: int = 0

    def xml(self, style_id: str, ids: dict[str, str], default: bool = False) -> str:
        """The w:style element, with this styleId; `ids` gives the styleIds of based-on and next styles."""
        custom = "" if self.name.lower() in _BUILTIN else ' w:customStyle="1"'
        flag = ' w:default="1"' if default else ""
        parts = [f'<w:style {W} w:type="{self.kind}"{flag}{custom} w:styleId="{style_id}">']
        parts.append(f'<w:name w:val="{self.name}"/>')
        if self.based_on:
            parts.append(f'<w:basedOn w:val="{ids.get(self.based_on.lower(), style_id_of(self.based_on))}"/>')
        if self.next:
            parts.append(f'<w:next w:val="{ids.get(self.next.lower(), style_id_of(self.next))}"/>')
        if self.ui_priority:
            parts.append(f'<w:uiPriority w:val="{self.ui_priority}"/>')
        parts.append("<w:qFormat/>")
        if self.ppr:
            parts.append(f"<w:pPr>{self.ppr}</w:pPr>")
        if self.rpr:
            parts.append(f"<w:rPr>{self.rpr}</w:rPr>")
        parts.append(self.extra)
        parts.append("</w:style>")
        return "".join(parts)


def style_id_of(name: str) -> str:
    """The styleId Word gives a style of this name ("toc 1" -> "TOC1")."""
    if name.lower().startswith("toc"):
        return "TOC" + "".join(ch for ch in name[3:].title() if ch.isalnum())
    return "".join(ch for ch in name.title() if ch.isalnum())


# Word's built-in style names (lower case in styles.xml).
_BUILTIN = {
    "normal",
    "title",
    "subtitle",
    "heading 1",
    "heading 2",
    "heading 3",
    "body text",
    "caption",
    "header",
    "footer",
    "toc heading",
    "toc 1",
    "toc 2",
    "list paragraph",
}


def spacing(before: int = 0, after: int = 120, line: int = 0) -> str:
    """w:spacing: space before and after (twips), and the line height (240ths of a line) when given."""
    line_attr = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_attr}/>'


def indent(left: int, hanging: int = 0) -> str:
    """w:ind: the left indent (twips), and the hanging first line when given."""
    return f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if hanging else f'<w:ind w:left="{left}"/>'


def size(half_points: int) -> str:
    """w:sz and w:szCs: the font size, in half points."""
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def clause_style_name(depth: int) -> str:
    """The paragraph style of a numbered clause at depth 1, 2, 3..."""
    return "Clause Heading 1" if depth == 1 else f"Clause {depth}"


def clause_body_style_name(depth: int) -> str:
    """The style of a clause's further, unnumbered paragraphs."""
    return f"Clause Body {depth}"


def house_styles(depth: int, text_width: int) -> list[Style]:
    """Every style the writer uses, with clausegen's own look."""
    grey = '<w:color w:val="595959"/>'
    styles = [
        Style("Normal"),
        Style("Body Text", based_on="Normal", ppr=spacing(0, 140)),
        Style(
            "Title",
            based_on="Normal",
            next="Subtitle",
            ppr="<w:keepNext/>" + spacing(0, 120, 240),
            rpr="<w:b/><w:bCs/>" + size(36),
            ui_priority=10,
        ),
        Style(
            "Subtitle",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/>" + spacing(0, 60),
            rpr='<w:color w:val="404040"/>' + size(26),
            ui_priority=11,
        ),
        Style("Document Details", based_on="Normal", next="Body Text", ppr=spacing(0, 360), rpr=grey + size(20)),
        Style(
            "Heading 1",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
            rpr="<w:b/><w:bCs/>" + size(28),
            ui_priority=9,
        ),
        Style(
            "Heading 2",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + spacing(240, 100) + '<w:outlineLvl w:val="1"/>',
            rpr="<w:b/><w:bCs/>" + size(24),
            ui_priority=9,
        ),
        Style(
            "Heading 3",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + spacing(200, 80) + '<w:outlineLvl w:val="2"/>',
            rpr="<w:b/><w:bCs/>" + size(22),
            ui_priority=9,
        ),
        Style(
            "Minor Heading",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + spacing(160, 60),
            rpr="<w:b/><w:bCs/><w:i/><w:iCs/>",
        ),
        # An unnumbered heading at the top level (an agreement's "Parties",
        # "Background"): looks like a section heading, outside the TOC.
        Style(
            "Part Heading",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + spacing(360, 120),
            rpr="<w:b/><w:bCs/>" + size(24),
        ),
        # The level-1 clause is the section heading; the TOC finds it by outline level.
        Style(
            clause_style_name(1),
            based_on="Normal",
            next=clause_style_name(2),
            ppr="<w:keepNext/><w:keepLines/>" + spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
            rpr="<w:b/><w:bCs/>" + size(24),
        ),
    ]
    for d in range(2, depth + 1):
        styles.append(
            Style(clause_style_name(d), based_on="Normal", next=clause_body_style_name(d), ppr=spacing(0, 120))
        )
    for d in range(1, depth + 1):
        styles.append(
            Style(
                clause_body_style_name(d),
                based_on="Body Text",
                ppr=spacing(0, 120) + indent(CLAUSE_INDENTS[min(d, 9) - 1][1]),
            )
        )
    styles += [
        Style(
            "Note",
            based_on="Normal",
            next="Body Text",
            ppr='<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="1F4E79"/></w:pBdr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="EEF3F8"/>' + spacing(120, 160),
            rpr=size(20),
        ),
        Style("List Paragraph", based_on="Normal", ppr=spacing(0, 80) + indent(720), ui_priority=34),
        Style("Table Text", based_on="Normal", ppr=spacing(40, 40, 240), rpr=size(20)),
        Style("Signature Text", based_on="Normal", ppr=spacing(0, 0, 240)),
        Style(
            "Caption",
            based_on="Normal",
            next="Body Text",
            ppr=spacing(60, 240),
            rpr='<w:i/><w:iCs/><w:color w:val="404040"/>' + size(18),
            ui_priority=35,
        ),
        Style(
            "TOC Heading",
            based_on="Normal",
            next="Normal",
            ppr="<w:keepNext/>" + spacing(0, 240),
            rpr="<w:b/><w:bCs/>" + size(24),
            ui_priority=39,
        ),
        Style(
            "toc 1",
            based_on="Normal",
            next="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
            + spacing(100, 20, 240)
            + indent(720, 720),
            rpr="<w:b/><w:bCs/>",
            ui_priority=39,
        ),
        Style(
            "toc 2",
            based_on="Normal",
            next="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
            + spacing(0, 20, 240)
            + indent(1440, 720),
            ui_priority=39,
        ),
        Style(
            "Header",
            based_on="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>' + spacing(0, 0, 240),
            rpr=grey + size(17),
        ),
        Style(
            "Footer",
            based_on="Normal",
            ppr=f'<w:tabs><w:tab w:val="center" w:pos="{text_width // 2}"/><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>'
            + spacing(0, 0, 240)
            + '<w:jc w:val="center"/>',
            rpr=grey + size(17),
        ),
        Style("Defined Term", kind="character", rpr="<w:b/><w:bCs/>"),
        Style("Clause Title", kind="character", rpr="<w:b/><w:bCs/>"),
        # Styles cannot carry w:highlight: the style shades, the run highlights.
        Style("Fill-in", kind="character", rpr='<w:shd w:val="clear" w:color="auto" w:fill="FFF200"/>'),
        Style(
            "Draft Mark",
            kind="character",
            rpr='<w:b/><w:bCs/><w:caps/><w:color w:val="C00000"/><w:spacing w:val="40"/>' + size(20),
        ),
        Style(
            "Clause Table",
            kind="table",
            based_on="Normal Table",
            ui_priority=59,
            rpr=size(20),
            extra="<w:tblPr><w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr>',
        ),
    ]
    return styles
