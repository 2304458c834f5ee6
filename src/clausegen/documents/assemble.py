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

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from ..diagnostics import CompileError, Diagnostic, Diagnostics
from ..docmodel import Block, BulletList, Clause, Document, Heading, Meta, OrderedList, Paragraph, Ref, TermDef, TermUse, inlines_of, map_text, walk
from ..model import Regime
from ..resources import data_dir
from ..source import SourceFile, Span
from .context import build_context
from .figures import figure, signature, signatures
from .library import ClauseFile, Library
from .markup import Directive, MarkupError, parse_blocks, unescape

KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")
_BUILTIN_FILTERS = frozenset(__import__("jinja2").filters.FILTERS)


@dataclass
class Assembled:
    """A document and the warnings raised while assembling it."""

    document: Document
    warnings: list[Diagnostic]


def load_template(path: Path) -> tuple[dict, SourceFile]:
    """Read a document template; a TOML mistake is a diagnostic at its line."""
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), SourceFile(str(path), text)
    except tomllib.TOMLDecodeError as exc:
        diags = Diagnostics()
        line = getattr(exc, "lineno", 1) or 1
        diags.error("CG308", f"this template is not valid TOML: {exc.args[0] if exc.args else exc}", Span.point(str(path), line, 1), 'write keys as key = "value" and sections as [[section]]')
        raise CompileError(diags.sorted()) from None


