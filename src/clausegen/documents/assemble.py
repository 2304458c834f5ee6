"""Regime + template + clause library -> a resolved document model.

A template (templates/<kind>.toml) lists sections and the clauses each
carries, with `when` conditions on the regime. Each clause body is rendered
by Jinja in the sandbox, parsed from clause markup into blocks, numbered,
and checked: cross-references must name a clause in the document, every
defined term used must be defined once, and definitions should be used.

This module runs those steps for one document; reading the template is
documents.templates, reshaping the clause tree documents.outline, the checks
documents.consistency, and the wording of a render failure documents.failures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..diagnostics import CompileError, Diagnostic, Diagnostics
from ..docmodel import Block, Clause, Document, Heading, Meta, map_text, number_clauses
from ..kinds import KINDS
from ..model import Regime
from ..resources import data_dir
from ..source import SourceFile, Span
from .consistency import check_references, check_terms, suggest_clause
from .context import ClauseContext, DocumentOptions, build_context
from .failures import blame, describe
from .figures import figure, signature, signatures
from .inlines import MarkupError, unescape
from .library import ClauseFile, Library
from .markup import Directive, parse_blocks
from .outline import all_clauses, drop_unused_optional_definitions, raised, repeats, slug, subclauses
from .problems import ClauseProblem
from .templates import DocumentTemplate, load_template

_BUILTIN_FILTERS = frozenset(__import__("jinja2").filters.FILTERS)


@dataclass
class Assembled:
    """A document and the warnings raised while assembling it."""

    document: Document
    warnings: list[Diagnostic]


class _Assembler:
    """One document kind of one regime, being assembled: its context, diagnostics and clause origins."""

    def __init__(
        self,
        regime: Regime,
        library: Library,
        kind: str,
        extra: DocumentOptions | None,
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
        self.context: ClauseContext = build_context(regime, extra, kind)
        self.template: DocumentTemplate = {}  # read by build()
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
        clause line that caused it (see failures.describe for the wording)."""
        code, message, help = describe(exc)
        self.diags.error(code, message, blame(exc, path, fallback_line, self.library), help)

    def evaluate(self, expression: str, path: str, line: int) -> object:
        """A `when` or `applies` condition, as a Jinja expression."""
        if not expression.strip():
            return True
        try:
            return self.library.expression(expression)(**self.context)
        except Exception as exc:
            self._jinja_problem(exc, path, line)
            return False

    def render_string(self, text: str, path: str, line: int) -> str:
        """A string with template code (a title), rendered; the text itself when it fails (reported)."""
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
        """The clause `clause_id` rendered at `level`, or None when it does not apply or fails (reported)."""
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
                suggest_clause(clause_id, self.library.files),
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
        for sub in all_clauses(subclauses):
            self.origin.setdefault(sub.id, f)
        # A minor heading sits one level below its clause's own heading, or at
        # the clause's level when the clause has no title of its own.
        depth = level + (1 if title else 0)
        blocks = [replace(b, level=depth) if isinstance(b, Heading) else b for b in blocks]
        return Clause(clause_id, title, level, self.resolve(blocks), tuple(subclauses), after=self.resolve(after))

    def resolve(self, blocks: Iterable[Block | Directive]) -> tuple[Block, ...]:
        """Blocks with every directive ([[figure:...]], [[signatures]]) filled in."""
        out: list[Block] = []
        for b in blocks:
            out.extend(self.directive(b) if isinstance(b, Directive) else [b])
        return tuple(out)

    def directive(self, d: Directive) -> list[Block]:
        """The blocks a directive stands for: a figure, the parties' signature blocks, one signature block."""
        if d.name == "figure":
            notified = (self.extra or {}).get("notified")
            return [figure(d.argument, d.caption, self.regime, notified, self.context.get("seated"))]
        if d.name == "signatures":
            return signatures(self.regime, tuple(p.id for p in self.context["parties"]))
        if d.name == "signature":
            return [signature(d.argument, d.caption)]
        return []

    # -- the document -------------------------------------------------------------------

    def numbers_of(self, kind: object) -> dict[str, str]:
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

    def read_template(self) -> SourceFile:
        """Find, read and check the template of this kind (into self.template); raises CompileError."""
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
        return tsource

    def build(self) -> Assembled | None:
        """The document, or None when the regime has none of this kind; raises CompileError."""
        tsource = self.read_template()
        self.context["numbers_of"] = self.numbers_of(self.template.get("numbers_of"))
        if not self.evaluate(str(self.template.get("requires", "")), tsource.name, _line_of(tsource.text, "requires")):
            if self.diags.has_errors:
                raise CompileError(self.diags.sorted())
            return None  # this regime has no such document (no mediation, no agreement to mediate)
        blocks, front_ids = self.body(tsource)
        meta = self.meta(tsource)
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
        blocks = drop_unused_optional_definitions(blocks)
        blocks = list(number_clauses(tuple(blocks), numbered))
        numbers = {c.id: c.number or c.title for c in all_clauses(blocks)}
        # Another document citing a clause merged into its section cites the section.
        numbers.update({a: numbers[s] for a, s in self.aliases.items() if s in numbers and a not in numbers})
        contents = bool(self.template.get("toc", True))
        n_front = 0
        if any(s.get("before_contents") is True for s in self.template.get("section", [])):
            # After the preamble and the marked sections: the first other section.
            rest = [k for k, b in enumerate(blocks) if isinstance(b, Clause) and b.level == 1 and b.id not in front_ids]
            n_front = rest[0] if rest else len(blocks)
        doc = Document(self.kind, meta, tuple(blocks), numbered, numbers, contents, front=n_front)
        if not self.diags.has_errors:
            # With a clause missing, its terms and targets are missing too:
            # checking now would only repeat the error above.
            check_references(doc, self.diags, self._span_in)
            check_terms(doc, self.diags, self._span_in)
        if self.diags.has_errors:
            raise CompileError(self.diags.sorted())
        return Assembled(doc, self.diags.sorted())

    def body(self, tsource: SourceFile) -> tuple[list[Block], set[str]]:
        """The preamble's blocks and a clause per section, and the ids of the sections shown before the contents."""
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
            section_id = section.get("id", slug(title))
            if section.get("before_contents") is True:
                front_ids.add(section_id)
            numbered_doc = bool(self.template.get("numbered", True))
            if numbered_doc and len(children) == 1 and not children[0].children:
                # A numbered section of one paragraph: the paragraph keeps its
                # number (4.1) but not a run-in title that only restates the
                # section's ("4. Signature", "4.1 Signature of the notifying Party.").
                blocks.append(Clause(section_id, title, 1, (), (replace(children[0], title=""),)))
                continue
            if len(children) == 1 and (repeats(children[0].title, title) or (numbered_doc and children[0].children)):
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
                    Clause(
                        section_id, title, 1, only.blocks, tuple(raised(c) for c in subclauses(only)), after=only.after
                    )
                )
                continue
            blocks.append(Clause(section_id, title, 1, (), tuple(children)))
        return blocks, front_ids

    def meta(self, tsource: SourceFile) -> Meta:
        """The title-page lines: the template's title and subtitle, the regime's title, version, date and parties."""
        return Meta(
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


def assemble(
    regime: Regime,
    kind: str,
    library: Library,
    extra: DocumentOptions | None = None,
    done: dict[str, Document] | None = None,
) -> Assembled | None:
    """Build one document kind for a regime; None when the regime has no such document.

    `done` holds documents of the same regime, library and `extra` already
    assembled, by kind: a template that cites another document's clause
    numbers (`numbers_of`) takes them from there instead of assembling it again.
    """
    return _Assembler(regime, library, kind, extra, done=done).build()


def _line_of(text: str, needle: str, default: int = 1) -> int:
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else default
