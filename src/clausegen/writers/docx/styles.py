"""The house style put into a Word package: styles.xml, document defaults and the font table.

With no reference document every style of house_style.py is defined (and
python-docx's sample table styles dropped); with a house template its own
styles stay and only the missing ones are added. Either way the result is
a `Stylesheet`: the styleId and element of every style by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .house_style import FONT, FONT_FALLBACK, W, house_styles, size, spacing, style_id_of
from .text import Element, WordDocument


@dataclass(frozen=True)
class Stylesheet:
    """The styles of a package, by lower-case name."""

    #: name -> styleId
    ids: dict[str, str]
    #: name -> its w:style element
    elements: dict[str, Element]


def apply_styles(document: WordDocument, depth: int, house: bool, text_width: int) -> Stylesheet:
    """Define the styles; with a house template keep its own, adding the missing.

    Returns the styleId and element of every style by lower-case name (the
    clause styles are then tied to clausegen's numbering, whoever defined
    them: numbering.py).
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
            new_id = old.get(qn("w:styleId"))
        else:
            new_id = style_id_of(style.name)
            while new_id in ids.values():  # a house style of another name has the id
                new_id += "X"
        new = parse_xml(style.xml(new_id, ids, default=old is not None and old.get(qn("w:default")) in ("1", "true")))
        if old is not None:
            old.addprevious(new)
            root.remove(old)
        else:
            root.append(new)
        existing[key] = new
        ids[key] = new_id
    return Stylesheet(ids, existing)


def _font_table(document: WordDocument) -> None:
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
    part._blob = serialize_part_xml(root)


def _house_defaults(styles_root: Element) -> None:
    """The house font (FONT) 11pt, British English, widow control, for everything."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_root.remove(defaults)
    styles_root.insert(
        0,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            + size(22)
            + '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"
            + spacing(0, 120, 264)
            + "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
