"""The Typst preamble of every PDF: fonts, page-independent set and show rules, the house's functions.

PREAMBLE styles every document (fonts, headings, tables, call-outs,
signature blocks, contents entries); REDLINE_PREAMBLE adds the marks of a
redline. Both are Typst source, filled in by `preamble`.
"""

from __future__ import annotations

from .markup import cm, string

# The embedded fonts of the typst wheel, in fallback order. None has CJK glyphs.
FONTS = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")


# Width of the number column at each clause level (level 1 = section heading).
# Level n's text starts where level n+1's number starts.
NUMBER_WIDTH = {1: 1.25, 2: 1.25, 3: 1.5, 4: 1.75}

PREAMBLE = r"""
#let ink = rgb("#1f2937")
#let muted = rgb("#4b5563")
#let accent = rgb("#1d4ed8")
#let rule = rgb("#9ca3af")
#set text(font: FONTS, size: 11pt, fill: ink, lang: "en", region: "gb")
#set par(justify: true, leading: 0.62em, spacing: 0.95em)
#set list(indent: 0.4em, body-indent: 0.6em, spacing: 0.7em)
#set enum(indent: 0.4em, body-indent: 0.6em, spacing: 0.7em)
#set table(stroke: 0.5pt + rule, inset: (x: 5pt, y: 4pt), fill: (_, y) => if y == 0 { luma(238) })
#show table: set par(justify: false)
// A row never starts on one page and ends on the next (the summary tables' rows are short).
#set table.cell(breakable: false)
#show table: set text(size: 10pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show figure.caption: set text(size: 9.5pt, style: "italic", fill: muted)
#show link: set text(fill: accent)
#show heading: set par(justify: false)
#show heading: it => block(above: 1.1em, below: 0.6em, sticky: true, text(size: 11pt, weight: "bold", style: "italic", it.body))
#show heading.where(level: 1): it => block(above: 1.7em, below: 1em, sticky: true, breakable: false)[
  #set text(size: 12.5pt, weight: "bold")
  #if it.numbering == none [#it.body] else [
    #set par(hanging-indent: NUMW1)
    #box(width: NUMW1)[#(it.numbering)()]#it.body
  ]
]
#show heading.where(level: 2): it => block(above: 1.4em, below: 0.8em, sticky: true, text(size: 11.5pt, weight: "bold", it.body))
#show heading.where(level: 3): it => block(above: 1.2em, below: 0.7em, sticky: true, text(size: 11pt, weight: "bold", it.body))

#let term(body) = text(weight: "bold")[“#body”]
#let fillin(body) = underline(stroke: 0.6pt + rgb("#b45309"), offset: 2.5pt, evade: false, highlight(fill: rgb("#fef3c7"), extent: 1.5pt, top-edge: "ascender", bottom-edge: "descender")[\[#body\]])
#let note(body) = block(width: 100%, fill: rgb("#eff6ff"), stroke: (left: 2.5pt + accent), inset: (x: 10pt, y: 8pt), above: 1.1em, below: 1.1em, body)
#let checkbox = text(font: "DejaVu Sans Mono", size: 1.1em)[☐]
// A paragraph that must not end a page: a clause's title standing alone
// before its sub-clauses, or a lead-in ending in a colon. Spaced as a par.
#let keep(body) = block(sticky: true, spacing: 0.95em, body)
#let keepwhole(body) = block(sticky: true, breakable: false, spacing: 0.95em, body)
#let tablecaption(body) = block(sticky: true, above: 1.2em, below: 0.5em, text(size: 10pt, style: "italic", fill: muted, body))
#let signature(heading, labels) = block(breakable: false, width: 100%)[
  #set par(justify: false)
  #text(weight: "bold", heading)
  #v(0.3em)
  #grid(columns: (2.1cm, 1fr), row-gutter: 1.9em, align: (left + bottom, left + bottom),
    ..labels.map(l => (text(size: 10pt, fill: muted, l), box(width: 100%, height: 1.3em, stroke: (bottom: 0.5pt + ink)))).flatten())
]
#let signatures(..blocks) = block(width: 100%, above: 2em, below: 1.5em,
  grid(columns: (1fr, 1fr), column-gutter: 1.2cm, row-gutter: 2.2em, ..blocks.pos()))
#let tocentry(level, number, title, target) = {
  let indent = if level <= 1 { 0pt } else { NUMW1 }
  let width = if number == none { 0pt } else if level <= 1 { NUMW1 } else { NUMW2 }
  block(above: if level <= 1 { 0.75em } else { 0.45em }, below: 0.45em, inset: (left: indent))[
    #set par(justify: false, hanging-indent: width)
    #set text(weight: if level <= 1 { "bold" } else { "regular" })
    #link(target)[#if number != none { box(width: width, number) }#title]#h(0.5em)#box(width: 1fr, repeat(gap: 0.25em)[.])#box(width: 1.6em, align(right, context counter(page).at(target).first()))
  ]
}
""".strip()

# Only in a redline (a document with marks), after PREAMBLE. Insertions are
# double-underlined and deletions struck through, as in a lawyer's
# comparison: the marks survive greyscale printing, colour only adds to
# them. A block added or removed, a paragraph with changes and a changed
# table row get a bar in the left margin, as Word shows; `revised` and
# `changed` take the bar's distance from the text, so that every bar
# stands at the same place in the margin whatever the clause's indent.
REDLINE_PREAMBLE = r"""
#let inscolour = rgb("#1d4ed8")
#let delcolour = rgb("#b91c1c")
#let insmark(body) = underline(stroke: 0.5pt + inscolour, offset: 1.6pt, evade: false,
  underline(stroke: 0.5pt + inscolour, offset: 3.1pt, evade: false, text(fill: inscolour, body)))
#let delmark(body) = strike(stroke: 0.7pt + delcolour, text(fill: delcolour, body))
#let revised(change, outset, body) = block(width: 100%, above: 0.95em, below: 0.95em,
  stroke: (left: 1.5pt + if change == "inserted" { inscolour } else { delcolour }), outset: (left: outset),
  if change == "inserted" { insmark(body) } else { delmark(body) })
#let changed(outset, body) = block(width: 100%, spacing: 0.95em, stroke: (left: 1pt + muted), outset: (left: outset), body)
#let legend(body) = block(width: 100%, below: 1.4em, inset: (x: 6pt, y: 5pt), stroke: 0.5pt + rule, {
  set par(justify: false)
  text(size: 9.5pt, body)
})
""".strip()


def preamble() -> str:
    """PREAMBLE with its fonts and number widths filled in."""
    return (
        PREAMBLE.replace("FONTS", "(" + ", ".join(string(f) for f in FONTS) + ")")
        .replace("NUMW1", cm(NUMBER_WIDTH[1]))
        .replace("NUMW2", cm(NUMBER_WIDTH[2]))
    )
