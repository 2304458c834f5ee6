"""One writer per output format: document model -> bytes.

A new format is one new module (or package) here and one line in FORMATS;
the command line, clausegen.toml and builds take their formats from it.
Each has write(document, options: WriterOptions | None) -> bytes. Writers
import only clausegen.docmodel and the base modules (dates, resources), and
their own libraries (python-docx, typst) only when they are imported or
used, never from here: `clausegen check` imports this package.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .options import WriterOptions

#: format (file extension) -> module that has write(document, options) -> bytes. Its order
#: is the order of `--format` in the command line's help and of a build's outputs.
FORMATS = {
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "md": "markdown",
}


def writer(fmt: str) -> Callable[..., bytes]:
    """The write function of a format, imported only when needed."""
    write: Callable[..., bytes] = import_module(f"{__name__}.{FORMATS[fmt]}").write
    return write


__all__ = ["FORMATS", "WriterOptions", "writer"]
