"""Document templates: reading templates/<kind>.toml and checking its shape.

A template lists the sections of one kind of document and the clauses each
carries, with `when` conditions on the regime. This module reads its TOML and
reports every key of the wrong type as a diagnostic at its line (CG308 for
TOML the reader cannot read, CG317 for a key of the wrong shape); the
assembler (documents.assemble) then trusts the shape described by
DocumentTemplate.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, TypedDict, cast

from ..diagnostics import CompileError, Diagnostics
from ..source import SourceFile, Span


class TemplateSection(TypedDict, total=False):
    """One [[section]] of a template: its title and the clauses it carries."""

    title: str
    id: str  # the section's id for cross-references; its title's slug when not given
    when: str  # a condition on the regime: the section appears only when it holds
    clauses: list[str]  # clause ids, in order
    before_contents: bool  # shown before the table of contents, with the preamble


class DocumentTemplate(TypedDict, total=False):
    """A whole template (templates/<kind>.toml), its shape checked by load_template."""

    kind: str
    title: str
    subtitle: str
    requires: str  # a condition on the regime: without it, the regime has no such document
    numbers_of: str  # another document kind whose clause numbers this one may cite
    numbered: bool
    toc: bool
    dated: bool
    preamble: list[str]  # clause ids shown unnumbered before the sections
    section: list[TemplateSection]


def load_template(path: Path, text: str) -> tuple[DocumentTemplate, SourceFile]:
    """Read a document template's text (read safely by the library); a TOML
    mistake or a key of the wrong shape is a diagnostic at its line."""
    diags = Diagnostics()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        diags.error(
            "CG308",
            f"this template is not valid TOML: {exc.args[0] if exc.args else exc}",
            Span.point(str(path), line, 1),
            'write keys as key = "value" and sections as [[section]]',
        )
        raise CompileError(diags.sorted()) from None
    except RecursionError:
        diags.error(
            "CG308",
            "this template is nested too deeply to read",
            Span.point(str(path), 1, 1),
            "a template holds keys, lists of clause ids and [[section]] tables, nothing nested deeper",
        )
        raise CompileError(diags.sorted()) from None
    source = SourceFile(str(path), text)
    _check_template_shape(data, source, diags)
    if diags.has_errors:
        raise CompileError(diags.sorted())
    return cast(DocumentTemplate, data), source


_TEXT_KEYS = {
    "kind": "text",
    "title": "text",
    "subtitle": "text",
    "requires": "a condition",
    "id": "text",
    "when": "a condition",
    "numbers_of": "a document kind",
}


def _check_template_shape(data: dict[str, Any], source: SourceFile, diags: Diagnostics) -> None:
    """CG317 for every template key whose value has the wrong type."""

    def bad(key: str, message: str, help: str, after: int = 0) -> None:
        diags.error("CG317", message, Span.point(source.name, _key_line(source.text, key, after), 1), help)

    def text_keys(table: dict[str, Any], after: int = 0) -> None:
        for key, what in _TEXT_KEYS.items():
            if key in table and not isinstance(table[key], str):
                bad(key, f"`{key}` must be {what} in quotes", f'write {key} = "..."', after)

    def clause_list(table: dict[str, Any], key: str, after: int = 0) -> None:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(
                key,
                f"`{key}` must be a list of clause ids in quotes",
                f'write {key} = ["group.name", "group.other"]',
                after,
            )

    text_keys(data)
    for key in ("numbered", "toc", "dated"):
        if key in data and not isinstance(data[key], bool):
            bad(key, f"`{key}` must be true or false", f"write {key} = true or {key} = false")
    clause_list(data, "preamble")
    sections = data.get("section", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        bad(
            "section",
            "`section` must be a list of [[section]] tables",
            'start each section with a line [[section]], then title = "..." and clauses = [...]',
        )
        return
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*section[ \t]*\]\]", source.text)]
    for n, section in enumerate(sections):
        after = starts[n] if n < len(starts) else 0
        text_keys(section, after)
        clause_list(section, "clauses", after)
        if "before_contents" in section and not isinstance(section["before_contents"], bool):
            bad(
                "before_contents",
                "`before_contents` must be true or false",
                "write before_contents = true or before_contents = false",
                after,
            )


def _key_line(text: str, key: str, after: int = 0) -> int:
    """The line where `key = ...` (or [[key]]) is written, at or after offset `after`."""
    m = re.compile(rf"(?m)^[ \t]*(?:\[\[[ \t]*{re.escape(key)}[ \t]*\]\]|\"?{re.escape(key)}\"?[ \t]*=)").search(
        text, after
    )
    return text.count("\n", 0, m.start()) + 1 if m else 1
