"""Fuzzing: no regime text makes clausegen crash, and hostile text stays text.

Regimes are drawn by tests/fuzz_strategies.py (valid structure, hostile
values). For every draw, `compile_source` returns or raises CompileError and
nothing else; every diagnostic points inside the file and renders. Draws that
pass `check` are built to Markdown, every kind, in memory; the schedule's
document model must carry each party's name as written, and must have the
same clauses and defined terms as the same regime with harmless texts (so no
quoted text can add a clause or a term).

Deterministic in CI (derandomize, no example database). For a long local run:

    HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py      # random, 20x the examples
    HYPOTHESIS_PROFILE=dev pytest tests/test_fuzz.py       # the CI examples, shrinking failures

The grammar-blind mutation fuzzer is benchmarks/fuzz.py (see benchmarks/README.md).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from clausegen.api import build_documents, compile_source, read_source
from clausegen.diagnostics import CompileError, Diagnostic, render_all
from clausegen.docmodel import Clause, Figure, SignatureBlock, Table, TermDef, inlines_of, plain_text, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.source import SourceFile

from .fuzz_strategies import INJECTION, GenRegime, example_regimes, example_with, regimes

NAME = "fuzz.regime"
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"

_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
# ci: fixed examples, no shrinking (a failure prints the drawn regime; rerun
# with HYPOTHESIS_PROFILE=dev to shrink it). long: random, many more examples.
settings.register_profile(
    "fuzz-ci",
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=_HEALTH,
    print_blob=True,
)
settings.register_profile("fuzz-dev", deadline=None, derandomize=True, database=None, suppress_health_check=_HEALTH)
settings.register_profile("fuzz-long", deadline=None, suppress_health_check=_HEALTH)
PROFILE = {"long": "fuzz-long", "dev": "fuzz-dev"}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), "fuzz-ci")
SCALE = 20 if PROFILE == "fuzz-long" else 1


def fuzz_settings(examples: int):
    """The chosen profile with `examples` examples (times 20 in the long profile)."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)


# -- what every input must satisfy -----------------------------------------------------


def _check(text: str):
    """compile_source must return or raise CompileError; diagnostics must be sane."""
    source = SourceFile(NAME, text)
    try:
        compiled = compile_source(source)
        diagnostics = list(compiled.warnings)
    except CompileError as exc:
        compiled, diagnostics = None, exc.diagnostics
        assert diagnostics, "a CompileError must carry at least one diagnostic"
    for d in diagnostics:
        assert_inside(d, text)
    render_all(diagnostics, {NAME: source})
    return compiled


def assert_inside(d: Diagnostic, text: str) -> None:
    """The diagnostic's line and column exist in the file.

    Lark counts lines by "\\n" and str.splitlines() also breaks at \\f, \\v,
    U+0085, U+2028...; until every stage agrees, accept a position that is
    inside the file by either count.
    """
    if d.span.file != NAME:
        return  # a clause or template file
    by_nl = text.split("\n")
    by_sl = text.splitlines() or [""]
    s = d.span
    assert 1 <= s.line <= max(len(by_nl), len(by_sl)), (
        f"{d.code} {d.message!r} at line {s.line} of a {len(by_nl)}-line file"
    )
    assert s.end_line >= s.line, f"{d.code} ends (line {s.end_line}) before it starts (line {s.line})"
    width = max(len(lines[s.line - 1].rstrip("\r")) for lines in (by_nl, by_sl) if s.line <= len(lines))
    assert 1 <= s.column <= width + 1, f"{d.code} {d.message!r} at column {s.column} of a {width}-character line"


def _visible(text: str) -> str:
    """Text as a reader compares it: no control or format characters, spaces collapsed."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Cn")
    )
    return " ".join(kept.split())


def document_text(document) -> str:
    """Every piece of text a reader of the document sees (metadata aside)."""
    parts = []
    for b in walk(document.blocks):
        if isinstance(b, Clause):
            parts.append(b.title)
        elif isinstance(b, SignatureBlock):
            parts += [b.party, b.defined_as, b.caption, *b.lines]
        elif isinstance(b, Figure):
            parts += [b.caption] + [x for item in b.items for x in item]
        elif isinstance(b, Table):
            parts += [plain_text(cell, document.numbers) for row in (b.header, *b.rows) for cell in row]
        elif hasattr(b, "inlines"):
            parts.append(plain_text(b.inlines, document.numbers))
    return "\n".join(parts)


def shape(document) -> tuple:
    """What no quoted text may change: the clause numbering and the defined terms."""
    clauses = tuple(b.number for b in walk(document.blocks) if isinstance(b, Clause))
    terms = sum(1 for b in walk(document.blocks) for i in inlines_of(b) if isinstance(i, TermDef))
    return clauses, terms


def schedule_of(compiled):
    """The schedule's document model (the build above succeeded, so this does too)."""
    assembled = assemble(compiled.regime, "schedule", Library((), ()), {"notified": None})
    return assembled.document


# -- the properties -----------------------------------------------------------------------


@fuzz_settings(150)
@given(regimes())
def test_drawn_regimes_check_without_crashing(regime: GenRegime):
    _check(regime.text())


@fuzz_settings(150)
@given(example_regimes())
def test_examples_with_drawn_values_check_without_crashing(regime: GenRegime):
    _check(regime.text())


