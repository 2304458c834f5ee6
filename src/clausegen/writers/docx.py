"""Word writer: the document model as a .docx a lawyer can keep working in.

Clauses are numbered by Word itself (one legal multilevel list tied to the
clause styles, never typed numbers), cross-references are REF fields to
bookmarks with the right number cached, the table of contents is a real TOC
field with its entries pre-rendered, and headers and footers carry the title,
version and "Page X of Y". The same document always gives the same bytes.

The package around the body (styles, numbering definitions, settings,
properties, the zip) lives in docx_template.py.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from hashlib import sha1
from pathlib import Path
from xml.sax.saxutils import escape as _escape

from docx.oxml import parse_xml as _xml
from docx.oxml.ns import nsdecls as _nsdecls
from docx.oxml.ns import qn as _qn
from docx.shared import Twips as _twips
from docx.text.paragraph import Paragraph as _Paragraph

from ..dates import version_line
from ..docmodel import (
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
    inlines_of,
    marked_number,
    plain_text,
    ref_number,
    walk,
)
from .docx_revisions import Revisions, marked_lead, unrevised, whole_change
from .docx_template import (
    CLAUSE_INDENTS,
    LIST_STEP,
    TEXT_WIDTH_A4,
    WATERMARK,
    Numbering,
    a4_page,
    apply_styles,
    clause_body_style_name,
    clause_style_name,
    define_numbering,
    drop_extras,
    package_bytes,
    properties,
    settings,
)
from .keep import EMAIL, email_pieces, introduces, kept_whole, unbroken_phones

_W = _nsdecls("w")
_BREAKS = re.compile(r"[\s/-]+")  # where a line may break inside a cell
# Headings of levels 1 and 2 (clauses and their titled sub-clauses): what the
# pre-rendered entries list, so Word's rebuilt list has the same lines.
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
LONG_TABLE = 12  # body rows beyond which a table repeats its header row on each page
NOTE_PADDING = 170  # the call-out's left rule sits this far inside the text edge
FIGURE_PPI = 144


def write(doc: Document, options: dict | None = None) -> bytes:
    """Render a document as a .docx (Office Open XML), byte-identical per input."""
    return _Writer(doc, options or {}).render()


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


def bookmark_name(clause_id: str, taken: set[str] = frozenset()) -> str:
    """A hidden, stable Word bookmark for a clause: "_Ref" and nine digits."""
    salt = 0
    while True:
        digest = sha1(f"{clause_id}#{salt}".encode() if salt else clause_id.encode()).hexdigest()
        name = f"_Ref{int(digest[:12], 16) % 10**9:09d}"
        if name not in taken:
            return name
        salt += 1


def _depth(blocks, depth: int = 1) -> int:
    """How deep the clauses nest: 1 for sections only, 2 with clauses under them..."""
    deepest = 0
    for b in blocks:
        b, _ = unrevised(b)
        if isinstance(b, Clause):
            deepest = max(deepest, depth, _depth(b.children, depth + 1))
    return deepest


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def figure_png(fig: Figure) -> bytes | None:
    """The figure's SVG rendered to PNG by Typst, or None if that fails."""
    try:
        import typst

        from .svg import figure_svg

        source = b'#set page(width: auto, height: auto, margin: 0pt)\n#image(bytes(sys.inputs.svg), format: "svg")\n'
        png = typst.compile(
            source, format="png", ppi=FIGURE_PPI, sys_inputs={"svg": figure_svg(fig)}, ignore_system_fonts=True
        )
        return png if isinstance(png, bytes) else png[0]
    except Exception:  # any failure: the writer falls back to a table of the items
        return None


@dataclass(frozen=True)
class _Prepared:
    """The package around an empty body, saved: styles, numbering, page, settings.

    Opening python-docx's template and defining ~60 styles took about half
    of the time of writing a short document, and it is the same for every
    document with the same house style, depth and kind of lists; so it is
    done once per process and the result reopened from its bytes.
    """

    data: bytes
    text_width: int
    ids: tuple  # (lower-case style name, styleId)
    numbering: tuple  # Numbering's counters: clause_num, bullet_num, check_num, ordered_abstract, clause abstract id, next abstract id

    def open(self):
        """A fresh python-docx Document of this package, with its Numbering."""
        import docx

        document = docx.Document(io.BytesIO(self.data))
        clause_num, bullet_num, check_num, ordered, clause_abstract, next_abstract = self.numbering
        part = document.part.numbering_part
        found = part.element.find(f'{_qn("w:abstractNum")}[@{_qn("w:abstractNumId")}="{clause_abstract}"]')
        numbering = Numbering(part, clause_num, bullet_num, check_num, ordered, found, next_abstract)
        return document, numbering


