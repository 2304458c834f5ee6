"""The clause library: variants, organisation overrides, templates, and errors in clause files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.api import compile_file
from clausegen.cli import main
from clausegen.diagnostics import CompileError
from clausegen.docmodel import plain_text
from clausegen.documents.assemble import assemble
from clausegen.documents.context import build_context
from clausegen.documents.library import Library

from .conftest import EXAMPLES

ACME = compile_file(str(EXAMPLES / "acme-globex.regime"))


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def org(tmp_path):
    """An organisation library and templates folder with a one-section schedule."""
    clauses, templates = tmp_path / "clauses", tmp_path / "templates"
    write(
        templates,
        "schedule.toml",
        """
        kind = "schedule"
        title = "Tiny {{ regime.version }}"
        numbered = true
        [[section]]
        id = "one"
        title = "One"
        clauses = ["custom.first", "custom.second"]
    """,
    )
    write(
        clauses,
        "custom/first.md",
        """
        +++
        title = "First"
        +++
        The [[def:Thing]] is defined here. See paragraph [[ref:custom.second]].

        1. [[id:custom.first.sub]] A sub-clause.
    """,
    )
    write(
        clauses,
        "custom/second.md",
        """
        +++
        title = "Second"
        +++
        Neutral wording about the [[Thing]], under paragraph [[ref:custom.first.sub]].
    """,
    )
    return clauses, templates


def build(org, regime=ACME.regime):
    clauses, templates = org
    return assemble(regime, "schedule", Library((clauses,), (templates,)))


def test_numbers_and_cross_references(org):
    doc = build(org).document
    one = doc.blocks[0]
    assert [c.number for c in one.children] == ["1.1", "1.2"]
    assert doc.numbers["custom.first.sub"] == "1.1.1"
    text = plain_text(one.children[1].blocks[0].inlines, doc.numbers)
    assert text == "Neutral wording about the Thing, under paragraph 1.1.1."
    assert plain_text(one.children[0].blocks[0].inlines, doc.numbers).endswith("See paragraph 1.2.")


def test_most_specific_variant_wins(org):
    clauses, _ = org
    write(
        clauses,
        "custom/second.plain.md",
        '+++\ntitle = "Second"\n+++\nPlain wording about the [[Thing]] [[ref:custom.first]].\n',
    )
    lib = Library((clauses,))
    assert lib.resolve("custom.second", "england_wales", "formal").path.name == "second.md"
    assert lib.resolve("custom.second", "england_wales", "plain").path.name == "second.plain.md"
    write(
        clauses,
        "custom/second.england_wales.md",
        '+++\ntitle = "Second"\n+++\nEnglish wording about the [[Thing]] [[ref:custom.first]].\n',
    )
    lib = Library((clauses,))
    assert lib.resolve("custom.second", "england_wales", "plain").path.name == "second.england_wales.md"
    assert lib.resolve("custom.second", "germany", "plain").path.name == "second.plain.md"
    assert sorted(lib.files["custom.second"]) == ["", "england_wales", "plain"]
    doc = build(org).document
    assert "English wording" in plain_text(doc.blocks[0].children[1].blocks[0].inlines, doc.numbers)


def test_override_replaces_a_builtin_file_at_the_same_path(tmp_path):
    builtin = Library()
    clause_id, variants = next(iter(builtin.files.items()))
    rel = variants[""].relative
    write(tmp_path, rel, '+++\ntitle = "Ours"\n+++\nOUR OWN WORDING\n')
    lib = Library((tmp_path,))
    assert lib.resolve(clause_id, "neutral", "formal").path == tmp_path / rel
    assert lib.env.get_template(rel).render(**build_context(ACME.regime)).strip() == "OUR OWN WORDING"


def test_override_can_extend_the_builtin_clause(tmp_path):
    builtin = Library()
    clause_id, variants = next(iter(builtin.files.items()))
    rel = variants[""].relative
    ctx = build_context(ACME.regime)
    original = builtin.env.get_template(rel).render(**ctx)
    write(
        tmp_path,
        rel,
        f'{{% extends "builtin/{rel}" %}}{{% block body %}}{{{{ super() }}}}\nAND ONE MORE SENTENCE.\n{{% endblock %}}\n',
    )
    extended = Library((tmp_path,)).env.get_template(rel).render(**ctx)
    assert extended.startswith(original.rstrip("\n")) and extended.rstrip().endswith("AND ONE MORE SENTENCE.")


def test_error_in_a_clause_is_reported_at_its_file_and_line(org):
    clauses, _ = org
    bad = write(
        clauses, "custom/second.md", '+++\ntitle = "Second"\n+++\nFine line.\n\nThe {{ regime.mediaton.venue }}.\n'
    )
    with pytest.raises(CompileError) as exc:
        build(org)
    [d] = exc.value.diagnostics
    assert (d.code, d.span.file, d.span.line) == ("CG300", str(bad), 6)
    assert "mediaton" in d.message


def test_jinja_syntax_error_is_reported_at_its_line(org):
    clauses, _ = org
    bad = write(clauses, "custom/second.md", '+++\ntitle = "Second"\n+++\nLine four.\n{% if %}\n')
    with pytest.raises(CompileError) as exc:
        build(org)
    [d] = exc.value.diagnostics
    assert (d.code, d.span.file, d.span.line) == ("CG300", str(bad), 5)


def test_sandbox_blocks_attribute_walks(org):
    clauses, _ = org
    write(clauses, "custom/second.md", '+++\ntitle = "Second"\n+++\n{{ regime.__class__.__mro__ }} [[Thing]]\n')
    with pytest.raises(CompileError) as exc:
        build(org)
    assert [d.code for d in exc.value.diagnostics] == ["CG300"]


def test_missing_reference_undefined_and_unused_terms(org):
    clauses, _ = org
    bad = write(
        clauses, "custom/second.md", '+++\ntitle = "Second"\n+++\nSee [[ref:custom.thrid]] and the [[Widget]].\n'
    )
    with pytest.raises(CompileError) as exc:
        build(org)
    got = {(d.code, d.span.line, d.span.column) for d in exc.value.diagnostics}
    assert ("CG305", 4, 7) in got  # the caret sits on "ref:custom.thrid"
    assert ("CG302", 4, 34) in got  # ... on "[[Widget"
    assert any(d.code == "CG303" and "Thing" in d.message for d in exc.value.diagnostics)
    assert str(bad) in {d.span.file for d in exc.value.diagnostics}


def test_template_naming_a_missing_clause(org):
    clauses, templates = org
    path = write(
        templates,
        "schedule.toml",
        'kind = "schedule"\ntitle = "T"\n\n[[section]]\ntitle = "One"\nclauses = ["custom.first", "custom.thrid"]\n',
    )
    with pytest.raises(CompileError) as exc:
        build(org)
    codes = {(d.code, d.span.file, d.span.line) for d in exc.value.diagnostics}
    assert ("CG301", str(path), 6) in codes


def test_clauses_list_json(org):
    clauses, _ = org
    result = CliRunner().invoke(main, ["clauses", "list", "--format", "json", "--clauses", str(clauses)])
    assert result.exit_code == 0
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows["custom.first"]["title"] == "First"
    assert rows["custom.first"]["path"] == str(clauses / "custom" / "first.md")
    assert any(r["path"].startswith(str(Library().builtin)) for r in rows.values())  # built-in clauses too


def test_failed_build_leaves_existing_files_alone(org, tmp_path):
    clauses, templates = org
    out = tmp_path / "out"
    args = [
        "build",
        str(EXAMPLES / "acme-globex.regime"),
        "-o",
        str(out),
        "--doc",
        "schedule",
        "--format",
        "md",
        "--clauses",
        str(clauses),
        "--templates",
        str(templates),
    ]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.stderr
    target = out / "acme-globex" / "schedule.md"
    good = target.read_bytes()
    assert good.startswith(b"# Tiny 2.0")
    write(clauses, "custom/second.md", '+++\ntitle = "Second"\n+++\n{{ nonsense }}\n')
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 1 and "CG300" in second.stderr
    assert target.read_bytes() == good
    assert [p.name for p in target.parent.iterdir()] == ["schedule.md"]


def test_optional_definitions_drop_out_when_unused(org):
    clauses, _ = org
    write(
        clauses,
        "custom/first.md",
        """
        +++
        title = "First"
        +++
        The [[def:Thing]] is defined here. See paragraph [[ref:custom.second]].

        1. [[def?:Gadget]] means a gadget, and is never used.
        1. [[def?:Widget]] means a widget.
        1. [[id:custom.first.sub]] A sub-clause.
    """,
    )
    write(
        clauses,
        "custom/second.md",
        '+++\ntitle = "Second"\n+++\nThe [[Thing]] and the [[Widgets|Widget]], see [[ref:custom.first.sub]].\n',
    )
    assembled = build(org)
    doc = assembled.document
    first = doc.blocks[0].children[0]
    texts = [plain_text(c.blocks[0].inlines, doc.numbers) for c in first.children]
    assert texts == ["\u201cWidget\u201d means a widget.", "A sub-clause."]
    assert [c.number for c in first.children] == ["1.1.1", "1.1.2"]
    assert plain_text(doc.blocks[0].children[1].blocks[0].inlines, doc.numbers).endswith("see 1.1.2.")
    assert assembled.warnings == []


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_closing_words_after_sub_clauses_are_written_after_them(org, fmt):
    import io
    import re

    from clausegen.writers import writer

    clauses, _ = org
    write(
        clauses,
        "custom/second.md",
        '+++\ntitle = "Second"\n+++\nThe [[Thing]] shall:\n\n1. ALPHA ONE;\n1. BRAVO TWO,\n\nCHARLIE CLOSING [[ref:custom.first.sub]].\n',
    )
    data = writer(fmt)(build(org).document, {})
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    elif fmt == "pdf":
        import shutil
        import subprocess

        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext not installed")
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    else:
        text = data.decode()
    positions = [text.find(w) for w in ("ALPHA ONE", "BRAVO TWO", "CHARLIE CLOSING")]
    assert -1 not in positions and positions == sorted(positions)
    assert re.search(r"CHARLIE CLOSING\s*(<a [^>]*>)?1\.1\.1", text)


def test_minor_headings_sit_one_level_below_their_clause(org):
    from clausegen.docmodel import Heading

    clauses, _ = org
    write(
        clauses,
        "custom/second.md",
        '+++\ntitle = "Second"\n+++\n### Under a titled clause\n\nThe [[Thing]] [[ref:custom.first.sub]].\n',
    )
    write(clauses, "custom/third.md", "+++\n+++\n### Under an untitled clause\n\nText.\n")
    _, templates = org
    text = (templates / "schedule.toml").read_text().replace('"custom.second"]', '"custom.second", "custom.third"]')
    (templates / "schedule.toml").write_text(text)
    section = build(org).document.blocks[0]
    levels = {c.id: [b.level for b in c.blocks if isinstance(b, Heading)] for c in section.children}
    assert levels["custom.second"] == [3] and levels["custom.third"] == [2]


def test_no_cache_folder_is_no_problem(monkeypatch, tmp_path):
    from clausegen.documents import library

    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", "")
    assert library._bytecode_cache() is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", str(blocker / "sub"))
    assert library._bytecode_cache() is None
    monkeypatch.setenv("CLAUSEGEN_CACHE_DIR", str(tmp_path / "cache"))
    assert library._bytecode_cache() is not None