@fuzz_settings(60)
@given(st.integers(0, 3).flatmap(lambda k: example_regimes(one_text=k > 0)))
# The cases issue 8 reported, always tried first.
@example(example_with("excludes", INJECTION, example="uk-public-sector-it"))
@example(example_with("party", "*Retail*"))
@example(example_with("address", "Unit 4 | Suite 1200"))
@example(example_with("party", "[[ref:nope]]"))
@example(example_with("renegotiable", "[" * 2000))
def test_what_passes_check_builds_markdown_and_keeps_text_literal(regime: GenRegime):
    compiled = _check(regime.text())
    if compiled is None:
        return
    try:
        built = build_documents(compiled, Path("out"), KINDS, ("md",))
    except CompileError as exc:
        # What passes check builds: a problem may only be blamed on the
        # regime's own lines, never on a built-in clause file.
        assert exc.diagnostics
        blamed = sorted({d.span.file for d in exc.diagnostics} - {NAME})
        assert not blamed, f"regime text broke built-in clause files {blamed}: {exc.diagnostics[0].message}"
        return
    assert all(out.data for out in built.outputs)

    document = schedule_of(compiled)
    seen = _visible(document_text(document))
    for name in regime.party_names:
        # Mid-sentence a leading "The" is written "the" ("means the Secretary of State ..."); the rest stays literal.
        as_written = "the " + name[4:] if name.startswith("The ") else name
        assert _visible(as_written) in seen, f"party name {name!r} is not in the schedule as written"

    # The same regime with harmless texts has the same clauses and terms.
    twin = _check(regime.text(bland=True))
    if twin is not None:
        assert shape(document) == shape(schedule_of(twin)), "a quoted text changed the clauses or defined terms"


def test_the_generators_reach_the_documents():
    """Guard against a generator that only ever produces broken files."""
    passed = 0

    # 60 draws, not 30: which draws pass depends on the bytes every example consumes, so a
    # small edit to one example can move the count a lot; 60 keeps the guard steady.
    @settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=_HEALTH)
    @given(example_regimes())
    def count(regime):
        nonlocal passed
        try:
            compile_source(SourceFile(NAME, regime.text()))
            passed += 1
        except Exception:
            pass

    count()
    assert passed >= 10, f"only {passed} of 60 drawn regimes passed check"


# -- crashes found by fuzzing, minimised -----------------------------------------------------


def _regressions():
    return sorted(REGRESSIONS.glob("*.regime")) if REGRESSIONS.is_dir() else []


# Each file is a minimised input for one root cause (exception type and
# innermost clausegen frame, written in its first lines), found by
# benchmarks/fuzz.py or the properties above; each crashed clausegen before
# issue 8's fixes.
@pytest.mark.parametrize("path", _regressions(), ids=lambda p: p.stem)
def test_fuzz_regression_gives_diagnostics_not_a_crash(path: Path):
    try:
        source = read_source(str(path))
    except CompileError as exc:
        assert exc.diagnostics
        return
    text = source.text
    source = SourceFile(NAME, text)
    try:
        compiled = compile_source(source)
    except CompileError as exc:
        for d in exc.diagnostics:
            assert_inside(d, text)
        render_all(exc.diagnostics, {NAME: source})
        return
    try:
        build_documents(compiled, Path("out"), KINDS, ("md",))
    except CompileError as exc:
        blamed = sorted({d.span.file for d in exc.diagnostics} - {NAME})
        assert not blamed, f"regime text broke built-in clause files {blamed}: {exc.diagnostics[0].message}"


# -- the long fuzzer stays runnable -------------------------------------------------------------


def _fuzz_script():
    import importlib.util
    import sys

    name = "clausegen_fuzz_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "benchmarks" / "fuzz.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_mutation_fuzzer_is_deterministic_and_classifies(tmp_path: Path, monkeypatch):
    fuzz = _fuzz_script()
    seeds = fuzz.load_seeds()
    a, b = fuzz.Mutator(seeds, 7), fuzz.Mutator(seeds, 7)
    inputs = [a.make(i)[0] for i in range(50)]
    assert inputs == [b.make(i)[0] for i in range(50)], "input i must depend only on (seed, i)"
    assert len(set(inputs)) > 40
    assert inputs != [fuzz.Mutator(seeds, 8).make(i)[0] for i in range(50)]

    path = tmp_path / fuzz.NAME
    path.write_bytes((Path(__file__).parents[1] / "examples" / "acme-globex.regime").read_bytes())
    assert fuzz.run_one(path, 0, build=False).status == "clean"
    path.write_bytes(b'regime "R" {\n  law 5\n}\n')
    assert fuzz.run_one(path, 0, build=False).status == "diagnostics"
    path.write_bytes(b"\xff\xfe not utf-8")
    assert fuzz.run_one(path, 0, build=False).status == "diagnostics"

    def broken(source):
        raise ZeroDivisionError("a bug")

    import clausegen.api

    monkeypatch.setattr(clausegen.api, "compile_source", broken)
    path.write_bytes(b'regime "R" {\n}\n')
    out = fuzz.run_one(path, 3, build=False)
    assert (out.status, out.signature) == ("crash", "ZeroDivisionError at outside clausegen")
    assert "a bug" in out.detail
