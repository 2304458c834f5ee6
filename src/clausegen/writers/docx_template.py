"""The Word package around the body: styles, numbering, page, settings, zip.

The DOCX writer (docx.py) fills the body; this module makes the file look
drafted in Word and come out byte-identical every time: named styles (or a
house template's, when given), one legal multilevel numbering scheme tied to
the clause styles, list numbering, A4 page set-up, settings, document
properties, and a zip with fixed dates, order and attributes.

python-docx cannot define numbering or most style details, so those are
written as WordprocessingML, in the element order the schema requires.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha1

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W = nsdecls("w")

# The house font of every format: the serif the typst wheel embeds for the PDF
# (writers/pdf.py FONTS) and HTML names first. Word has no font stack: the
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

# -- styles --------------------------------------------------------------------------


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
        custom = "" if self.name.lower() in _BUILTIN else ' w:customStyle="1"'
        flag = ' w:default="1"' if default else ""
        parts = [f'<w:style {W} w:type="{self.kind}"{flag}{custom} w:styleId="{style_id}">']
        parts.append(f'<w:name w:val="{self.name}"/>')
        if self.based_on:
            parts.append(f'<w:basedOn w:val="{ids.get(self.based_on.lower(), _id(self.based_on))}"/>')
        if self.next:
            parts.append(f'<w:next w:val="{ids.get(self.next.lower(), _id(self.next))}"/>')
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


def _id(name: str) -> str:
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


def _spacing(before: int = 0, after: int = 120, line: int = 0) -> str:
    line_attr = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_attr}/>'


def _ind(left: int, hanging: int = 0) -> str:
    return f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if hanging else f'<w:ind w:left="{left}"/>'


def _sz(half_points: int) -> str:
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
        Style("Body Text", based_on="Normal", ppr=_spacing(0, 140)),
        Style(
            "Title",
            based_on="Normal",
            next="Subtitle",
            ppr="<w:keepNext/>" + _spacing(0, 120, 240),
            rpr="<w:b/><w:bCs/>" + _sz(36),
            ui_priority=10,
        ),
        Style(
            "Subtitle",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/>" + _spacing(0, 60),
            rpr='<w:color w:val="404040"/>' + _sz(26),
            ui_priority=11,
        ),
        Style("Document Details", based_on="Normal", next="Body Text", ppr=_spacing(0, 360), rpr=grey + _sz(20)),
        Style(
            "Heading 1",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
            rpr="<w:b/><w:bCs/>" + _sz(28),
            ui_priority=9,
        ),
        Style(
            "Heading 2",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(240, 100) + '<w:outlineLvl w:val="1"/>',
            rpr="<w:b/><w:bCs/>" + _sz(24),
            ui_priority=9,
        ),
        Style(
            "Heading 3",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(200, 80) + '<w:outlineLvl w:val="2"/>',
            rpr="<w:b/><w:bCs/>" + _sz(22),
            ui_priority=9,
        ),
        Style(
            "Minor Heading",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(160, 60),
            rpr="<w:b/><w:bCs/><w:i/><w:iCs/>",
        ),
        # An unnumbered heading at the top level (an agreement's "Parties",
        # "Background"): looks like a section heading, outside the TOC.
        Style(
            "Part Heading",
            based_on="Normal",
            next="Body Text",
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(360, 120),
            rpr="<w:b/><w:bCs/>" + _sz(24),
        ),
        # The level-1 clause is the section heading; the TOC finds it by outline level.
        Style(
            clause_style_name(1),
            based_on="Normal",
            next=clause_style_name(2),
            ppr="<w:keepNext/><w:keepLines/>" + _spacing(360, 120) + '<w:outlineLvl w:val="0"/>',
            rpr="<w:b/><w:bCs/>" + _sz(24),
        ),
    ]
    for d in range(2, depth + 1):
        styles.append(
            Style(clause_style_name(d), based_on="Normal", next=clause_body_style_name(d), ppr=_spacing(0, 120))
        )
    for d in range(1, depth + 1):
        styles.append(
            Style(
                clause_body_style_name(d),
                based_on="Body Text",
                ppr=_spacing(0, 120) + _ind(CLAUSE_INDENTS[min(d, 9) - 1][1]),
            )
        )
    styles += [
        Style(
            "Note",
            based_on="Normal",
            next="Body Text",
            ppr='<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="1F4E79"/></w:pBdr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="EEF3F8"/>' + _spacing(120, 160),
            rpr=_sz(20),
        ),
        Style("List Paragraph", based_on="Normal", ppr=_spacing(0, 80) + _ind(720), ui_priority=34),
        Style("Table Text", based_on="Normal", ppr=_spacing(40, 40, 240), rpr=_sz(20)),
        Style("Signature Text", based_on="Normal", ppr=_spacing(0, 0, 240)),
        Style(
            "Caption",
            based_on="Normal",
            next="Body Text",
            ppr=_spacing(60, 240),
            rpr='<w:i/><w:iCs/><w:color w:val="404040"/>' + _sz(18),
            ui_priority=35,
        ),
        Style(
            "TOC Heading",
            based_on="Normal",
            next="Normal",
            ppr="<w:keepNext/>" + _spacing(0, 240),
            rpr="<w:b/><w:bCs/>" + _sz(24),
            ui_priority=39,
        ),
        Style(
            "toc 1",
            based_on="Normal",
            next="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
            + _spacing(100, 20, 240)
            + _ind(720, 720),
            rpr="<w:b/><w:bCs/>",
            ui_priority=39,
        ),
        Style(
            "toc 2",
            based_on="Normal",
            next="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
            + _spacing(0, 20, 240)
            + _ind(1440, 720),
            ui_priority=39,
        ),
        Style(
            "Header",
            based_on="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>' + _spacing(0, 0, 240),
            rpr=grey + _sz(17),
        ),
        Style(
            "Footer",
            based_on="Normal",
            ppr=f'<w:tabs><w:tab w:val="center" w:pos="{text_width // 2}"/><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>'
            + _spacing(0, 0, 240)
            + '<w:jc w:val="center"/>',
            rpr=grey + _sz(17),
        ),
        Style("Defined Term", kind="character", rpr="<w:b/><w:bCs/>"),
        Style("Clause Title", kind="character", rpr="<w:b/><w:bCs/>"),
        # Styles cannot carry w:highlight: the style shades, the run highlights.
        Style("Fill-in", kind="character", rpr='<w:shd w:val="clear" w:color="auto" w:fill="FFF200"/>'),
        Style(
            "Draft Mark",
            kind="character",
            rpr='<w:b/><w:bCs/><w:caps/><w:color w:val="C00000"/><w:spacing w:val="40"/>' + _sz(20),
        ),
        Style(
            "Clause Table",
            kind="table",
            based_on="Normal Table",
            ui_priority=59,
            rpr=_sz(20),
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


def apply_styles(document, depth: int, numbering: Numbering, house: bool, text_width: int) -> dict[str, str]:
    """Define the styles; with a house template keep its own, adding the missing.

    Returns the styleId of every style by lower-case name. The clause
    styles are always tied to clausegen's numbering, whoever defined them.
    """
    root = document.styles.element
    existing = {
        s.find(qn("w:name")).get(qn("w:val")).lower(): s
        for s in root.findall(qn("w:style"))
        if s.find(qn("w:name")) is not None
    }
    ids = {name: s.get(qn("w:styleId")) for name, s in existing.items()}
    if house:
        _house_defaults(root)
        _font_table(document)
        # python-docx's template defines ~140 sample table styles; ours needs two.
        for name, s in list(existing.items()):
            if s.get(qn("w:type")) == "table" and name not in ("normal table", "table grid"):
                root.remove(s)
                del existing[name], ids[name]
    for style in house_styles(depth, text_width):
        key = style.name.lower()
        old = existing.get(key)
        if old is not None and not house:
            continue
        if old is not None:
            style_id = old.get(qn("w:styleId"))
        else:
            style_id = _id(style.name)
            while style_id in ids.values():  # a house style of another name has the id
                style_id += "X"
        new = parse_xml(style.xml(style_id, ids, default=old is not None and old.get(qn("w:default")) in ("1", "true")))
        if old is not None:
            old.addprevious(new)
            root.remove(old)
        else:
            root.append(new)
        existing[key] = new
        ids[key] = style_id
    for d in range(1, depth + 1):
        _tie_to_numbering(existing[clause_style_name(d).lower()], numbering.clause_num, d - 1)
    numbering.link_clause_styles(ids)
    return ids


def _font_table(document) -> None:
    """Name the house font in the font table, with its fallback and family."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == FONT:
            root.remove(old)
    root.insert(
        0,
        parse_xml(
            f'<w:font {W} w:name="{FONT}"><w:altName w:val="{FONT_FALLBACK}"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        ),
    )
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _house_defaults(styles_root) -> None:
    """The house font (FONT) 11pt, British English, widow control, for everything."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_root.remove(defaults)
    styles_root.insert(
        0,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            + _sz(22)
            + '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"
            + _spacing(0, 120, 264)
            + "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


# pPr children in schema order (CT_PPrBase), so numPr lands where Word wants it.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _tie_to_numbering(style, num_id: int, ilvl: int) -> None:
    ppr = style.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f"<w:pPr {W}/>")
        anchor = style.find(qn("w:rPr"))
        if anchor is not None:
            anchor.addprevious(ppr)
        else:
            style.append(ppr)
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    num_pr = parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    later = _PPR_ORDER[_PPR_ORDER.index("numPr") + 1 :]
    for child in ppr:
        if child.tag.split("}")[1] in later:
            child.addprevious(num_pr)
            break
    else:
        ppr.append(num_pr)


# -- numbering -----------------------------------------------------------------------


@dataclass
class Numbering:
    """The numbering definitions this document adds to numbering.xml."""

    part: object
    clause_num: int = 0
    bullet_num: int = 0
    check_num: int = 0
    ordered_abstract: int = 0
    clause_abstract: object = None
    _next_abstract: int = 0

    def link_clause_styles(self, ids: dict[str, str]) -> None:
        """Point each clause level at its style's actual styleId."""
        for lvl in self.clause_abstract.findall(qn("w:lvl")):
            depth = int(lvl.get(qn("w:ilvl"))) + 1
            style_id = ids.get(clause_style_name(depth).lower())
            p_style = lvl.find(qn("w:pStyle"))
            if style_id:
                p_style.set(qn("w:val"), style_id)
            else:  # deeper than the document goes: no style to tie
                lvl.remove(p_style)

    def new_ordered_list(self) -> int:
        """A fresh w:num for one ordered list, restarting every level at 1."""
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="1"/></w:lvlOverride>' for k in range(9)
        )
        return self._num(self.ordered_abstract, overrides)

    def _num(self, abstract_id: int, overrides: str = "") -> int:
        root = self.part.element
        nums = [int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))]
        num_id = max(nums, default=0) + 1
        root.append(
            parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>')
        )
        return num_id

    def _abstract(self, name: str, kind: str, levels: str) -> int:
        root = self.part.element
        abstract_id = self._next_abstract
        self._next_abstract += 1
        nsid = sha1(name.encode()).hexdigest()[:8].upper()
        element = parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
            f'<w:multiLevelType w:val="{kind}"/><w:name w:val="{name}"/>{levels}</w:abstractNum>'
        )
        # every w:abstractNum must come before the first w:num
        first_num = root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            root.append(element)
        return abstract_id


