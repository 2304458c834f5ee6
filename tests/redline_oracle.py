"""A test oracle for redlines: the words pandoc reads from a .docx, changes accepted or rejected.

pandoc (the binary bundled with pypandoc) reads Word's tracked changes
itself: `--track-changes=accept` gives the text with every change accepted,
`reject` the text with every change rejected. A redline is right when its
accepted words are the new version's words and its rejected words the old
version's. Only the sequence of words is compared (pandoc's Str tokens):
table layout, empty paragraphs and list structure differ between a redline
and a plain document after accept/reject (jgm/pandoc#3927), the words do not.
"""

from __future__ import annotations

import json
import subprocess

import pypandoc


def docx_json(data: bytes, track: str | None = None) -> dict:
    """pandoc's JSON AST of a .docx given as bytes; track is "accept", "reject" or None."""
    args = [pypandoc.get_pandoc_path(), "-f", "docx", "-t", "json"]
    if track:
        args.append(f"--track-changes={track}")
    proc = subprocess.run(args, input=data, capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"pandoc could not read the .docx: {proc.stderr.decode(errors='replace')}")
    return json.loads(proc.stdout)


def words_of(node) -> list[str]:
    """The words of a pandoc JSON value, in reading order.

    Str tokens are joined as they touch (a REF field read as a link and the
    full stop after it make one word, "1.2."), and split at spaces, line
    breaks and block boundaries.
    """
    out: list[str] = []

    def visit(x):
        if isinstance(x, dict):
            kind = x.get("t")
            if kind == "Str":
                out.append(x["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            else:
                visit(x.get("c"))
                if kind in _BLOCKS:
                    out.append(" ")
        elif isinstance(x, list):
            for y in x:
                visit(y)

    visit(node.get("blocks", node) if isinstance(node, dict) else node)
    return "".join(out).split()


# pandoc block types: a word never runs on across their ends
_BLOCKS = {
    "Para",
    "Plain",
    "Header",
    "BlockQuote",
    "BulletList",
    "OrderedList",
    "DefinitionList",
    "Table",
    "Div",
    "LineBlock",
    "CodeBlock",
    "Figure",
    "Cell",
    "Row",
}


def docx_words(data: bytes, track: str | None = "accept") -> list[str]:
    """The words of a .docx as pandoc reads them, with changes accepted, rejected or (None) as is.

    A word split across runs or changes ("1[0]5") comes back whole;
    punctuation stays attached to its word.
    """
    return words_of(docx_json(data, track))
