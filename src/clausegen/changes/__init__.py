"""The semantic diff of two versions of a regime (`clausegen diff`).

compare: Regime x Regime -> changes; spans: each change pointed at its line;
follows: what the changes mean for the documents and the worst-case dates;
report: text, JSON and Markdown; summary: the redline's first page as
document-model blocks.

Names are imported on first use, so `clausegen diff` loads only what it needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .compare import Change, diff_regimes, sentences
    from .report import Report, make_report, to_json, to_markdown, to_text
    from .summary import summary_blocks

_HOME = {
    "Change": "compare",
    "diff_regimes": "compare",
    "sentences": "compare",
    "Report": "report",
    "make_report": "report",
    "to_json": "report",
    "to_markdown": "report",
    "to_text": "report",
    "summary_blocks": "summary",
}
# Spelt out (not sorted(_HOME)) so that type checkers see what the package exports.
__all__ = [
    "Change",
    "Report",
    "diff_regimes",
    "make_report",
    "sentences",
    "summary_blocks",
    "to_json",
    "to_markdown",
    "to_text",
]


def __getattr__(name: str) -> object:
    """A name of the package, imported from its module on first use."""
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
