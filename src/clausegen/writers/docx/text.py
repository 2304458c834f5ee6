"""A run's text as WordprocessingML: what Word can hold, where its lines may break.

Text goes into the XML as strings (python-docx's `run.text` setter adds one
element per character and was a quarter of the writer's time), so this
module escapes it, drops the characters a Word file cannot hold, and marks
where an e-mail address may wrap and where a hyphen must not.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias
from xml.sax.saxutils import escape as _escape

from docx.oxml.ns import nsdecls
from docx.oxml.xmlchemy import BaseOxmlElement

from ..keep import EMAIL, email_pieces, unbroken_phones

#: an element of a Word part (python-docx's lxml element class)
Element: TypeAlias = BaseOxmlElement

#: a python-docx Document, typed loosely: the writer works on its parts' XML,
#: beyond what python-docx's own annotations describe
WordDocument: TypeAlias = Any

#: the w: namespace declaration every XML fragment the writer parses starts with
W = nsdecls("w")

# What XML 1.0 cannot hold (C0 controls but tab and newline, lone surrogates,
# U+FFFE, U+FFFF), plus carriage returns. `check` may reject some of these
# in a regime, but a clause library or a future source can still bring
# them: the writer never fails on them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text without the characters a Word file cannot hold (dropped, as Word drops them)."""
    return _CONTROL.sub("", text)


def attribute(s: str) -> str:
    """Text for an XML attribute or field instruction: cleaned and escaped."""
    s = xml_text(s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def run_text(text: str) -> str:
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
