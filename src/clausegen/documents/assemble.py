"""Regime + template + clause library -> a resolved document model.

A template (templates/<kind>.toml) lists sections and the clauses each
carries, with `when` conditions on the regime. Each clause body is rendered
by Jinja in the sandbox, parsed from clause markup into blocks, numbered,
and checked: cross-references must name a clause in the document, every
defined term used must be defined once, and definitions should be used.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from ..diagnostics import CompileError, Diagnostic, Diagnostics
from ..docmodel import (
    KINDS,
    Block,
    BulletList,
    Clause,
    Document,
    Heading,
    Meta,
    OrderedList,
    Paragraph,
    Ref,
    TermDef,
    TermUse,
    inlines_of,
    map_text,
    number_clauses,
    walk,
)
from ..model import Regime
from ..resources import data_dir
from ..source import SourceFile, Span
from .context import build_context
from .figures import figure, signature, signatures
from .library import ClauseFile, Library
from .markup import Directive, MarkupError, parse_blocks, unescape
from .problems import ClauseProblem

_BUILTIN_FILTERS = frozenset(__import__("jinja2").filters.FILTERS)


@dataclass
class Assembled:
    """A document and the warnings raised while assembling it."""

    document: Document
    warnings: list[Diagnostic]


def load_template(path: Path, text: str) -> tuple[dict, SourceFile]:
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
    return data, source


_TEXT_KEYS = {
    "kind": "text",
    "title": "text",
    "subtitle": "text",
    "requires": "a condition",
    "id": "text",
    "when": "a condition",
    "numbers_of": "a document kind",
}


def _check_template_shape(data: dict, source: SourceFile, diags: Diagnostics) -> None:
    """CG317 for every template key whose value has the wrong type."""

    def bad(key: str, message: str, help: str, after: int = 0) -> None:
        diags.error("CG317", message, Span.point(source.name, _key_line(source.text, key, after), 1), help)

    def text_keys(table: dict, after: int = 0) -> None:
        for key, what in _TEXT_KEYS.items():
            if key in table and not isinstance(table[key], str):
                bad(key, f"`{key}` must be {what} in quotes", f'write {key} = "..."', after)

    def clause_list(table: dict, key: str, after: int = 0) -> None:
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


class _Assembler:
    def __init__(
        self,
        regime: Regime,
        library: Library,
        kind: str,
        extra: dict[str, Any] | None,
        nested: bool = False,
        done: dict[str, Document] | None = None,
    ):
        self.regime = regime
        self.done = done or {}
        self.library = library
        self.kind = kind
        self.extra = extra
        # True while building another document only for its clause numbers (no further nesting).
        self.nested = nested
        self.diags = Diagnostics()
        self.context = build_context(regime, extra, kind)
        # Helpers double as filters: {{ tier.representatives | map("role_label") }}.
        # Jinja's own filters (join, map...) keep their meaning.
        for name, value in self.context.items():
            if callable(value) and not isinstance(value, type) and name not in _BUILTIN_FILTERS:
                library.env.filters[name] = value
        self.sources: dict[str, SourceFile] = {}
        # where each clause came from, for diagnostics about its text
        self.origin: dict[str, ClauseFile] = {}
        # clause id -> id of the section it was merged into (its title only repeated the section's)
        self.aliases: dict[str, str] = {}

    # -- jinja ---------------------------------------------------------------------

    def _jinja_problem(self, exc: BaseException, path: str, fallback_line: int = 1) -> None:
        """Any failure of a clause, a title or a condition as one diagnostic at the
        clause line that caused it (see _describe for the wording)."""
        code, message, help = _describe(exc)
        self.diags.error(code, message, self._where(exc, path, fallback_line), help)

    def _where(self, exc: BaseException, path: str, fallback_line: int) -> Span:
        """The clause file and line to blame: the problem's own place, the syntax
        error's line, or the innermost clause-file line running when it failed."""
        if isinstance(exc, ClauseProblem) and exc.span is not None:
            return exc.span
        if isinstance(exc, TemplateSyntaxError) and exc.lineno:
            return Span.point(exc.filename or path, exc.lineno, 1)
        import traceback

        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.library.loaded and f.lineno]
        if frames:
            path, line = frames[-1].filename, frames[-1].lineno
        else:
            line = getattr(exc, "lineno", None) or fallback_line
        return Span.point(path, line, self._column(path, line, getattr(exc, "name", None)))

    def _column(self, path: str, line: int, needle) -> int:
        """The column of `needle` (a file name an include gives) on that line, or of its first word."""
        text = self.library.loaded_text(path)
        lines = text.split("\n") if text else []
        if not 0 < line <= len(lines):
            return 1
        row = lines[line - 1]
        if isinstance(needle, str) and needle and needle in row:
            return row.index(needle) + 1
        return len(row) - len(row.lstrip()) + 1

    def evaluate(self, expression: str, path: str, line: int) -> Any:
        """A `when` or `applies` condition, as a Jinja expression."""
        if not expression.strip():
            return True
        try:
            return self.library.expression(expression)(**self.context)
        except Exception as exc:
            self._jinja_problem(exc, path, line)
            return False

    def render_string(self, text: str, path: str, line: int) -> str:
        try:
            return self.library.string_template(text).render(**self.context)
        except Exception as exc:
            self._jinja_problem(exc, path, line)
            return text

    def render_title(self, text: str, path: str, line: int) -> str:
        """A title: rendered when it has template code, as plain text (titles are not markup)."""
        return unescape(self.render_string(text, path, line) if "{" in text else text)

    # -- clauses ----------------------------------------------------------------------

    def clause(self, clause_id: str, level: int, template: SourceFile, numbered: bool | None = None) -> Clause | None:
        try:
            f = self.library.resolve(clause_id, self.regime.law.family, self.regime.drafting)
            if f is not None:
                _ = f.header  # read now: a file that cannot be read is reported where the template names it
        except ClauseProblem as exc:
            line = _line_of(template.text, f'"{clause_id}"')
            self.diags.error(exc.code, exc.message, exc.span or Span.point(template.name, line, 1), exc.help)
            return None
        if f is None:
            line = _line_of(template.text, f'"{clause_id}"')
            self.diags.error(
                "CG301",
                f"the template names a clause `{clause_id}` that is not in the clause library",
                Span(template.name, line, 1, line, len(template.line(line)) + 1),
                _close_clause(clause_id, self.library.files),
            )
            return None
        path = str(f.path)
        self.origin[clause_id] = f
        if not self.evaluate(f.applies, path, 2):
            return None
        try:
            compiled = self.library.env.get_template(f.relative)
        except ClauseProblem as exc:  # the clause file itself: blame the template line naming it
            line = _line_of(template.text, f'"{clause_id}"')
            self.diags.error(exc.code, exc.message, exc.span or Span.point(template.name, line, 1), exc.help)
            return None
        except Exception as exc:
            self._jinja_problem(exc, path, f.front_lines + 1)
            return None
        try:
            body = compiled.render(**self.context)
        except Exception as exc:
            self._jinja_problem(exc, path, f.front_lines + 1)
            return None
        title = self.render_title(f.title, path, 2)
        if numbered is None:
            numbered = bool(self.template.get("numbered", True))
        try:
            blocks, subclauses, after = parse_blocks(body, numbered, level, clause_id)
        except MarkupError as exc:
            self.diags.error("CG306", exc.message, Span.point(path, exc.line, 1), exc.help)
            return None
        for sub in _all_clauses(subclauses):
            self.origin.setdefault(sub.id, f)
        # A minor heading sits one level below its clause's own heading, or at
        # the clause's level when the clause has no title of its own.
        depth = level + (1 if title else 0)
        blocks = [replace(b, level=depth) if isinstance(b, Heading) else b for b in blocks]
        return Clause(clause_id, title, level, self.resolve(blocks), tuple(subclauses), after=self.resolve(after))

    def resolve(self, blocks) -> tuple[Block, ...]:
        """Blocks with every directive ([[figure:...]], [[signatures]]) filled in."""
        out: list[Block] = []
        for b in blocks:
            out.extend(self.directive(b) if isinstance(b, Directive) else [b])
        return tuple(out)

    def directive(self, d: Directive) -> list[Block]:
        if d.name == "figure":
            return [
                figure(
                    d.argument, d.caption, self.regime, (self.extra or {}).get("notified"), self.context.get("seated")
                )
            ]
        if d.name == "signatures":
            return signatures(self.regime, tuple(p.id for p in self.context["parties"]))
        if d.name == "signature":
            return [signature(d.argument, d.caption)]
        return []

    # -- the document -------------------------------------------------------------------

    def numbers_of(self, kind: Any) -> dict[str, str]:
        """The clause numbers of another document of this regime (the template's
        `numbers_of`), so that a form can cite "paragraph 4.1 of Schedule 7";
        empty when the template names none, or that document is not built or fails
        (its own build reports why)."""
        if not isinstance(kind, str) or kind not in KINDS or kind == self.kind or self.nested:
            return {}
        if kind in self.done:  # assembled earlier in this build: not again
            return dict(self.done[kind].numbers)
        try:
            # The other document's files are its own (a lock lists them under
            # its kind), whether it was assembled first or only for its numbers.
            with self.library.not_recording():
                other = _Assembler(self.regime, self.library, kind, self.extra, nested=True).build()
        except CompileError:
            return {}
        return dict(other.document.numbers) if other is not None else {}

    def build(self) -> Assembled | None:
        try:
            path = self.library.template(self.kind)
        except ClauseProblem as exc:
            self.diags.error(
                exc.code,
                exc.message.replace("this clause names", "the template is"),
                exc.span or Span.point(str(data_dir("templates")), 1, 1),
                exc.help,
            )
            raise CompileError(self.diags.sorted()) from None
        if path is None:
            self.diags.error(
                "CG307",
                f"there is no template for the document kind `{self.kind}`",
                Span.point(str(data_dir("templates")), 1, 1),
                f"add {self.kind}.toml to the templates folder",
            )
            raise CompileError(self.diags.sorted())
        try:
            text = self.library.template_text(path)
        except ClauseProblem as exc:
            # The span is the templates folder when the file itself cannot be shown.
            self.diags.error(exc.code, exc.message, exc.span or Span.point(str(path.parent), 1, 1), exc.help)
            raise CompileError(self.diags.sorted()) from None
        self.template, tsource = load_template(path, text)
        self.sources[tsource.name] = tsource
        self.context["numbers_of"] = self.numbers_of(self.template.get("numbers_of"))
        if not self.evaluate(str(self.template.get("requires", "")), tsource.name, _line_of(tsource.text, "requires")):
            if self.diags.has_errors:
                raise CompileError(self.diags.sorted())
            return None  # this regime has no such document (no mediation, no agreement to mediate)
        blocks: list[Block] = []
        for clause_id in self.template.get("preamble", []):
            c = self.clause(clause_id, 2, tsource, numbered=False)
            if c is not None:
                # "Parties", "Background", "Agreed terms": headings of the
                # document's top level, as high as its clause headings
                blocks.extend(Heading(b.inlines, 1) if isinstance(b, Heading) else b for b in c.blocks + c.after)
        # Sections marked `before_contents` come first, before the table of
        # contents (with the preamble): what a reader needs at once.
        sections = self.template.get("section", [])
        front_sections = [s for s in sections if s.get("before_contents") is True]
        sections = front_sections + [s for s in sections if s.get("before_contents") is not True]
        front_ids: set[str] = set()
        for section in sections:
            line = _line_of(tsource.text, f'"{section.get("title", "")}"')
            if not self.evaluate(str(section.get("when", "")), tsource.name, line):
                continue
            children = [c for cid in section.get("clauses", []) if (c := self.clause(cid, 2, tsource)) is not None]
            if not children:
                continue
            title = self.render_title(section.get("title", ""), tsource.name, line)
            section_id = section.get("id", _slug(title))
            if section.get("before_contents") is True:
                front_ids.add(section_id)
            numbered_doc = bool(self.template.get("numbered", True))
            if numbered_doc and len(children) == 1 and not children[0].children:
                # A numbered section of one paragraph: the paragraph keeps its
                # number (4.1) but not a run-in title that only restates the
                # section's ("4. Signature", "4.1 Signature of the notifying Party.").
                blocks.append(Clause(section_id, title, 1, (), (replace(children[0], title=""),)))
                continue
            if len(children) == 1 and (_repeats(children[0].title, title) or (numbered_doc and children[0].children)):
                # A section of one clause whose title only repeats the section's
                # ("7. Release", "7.1 Release."), or in a numbered document any lone
                # sub-heading over sub-clauses ("2. Scope", "2.1 Application", 2.1.1),
                # which only adds a level: the clause is the section, so its
                # sub-clauses number 7.1, 7.2.
                only = children[0]
                self.aliases[only.id] = section_id
                if only.id in self.origin:
                    self.origin.setdefault(section_id, self.origin[only.id])
                blocks.append(
                    Clause(section_id, title, 1, only.blocks, tuple(_raise(c) for c in only.children), after=only.after)
                )
                continue
            blocks.append(Clause(section_id, title, 1, (), tuple(children)))
        meta = Meta(
            title=self.render_title(self.template.get("title", ""), tsource.name, 1),
            subtitle=self.render_title(self.template.get("subtitle", ""), tsource.name, 1),
            regime=self.regime.title,
            # A form (`dated = false`) states the contract's version in its subtitle:
            # beside its own "Date of this notice", the contract's date would read as the form's.
            version=self.regime.version if self.template.get("dated", True) else "",
            date=(self.regime.effective.isoformat() if self.regime.effective else "")
            if self.template.get("dated", True)
            else "",
            parties=tuple(p.name for p in self.regime.parties),
        )
        numbered = bool(self.template.get("numbered", True))
        if self.regime.day_term != "Business Day":
            # The clause library says "Business Day"; this regime calls it otherwise.
            term = self.regime.day_term
            blocks = list(
                map_text(tuple(blocks), lambda s: s.replace("Business Day", term).replace("business day", term.lower()))
            )
        if self.aliases:
            # A reference to a clause merged into its section (above) is a reference to the section.
            blocks = list(map_text(tuple(blocks), lambda s: s, ref=lambda t: self.aliases.get(t, t)))
        blocks = _drop_unused_optional_definitions(blocks)
        blocks = list(number_clauses(tuple(blocks), numbered))
        numbers = {c.id: c.number or c.title for c in _all_clauses(blocks)}
        # Another document citing a clause merged into its section cites the section.
        numbers.update({a: numbers[s] for a, s in self.aliases.items() if s in numbers and a not in numbers})
        contents = bool(self.template.get("toc", True))
        n_front = 0
        if front_sections:
            # After the preamble and the marked sections: the first other section.
            rest = [k for k, b in enumerate(blocks) if isinstance(b, Clause) and b.level == 1 and b.id not in front_ids]
            n_front = rest[0] if rest else len(blocks)
        doc = Document(self.kind, meta, tuple(blocks), numbered, numbers, contents, front=n_front)
        if not self.diags.has_errors:
            # With a clause missing, its terms and targets are missing too:
            # checking now would only repeat the error above.
            self.check_references(doc)
            self.check_terms(doc)
        if self.diags.has_errors:
            raise CompileError(self.diags.sorted())
        return Assembled(doc, self.diags.sorted())

    # -- checks on the assembled text ------------------------------------------------------

    def _span_in(self, clause_id: str, *needles: str) -> Span:
        """Where the first of `needles` stands in the clause file (its body line if none)."""
        f = self.origin.get(clause_id)
        if f is None:
            return Span.point(self.kind, 1, 1)
        text = self.library.text(f)
        needle = next((n for n in needles if n in text), needles[0])
        line = _line_of(text, needle, default=f.front_lines + 1)
        col = text.splitlines()[line - 1].find(needle) + 1 if needle in text else 1
        return Span(str(f.path), line, max(col, 1), line, max(col, 1) + len(needle))

    def _owners(self, doc: Document):
        """(clause id, block) for every block, the innermost clause owning it."""

        def visit(blocks, owner):
            for b in blocks:
                if isinstance(b, Clause):
                    yield from visit(b.blocks, b.id)
                    yield from visit(b.children, b.id)
                    yield from visit(b.after, b.id)
                else:
                    yield owner, b
                    for nested in walk((b,)):
                        if nested is not b:
                            yield owner, nested

        yield from visit(doc.blocks, "")

    def check_references(self, doc: Document) -> None:
        for owner, block in self._owners(doc):
            for inline in inlines_of(block):
                if isinstance(inline, Ref) and inline.target not in doc.numbers:
                    self.diags.error(
                        "CG305",
                        f"cross-reference to `{inline.target}`, which is not in the {self.kind}",
                        self._span_in(owner, f"ref:{inline.target}"),
                        _close_clause(inline.target, doc.numbers)
                        or "refer to the id of a clause the template includes",
                    )

    def check_terms(self, doc: Document) -> None:
        defined: dict[str, str] = {}
        used: set[str] = set()
        uses: list[tuple[str, str]] = []
        for owner, block in self._owners(doc):
            for inline in inlines_of(block):
                if isinstance(inline, TermDef):
                    if inline.term in defined:
                        self.diags.error(
                            "CG304",
                            f"the term \u201c{inline.term}\u201d is defined twice in the {self.kind}",
                            self._span_in(owner, f"def:{inline.term}"),
                            "define each term once, in the definitions",
                        )
                    defined[inline.term] = owner
                elif isinstance(inline, TermUse):
                    used.add(inline.term)
                    uses.append((owner, inline.term))
        for owner, term in uses:
            if term not in defined:
                self.diags.error(
                    "CG302",
                    f"the term \u201c{term}\u201d is used in the {self.kind} but never defined",
                    self._span_in(owner, f"[[{term}", f"|{term}]]"),
                    f"add [[def:{term}]] to the definitions, or write it without [[ ]]",
                )
        for term, owner in defined.items():
            if term not in used:
                self.diags.warning(
                    "CG303",
                    f"the term \u201c{term}\u201d is defined in the {self.kind} but never used",
                    self._span_in(owner, f"def:{term}"),
                    "use it as [[" + term + "]] or drop the definition",
                )


