"""Which paragraphs every writer keeps with what follows them on the page."""

from __future__ import annotations

from ..docmodel import plain_text


def introduces(inlines) -> bool:
    """A short paragraph ending in a colon leads into what follows: keep them together.

    Long ones are left free to break: a renderer may move a whole kept
    paragraph to the next page, leaving a gap a reader notices.
    """
    text = plain_text(inlines).rstrip()
    return text.endswith(":") and len(text) < 400
