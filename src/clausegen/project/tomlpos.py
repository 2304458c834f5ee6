"""Where keys and values are written in a TOML file, for diagnostics.

tomllib gives values but no positions. After tomllib has accepted a text,
this scanner walks it once and records, for every key path it can see
(`("regime", "contracts/acme.regime", "formats")`), the line and column of
the key, of its value and of each element of an array value. Keys inside
inline tables are not recorded: a lookup then falls back to the nearest
enclosing key, which is still the right line to look at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")


@dataclass
class Positions:
    """Line and column (1-based) of keys, values and array elements by key path."""

    keys: dict[tuple[str, ...], tuple[int, int, int]] = field(default_factory=dict)  # line, column, width
    values: dict[tuple[str, ...], tuple[int, int, int]] = field(default_factory=dict)
    elements: dict[tuple[str, ...], list[tuple[int, int, int]]] = field(default_factory=dict)

    def key(self, path: tuple[str, ...]) -> tuple[int, int, int]:
        """Where the key `path` (or its nearest written ancestor) is; (1, 1, 1) when nowhere."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.keys:
                return self.keys[path[:n]]
        return (1, 1, 1)

    def value(self, path: tuple[str, ...]) -> tuple[int, int, int]:
        """Where the value of `path` starts; the key's place when it is not known."""
        return self.values.get(path) or self.key(path)

    def element(self, path: tuple[str, ...], index: int) -> tuple[int, int, int]:
        """Where element `index` of the array at `path` is; the value's place when not known."""
        items = self.elements.get(path, [])
        return items[index] if 0 <= index < len(items) else self.value(path)


def scan(text: str) -> Positions:
    """The positions in `text`, a TOML document tomllib has already accepted."""
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.key_end = 0
        self.out = Positions()

    def at(self, offset: int, width: int) -> tuple[int, int, int]:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column, max(1, width)

    def run(self) -> Positions:
        text = self.text
        table: tuple[str, ...] = ()
        while self.i < len(text):
            c = text[self.i]
            if c in " \t\r\n":
                self.i += 1
            elif c == "#":
                self._to_line_end()
            elif c == "[":
                start = self.i
                self.i += 2 if text.startswith("[[", self.i) else 1
                table = self._key_path()
                self.out.keys.setdefault(table, self.at(start, self.key_end - start + 1))
                self._to_line_end()
            else:
                start = self.i
                path = table + self._key_path()
                self.out.keys.setdefault(path, self.at(start, self.key_end - start))
                self._skip_blank()
                if self.i < len(text) and text[self.i] == "=":
                    self.i += 1
                    self._skip_blank()
                    self._value(path)
                else:  # cannot happen in valid TOML; never loop forever
                    self._to_line_end()
        return self.out

    def _to_line_end(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end + 1

    def _skip_blank(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t":
            self.i += 1

    def _key_path(self) -> tuple[str, ...]:
        """A dotted key at self.i; leaves self.i just after it."""
        parts: list[str] = []
        while True:
            self._skip_blank()
            for pattern, decode in ((_BASIC, _basic), (_LITERAL, lambda s: s[1:-1]), (_BARE, str)):
                m = pattern.match(self.text, self.i)
                if m:
                    parts.append(decode(m.group(0)))
                    self.i = self.key_end = m.end()
                    break
            else:
                return tuple(parts)
            self._skip_blank()
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def _value(self, path: tuple[str, ...]) -> None:
        """Skip one value (of any shape, over several lines), recording where it and its elements are."""
        text = self.text
        start = self.i
        depth = 0
        elements: list[tuple[int, int, int]] = []
        expect_element = False
        while self.i < len(text):
            c = text[self.i]
            if depth == 1 and expect_element and c not in " \t\r\n#,]":
                expect_element = False
                elements.append(self.at(self.i, self._token_width()))
            if text.startswith('"""', self.i) or text.startswith("'''", self.i):
                quote = text[self.i : self.i + 3]
                end = self._find_close(quote, self.i + 3)
                self.i = end + 3
                while self.i < len(text) and text[self.i] == quote[0]:
                    self.i += 1  # up to two quotes may end the string
            elif c == '"':
                self.i = self._find_close('"', self.i + 1) + 1
            elif c == "'":
                self.i = text.find("'", self.i + 1) + 1 or len(text)
            elif c == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            elif c in "[{":
                depth += 1
                self.i += 1
                if depth == 1 and c == "[":
                    expect_element = True
            elif c in "]}":
                depth -= 1
                self.i += 1
            elif c == "," and depth == 1:
                expect_element = True
                self.i += 1
            elif c == "\n" and depth <= 0:
                break
            else:
                self.i += 1
        self.out.values.setdefault(path, self.at(start, len(text[start : self.i].split("\n")[0].rstrip())))
        if text[start : start + 1] == "[":
            self.out.elements.setdefault(path, elements)

    def _find_close(self, quote: str, i: int) -> int:
        """Offset of the closing `quote` of a string opened before i (escapes skipped in basic strings)."""
        text = self.text
        while i < len(text):
            if quote[0] == '"' and text[i] == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                return i
            i += 1
        return len(text)

    def _token_width(self) -> int:
        """The width of the element starting at self.i: a quoted string, or up to a comma or bracket."""
        for pattern in (_BASIC, _LITERAL):
            m = pattern.match(self.text, self.i)
            if m:
                return m.end() - m.start()
        m = re.compile(r"[^,\]\n#]*").match(self.text, self.i)
        return len(m.group(0).rstrip()) if m else 1


def _basic(quoted: str) -> str:
    """A basic (double-quoted) key's text; TOML's escapes are JSON's but for \\U and \\e."""
    try:
        return str(json.loads(quoted))
    except ValueError:
        return quoted[1:-1]
