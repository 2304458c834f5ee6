"""Word-level comparison of two runs of inlines (one paragraph, heading, title or cell).

Inlines are cut into tokens: words, runs of spaces and single punctuation
marks, each remembering the formatting around it (Emph, Strong); a defined
term, a cross-reference or a fill-in is one token, never split. The tokens
are compared with difflib and rebuilt, with what only the old text has in
Deleted and what only the new has in Inserted, so that dropping either
mark gives back the other version's inlines (after `normalise_inlines`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..docmodel import MARKS, Deleted, Inline, Inserted, Ref, Text

# A word keeps its inner dots, commas, hyphens and slashes ("2.0", "8.1.2",
# "1,000", "e-mail", "and/or"), as Word's compare does: a new version number
# is one changed word, not a changed digit.
_PIECES = re.compile(r"\w+(?:[.,:/\-]\w+)*|\s+|[^\w\s]")

Token = tuple[tuple[type, ...], Inline]  # (formatting, outermost first; the atom)
MAX_PAIRS = 2_000_000  # tokens(old) x tokens(new) beyond which a paragraph is not diffed word by word


def tokens(inlines: tuple[Inline, ...], around: tuple[type, ...] = ()) -> list[Token]:
    """The inlines as a flat list of (formatting, atom) tokens."""
    out: list[Token] = []
    for i in inlines:
        if isinstance(i, Text):
            out.extend((around, Text(p)) for p in _PIECES.findall(i.text))
        elif isinstance(i, MARKS):
            out.extend(tokens(i.children, around + (type(i),)))
        else:
            out.append((around, i))
    return out


def rebuild(toks: list[Token]) -> tuple[Inline, ...]:
    """Inlines from tokens: neighbours with the same formatting share one mark."""
    out: list[Inline] = []
    k = 0
    while k < len(toks):
        wrap, atom = toks[k]
        if not wrap:
            out.append(atom)
            k += 1
            continue
        end = k
        while end < len(toks) and toks[end][0][:1] == wrap[:1]:
            end += 1
        out.append(wrap[0](rebuild([(w[1:], a) for w, a in toks[k:end]])))
        k = end
    return normalise_inlines(tuple(out))


def normalise_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The canonical form of inlines: adjacent Text merged, empty Text and empty marks
    dropped, adjacent marks of one kind (Emph, Strong, Inserted, Deleted) merged."""
    out: list[Inline] = []
    for i in inlines:
        if isinstance(i, Text):
            if not i.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + i.text)
            else:
                out.append(i)
        elif isinstance(i, MARKS):
            children = normalise_inlines(i.children)
            if not children:
                continue
            if out and type(out[-1]) is type(i):
                out[-1] = type(i)(normalise_inlines(out[-1].children + children))
            else:
                out.append(type(i)(children))
        else:
            out.append(i)
    return tuple(out)


def unpinned(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The inlines in canonical form with no cross-reference's pinned number: once the
    marks are resolved, a version's own numbers show every reference."""
    out: list[Inline] = []
    for i in inlines:
        if isinstance(i, Ref) and i.number:
            out.append(Ref(i.target))
        elif isinstance(i, MARKS):
            out.append(type(i)(unpinned(i.children)))
        else:
            out.append(i)
    return normalise_inlines(tuple(out))


def _is_space(t: Token) -> bool:
    return isinstance(t[1], Text) and t[1].text.isspace()


def _words(toks: list[Token]) -> list[Token]:
    return [t for t in toks if not _is_space(t)]


@lru_cache(maxsize=4096)
def _word_tokens(inlines: tuple[Inline, ...]) -> tuple[Token, ...]:
    # Cached: a changed stretch compares each block with every block across.
    return tuple(_words(tokens(inlines)))


def similarity(a: tuple[Inline, ...], b: tuple[Inline, ...]) -> float:
    """How alike two runs of inlines are, 0..1, counting words only (spaces would make
    any two sentences look alike)."""
    wa, wb = _word_tokens(a), _word_tokens(b)
    if not wa and not wb:
        return 1.0
    m = SequenceMatcher(None, wa, wb, autojunk=False)
    # The cheap upper bounds first: most pairs tried are far apart.
    for bound in (m.real_quick_ratio, m.quick_ratio):
        if (r := bound()) < 0.5:
            return r
    return m.ratio()


def diff_inlines(old: tuple[Inline, ...], new: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The new inlines with word-level Deleted/Inserted marks against the old ones."""
    ta, tb = tokens(old), tokens(new)
    if len(ta) * len(tb) > MAX_PAIRS:
        # A paragraph of many thousands of words (a hostile library can hold
        # one): compared word by word it would take minutes, so it is shown
        # replaced whole.
        return normalise_inlines((Deleted(rebuild(ta)), Inserted(rebuild(tb))))
    # No junk: were spaces junk, no match could run across one, every match
    # would be a single word, and "the" or "of" would anchor the alignment
    # ("the [Chartered Institute][date] of ..."). Whole phrases match instead,
    # as in Word's compare.
    ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    # Fold a lone space (or any run of spaces) kept between two changes into the
    # change: "~~10 business~~ __15 calendar__" reads better than four marks.
    merged: list[tuple[str, int, int, int, int]] = []  # (tag, i1, i2, j1, j2) as difflib's opcodes
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        blank = tag == "equal" and all(_is_space(t) for t in ta[i1:i2])
        between = 0 < k < len(ops) - 1
        if tag != "equal" or (blank and between):
            if merged and merged[-1][0] == "change":
                _, c1, _, d1, _ = merged[-1]
                merged[-1] = ("change", c1, i2, d1, j2)
            else:
                merged.append(("change", i1, i2, j1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    out: list[Inline] = []
    for step, i1, i2, j1, j2 in merged:
        if step == "equal":
            out.extend(rebuild(tb[j1:j2]))
            continue
        if i2 > i1:
            out.append(Deleted(rebuild(ta[i1:i2])))
        if j2 > j1:
            out.append(Inserted(rebuild(tb[j1:j2])))
    return normalise_inlines(tuple(out))
