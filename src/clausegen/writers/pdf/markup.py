"""Text as Typst markup: escaping, where long words and addresses may break, labels, lengths.

All text goes through `escape`, so nothing in a clause can become Typst
syntax. Straight quotes are left to Typst's smart quotes (typographic
apostrophes in print); every other markup character is backslash-escaped.
"""

from __future__ import annotations

import re

from ..keep import email_pieces, unbroken_phones

# Every ASCII character that can start Typst syntax in markup, continue an
# embedded expression (`.`, `(`, `[`) right after an inline call such as
# `#link(...)[...]` or `#fillin[...]`, or end one: "the expression can
# forcibly be ended with a semicolon" and "you can escape a literal # or ;
# with a backslash" (Typst reference, Scripting), so an unescaped `;` after
# `#link(<x>)[4.1]` was swallowed and never printed. A backslash before any
# character is a valid Typst escape for that character.
_MARKUP = re.compile(r"([\\#$*_`<>@\[\]/~+=.()\-:;])")
_SPACE = re.compile(r"[\t\n\r\f\v\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# Typst lays out a word it cannot break in time that grows much faster than
# its length (a 100,000-character name took a minute). A word longer than
# any line is cut into boxes, each of which Typst lays out on its own.
_UNBREAKABLE = re.compile(r"\S{80,}")
_PIECE = 40


def escape(s: str) -> str:
    """Text as Typst markup that shows exactly that text (quotes become smart quotes)."""
    s = _CONTROL.sub("", _SPACE.sub(" ", s))
    if len(s) < 80 or not _UNBREAKABLE.search(s):
        return _escape_markup(s)
    out: list[str] = []
    pos = 0
    for m in _UNBREAKABLE.finditer(s):
        out.append(_escape_markup(s[pos : m.start()]))
        word = m.group()
        out.extend("#box[" + _escape_markup(word[k : k + _PIECE]) + "]" for k in range(0, len(word), _PIECE))
        pos = m.end()
    out.append(_escape_markup(s[pos:]))
    return "".join(out)


def _escape_markup(s: str) -> str:
    """Every markup character backslash-escaped."""
    return _MARKUP.sub(r"\\\1", s)


# Long tokens (URLs, paths) may break after these characters, e-mail
# addresses (of any length) only after their `@` and dots: a break after the
# hyphen of "coastal-communities" reads as a word hyphenated, and Typst would
# otherwise break or hyphenate an address where it likes. Each piece goes in
# its own box, which Typst never breaks: a break opportunity between boxes
# adds no character to the text a reader copies (a zero-width space would).
_TOKEN = re.compile(r"\S{20,}|\S*@\S*")
_BREAK_AFTER = re.compile(r"(?<=[@./_\-])(?=[^\s@./_\-])")


def break_pieces(token: str) -> list[str]:
    """A token cut where a line may break inside it (an address only after `@` and dots)."""
    return email_pieces(token) if "@" in token else _BREAK_AFTER.split(token)


def prose(s: str) -> str:
    """Text as Typst markup; long tokens, e-mail and phone numbers break only where allowed."""
    s = unbroken_phones(s)
    out: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(s):
        pieces = break_pieces(m.group())
        if len(pieces) > 1 or "@" in m.group():
            out.append(escape(s[pos : m.start()]))
            # (a piece too long for a line is cut into boxes by escape itself)
            out.append("".join(escape(p) if len(p) >= 80 else f"#box[{escape(p)}]" for p in pieces))
            pos = m.end()
    out.append(escape(s[pos:]))
    return "".join(out)


def string(s: str) -> str:
    """A Typst string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def label(clause_id: str) -> str:
    """The Typst label of a clause: <c-ID>, other characters spelled :hex:."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-.") else f":{ord(ch):x}:" for ch in clause_id)
    return f"<c-{safe}>"


def cm(x: float) -> str:
    """A length in centimetres, as Typst writes it."""
    return f"{x:g}cm"


# Where a PageBreak was: Typst allows pagebreak() only outside containers
# (pad, list, block); inside one, a column break does the same job.
BREAK = "\x00break"


def join(parts: list[str], container: bool) -> str:
    """Typst parts as one piece of markup; a page break (BREAK) as a column break inside a container."""
    out: list[str] = []
    for p in parts:
        if p == BREAK:
            p = "#colbreak(weak: true)" if container else "#pagebreak(weak: true)"
            if out and out[-1] == p:
                continue
        if p:
            out.append(p)
    return "\n\n".join(out)
