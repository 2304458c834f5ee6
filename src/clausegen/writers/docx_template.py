"""The Word package's former module: its names now live in the writers.docx package.

Kept so that code importing from clausegen.writers.docx_template goes on
working; new code imports from clausegen.writers.docx.house_style (the
look), .numbering, .prepared (page and settings) and .package (the zip).
"""

from __future__ import annotations

from .docx.furniture import WATERMARK
from .docx.house_style import (
    BULLET_FONT,
    CLAUSE_INDENTS,
    FONT,
    FONT_FALLBACK,
    LIST_STEP,
    TEXT_WIDTH_A4,
    Style,
    clause_body_style_name,
    clause_style_name,
    house_styles,
)
from .docx.numbering import Numbering, define_numbering
from .docx.package import APP_XML, PROPERTY_LIMIT, package_bytes, properties, zip_entries
from .docx.prepared import a4_page, drop_extras, settings

__all__ = [
    "APP_XML",
    "BULLET_FONT",
    "CLAUSE_INDENTS",
    "FONT",
    "FONT_FALLBACK",
    "LIST_STEP",
    "PROPERTY_LIMIT",
    "TEXT_WIDTH_A4",
    "WATERMARK",
    "Numbering",
    "Style",
    "a4_page",
    "clause_body_style_name",
    "clause_style_name",
    "define_numbering",
    "drop_extras",
    "house_styles",
    "package_bytes",
    "properties",
    "settings",
    "zip_entries",
]
