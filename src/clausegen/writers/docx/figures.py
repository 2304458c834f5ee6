"""A figure's picture for Word: its SVG (svg.py) rendered to PNG by Typst.

Typst is imported only when a document has a figure; if rendering fails for
any reason the writer shows the figure's items as a table instead.
"""

from __future__ import annotations

import struct

from ...docmodel import Figure

FIGURE_PPI = 144


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels (from its IHDR chunk)."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_png(fig: Figure) -> bytes | None:
    """The figure's SVG rendered to PNG by Typst, or None if that fails."""
    try:
        import typst

        from ..svg import figure_svg

        source = b'#set page(width: auto, height: auto, margin: 0pt)\n#image(bytes(sys.inputs.svg), format: "svg")\n'
        png = typst.compile(
            source, format="png", ppi=FIGURE_PPI, sys_inputs={"svg": figure_svg(fig)}, ignore_system_fonts=True
        )
        return png if isinstance(png, bytes) else png[0]
    except Exception:  # any failure: the writer falls back to a table of the items
        return None
