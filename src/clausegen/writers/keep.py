"""What every writer keeps together on the page: lead-ins with what follows, e-mail addresses, phone numbers."""

from __future__ import annotations

import re

from ..docmodel import BulletList, Clause, Inline, OrderedList, Paragraph, SignatureBlock, plain_text


def introduces(inlines: tuple[Inline, ...]) -> bool:
    """A short paragraph ending in a colon leads into what follows: keep them together.

    Long ones are left free to break: a renderer may move a whole kept
    paragraph to the next page, leaving a gap a reader notices.
    """
    text = plain_text(inlines).rstrip()
    return text.endswith(":") and len(text) < 400


# An e-mail address in running text. Writers let a line break inside one only
# after its `@` and dots: a break at a hyphen ("coastal-\ncommunities") reads
# as a word hyphenated, and a reader copying the address gets it wrong.
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_BREAK_AFTER = re.compile(r"(?<=[@.])(?=[^\s@.])")


def email_pieces(address: str) -> list[str]:
    """An address cut where a line may break inside it: after its `@` and dots."""
    return _EMAIL_BREAK_AFTER.split(address)


# A telephone number in running text: international ("+44 20 7946 0101",
# "+49 (0)69 1234 5678") or a national number with a leading 0 and at least
# two more groups ("0113 496 0000"). Its spaces become no-break spaces in
# every writer, so a number never starts on one line and ends on the next.
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}(?:[ \u00a0]\(?\d{1,5}\)?\d{0,5}){1,6}|0\d{2,4}(?:[ \u00a0]\d{3,4}){2,3})(?!\w)"
)
NBSP = "\u00a0"


def unbroken_phones(text: str) -> str:
    """The text with the spaces inside each telephone number made no-break spaces."""
    if "+" not in text and "0" not in text:
        return text
    return PHONE.sub(lambda m: m.group().replace(" ", NBSP), text)


def kept_whole(c: Clause) -> bool:
    """A short clause that ends in a signature block (an acknowledgement) stays on one page.

    The signature then never stands on a page without the words it signs.
    Only short text with no sub-clauses qualifies: a longer clause kept whole
    could leave most of a page empty.
    """
    if c.children or c.after or not c.blocks or not isinstance(c.blocks[-1], SignatureBlock):
        return False
    if not all(isinstance(b, (Paragraph, BulletList, OrderedList, SignatureBlock)) for b in c.blocks):
        return False
    text = sum(len(plain_text(b.inlines)) for b in c.blocks if isinstance(b, Paragraph))
    return text < 1200
