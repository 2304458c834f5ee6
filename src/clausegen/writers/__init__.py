"""One writer per output format: document model -> bytes.

A new format is one new module here and one line in FORMATS. Writers import
only clausegen.docmodel (and their own libraries, lazily).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..docmodel import Document

# format (file extension) -> module that has write(document, options) -> bytes
FORMATS = {
    "md": "markdown",
    "pdf": "pdf",
    "html": "html",
    "docx": "docx",
}


def writer(fmt: str) -> Callable[..., bytes]:
    """The write function of a format, imported only when needed."""
    return import_module(f"{__name__}.{FORMATS[fmt]}").write


__all__ = ["FORMATS", "Document", "writer"]