def assemble(
    regime: Regime,
    kind: str,
    library: Library,
    extra: dict[str, Any] | None = None,
    done: dict[str, Document] | None = None,
) -> Assembled | None:
    """Build one document kind for a regime; None when the regime has no such document.

    `done` holds documents of the same regime, library and `extra` already
    assembled, by kind: a template that cites another document's clause
    numbers (`numbers_of`) takes them from there instead of assembling it again.
    """
    return _Assembler(regime, library, kind, extra, done=done).build()


def _drop_unused_optional_definitions(blocks: list[Block]) -> list[Block]:
    """Remove each clause or list item whose [[def?:Term]] the document never uses."""
    used = {i.term for b in walk(tuple(blocks)) for i in inlines_of(b) if isinstance(i, TermUse)}

    def unused(item_blocks) -> bool:
        first = item_blocks[0] if item_blocks else None
        return isinstance(first, Paragraph) and any(
            isinstance(i, TermDef) and i.optional and i.term not in used for i in first.inlines
        )

    def prune(items):
        out = []
        for b in items:
            if isinstance(b, Clause):
                if unused(b.blocks):
                    continue
                b = replace(
                    b, blocks=tuple(prune(b.blocks)), children=tuple(prune(b.children)), after=tuple(prune(b.after))
                )
            elif isinstance(b, (BulletList, OrderedList)):
                kept = tuple(tuple(prune(item)) for item in b.items if not unused(item))
                if not kept:
                    continue
                b = replace(b, items=kept)
            elif isinstance(b, Paragraph) and unused((b,)):
                continue
            out.append(b)
        return out

    return prune(blocks)


