"""Clause markup -> document-model blocks.

Clause bodies are written in a small Markdown subset, rendered by Jinja first:

    A paragraph. **bold**, *italic*, a defined term [[Dispute]] or
    [[Disputes|Dispute]], a definition [[def:Dispute]], a cross-reference
    clause [[ref:mediation.appointment]], a fill-in [[field:Date of notice]].

    1. A numbered sub-clause (in numbered documents; a numbered list otherwise).
    1. [[id:mediation.fallback]] A sub-clause with its own id for cross-references.
       - an indented bullet belongs to the item above
    - a bullet
    - [ ] a checklist item
    ### A minor heading
    > A call-out note.
    | Header | Header |
    |---|---|
    | cell | cell |
    [[figure:ladder|Caption]]
    [[signatures]]
    [[signature:Jane Doe, the Mediator|Signed by]]
    [[pagebreak]]

A backslash makes the next character literal (`\\*`, `\\[`, `\\|`, `\\\\`).
Every value a regime gives (names, addresses, titles) reaches the clause
templates escaped this way, so whatever a drafter types in quotes is text in
the document, never markup.

This module reads blocks (paragraphs, headings, lists, sub-clauses, tables,
directives); the inline markup within them, and escaping, are
documents.inlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..docmodel import (
    Block,
    BulletList,
    Clause,
    Heading,
    OrderedList,
    PageBreak,
    Paragraph,
    Table,
)

# Inline markup and escaping (inlines.py), which block markup builds on.
from .inlines import MarkupError, mask_escapes, parse_inlines, partition_unescaped, unescape


@dataclass(frozen=True)
class Directive:
    """A block the assembler fills in from the regime: [[figure:x]], [[signatures]]."""

    name: str
    argument: str
    caption: str


_ANCHOR = re.compile(r"^\[\[id:([\w.\-]+)\]\]\s*")
_ITEM = re.compile(r"^( *)(\d+\.|-) (.*)$")


def parse_blocks(
    text: str, numbered: bool, level: int, id_prefix: str
) -> tuple[list[Block | Directive], list[Clause], list[Block | Directive]]:
    """Parse a rendered clause body.

    Returns (blocks, sub_clauses, after): in a numbered document, top-level
    `1.` items become sub-clauses at `level + 1` (otherwise they stay a
    list), and blocks written after the sub-clauses come back in `after`.
    """
    lines = text.split("\n")
    before: list[Block | Directive] = []
    after: list[Block | Directive] = []
    blocks = before  # switches to `after` once sub-clauses have started
    subclauses: list[Clause] = []
    i = 0
    counter = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        lineno = i + 1
        if not stripped:
            i += 1
            continue
        if stripped.startswith("[[") and stripped.endswith("]]") and _is_directive(stripped):
            blocks.append(_directive(stripped, lineno))
            i += 1
            continue
        if stripped.startswith("### "):
            blocks.append(Heading(parse_inlines(stripped[4:].strip(), lineno)))
            i += 1
            continue
        if stripped.startswith("|"):
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                j += 1
            blocks.append(_table(lines[i:j], lineno))
            i = j
            continue
        if stripped.startswith("> "):
            j = i
            parts = []
            while j < len(lines) and lines[j].strip().startswith(">"):
                parts.append(lines[j].strip()[1:].strip())
                j += 1
            blocks.append(Paragraph(parse_inlines(" ".join(parts), lineno), style="note"))
            i = j
            continue
        m = _ITEM.match(raw)
        if m:
            j = i
            while j < len(lines) and lines[j].strip() and (_ITEM.match(lines[j]) or lines[j].startswith(" ")):
                j += 1
            items = _list_items(lines[i:j], lineno)
            ordered = m.group(2) != "-"
            if ordered and numbered:
                for item_lines, item_line in items:
                    counter += 1
                    subclauses.append(_subclause(item_lines, item_line, level + 1, f"{id_prefix}.{counter}"))
                blocks = after
            else:
                blocks.append(_list(items, ordered))
            i = j
            continue
        j = i
        parts = []
        while j < len(lines) and lines[j].strip() and not _starts_block(lines[j]):
            parts.append(lines[j].strip())
            j += 1
        if not parts:  # a line that looked like a block start but was not one
            parts, j = [stripped], i + 1
        blocks.append(Paragraph(parse_inlines(" ".join(parts), lineno)))
        i = j
    return before, subclauses, after


def _is_directive(line: str) -> bool:
    inner = line[2:-2]
    return "]]" not in mask_escapes(inner) and (
        inner.split(":")[0].split("|")[0] in ("figure", "signatures", "signature", "pagebreak")
    )


def _directive(line: str, lineno: int) -> Block | Directive:
    inner = line[2:-2]
    head, head_masked, _, caption, _ = partition_unescaped(inner, mask_escapes(inner), "|")
    name, _, _, argument, _ = partition_unescaped(head, head_masked, ":")
    argument, caption = unescape(argument), unescape(caption)
    if name == "pagebreak":
        return PageBreak()
    if name == "figure" and argument not in ("ladder", "timeline"):
        raise MarkupError(
            f"there is no figure called `{argument}`", lineno, "use [[figure:ladder]] or [[figure:timeline]]"
        )
    return Directive(name, argument.strip(), caption.strip())


def _starts_block(line: str) -> bool:
    s = line.strip()
    return (
        bool(_ITEM.match(line))
        or s.startswith(("|", "### ", "> "))
        or (s.startswith("[[") and s.endswith("]]") and _is_directive(s))
    )


def _list_items(lines: list[str], first_line: int) -> list[tuple[list[str], int]]:
    """Split list lines into items: each item's lines, with the marker removed."""
    items: list[tuple[list[str], int]] = []
    base = len(lines[0]) - len(lines[0].lstrip(" "))
    for k, line in enumerate(lines):
        m = _ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if m and indent == base:
            items.append(([m.group(3)], first_line + k))
        else:
            items[-1][0].append(line[base + 2 :] if indent >= base + 2 else line.strip())
    return items