def define_numbering(document, legal_lists: bool) -> Numbering:
    """Add the legal clause scheme, bullets, checklist boxes and ordered lists."""
    part = document.part.numbering_part
    root = part.element
    used = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    n = Numbering(part, _next_abstract=max(used, default=-1) + 1)

    clause_levels = []
    for k in range(9):
        number_at, text_at = CLAUSE_INDENTS[k]
        text = ".".join(f"%{j + 1}" for j in range(k + 1)) + ("." if k == 0 else "")
        clause_levels.append(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:pStyle w:val="{_id(clause_style_name(k + 1))}"/>'
            + ("<w:isLgl/>" if k else "")
            + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f"<w:pPr>{_ind(text_at, text_at - number_at)}</w:pPr></w:lvl>"
        )
    n.clause_num = n._num(n._abstract("clausegen clauses", "multilevel", "".join(clause_levels)))
    n.clause_abstract = root.find(f'{qn("w:abstractNum")}[@{qn("w:abstractNumId")}="{n._next_abstract - 1}"]')

    def list_levels(texts, fmt, font: str = "") -> str:
        out = []
        for k in range(9):
            rpr = (
                f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" w:hint="default"/></w:rPr>'
                if font
                else ""
            )
            out.append(
                f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt(k)}"/>'
                f'<w:lvlText w:val="{texts(k)}"/><w:lvlJc w:val="left"/>'
                f"<w:pPr>{_ind(LIST_STEP * (k + 1), LIST_STEP)}</w:pPr>{rpr}</w:lvl>"
            )
        return "".join(out)

    bullets = ("\u2022", "\u2013", "\u25aa")
    n.bullet_num = n._num(
        n._abstract(
            "clausegen bullets",
            "hybridMultilevel",
            list_levels(lambda k: bullets[k % 3], lambda k: "bullet", BULLET_FONT),
        )
    )
    n.check_num = n._num(
        n._abstract(
            "clausegen checklist", "hybridMultilevel", list_levels(lambda k: "\u2610", lambda k: "bullet", "MS Gothic")
        )
    )
    # Inside numbered clauses a list counts (a), (i), (A), as English drafting
    # does, so it never reads like a clause number; elsewhere steps count 1, 2, 3.
    if legal_lists:
        ordered = (("(%{})", "lowerLetter"), ("(%{})", "lowerRoman"), ("(%{})", "upperLetter"))
    else:
        ordered = (("%{}.", "decimal"), ("(%{})", "lowerLetter"), ("(%{})", "lowerRoman"))
    n.ordered_abstract = n._abstract(
        "clausegen steps",
        "hybridMultilevel",
        list_levels(lambda k: ordered[k % 3][0].format(k + 1), lambda k: ordered[k % 3][1]),
    )
    return n


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