_PREPARED: dict = {}


def _prepared(reference: bytes | None, depth: int, legal_lists: bool) -> _Prepared:
    """The prepared package for these settings (made on first use in this process)."""
    import docx

    key = (sha1(reference).hexdigest() if reference is not None else None, depth, legal_lists)
    if key in _PREPARED:
        return _PREPARED[key]
    house = reference is None
    d = docx.Document(io.BytesIO(reference)) if reference is not None else docx.Document()
    body = d.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)
    drop_extras(d, house)
    section = d.sections[-1]
    if house:
        a4_page(section)
    text_width = (
        int((section.page_width - section.left_margin - section.right_margin) / 635)
        if section.page_width
        else TEXT_WIDTH_A4
    )
    settings(d, house)
    n = define_numbering(d, legal_lists=legal_lists)
    ids = apply_styles(d, depth, n, house, text_width)
    clause_abstract = n.clause_abstract.get(_qn("w:abstractNumId"))
    out = io.BytesIO()
    d.save(out)
    numbering = (n.clause_num, n.bullet_num, n.check_num, n.ordered_abstract, clause_abstract, n._next_abstract)
    if len(_PREPARED) > 64:  # a long-lived process (watch) that met many house styles
        _PREPARED.clear()
    _PREPARED[key] = prepared = _Prepared(out.getvalue(), text_width, tuple(ids.items()), numbering)
    return prepared


