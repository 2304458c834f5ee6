"""The semantic diff of two versions of a regime (`clausegen diff`).

compare: Regime x Regime -> changes; spans: each change pointed at its line;
follows: what the changes mean for the documents and the worst-case dates;
report: text, JSON and Markdown; summary: the redline's first page as
document-model blocks.
"""

from __future__ import annotations

from .compare import Change, diff_regimes
from .report import Report, make_report, to_json, to_markdown, to_text
from .summary import summary_blocks

__all__ = ["Change", "Report", "diff_regimes", "make_report", "summary_blocks", "to_json", "to_markdown", "to_text"]
