"""Figures as SVG: the escalation ladder and the worst-case timeline.

One drawing serves every format: HTML inlines the SVG; the PDF writer hands
it to Typst; the Word writer embeds a PNG that Typst renders from it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..docmodel import Figure

WIDTH = 640
# The house serif (embedded by the typst wheel for PDF and the Word PNG; HTML
# readers without it get the same fallbacks as the text around the figure).
FONT = "font-family='Libertinus Serif, Linux Libertine, Georgia, Times New Roman, serif'"
INK = "#1f2937"
ACCENT = "#1d4ed8"
PALE = "#e0e7ff"


def figure_svg(fig: Figure) -> str:
    """The figure drawn as a standalone SVG document (UTF-8 text)."""
    if fig.kind == "ladder":
        return _ladder(fig)
    return _timeline(fig)


def _text(
    x: float, y: float, s: str, size: int = 13, weight: str = "normal", anchor: str = "start", fill: str = INK
) -> str:
    return (
        f"<text x='{x:.0f}' y='{y:.0f}' {FONT} font-size='{size}' font-weight='{weight}' "
        f"text-anchor='{anchor}' fill='{fill}'>{escape(s)}</text>"
    )


def _wrap(s: str, width: int) -> list[str]:
    words, lines, line = s.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return lines + ([line] if line else [])


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}' role='img' aria-label='{escape(title, {chr(39): '&apos;'})}'>"
        f"<title>{escape(title)}</title><rect width='{WIDTH}' height='{height}' fill='white'/>"
        + "".join(body)
        + "</svg>"
    )


def _ladder(fig: Figure) -> str:
    """Rungs from the bottom (notice) to the top (the final forum), like a ladder."""
    n = len(fig.items)
    rung_h, gap, top = 54, 14, 16
    height = top + n * (rung_h + gap) + 8
    body = []
    for k, (label, detail) in enumerate(fig.items):
        # the first item (the notice) sits at the bottom
        y = top + (n - 1 - k) * (rung_h + gap)
        indent = 20 + k * min(40, 200 // max(1, n))
        w = WIDTH - indent - 20
        last = k == n - 1
        body.append(
            f"<rect x='{indent}' y='{y}' width='{w}' height='{rung_h}' rx='6' "
            f"fill='{ACCENT if last else PALE}' stroke='{ACCENT}' stroke-width='1.5'/>"
        )
        colour = "white" if last else INK
        # no running number: the labels say "Tier 1: ...", as the text does
        body.append(_text(indent + 12, y + 21, label, 14, "bold", fill=colour))
        for j, line in enumerate(_wrap(detail, 78)[:2]):
            body.append(_text(indent + 12, y + 38 + j * 13, line, 11, fill=colour))
        if k < n - 1:
            ax = indent + 30
            body.append(
                f"<path d='M{ax} {y - 2} L{ax} {y - gap + 4}' stroke='{ACCENT}' stroke-width='2'/>"
                f"<path d='M{ax - 5} {y - gap + 9} L{ax} {y - gap + 2} L{ax + 5} {y - gap + 9}' fill='none' stroke='{ACCENT}' stroke-width='2'/>"
            )
    return _svg(height, body, fig.caption)


def _timeline(fig: Figure) -> str:
    """The steps as bars to scale (with spans), else evenly along one line."""
    if fig.spans and len(fig.spans) == len(fig.items):
        return _timeline_to_scale(fig)
    return _timeline_even(fig)


def _timeline_to_scale(fig: Figure) -> str:
    """One row a step: its label and detail, then a bar from its first to its
    last calendar day on a common day axis; the last item, the earliest day
    for proceedings, is a marker across every row."""
    left, right, row = 16, WIDTH - 16, 44
    last = max([end for _, end in fig.spans] + [1])

    def x(day: int) -> float:
        return left + (right - left) * max(0, day) / last

    n = len(fig.items)
    height = 20 + row * n + 28
    body = []
    for k, ((label, detail), (start, end)) in enumerate(zip(fig.items, fig.spans)):
        y = 20 + k * row
        final = k == n - 1
        body.append(_text(left, y + 4, label, 12, "bold"))
        body.append(_text(right, y + 4, detail, 11, anchor="end"))
        if final:
            # through the bar lane of every row, never across the words
            lanes = "".join(f"M{x(end):.1f} {20 + j * row + 8} L{x(end):.1f} {20 + j * row + 24} " for j in range(n))
            body.append(f"<path d='{lanes.strip()}' stroke='{ACCENT}' stroke-width='1.5' stroke-dasharray='3 2'/>")
            body.append(f"<circle cx='{x(end):.1f}' cy='{y + 16}' r='6' fill='{ACCENT}'/>")
        else:
            width = max(2.0, x(end) - x(start))
            body.append(
                f"<rect x='{x(start):.1f}' y='{y + 10}' width='{width:.1f}' height='12' rx='2' "
                f"fill='{PALE}' stroke='{ACCENT}' stroke-width='1.2'/>"
            )
    axis = 20 + row * n + 4
    body.append(f"<path d='M{left} {axis} L{right} {axis}' stroke='{INK}' stroke-width='1'/>")
    body.append(_text(left, axis + 16, "day 0", 10))
    body.append(_text(right, axis + 16, f"day {last}", 10, anchor="end"))
    return _svg(height, body, fig.caption)


def _timeline_even(fig: Figure) -> str:
    """Steps as dots along one line, the last item being where proceedings open."""
    steps = fig.items
    row = 34
    height = 24 + row * len(steps) + 16
    body = [f"<path d='M40 14 L40 {height - 14}' stroke='{ACCENT}' stroke-width='3'/>"]
    for k, (label, detail) in enumerate(steps):
        y = 24 + k * row
        last = k == len(steps) - 1
        body.append(
            f"<circle cx='40' cy='{y}' r='7' fill='{ACCENT if last else 'white'}' stroke='{ACCENT}' stroke-width='2'/>"
        )
        body.append(_text(58, y + 5, label, 13, "bold"))
        body.append(_text(WIDTH - 16, y + 5, detail, 12, anchor="end"))
    return _svg(height, body, fig.caption)
