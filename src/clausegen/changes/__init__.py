"""The semantic diff of two versions of a regime (`clausegen diff`).

compare: Regime x Regime -> changes; follows: what the changes mean for the
documents and the worst-case dates; report: text, JSON and Markdown;
summary: the redline's first page as document-model blocks.
"""

from __future__ import annotations

from .compare import Change, diff_regimes

__all__ = ["Change", "diff_regimes"]