def _item_blocks(item_lines: list[str], line: int) -> tuple[Block, ...]:
    """The blocks of one list item: its first line's text, then any nested list."""
    first, rest = item_lines[0], item_lines[1:]
    text_lines = [first]
    while rest and not _starts_block(rest[0]):
        text_lines.append(rest.pop(0).strip())
    blocks: list[Block] = [Paragraph(parse_inlines(" ".join(text_lines), line))]
    if rest:
        nested, _, _ = parse_blocks("\n".join(rest), numbered=False, level=0, id_prefix="")
        blocks.extend(b for b in nested if not isinstance(b, Directive))
    return tuple(blocks)


def _list(items: list[tuple[list[str], int]], ordered: bool) -> Block:
    checklist = not ordered and all(lines[0].startswith("[ ] ") for lines, _ in items)
    out = []
    for lines, line in items:
        if checklist:
            lines = [lines[0][4:]] + lines[1:]
        out.append(_item_blocks(lines, line))
    return OrderedList(tuple(out)) if ordered else BulletList(tuple(out), checklist=checklist)


def _subclause(item_lines: list[str], line: int, level: int, default_id: str) -> Clause:
    first = item_lines[0]
    anchor = _ANCHOR.match(first)
    clause_id = anchor.group(1) if anchor else default_id
    if anchor:
        item_lines = [first[anchor.end() :]] + item_lines[1:]
    text_lines = [item_lines[0]]
    rest = item_lines[1:]
    while rest and not _starts_block(rest[0]):
        text_lines.append(rest.pop(0).strip())
    children: list[Clause] = []
    after: list[Block | Directive] = []
    blocks: list[Block] = [Paragraph(parse_inlines(" ".join(text_lines), line))]
    if rest:
        nested, children, after = parse_blocks("\n".join(rest), numbered=True, level=level, id_prefix=clause_id)
        blocks.extend(b for b in nested if not isinstance(b, Directive))
    tail = tuple(b for b in after if not isinstance(b, Directive))
    return Clause(clause_id, "", level, tuple(blocks), tuple(children), after=tail)


def _cells(line: str) -> list[str]:
    """Split a table row at `|`, except inside [[...]] markers such as [[Days|Day]] or escaped (`\\|`)."""
    line = line.removeprefix("|")
    if line.endswith("|") and not mask_escapes(line).endswith("\ue000"):
        line = line[:-1]
    masked = mask_escapes(line)
    cells, start, depth, i = [], 0, 0, 0
    for m in re.finditer(r"\[\[|\]\]|\|", masked):
        if m.start() < i:
            continue  # the second half of `[[[` or `]]]`
        token, i = m.group(), m.end()
        if token == "[[":
            depth += 1
        elif token == "]]":
            depth = max(0, depth - 1)
        elif not depth:
            cells.append(line[start : m.start()])
            start = m.end()
    cells.append(line[start:])
    return cells


def _table(lines: list[str], lineno: int) -> Table:
    rows = []
    for k, line in enumerate(lines):
        cells = [c.strip() for c in _cells(line.strip())]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        rows.append(tuple(parse_inlines(c, lineno + k) for c in cells))
    if not rows:
        raise MarkupError("a table needs a header row", lineno)
    width = len(rows[0])
    for k, row in enumerate(rows[1:], start=1):
        if len(row) != width:
            raise MarkupError(f"a table row has {len(row)} cells but the header has {width}", lineno + k)
    return Table(rows[0], tuple(rows[1:]))