def _repeats(clause_title: str, section_title: str) -> bool:
    """Whether a clause title only repeats its section's: the same words, or its first words
    ("Warranties" in "Warranties of authority"), "The" and case aside."""

    def words(t: str) -> list[str]:
        w = re.findall(r"[a-z0-9]+", t.lower())
        return w[1:] if w[:1] == ["the"] else w

    c, s = words(clause_title), words(section_title)
    return bool(c) and s[: len(c)] == c


def _raise(c: Clause) -> Clause:
    """The clause one level up, with its sub-clauses (a clause merged into its section)."""
    return replace(c, level=c.level - 1, children=tuple(_raise(k) for k in c.children))


def _all_clauses(blocks):
    for b in blocks:
        if isinstance(b, Clause):
            yield b
            yield from _all_clauses(b.children)


def _line_of(text: str, needle: str, default: int = 1) -> int:
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else default


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _close_clause(clause_id: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(clause_id, list(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _describe(exc: BaseException) -> tuple[str, str, str]:
    """(code, message, hint) for a failure while rendering a clause, in a clause author's words."""
    names_help = "check the names used between {{ }} against the variables in docs/clauses.md"
    if isinstance(exc, ClauseProblem):
        return exc.code, exc.message, exc.help
    if isinstance(exc, TemplateNotFound):
        return (
            "CG318",
            f"this clause names `{exc.name}`, which is not in the clause library",
            "include, import or extend a file by its path in the library, such as `handbook/_macros.md`",
        )
    if isinstance(exc, SecurityError):
        m = re.search(r"attribute '([^']*)' of '([^']*)'", str(exc))
        if m:
            attr, kind = m.groups()
            kind = f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"
            if attr.startswith("_"):
                what = f"reaches for `{attr}` of {kind} value, a Python internal that clause files may not use"
            else:
                what = f"uses `{attr}` of {kind} value, which would change it; clause text may read values but not change them"
        else:
            what = f"does something clause files may not do ({exc})"
        return "CG300", f"this clause {what}", "a clause may use only the values and helpers listed in docs/clauses.md"
    if isinstance(exc, RecursionError):
        return (
            "CG316",
            "this clause never finishes, or is nested too deeply to read: a macro that calls itself, files that include, import or extend each other in a loop, or brackets or blocks nested hundreds deep",
            "make sure every macro stops calling itself, that no file includes or extends one that leads back to it, and write deep expressions in steps with {% set %}",
        )
    if isinstance(exc, MemoryError):
        return "CG314", "this clause needs more memory than there is", "look for a list or text that grows in a loop"
    if isinstance(exc, UndefinedError):
        return "CG300", f"this clause cannot be rendered: {exc.message or exc}", names_help
    if isinstance(exc, TemplateSyntaxError):
        return "CG300", f"this clause cannot be rendered: {exc.message or exc}", names_help
    if isinstance(exc, ZeroDivisionError):
        return "CG300", "this clause cannot be rendered: it divides by zero", "check the arithmetic between {{ }}"
    if isinstance(exc, KeyError):
        return (
            "CG300",
            f"this clause cannot be rendered: there is no value named {exc.args[0]!r}"
            if exc.args
            else "this clause cannot be rendered: a value is missing",
            names_help,
        )
    if isinstance(exc, OverflowError):
        return (
            "CG315",
            "this clause computes a number too large to handle",
            "no contract needs such a number; check the arithmetic",
        )
    detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return "CG300", f"this clause cannot be rendered: {detail}", names_help