class _Assembler:
    def __init__(self, regime: Regime, library: Library, kind: str, extra: dict[str, Any] | None):
        self.regime = regime
        self.library = library
        self.kind = kind
        self.diags = Diagnostics()
        self.context = build_context(regime, extra)
        # Helpers double as filters: {{ tier.representatives | map("role_label") }}.
        # Jinja's own filters (join, map...) keep their meaning.
        for name, value in self.context.items():
            if callable(value) and not isinstance(value, type) and name not in _BUILTIN_FILTERS:
                library.env.filters[name] = value
        self.sources: dict[str, SourceFile] = {}
        # where each clause came from, for diagnostics about its text
        self.origin: dict[str, ClauseFile] = {}

    # -- jinja ---------------------------------------------------------------------

    def _jinja_problem(self, exc: Exception, path: str, fallback_line: int = 1) -> None:
        line = getattr(exc, "lineno", None) or fallback_line
        if isinstance(exc, UndefinedError):
            import traceback

            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
            if frames:
                line = frames[-1].lineno or line
        what = "not allowed in a clause" if isinstance(exc, SecurityError) else "cannot be rendered"
        self.diags.error(
            "CG300",
            f"this clause {what}: {getattr(exc, 'message', None) or exc}",
            Span.point(path, line, 1),
            "check the names used between {{ }} against the variables in docs/clauses.md",
        )

    def evaluate(self, expression: str, path: str, line: int) -> Any:
        """A `when` or `applies` condition, as a Jinja expression."""
        if not expression.strip():
            return True
        try:
            return self.library.expression(expression)(**self.context)
        except (TemplateError, SecurityError, TypeError, AttributeError) as exc:
            self._jinja_problem(exc, path, line)
            return False

    def render_string(self, text: str, path: str, line: int) -> str:
        try:
            return self.library.string_template(text).render(**self.context)
        except (TemplateError, SecurityError, TypeError, AttributeError) as exc:
            self._jinja_problem(exc, path, line)
            return text

    def render_title(self, text: str, path: str, line: int) -> str:
        """A title: rendered when it has template code, as plain text (titles are not markup)."""
        return unescape(self.render_string(text, path, line) if "{" in text else text)

    # -- clauses ----------------------------------------------------------------------

    def clause(self, clause_id: str, level: int, template: SourceFile, numbered: bool | None = None) -> Clause | None:
        f = self.library.resolve(clause_id, self.regime.law.family, self.regime.drafting)
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
            body = self.library.env.get_template(f.relative).render(**self.context)
        except (TemplateError, SecurityError, TypeError, AttributeError) as exc:
            if isinstance(exc, TemplateSyntaxError) and exc.filename:
                path = exc.filename
            self._jinja_problem(exc, path)
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
            return [figure(d.argument, d.caption, self.regime)]
        if d.name == "signatures":
            return signatures(self.regime)
        if d.name == "signature":
            return [signature(d.argument, d.caption)]
        return []

    # -- the document -------------------------------------------------------------------

    def build(self) -> Assembled | None:
        path = self.library.template(self.kind)
        if path is None:
            self.diags.error(
                "CG307",
                f"there is no template for the document kind `{self.kind}`",
                Span.point(str(data_dir("templates")), 1, 1),
                f"add {self.kind}.toml to the templates folder",
            )
            raise CompileError(self.diags.sorted())
        self.template, tsource = load_template(path)
        self.sources[tsource.name] = tsource
        if not self.evaluate(str(self.template.get("requires", "")), tsource.name, _line_of(tsource.text, "requires")):
            if self.diags.has_errors:
                raise CompileError(self.diags.sorted())
            return None  # this regime has no such document (no mediation, no agreement to mediate)
        blocks: list[Block] = []
        for clause_id in self.template.get("preamble", []):
            c = self.clause(clause_id, 2, tsource, numbered=False)
            if c is not None:
                blocks.extend(c.blocks + c.after)
        for section in self.template.get("section", []):
            line = _line_of(tsource.text, f'"{section.get("title", "")}"')
            if not self.evaluate(str(section.get("when", "")), tsource.name, line):
                continue
            children = [c for cid in section.get("clauses", []) if (c := self.clause(cid, 2, tsource)) is not None]
            if not children:
                continue
            title = self.render_title(section.get("title", ""), tsource.name, line)
            blocks.append(Clause(section.get("id", _slug(title)), title, 1, (), tuple(children)))
        meta = Meta(
            title=self.render_title(self.template.get("title", ""), tsource.name, 1),
            subtitle=self.render_title(self.template.get("subtitle", ""), tsource.name, 1),
            regime=self.regime.title,
            version=self.regime.version,
            date=self.regime.effective.isoformat() if self.regime.effective else "",
            parties=tuple(p.name for p in self.regime.parties),
        )
        numbered = bool(self.template.get("numbered", True))
        if self.regime.day_term != "Business Day":
            # The clause library says "Business Day"; this regime calls it otherwise.
            term = self.regime.day_term
            blocks = list(map_text(tuple(blocks), lambda s: s.replace("Business Day", term).replace("business day", term.lower())))
        blocks = _drop_unused_optional_definitions(blocks)
        blocks = _number(blocks, numbered)
        numbers = {c.id: c.number or c.title for c in _all_clauses(blocks)}
        doc = Document(self.kind, meta, tuple(blocks), numbered, numbers)
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
        text = f.path.read_text(encoding="utf-8")
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
                        _close_clause(inline.target, doc.numbers) or "refer to the id of a clause the template includes",
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


def assemble(regime: Regime, kind: str, library: Library, extra: dict[str, Any] | None = None) -> Assembled | None:
    """Build one document kind for a regime; None when the regime has no such document."""
    return _Assembler(regime, library, kind, extra).build()


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
                b = replace(b, blocks=tuple(prune(b.blocks)), children=tuple(prune(b.children)), after=tuple(prune(b.after)))
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


def _number(blocks: list[Block], numbered: bool) -> list[Block]:
    out: list[Block] = []
    count = 0
    for b in blocks:
        if isinstance(b, Clause):
            count += 1
            out.append(_number_clause(b, str(count) if numbered else ""))
        else:
            out.append(b)
    return out


def _number_clause(c: Clause, number: str) -> Clause:
    children = tuple(
        _number_clause(child, f"{number}.{k}" if number else "") for k, child in enumerate(c.children, start=1)
    )
    return replace(c, number=number, children=children)


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


