"""The package around an empty body, prepared once per process: page, settings, styles, numbering.

Opening python-docx's template and defining ~60 styles took about half of
the time of writing a short document, and it is the same for every
document with the same house style, depth and kind of lists; so it is done
once per process (`prepared`) and each document reopens the saved bytes.
A reference document (--reference-docx) supplies its own styles and page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from hashlib import sha1
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .house_style import TEXT_WIDTH_A4, W
from .numbering import Numbering, define_numbering
from .styles import apply_styles
from .text import WordDocument


def a4_page(section: Any) -> None:
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


def settings(document: WordDocument, house: bool) -> None:
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


def drop_extras(document: WordDocument, house: bool) -> None:
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


@dataclass(frozen=True)
class Prepared:
    """The package around an empty body, saved: styles, numbering, page, settings.

    Opening python-docx's template and defining ~60 styles took about half
    of the time of writing a short document, and it is the same for every
    document with the same house style, depth and kind of lists; so it is
    done once per process and the result reopened from its bytes.
    """

    data: bytes
    text_width: int
    #: (lower-case style name, styleId) of every style
    ids: tuple[tuple[str, str], ...]
    #: Numbering's counters: clause_num, bullet_num, check_num, ordered_abstract, clause abstract id, next abstract id
    numbering: tuple[int, int, int, int, str, int]

    def open(self) -> tuple[WordDocument, Numbering]:
        """A fresh python-docx Document of this package, with its Numbering."""
        import docx

        document = docx.Document(io.BytesIO(self.data))
        clause_num, bullet_num, check_num, ordered, clause_abstract, next_abstract = self.numbering
        part = document.part.numbering_part
        found = part.element.find(f'{qn("w:abstractNum")}[@{qn("w:abstractNumId")}="{clause_abstract}"]')
        numbering = Numbering(part, clause_num, bullet_num, check_num, ordered, found, next_abstract)
        return document, numbering


#: prepared packages of this process, by (reference document's digest or None, depth, legal lists)
_PREPARED: dict[tuple[str | None, int, bool], Prepared] = {}


def prepared(reference: bytes | None, depth: int, legal_lists: bool) -> Prepared:
    """The prepared package for these settings (made on first use in this process)."""
    import docx

    key = (sha1(reference).hexdigest() if reference is not None else None, depth, legal_lists)
    if key in _PREPARED:
        return _PREPARED[key]
    house = reference is None
    d = docx.Document(io.BytesIO(reference)) if reference is not None else docx.Document()
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    drop_extras(d, house)
    section = d.sections[-1]
    if house:
        a4_page(section)
    text_width = (
        int((section.page_width - section.left_margin - section.right_margin) / 635)  # type: ignore[operator]  # a page with a width has margins
        if section.page_width
        else TEXT_WIDTH_A4
    )
    settings(d, house)
    n = define_numbering(d, legal_lists=legal_lists)
    sheet = apply_styles(d, depth, house, text_width)
    n.tie_clause_styles(sheet, depth)
    assert n.clause_abstract is not None
    clause_abstract = n.clause_abstract.get(qn("w:abstractNumId"))
    out = io.BytesIO()
    d.save(out)
    numbering = (n.clause_num, n.bullet_num, n.check_num, n.ordered_abstract, clause_abstract, n._next_abstract)
    if len(_PREPARED) > 64:  # a long-lived process (watch) that met many house styles
        _PREPARED.clear()
    _PREPARED[key] = package = Prepared(out.getvalue(), text_width, tuple(sheet.ids.items()), numbering)
    return package


def reference_problem(path: str) -> str | None:
    """Why a --reference-docx file cannot serve as the house style, or None if it can.

    An unreadable file raises OSError (the caller reports the path and reason).
    """
    import zipfile

    import docx

    with open(path, "rb"):
        pass  # permission and the like: the OSError goes to the caller
    if not zipfile.is_zipfile(path):
        return f"{path} is not a Word file (.docx); save the house style from Word as a .docx document"
    try:
        docx.Document(path)
    except Exception as exc:
        return f"{path} is not a Word document clausegen can read ({exc}); save it from Word as a .docx document"
    return None
