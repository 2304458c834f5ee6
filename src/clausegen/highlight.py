"""A Pygments lexer for .regime files, so Sphinx, MkDocs and the docs highlight them.

Pygments is not a dependency of clausegen: only Pygments loads this module,
through the `pygments.lexers` entry point (pyproject.toml), so it is there
whenever this module is imported. The keywords are the builder's own
tables, read when the lexer is first used, so a keyword added to the
language is highlighted without changing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from pygments.lexer import RegexLexer
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Punctuation, String, Whitespace


def _keywords() -> frozenset[str]:
    from .language.vocabulary import vocabulary

    return frozenset({"regime"} | {k for words in vocabulary().values() for k in words})


def _units() -> frozenset[str]:
    from .language.values import UNITS

    return frozenset(UNITS)


# Pygments ships no type information (pyproject: ignore_missing_imports), so RegexLexer is Any to mypy.
class RegimeLexer(RegexLexer):  # type: ignore[misc]
    """Lexer for clausegen regime files (the dispute-resolution DSL)."""

    name = "Regime"
    aliases: ClassVar[list[str]] = ["regime", "clausegen"]
    filenames: ClassVar[list[str]] = ["*.regime"]
    mimetypes: ClassVar[list[str]] = ["text/x-regime"]

    _words: tuple[frozenset[str], frozenset[str]] | None = None

    def _word(self, match: re.Match[str]) -> Iterator[tuple[int, Any, str]]:
        """A bare word: a unit of time, a keyword of the language, or a name."""
        if RegimeLexer._words is None:
            RegimeLexer._words = (_keywords(), _units())
        keywords, units = RegimeLexer._words
        word = match.group()
        kind = Keyword.Type if word in units else Keyword if word in keywords else Name
        yield match.start(), kind, word

    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"[\t \f]+", Whitespace),
            (r"\r?\n", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"(?:[^"\\\n]|\\.)*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}(?![\w.])", Literal.Date),
            (r"\d+(?:\.\d+)?(?!\w)", Number),
            (r"[^\W\d]\w*(?:\.[^\W\d]\w*)+", Name.Variable),
            (r"[^\W\d]\w*", _word),
            (r"[{},]", Punctuation),
            (r".", Error),
        ]
    }
