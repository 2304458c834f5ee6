"""The shape of a diff report's JSON form, key by key (docs/diff.md documents it).

The JSON form is an interface: its keys are stable and it carries a
schema_version, raised whenever a key changes meaning. report.to_plain
builds it; these types say what each piece holds.
"""

from __future__ import annotations

from typing import TypedDict

from .compare import ChangeKind
from .follows import DocumentStatus

SCHEMA_VERSION = 1


class SideJSON(TypedDict):
    """One version: its file and its version string ("" when unversioned)."""

    file: str
    version: str


class CountsJSON(TypedDict):
    """How many changes, in total and of each kind."""

    total: int
    added: int
    removed: int
    changed: int


class SpanJSON(TypedDict):
    """Where one side of a change is written (1-based lines and columns)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int


class ChangeJSON(TypedDict):
    """One change of the regime (changes.compare.Change)."""

    key: str
    path: str
    change: ChangeKind
    summary: str
    before: str | None
    after: str | None
    old_span: SpanJSON | None
    new_span: SpanJSON | None


class DocumentJSON(TypedDict):
    """How one document kind changes (changes.follows.DocumentChange)."""

    kind: str
    status: DocumentStatus
    changed: list[str]
    added: list[str]
    removed: list[str]
    title_page: bool
    other_text: bool
    summary: str


class WorstCaseJSON(TypedDict):
    """The earliest day for proceedings in both versions, from one notice date (ISO dates)."""

    notified: str
    before: str
    after: str
    days: int
    summary: str


class LibraryJSON(TypedDict):
    """A clause-library file whose wording changed since the old version's lock."""

    file: str
    documents: list[str]
    locked_sha256: str | None
    sha256: str | None


class ReportJSON(TypedDict):
    """The whole report, as `clausegen diff --format json` prints it."""

    schema_version: int
    old: SideJSON
    new: SideJSON
    summary: CountsJSON
    changes: list[ChangeJSON]
    documents: list[DocumentJSON]
    worst_case: WorstCaseJSON | None
    library: list[LibraryJSON]
