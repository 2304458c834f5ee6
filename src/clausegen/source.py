"""Source files and the spans that point into them.

Line breaks: a regime file may end its lines with LF, CRLF or CR alone (old
Mac files). A `SourceFile` normalises CRLF and CR to LF when it is made, so
from then on `\\n` is the only line break, for every stage alike: the
parser (Lark counts `\\n`), the pre-scan, spans and the rendering of
diagnostics. Removing the `\\r` of a CRLF never moves a column, and a lone CR
becomes the line break an editor shows, so lines and columns still point
where the drafter looks. Other characters that some tools treat as line
breaks (form feed, vertical tab, U+0085, U+2028, U+2029) are characters on a
line, never line breaks: `split_lines` is the one way to cut text into lines.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field

# Names for the invisible characters a drafter most often pastes by accident.
_CONTROL_NAMES = {
    0x00: "null character",
    0x09: "tab",
    0x0B: "vertical tab",
    0x0C: "form feed (page break)",
    0x1B: "escape character",
    0x7F: "delete character",
    0x85: "next-line character",
    0xA0: "non-breaking space",
    0xFEFF: "byte order mark",
}


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """The lines of normalised text, cut at `\\n` only (a final `\\n` gives a last empty line).

    Unlike str.splitlines(), form feeds, vertical tabs, U+0085, U+2028 and
    U+2029 stay inside their line: Lark counts lines the same way.
    """
    return text.split("\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a source file: 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int) -> Span:
        """A one-character span at line:column."""
        return cls(file, line, column, line, column + 1)

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one regime file, with the name diagnostics should show.

    The text is kept with its line endings normalised (see the module notes).
    """

    name: str
    text: str
    # The lines, split once on first use: rendering many diagnostics of a
    # large file must not split the whole text for each one.
    _lines: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", normalise_newlines(self.text))

    def lines(self) -> tuple[str, ...]:
        """Every line of the file, without line endings (see `split_lines`)."""
        lines = self._lines
        if lines is None:
            lines = tuple(split_lines(self.text))
            object.__setattr__(self, "_lines", lines)
        return lines

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, without its line ending."""
        lines = self.lines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""

    def end_span(self) -> Span:
        """A span at the very end of the file (for 'missing X at end of file').

        It points just after the last character of the last line, not on the
        empty line after a final line break.
        """
        lines = list(self.lines())
        if len(lines) > 1 and lines[-1] == "":
            lines.pop()
        return Span.point(self.name, len(lines), len(lines[-1]) + 1)


def unwritable(ch: str) -> bool:
    """True for a character no document format can carry.

    XML 1.0 (DOCX, HTML) cannot hold control characters other than tab and
    line feed, lone surrogates, or U+FFFE/U+FFFF; the other C1 controls and
    the Unicode non-characters are invisible junk that no drafter means.
    """
    o = ord(ch)
    if ch in "\t\n":
        return False
    return o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def is_invisible(ch: str) -> bool:
    """True for a character that shows as nothing (or as a break) on screen."""
    return (
        unwritable(ch)
        or ch == "\ufeff"
        or ch == "\xa0"
        or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
    )


def describe_character(ch: str) -> str:
    """'U+000C, form feed (page break)' or 'U+0001': a character named so a drafter can find it."""
    o = ord(ch)
    name = _CONTROL_NAMES.get(o) or unicodedata.name(ch, "").lower()
    return f"U+{o:04X}, {name}" if name else f"U+{o:04X}"


def visible(text: str) -> str:
    """`text` with every invisible character shown as one visible symbol.

    Control characters become their Unicode control pictures (U+2400...),
    other invisible characters the replacement character, so a rendered
    source line keeps one column per character and never breaks or hides.
    """
    if all(ch == "\t" or not is_invisible(ch) for ch in text):
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\t":
            out.append(ch)
        elif o < 0x20:
            out.append(chr(0x2400 + o))
        elif o == 0x7F:
            out.append("\u2421")
        elif is_invisible(ch):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


class NotARegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a file."""


class FileTooLarge(Exception):
    """A file holds more bytes than its reader accepts (`size` is what was seen)."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def read_limited(path: str | os.PathLike[str], limit: int, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read safely.

    Opened without blocking (a FIFO would hang) and checked before anything
    is read: anything but a regular file raises NotARegularFile, a file over
    `limit` FileTooLarge. At most limit + 1 bytes are read, so a file that
    grows meanwhile (or a device that never ends) is caught too. Other
    OSErrors pass to the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileTooLarge(len(data))
    return data


def byte_position(data: bytes, index: int) -> tuple[int, int]:
    """(line, column), 1-based, of byte `index` of UTF-8 bytes: where a decoding error points."""
    line = data[:index].count(b"\n") + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, len(data[start:index].decode("utf-8", errors="replace")) + 1


@dataclass(frozen=True)
class TomlMistake:
    """Where a TOML file fails to parse, and why, in words for a message."""

    line: int
    column: int
    reason: str  # tomllib's message without its "(at line ..)" tail, lower-case first letter
    merge_conflict: bool  # the text holds a `<<<<<<<` line (two branches both changed it)


def toml_mistake(exc: Exception, text: str) -> TomlMistake:
    """Read a tomllib.TOMLDecodeError: its line and column (end of text when it
    names none), its reason, and whether a merge conflict is the likely cause."""
    import re

    message = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line, column = (int(m.group(1)), int(m.group(2))) if m else (text.count("\n") + 1, 1)
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    return TomlMistake(line, column, reason[:1].lower() + reason[1:], "\n<<<<<<<" in "\n" + text)