class _Writer:
    def __init__(self, doc: Document, options: dict):
        self.doc = doc
        self.draft = bool(options.get("draft"))
        self.epoch = options.get("source_date_epoch")
        reference = options.get("reference_docx")
        data = Path(reference).read_bytes() if reference else None
        prepared = _prepared(data, max(4, _depth(doc.blocks)), doc.numbered)
        self.document, self.numbering = prepared.open()
        self.text_width = prepared.text_width
        self.ids = dict(prepared.ids)
        self.pending_break = False
        self.keeping = False
        self.bookmark_ids = 0
        # tracked changes of a redline (docx_revisions.py); unused otherwise
        self.revisions = Revisions(options, doc.meta.date)

    # -- the whole document -------------------------------------------------------------

    def render(self) -> bytes:
        d = self.document
        section = d.sections[-1]
        self._plan_bookmarks()

        self.title_block()
        front, rest = self.doc.split_front()
        for b in front:
            self.block(b, indent=0, body="Body Text", depth=0)
        self.toc()
        for b in rest:
            self.block(b, indent=0, body="Body Text", depth=0)
        self.revisions.close_body(d.element.body)
        self.headers_and_footers(section)
        self.revisions.number_all(d.element)

        m = self.doc.meta
        properties(d, xml_text(m.title), xml_text(m.subtitle or m.regime), self.draft, self.epoch, m.date)
        return package_bytes(d)

    def _plan_bookmarks(self) -> None:
        """A bookmark for every clause a reference or the TOC points at."""
        targets = {i.target for b in walk(self.doc.blocks) for i in inlines_of(b) if isinstance(i, Ref)}
        # (clause, depth, change): a redline lists added and removed clauses as changes
        self.toc_entries = []
        for top, change in map(unrevised, self.doc.blocks if self.doc.contents else ()):
            if isinstance(top, Clause) and (top.title or top.marked_title):
                self.toc_entries.append((top, 1, change))
                for child, own in map(unrevised, top.children):
                    if child.title or child.marked_title:
                        self.toc_entries.append((child, 2, own or change))
        targets |= {c.id for c, _, _ in self.toc_entries}
        self.bookmarks: dict[str, str] = {}
        clauses = [b for b in walk(self.doc.blocks) if isinstance(b, Clause)]
        # clauses Word numbers: a REF \r to them shows their paragraph number
        self.numbered = {c.id for c in clauses if self.doc.numbered and c.number}
        for c in clauses:
            # only a numbered paragraph or a heading can carry the bookmark; a
            # reference to an untitled clause of an unnumbered document stays text
            anchored = c.id in self.numbered or bool(c.title or c.marked_title)
            if c.id in targets and anchored and c.id not in self.bookmarks:
                self.bookmarks[c.id] = bookmark_name(c.id, set(self.bookmarks.values()))

    # -- paragraphs and runs -------------------------------------------------------------

    def style(self, name: str) -> str:
        return self.ids[name.lower()]

    def para(self, style: str, indent: int | None = None, hanging: int = 0, keep_next: bool = False):
        """A new body paragraph; takes a pending page break."""
        # Built as XML in schema order: python-docx's paragraph_format setters
        # search the properties element on every call and were slow.
        ppr = f'<w:pStyle w:val="{self.style(style)}"/>'
        if keep_next or self.keeping:
            ppr += "<w:keepNext/>"
        if self.pending_break:
            ppr += "<w:pageBreakBefore/>"
            self.pending_break = False
        if indent is not None:
            ppr += f'<w:ind w:left="{int(indent)}"' + (f' w:hanging="{int(hanging)}"' if hanging else "") + "/>"
        p = _xml(f"<w:p {_W}><w:pPr>{ppr}</w:pPr></w:p>")
        body = self.document.element.body
        body.insert(len(body) - 1 if len(body) and body[-1].tag == _qn("w:sectPr") else len(body), p)
        return _Paragraph(p, self.document._body)

    def run(self, parent, text: str, rstyle: str = "", bold: bool = False, italic: bool = False, highlight: str = ""):
        rpr = (
            (f'<w:rStyle w:val="{self.style(rstyle)}"/>' if rstyle else "")
            + ("<w:b/><w:bCs/>" if bold else "")
            + ("<w:i/><w:iCs/>" if italic else "")
        )
        rpr += f'<w:highlight w:val="{highlight}"/>' if highlight else ""
        # The text goes into the XML string: python-docx's `run.text` setter
        # adds one element per character and was a quarter of the writer's time.
        r = _xml(f"<w:r {_W}>" + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + _run_text(text) + "</w:r>")
        parent.append(r)
        return r

    def field(self, parent, instruction: str, result: str, bold: bool = False, italic: bool = False) -> None:
        """A complex field with its result cached, as Word writes one."""
        rpr = self.field_begin(parent, instruction, bold, italic)
        if result:
            self.run(parent, result, bold=bold, italic=italic)
        parent.append(_xml(f'<w:r {_W}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'))

    def field_begin(
        self, parent, instruction: str, bold: bool = False, italic: bool = False, dirty: bool = False
    ) -> str:
        """begin, instruction, separate: the result and the end follow."""
        rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
        rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        flag = ' w:dirty="true"' if dirty else ""
        parent.append(_xml(f'<w:r {_W}>{rpr}<w:fldChar w:fldCharType="begin"{flag}/></w:r>'))
        parent.append(
            _xml(f'<w:r {_W}>{rpr}<w:instrText xml:space="preserve"> {_esc(instruction)} </w:instrText></w:r>')
        )
        parent.append(_xml(f'<w:r {_W}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'))
        return rpr

    def inlines(self, parent, items, bold: bool = False, italic: bool = False, rstyle: str = "") -> None:
        for i in items:
            if isinstance(i, Text):
                self.run(parent, i.text, rstyle, bold=bold, italic=italic)
            elif isinstance(i, (Inserted, Deleted)):
                wrapper = self.revisions.wrapper(parent, "inserted" if isinstance(i, Inserted) else "deleted")
                self.inlines(wrapper, i.children, bold, italic, rstyle)
                self.revisions.finish(wrapper)
            elif isinstance(i, Strong):
                self.inlines(parent, i.children, True, italic, rstyle)
            elif isinstance(i, Emph):
                self.inlines(parent, i.children, bold, True, rstyle)
            elif isinstance(i, TermDef):
                self.run(parent, f"\u201c{i.term}\u201d", "Defined Term", italic=italic)
            elif isinstance(i, TermUse):
                self.run(parent, i.text, rstyle, bold=bold, italic=italic)
            elif isinstance(i, Ref):
                self.reference(parent, i, bold, italic)
            elif isinstance(i, FillIn):
                self.run(parent, f"[{i.label}]", "Fill-in", bold=bold, italic=italic, highlight="yellow")
            else:
                raise TypeError(f"the Word writer has no rule for the inline {type(i).__name__}")

    def reference(self, parent, ref: Ref, bold: bool, italic: bool) -> None:
        """REF field to the clause's bookmark: \\r gives its paragraph number."""
        shown = ref_number(ref, self.doc.numbers)
        name = self.bookmarks.get(ref.target)
        if name is None:
            self.run(parent, shown, bold=bold, italic=italic)
            return
        switches = r"\r \h" if ref.target in self.numbered else r"\h"
        self.field(parent, f"REF {name} {switches}", shown, bold, italic)

    def bookmark_start(self, parent, clause_id: str):
        name = self.bookmarks.get(clause_id)
        if name is None:
            return None
        self.bookmark_ids += 1
        parent.append(_xml(f'<w:bookmarkStart {_W} w:id="{self.bookmark_ids}" w:name="{name}"/>'))
        return self.bookmark_ids

    def bookmark_end(self, parent, mark) -> None:
        if mark is not None:
            parent.append(_xml(f'<w:bookmarkEnd {_W} w:id="{mark}"/>'))

    # -- front matter ----------------------------------------------------------------

    def title_block(self) -> None:
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

    def marked_line(self, p, inlines) -> None:
        """A line of a redline's title page: added or removed whole, its paragraph mark too."""
        self.inlines(p, inlines)
        if whole_change(inlines):
            self.revisions.mark_paragraph(p, whole_change(inlines), runs=False)

    def clause_title(self, parent, c: Clause, rstyle: str = "", stop: bool = False) -> str:
        """The title's runs (marked in a redline), with a full stop when `stop` and it has none.

        Returns the change of a title added or removed as a whole, else "".
        """
        needs_stop = lambda t: bool(t) and t[-1] not in ".:?!"  # noqa: E731
        if not c.marked_title:
            self.run(parent, f"{c.title}." if stop and needs_stop(c.title) else c.title, rstyle)
            return ""
        self.inlines(parent, c.marked_title, rstyle=rstyle)
        if stop:
            old, new = (needs_stop(plain_text(c.marked_title, None, side)) for side in ("old", "new"))
            dot = (Text("."),)
            self.inlines(
                parent,
                dot if old and new else (Inserted(dot),) if new else (Deleted(dot),) if old else (),
                rstyle=rstyle,
            )
        return whole_change(c.marked_title)

    def toc(self) -> None:
        """TOC field with its entries now, each with a PAGEREF to its page.

        LibreOffice does not rebuild a TOC on opening but does lay out
        PAGEREF fields, so the cached entries show their page numbers there;
        Word rebuilds the whole field (settings ask it to update fields).
        No page break after the list: a list that spills a few lines onto a
        second page would leave that page nearly empty.
        """
        if sum(1 for _, depth, _ in self.toc_entries if depth == 1) < 2:
            return
        self.run(self.para("TOC Heading")._p, "Contents")
        last = len(self.toc_entries) - 1
        for k, (c, depth, change) in enumerate(self.toc_entries):
            p = self.para(f"toc {depth}")._p
            if k == 0:
                # dirty: Word offers to rebuild it on opening
                self.field_begin(p, TOC_FIELD, dirty=True)
            name = self.bookmarks[c.id]
            link = _xml(f'<w:hyperlink {_W} w:anchor="{name}" w:history="1"/>')
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
                p.append(_xml(f'<w:r {_W}><w:fldChar w:fldCharType="end"/></w:r>'))

    def headers_and_footers(self, section) -> None:
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

    def right_tab_only(self, p) -> None:
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

    # -- blocks ----------------------------------------------------------------------

    def block(self, b, indent: int, body: str, depth: int) -> None:
        if isinstance(b, Revised):
            with self.revisions.block(self.document.element.body, b.change):
                self.block(b.block, indent, body, depth)
        elif isinstance(b, Clause):
            self.clause(b, depth + 1)
        elif isinstance(b, Paragraph):
            self.paragraph(b, indent, body)
        elif isinstance(b, Heading):
            # at the headings' margin even inside a clause ("Signature page"), like a heading
            p = self.para("Part Heading" if b.level <= 1 else "Minor Heading")
            self.inlines(p._p, b.inlines)
        elif isinstance(b, (BulletList, OrderedList)):
            self.list(b, indent, 0)
        elif isinstance(b, Table):
            self.table(b, indent)
        elif isinstance(b, Figure):
            self.figure(b, indent)
        elif isinstance(b, SignatureBlock):
            self.signature(b, indent)
        elif isinstance(b, PageBreak):
            self.pending_break = True
        else:
            raise TypeError(f"the Word writer has no rule for the block {type(b).__name__}")

    def paragraph(self, b: Paragraph, indent: int, body: str) -> None:
        if b.style == "note":
            p = self.para("Note", indent + NOTE_PADDING)
        else:
            p = self.para(body, keep_next=introduces(b.inlines))
        self.inlines(p._p, b.inlines)

    def clause(self, c: Clause, depth: int) -> None:
        if isinstance(c, Revised):  # an added or removed sub-clause
            with self.revisions.block(self.document.element.body, c.change):
                return self.clause(c.block, depth)
        if not (self.doc.numbered and c.number):
            return self.headed_clause(c, depth)
        # Every paragraph before the signature block keeps with the next one;
        # the block's own rows cannot split (see signature).
        self.keeping = kept_whole(c)
        try:
            self.numbered_clause(c, depth)
        finally:
            self.keeping = False

    def numbered_clause(self, c: Clause, depth: int) -> None:
        blocks = list(c.blocks)
        keep = bool(blocks or c.children)
        if depth == 1:
            p = self.para(clause_style_name(1))
            mark = self.bookmark_start(p._p, c.id)
            self.clause_title(p._p, c)
            self.bookmark_end(p._p, mark)
        else:
            first, blocks = c.lead()
            if first is None:
                first, blocks = marked_lead(blocks)
            p = self.para(clause_style_name(depth))
            mark = self.bookmark_start(p._p, c.id)
            if c.title or c.marked_title:
                change = self.clause_title(p._p, c, "Clause Title", stop=True)
                if first is None:
                    self.bookmark_end(p._p, mark)
                    mark = None
                    p.paragraph_format.keep_with_next = keep
                elif change:
                    self.inlines(p._p, ((Inserted if change == "inserted" else Deleted)((Text(" "),)),))
                else:
                    self.run(p._p, " ")
            if first is not None:
                self.inlines(p._p, first.inlines)
                if introduces(first.inlines):
                    p.paragraph_format.keep_with_next = True
            self.bookmark_end(p._p, mark)
        text_at = CLAUSE_INDENTS[min(depth, 9) - 1][1]
        for b in blocks:
            self.block(b, text_at, clause_body_style_name(depth), depth)
        for child in c.children:
            self.clause(child, depth + 1)
        for b in c.after:
            self.block(b, text_at, clause_body_style_name(depth), depth)

    def headed_clause(self, c: Clause, depth: int) -> None:
        """A clause of an unnumbered document (the handbook): a heading, then text."""
        if c.title or c.marked_title:
            p = self.para(f"Heading {min(depth, 3)}")
            mark = self.bookmark_start(p._p, c.id)
            self.clause_title(p._p, c)
            self.bookmark_end(p._p, mark)
        for b in c.blocks:
            self.block(b, 0, "Body Text", depth)
        for child in c.children:
            self.clause(child, depth + 1)
        for b in c.after:
            self.block(b, 0, "Body Text", depth)

    def list(self, lst, indent: int, level: int) -> None:
        if isinstance(lst, OrderedList):
            num = self.numbering.new_ordered_list()
        else:
            num = self.numbering.check_num if lst.checklist else self.numbering.bullet_num
        text_at = indent + LIST_STEP * (level + 1)
        for item in lst.items:
            first = True
            for b in item:
                b, change = unrevised(b)
                if change:  # an item added or removed: keeps its place in the list
                    with self.revisions.block(self.document.element.body, change):
                        self.list_block(b, num, indent, text_at, level, first)
                else:
                    self.list_block(b, num, indent, text_at, level, first)
                first = False

    def list_block(self, b, num: int, indent: int, text_at: int, level: int, first: bool) -> None:
        """One block of a list item: the first paragraph carries the item's number."""
        if isinstance(b, Paragraph) and b.style == "":
            p = self.para("List Paragraph", text_at, LIST_STEP if first else 0, keep_next=introduces(b.inlines))
            if first:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = min(level, 8)
                num_pr.get_or_add_numId().val = num
            self.inlines(p._p, b.inlines)
        elif isinstance(b, (BulletList, OrderedList)):
            self.list(b, indent, level + 1)
        else:
            self.block(b, text_at, "List Paragraph", 0)

    # -- tables, figures, signatures ------------------------------------------------------

    def new_table(self, widths: list[int], indent: int, style: str | None, rows: list, header: bool = True) -> list:
        """A table, built as one piece of XML; returns each row's (w:tr, [cell paragraph...]).

        rows: per row (trPr children as XML, [(grid span, tcPr children after
        tcW as XML, pPr children after pStyle as XML), ...]). Every cell
        paragraph has its style (`style`'s text style is the caller's choice
        through pPr). Built whole because python-docx's table API walks the
        grid for every cell it is asked for.
        """
        tbl_pr = f'<w:tblStyle w:val="{self.style(style)}"/>' if style else ""
        tbl_pr += f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        if indent:
            tbl_pr += f'<w:tblInd w:w="{indent}" w:type="dxa"/>'
        if not style:  # a layout table (signatures): no rules but the ones drawn
            tbl_pr += (
                "<w:tblBorders>"
                + "".join(
                    f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                )
                + "</w:tblBorders>"
            )
        # Only the hex form: the firstRow=... attributes are unknown to Word 2007's
        # schema. 0x0020 = header row formatting, 0x0400 = no column banding.
        look = 0x0400 | (0x0020 if header else 0) if style else 0
        tbl_pr += f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="{look:04X}"/>'
        xml = [
            f"<w:tbl {_W}><w:tblPr>{tbl_pr}</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for r, (tr_pr, cells) in enumerate(rows):
            xml.append("<w:tr>" + (f"<w:trPr>{tr_pr}</w:trPr>" if tr_pr else ""))
            column = 0
            for k, (span, tc_pr, p_pr) in enumerate(cells):
                width = sum(widths[column : column + span])
                column += span
                tc_pr = (
                    f'<w:tcW w:type="dxa" w:w="{width}"/>'
                    + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                    + tc_pr
                )
                if r == 0 and k == 0 and self.pending_break:
                    p_pr = _with_page_break(p_pr)
                    self.pending_break = False
                xml.append(f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:pPr>{p_pr}</w:pPr></w:p></w:tc>")
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        tbl = _xml("".join(xml))
        self.append_body(tbl)
        return [(tr, [tc[-1] for tc in tr.iterchildren(_qn("w:tc"))]) for tr in tbl.iterchildren(_qn("w:tr"))]

    def append_body(self, element) -> None:
        """Add a paragraph or table at the end of the body, before its section properties."""
        body = self.document.element.body
        body.insert(len(body) - 1 if len(body) and body[-1].tag == _qn("w:sectPr") else len(body), element)

    def table(self, t: Table, indent: int) -> None:
        if t.caption:
            p = self.para("Caption", indent if indent else None, keep_next=True)
            p.paragraph_format.space_after = _twips(60)
            self.run(p._p, t.caption)
        cols = max(len(r) for r in (t.header, *t.rows))
        if not cols:
            return
        widths = _column_widths([t.header, *t.rows], cols, self.text_width - indent)
        # Only a long table repeats its header row (and keeps it with the
        # first row): LibreOffice 7.4 drops every row after the first from a
        # short table with a kept header and unsplittable rows when it
        # straddles a page; a short table simply moves whole to the next one.
        long = len(t.rows) > LONG_TABLE
        text = f'<w:pStyle w:val="{self.style("Table Text")}"/>'
        head = (_row_pr(cant_split=True, header=long), [(1, _SHADE, text + ("<w:keepNext/>" if long else ""))] * cols)
        body = [(_row_pr(cant_split=True), [(1, "", text)] * cols)] * len(t.rows)
        made = self.new_table(widths, indent, "Clause Table", [head, *body])
        for r, (cells, (_, paragraphs)) in enumerate(zip([t.header, *t.rows], made)):
            for k, p in enumerate(paragraphs[: len(cells)]):
                self.inlines(p, cells[k], bold=r == 0)
        for r, change in enumerate(t.row_changes, start=1):
            if change:
                self.revisions.mark_row(made[r][0], change)
        self.spacer()

    def figure(self, fig: Figure, indent: int) -> None:
        """The drawing as a PNG, the caption below; without Typst, a table of the items."""
        png = figure_png(fig)
        if png is None:
            return self.figure_as_table(fig, indent)
        from docx.shared import Emu

        width_px, _ = _png_size(png)
        natural = int(width_px / FIGURE_PPI * 914400)
        available = (self.text_width - indent) * 635
        p = self.para("Body Text", indent if indent else None, keep_next=True)
        p.paragraph_format.alignment = 1
        p.add_run().add_picture(io.BytesIO(png), width=Emu(min(natural, available)))
        for doc_pr in p._p.iter(_qn("wp:docPr")):
            doc_pr.set("name", "Figure")
            doc_pr.set("descr", fig.caption)
        caption = self.para("Caption", indent if indent else None)
        caption.paragraph_format.alignment = 1
        self.run(caption._p, fig.caption)

    def figure_as_table(self, fig: Figure, indent: int) -> None:
        rows = [((Text(label),), (Text(detail),)) for label, detail in fig.items]
        widths = _column_widths(rows, 2, self.text_width - indent, bold_header=False)
        text = f'<w:pStyle w:val="{self.style("Table Text")}"/><w:keepNext/>'
        made = self.new_table(
            widths, indent, "Clause Table", [(_row_pr(cant_split=True), [(1, "", text)] * 2)] * len(rows), header=False
        )
        for (_, paragraphs), (label, detail) in zip(made, fig.items):
            for p, words, bold in zip(paragraphs, (label, detail), (True, False)):
                self.run(p, words, bold=bold)
        caption = self.para("Caption", indent if indent else None)
        caption.paragraph_format.alignment = 1
        self.run(caption._p, fig.caption)

    def signature(self, s: SignatureBlock, indent: int) -> None:
        """Caption and party, then a line to sign and a label per line, kept on one page."""
        self.keeping = False  # what follows the block is free to go to the next page
        label_w = 2268
        line_w = max(2268, min(5103, self.text_width - indent - label_w))
        text = f'<w:pStyle w:val="{self.style("Signature Text")}"/>'
        rows = [(_row_pr(cant_split=True), [(2, "", text + '<w:keepNext/><w:spacing w:before="240"/>')])]
        for r, _ in enumerate(s.lines, start=1):
            keep = "" if r == len(s.lines) else "<w:keepNext/>"
            rows.append(
                (
                    _row_pr(cant_split=True, height=851 if r == 1 else 624),
                    [(1, _VALIGN_BOTTOM, text + keep), (1, _RULE_BELOW + _VALIGN_BOTTOM, text + keep)],
                )
            )
        made = self.new_table([label_w, line_w], indent, None, rows)
        self.run(made[0][1][0], f"{s.caption} {s.party}", bold=True)
        for (_, paragraphs), label in zip(made[1:], s.lines):
            self.run(paragraphs[0], label)
        self.spacer()

    def spacer(self) -> None:
        """A small empty paragraph after a table: keeps tables apart and text off the rule."""
        self.append_body(
            _xml(
                f'<w:p {_W}><w:pPr><w:pStyle w:val="{self.style("Normal")}"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:p>'
            )
        )


# -- small OOXML helpers -------------------------------------------------------------------


def _esc(s: str) -> str:
    s = xml_text(s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _column_widths(rows, cols: int, total: int, bold_header: bool = True) -> list[int]:
    """Each column at least as wide as its longest word, the rest shared by need.

    Widths are estimated from character counts (10pt text, cell margins), so
    no word is broken inside a cell unless it is longer than a quarter of the
    table (e-mail addresses) or the words cannot fit at all. The header row
    is bold, and a viewer without the house font sets it in a wider one: its
    words count a tenth wider ("Paragraph" was broken as "Paragrap/h").
    """
    char, bold, pad = 120, 135, 250
    cap = min(total // 3, total // max(1, cols - 1))
    mins, prefs, firm = [], [], []
    for k in range(cols):
        texts = [plain_text(r[k]) for r in rows if k < len(r)]
        head = texts[:1] if bold_header else []
        word = max(
            [len(w) * char for t in texts[len(head) :] for w in _words(t)]
            + [len(w) * bold for t in head for w in _words(t)]
            + [char]
        )
        longest = max((len(t) for t in texts), default=1)
        firm.append(any(EMAIL.search(t) for t in texts))
        # a piece of an address may take a third of the table whatever the columns
        mins.append(min(total // 3 if firm[-1] else cap, word + pad))
        prefs.append(max(mins[-1], min(longest, 70) * char + pad))
    if sum(mins) >= total:
        # Too narrow for every word: the columns of e-mail addresses keep their
        # width (a piece of an address cut in two is copied wrongly), the
        # others share what is left.
        kept = sum(m for m, f in zip(mins, firm) if f)
        rest = sum(m for m, f in zip(mins, firm) if not f)
        if kept and rest and kept < total * 0.6:
            widths = [m if f else m * (total - kept) // rest for m, f in zip(mins, firm)]
        else:
            widths = [m * total // sum(mins) for m in mins]
    elif sum(prefs) <= total:
        widths = [p * total // sum(prefs) for p in prefs]
    else:
        # fill the columns that want least first, so short ones stay on one line
        widths, spare = list(mins), total - sum(mins)
        order = sorted(range(cols), key=lambda k: prefs[k] - mins[k])
        for n, k in enumerate(order):
            give = min(prefs[k] - mins[k], spare // (cols - n))
            widths[k] += give
            spare -= give
    widths[-1] += total - sum(widths)
    return widths


def _words(text: str) -> list[str]:
    """What a cell's line cannot break inside: words, an address's pieces (see ZWSP)."""
    out = []
    for token in text.split():
        out += email_pieces(token) if EMAIL.fullmatch(token.strip(",;.()")) else _BREAKS.split(token)
    return out


def _row_pr(cant_split: bool = False, header: bool = False, height: int = 0) -> str:
    """A row's trPr children, in schema order."""
    return (
        ("<w:cantSplit/>" if cant_split else "")
        + (f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>' if height else "")
        + ("<w:tblHeader/>" if header else "")
    )


# tcPr children after tcW (and gridSpan), in schema order: tcBorders, shd, vAlign
_RULE_BELOW = '<w:tcBorders><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tcBorders>'
_SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>'
_VALIGN_BOTTOM = '<w:vAlign w:val="bottom"/>'


def _with_page_break(p_pr: str) -> str:
    """pPr children (XML) with a page break before, after pStyle, keepNext and keepLines (schema order)."""
    head = re.match(r"(<w:pStyle [^>]*/>)?(<w:keepNext/>)?(<w:keepLines/>)?", p_pr).group(0)
    return head + "<w:pageBreakBefore/>" + p_pr[len(head) :]


def _bottom_rule(p) -> None:
    ppr = p.get_or_add_pPr()
    border = _xml(f'<w:pBdr {_W}><w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr>')
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


# What XML 1.0 cannot hold (C0 controls but tab and newline, lone surrogates,
# U+FFFE, U+FFFF), plus carriage returns. `check` may reject some of these
# in a regime, but a clause library or a future source can still bring
# them: the writer never fails on them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text without the characters a Word file cannot hold (dropped, as Word drops them)."""
    return _CONTROL.sub("", text)


def _run_text(text: str) -> str:
    """<w:t>, <w:tab/> and <w:br/> elements for a run's text, as XML."""
    out = []
    for chunk in re.split(r"(\t|\n)", xml_text(text)):
        if chunk == "\t":
            out.append("<w:tab/>")
        elif chunk == "\n":
            out.append("<w:br/>")
        elif chunk:
            out.append(_no_break_hyphens(chunk))
    return "".join(out)


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{_escape(text)}</w:t>" if text else ""


# Where Word and LibreOffice may wrap an e-mail address: a zero-width space
# after its `@` and each dot. Without one, an address wider than its table
# cell is broken wherever the line ends ("commercial.disp / utes@...").
ZWSP = "\u200b"


def _no_break_hyphens(text: str) -> str:
    """<w:t> elements; an e-mail address breaks only after its `@` and dots.

    Word breaks a line after any hyphen, so "coastal-communities" in a narrow
    table cell would read as a hyphenated word: a hyphen inside an address
    is Word's non-breaking hyphen (it still reads, and copies, as "-"). A
    zero-width space after the `@` and each dot is the only other place a
    line may end inside the address. Phone numbers get no-break spaces.
    """
    text = unbroken_phones(text)
    out, pos = [], 0
    for m in EMAIL.finditer(text):
        out.append(_t(text[pos : m.start()]))
        address = ZWSP.join(email_pieces(m.group()))
        out.append("<w:noBreakHyphen/>".join(_t(p) for p in address.split("-")))
        pos = m.end()
    out.append(_t(text[pos:]))
    return "".join(out)
