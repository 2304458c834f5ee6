"""Word numbering for clauses and lists: numbering.xml's definitions, tied to the clause styles.

One legal multilevel list numbers every clause (1., 1.1, 1.1.1 ...) through
the clause styles, so Word renumbers them as a lawyer edits; bullets,
checklist boxes and ordered lists ((a), (i) inside clauses; 1., 2. elsewhere)
have their own definitions. Written as WordprocessingML in the element
order the schema requires: python-docx cannot define numbering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha1
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .house_style import BULLET_FONT, CLAUSE_INDENTS, LIST_STEP, W, clause_style_name, indent, style_id_of
from .styles import Stylesheet
from .text import Element, WordDocument

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


def _tie_to_numbering(style: Element, num_id: int, ilvl: int) -> None:
    """Give a paragraph style the numbering (w:numPr) of one level of a list, in schema order."""
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


@dataclass
class Numbering:
    """The numbering definitions this document adds to numbering.xml."""

    #: the package's numbering part (python-docx's NumberingPart)
    part: Any
    clause_num: int = 0
    bullet_num: int = 0
    check_num: int = 0
    ordered_abstract: int = 0
    #: the w:abstractNum of the clause scheme
    clause_abstract: Element | None = None
    _next_abstract: int = 0

    def tie_clause_styles(self, sheet: Stylesheet, depth: int) -> None:
        """Number the clause styles of every level (1..depth) with the clause scheme, and back.

        The clause styles are tied to clausegen's numbering whoever defined
        them (the house style or a reference document).
        """
        for d in range(1, depth + 1):
            _tie_to_numbering(sheet.elements[clause_style_name(d).lower()], self.clause_num, d - 1)
        self.link_clause_styles(sheet.ids)

    def link_clause_styles(self, ids: dict[str, str]) -> None:
        """Point each clause level at its style's actual styleId."""
        assert self.clause_abstract is not None, "define_numbering made the clause scheme"
        for lvl in self.clause_abstract.findall(qn("w:lvl")):
            depth = int(lvl.get(qn("w:ilvl"))) + 1
            linked = ids.get(clause_style_name(depth).lower())
            p_style = lvl.find(qn("w:pStyle"))
            if linked:
                p_style.set(qn("w:val"), linked)
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


def define_numbering(document: WordDocument, legal_lists: bool) -> Numbering:
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
            f'<w:pStyle w:val="{style_id_of(clause_style_name(k + 1))}"/>'
            + ("<w:isLgl/>" if k else "")
            + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f"<w:pPr>{indent(text_at, text_at - number_at)}</w:pPr></w:lvl>"
        )
    n.clause_num = n._num(n._abstract("clausegen clauses", "multilevel", "".join(clause_levels)))
    n.clause_abstract = root.find(f'{qn("w:abstractNum")}[@{qn("w:abstractNumId")}="{n._next_abstract - 1}"]')

    def list_levels(texts: Callable[[int], str], fmt: Callable[[int], str], font: str = "") -> str:
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
                f"<w:pPr>{indent(LIST_STEP * (k + 1), LIST_STEP)}</w:pPr>{rpr}</w:lvl>"
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