# -- page, settings, properties -------------------------------------------------------


def a4_page(section) -> None:
    """A4 with 2.54 cm margins: the page English and European contracts use."""
    from docx.shared import Twips

    section.page_width, section.page_height = Twips(11906), Twips(16838)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(1440))
    section.header_distance = section.footer_distance = Twips(708)


# Settings that come after w:updateFields in CT_Settings.
_AFTER_UPDATE_FIELDS = [
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]


def settings(document, house: bool) -> None:
    """Ask Word to update fields on open (TOC page numbers); no preview picture."""
    root = document.settings.element
    for tag in ("updateFields", "savePreviewPicture"):
        for old in root.findall(qn(f"w:{tag}")):
            root.remove(old)
    update = parse_xml(f'<w:updateFields {W} w:val="true"/>')
    for child in root:
        if child.tag.split("}")[1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            break
    else:
        root.append(update)
    if house:
        for setting in root.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")


def drop_extras(document, house: bool) -> None:
    """Remove template leftovers: a stale thumbnail and stylesWithEffects, and
    python-docx's sample bibliography (customXml; a house template keeps its own).

    stylesWithEffects is optional, and a copy that disagrees with styles.xml
    makes Word repair the file.
    """
    document_rels = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",) + (
        (RT.CUSTOM_XML,) if house else ()
    )
    for owner, reltypes in ((document.part.package, (RT.THUMBNAIL,)), (document.part, document_rels)):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype in reltypes:
                owner.rels.pop(r_id)


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>clausegen</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def properties(document, title: str, subject: str, draft: bool, epoch: int | None, day: str = "") -> None:
    """Core properties set explicitly, so no clock leaks into the file.

    The date is SOURCE_DATE_EPOCH when given, else the regime's effective
    date (`day`, ISO), else a fixed date.
    """
    if epoch is not None:
        when = datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)
    elif day:
        when = datetime.fromisoformat(day)
    else:
        when = datetime(2000, 1, 1)
    cp = document.core_properties
    for child in list(cp._element):
        cp._element.remove(child)
    cp.title = _fit(title)
    cp.subject = _fit(subject)
    cp.author = "clausegen"
    cp.last_modified_by = "clausegen"
    cp.revision = 1
    cp.created = when
    cp.modified = when
    if draft:
        cp.content_status = "Draft"
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = APP_XML


PROPERTY_LIMIT = 255  # characters python-docx (and Word's dialog) allow in a core property


def _fit(text: str) -> str:
    """A core property value within the limit: cut with an ellipsis (the body keeps the whole)."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "\u2026"


def package_bytes(document) -> bytes:
    """The document's package as a reproducible zip (see zip_entries).

    The members are those python-docx's save writes, with the same bytes (a
    test compares the two), put into our zip directly: saving with
    python-docx and rewriting its zip compressed everything twice.
    """
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = list(package.parts)
    entries = {"[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob, "_rels/.rels": package.rels.xml}
    for part in parts:
        entries[part.partname.membername] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return zip_entries(entries)


def zip_entries(entries: dict[str, bytes]) -> bytes:
    """A zip of these members with fixed dates, attributes, compression and order."""
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, with plain rw-r--r-- permissions
            info.external_attr = 0o644 << 16
            dst.writestr(info, entries[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
