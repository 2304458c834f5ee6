"""Tables, figures and signature blocks as Word tables, each built as one piece of XML.

python-docx's table API walks the grid for every cell it is asked for, so
a table is written whole (new_table) and its cells filled afterwards.
Column widths are estimated from the words in each column so that no word
is broken inside a cell; a figure is a picture Typst draws (figures.py),
or a table of its items when it cannot.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Sequence

from docx.oxml import parse_xml as _xml
from docx.oxml.ns import qn as _qn
from docx.shared import Twips as _twips

from ...docmodel import Figure, Inline, SignatureBlock, Table, Text, plain_text
from ..keep import EMAIL, email_pieces
from .body import Body
from .figures import FIGURE_PPI, png_size
from .text import Element, W

_BREAKS = re.compile(r"[\s/-]+")  # where a line may break inside a cell
LONG_TABLE = 12  # body rows beyond which a table repeats its header row on each page

#: a cell as new_table takes it: (grid span, tcPr children after tcW as XML, pPr children after pStyle as XML)
CellSpec = tuple[int, str, str]
#: a row as new_table takes it: (trPr children as XML, its cells)
RowSpec = tuple[str, list[CellSpec]]
#: a row new_table made: the w:tr and each cell's paragraph
MadeRow = tuple[Element, list[Element]]


class Tables(Body):
    """Writes tables, figures and signature blocks into the body."""

    def new_table(
        self, widths: list[int], indent: int, style: str | None, rows: Sequence[RowSpec], header: bool = True
    ) -> list[MadeRow]:
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
            f"<w:tbl {W}><w:tblPr>{tbl_pr}</w:tblPr><w:tblGrid>",
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

    def table(self, t: Table, indent: int) -> None:
        """A table of the document: caption above, header row shaded, rows that never split."""
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
        png = _figure_png(fig)
        if png is None:
            return self.figure_as_table(fig, indent)
        from docx.shared import Emu

        width_px, _ = png_size(png)
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
        """A figure's items as a two-column table, its caption below (when Typst cannot draw it)."""
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


def _column_widths(
    rows: Sequence[Sequence[tuple[Inline, ...]]], cols: int, total: int, bold_header: bool = True
) -> list[int]:
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
    out: list[str] = []
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


_LEADING_PPR = re.compile(r"(<w:pStyle [^>]*/>)?(<w:keepNext/>)?(<w:keepLines/>)?")


def _with_page_break(p_pr: str) -> str:
    """pPr children (XML) with a page break before, after pStyle, keepNext and keepLines (schema order)."""
    found = _LEADING_PPR.match(p_pr)  # every part optional: it always matches
    head = found.group(0) if found else ""
    return head + "<w:pageBreakBefore/>" + p_pr[len(head) :]


def _figure_png(fig: Figure) -> bytes | None:
    """figure_png as the package (clausegen.writers.docx) has it now.

    A test (or an embedder) may replace the package's figure_png, and the
    writer uses the replacement. Looked up in sys.modules rather than
    imported: the package imports this module, not the other way round.
    """
    render: Callable[[Figure], bytes | None] = sys.modules[__name__.rpartition(".")[0]].figure_png
    return render(fig)
