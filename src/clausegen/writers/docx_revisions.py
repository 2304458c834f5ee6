"""Word tracked changes' former module: now clausegen.writers.docx.revisions.

Kept so that code importing from clausegen.writers.docx_revisions goes on working.
"""

from __future__ import annotations

from .docx.revisions import (
    DEFAULT_AUTHOR,
    FALLBACK_DATE,
    Revisions,
    marked_lead,
    revision_date,
    unrevised,
    whole_change,
)

__all__ = ["DEFAULT_AUTHOR", "FALLBACK_DATE", "Revisions", "marked_lead", "revision_date", "unrevised", "whole_change"]
