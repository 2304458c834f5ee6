"""The worked examples of docs/architecture.md work as written.

Each fenced block there marked `file=PATH` is written to PATH under a
temporary folder, and each marked `example=NAME` is executed; the tests then
use them the way the page says, through clausegen's own API, so the page
breaks when the code moves away from it.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from clausegen import writers
from clausegen.api import assemble_documents, compile_file
from clausegen.documents.library import Library

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
EXAMPLES = ROOT / "examples"

_BLOCK = re.compile(r"^```\w+ (file|example)=(\S+)\n(.*?)^```$", re.M | re.S)
BLOCKS = {(kind, name): body for kind, name, body in _BLOCK.findall(PAGE)}


def _files(tmp_path: Path, top: str) -> Path:
    """Write every `file=` block under `top`/ into tmp_path; returns tmp_path / top."""
    written = 0
    for (kind, name), body in BLOCKS.items():
        if kind == "file" and name.startswith(top + "/"):
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            written += 1
    assert written, f"docs/architecture.md has no file= block under {top}/"
    return tmp_path / top


def _schedule_text(regime_file: str, library: Library) -> str:
    regime = compile_file(str(EXAMPLES / regime_file)).regime
    documents = assemble_documents(regime, ("schedule",), library)
    return writers.writer("md")(documents.documents["schedule"], {}).decode("utf-8")


def test_the_page_has_every_worked_example():
    for heading in (
        "Add a keyword",
        "Add a check",
        "Add a clause variant",
        "Add a document kind",
        "Add an output format",
    ):
        assert f"### {heading}" in PAGE
    assert ("example", "writer") in BLOCKS


def test_a_clause_variant_in_an_organisation_library(tmp_path):
    clauses = _files(tmp_path, "clauses")
    sentence = "Any charges of the Singapore Mediation Centre for the use of its rooms"
    singapore = _schedule_text("arbitration-singapore.regime", Library((clauses,)))
    assert sentence in singapore
    # the built-in wording is kept (the variant extends it)
    assert "The fees and expenses of the Mediator" in singapore
    # a variant for Singapore law is not used under English law
    england = _schedule_text("acme-globex.regime", Library((clauses,)))
    assert sentence not in england
    assert "The fees and expenses of the Mediator" in england


def test_a_document_kind_is_a_template(tmp_path):
    clauses = _files(tmp_path, "clauses")
    templates = _files(tmp_path, "templates")
    regime = compile_file(str(EXAMPLES / "acme-globex.regime")).regime
    documents = assemble_documents(regime, ("contacts",), Library((clauses,), (templates,)))
    document = documents.documents["contacts"]
    assert document.kind == "contacts"
    text = writers.writer("md")(document, {}).decode("utf-8")
    assert "Dispute contacts" in text
    assert "Who to call" in text
    for party in regime.parties:
        assert party.name in text


def _page_module(name: str, block: str) -> types.ModuleType:
    """A block of the page run as the module it says it is (relative imports and all)."""
    module = types.ModuleType(name)
    module.__package__ = name.rpartition(".")[0]
    exec(compile(BLOCKS["example", block], f"docs/architecture.md ({block})", "exec"), module.__dict__)
    return module


@pytest.fixture
def text_format(monkeypatch):
    """The page's plain-text writer, installed as writers/text.py with "txt" in FORMATS."""
    module = _page_module("clausegen.writers.text", "writer")
    monkeypatch.setitem(sys.modules, "clausegen.writers.text", module)
    monkeypatch.setitem(writers.FORMATS, "txt", "text")
    return module


def test_an_output_format_is_one_module_and_one_line(text_format):
    regime = compile_file(str(EXAMPLES / "acme-globex.regime")).regime
    document = assemble_documents(regime, ("schedule",), Library()).documents["schedule"]
    text = writers.writer("txt")(document, {}).decode("utf-8")
    assert text.splitlines()[0] == document.meta.title
    # every numbered clause of the schedule appears with its number
    numbers = [c.number for c in document.blocks if getattr(c, "number", "")]
    assert numbers
    for number in numbers:
        assert re.search(rf"^{re.escape(number)} ", text, re.M)


ACME = (EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8")


def _compile(text: str):
    from clausegen.api import compile_source
    from clausegen.source import SourceFile

    return compile_source(SourceFile("acme-globex.regime", text))


def _with_line_after(text: str, anchor: str, line: str) -> str:
    changed = re.sub(rf"^(\s*){re.escape(anchor)}$", lambda m: f"{m[0]}\n{m[1]}{line}", text, count=1, flags=re.M)
    assert changed != text, f"{anchor!r} not found in the example"
    return changed


def test_a_keyword_is_one_table_line_and_one_model_field(monkeypatch):
    from dataclasses import dataclass

    from clausegen import model
    from clausegen.diagnostics import CompileError
    from clausegen.language.vocabulary import FORUM, governance, vocabulary

    text = _with_line_after(ACME, "chair client.contract_manager", "secretary provider.delivery_manager")
    # before: the language does not know the keyword
    with pytest.raises(CompileError) as before:
        _compile(text)
    assert [d.message for d in before.value.diagnostics if "`secretary`" in d.message]

    # the page's table line, in the table's own module
    (keyword, entry), *_ = eval("{" + BLOCKS["example", "keyword-table"] + "}", vars(governance)).items()
    monkeypatch.setitem(FORUM, keyword, entry)
    # the page's model field, on the block's model class
    namespace = {"dataclass": dataclass, "Base": model.Forum}
    exec("@dataclass(frozen=True)\nclass Forum(Base):\n" + BLOCKS["example", "keyword-model"], namespace)
    monkeypatch.setattr(governance, "Forum", namespace["Forum"])

    regime = _compile(text).regime
    assert regime.governance is not None
    forums = {f.id: f for f in regime.governance.forums}
    assert forums["operational_review"].secretary == "provider.delivery_manager"
    assert forums["steering_board"].secretary == ""  # the default: files without the keyword still read
    # the documentation test sees the new keyword (and fails until docs/language.md has it)
    assert "secretary" in vocabulary()["forum"]


@pytest.fixture
def forum_chair_check():
    """The page's check, registered for one test only."""
    from clausegen.language.checks import CHECKS

    registered = list(CHECKS)
    module = _page_module("clausegen.language.checks.governance_example", "check")
    yield module.forums_have_a_chair
    CHECKS[:] = registered


def test_a_check_is_one_registered_function(forum_chair_check):
    from clausegen.language.checks import CHECKS

    assert CHECKS[-1] is forum_chair_check  # new checks run after the listed ones
    assert not [w for w in _compile(ACME).warnings if w.code == "CG019"]
    no_chair = re.sub(r"^\s*chair client\.contract_manager\n", "", ACME, count=1, flags=re.M)
    assert no_chair != ACME
    warnings = [w for w in _compile(no_chair).warnings if w.code == "CG019"]
    assert [w.message for w in warnings] == ["the Operational Review has no chair"]
    assert warnings[0].span.line == ACME.splitlines().index('    forum operational_review "Operational Review" {') + 1


def test_the_page_check_is_gone_after_its_test():
    from clausegen.language.checks import CHECKS

    assert "forums_have_a_chair" not in [c.__name__ for c in CHECKS]


def test_the_command_line_builds_the_new_format(tmp_path):
    # The page's claim end to end, in a process of its own: with the module
    # and its line in FORMATS, `clausegen build --format txt` writes .txt files.
    import subprocess

    probe = (
        "import sys, types\n"
        "name = 'clausegen.writers.text'\n"
        "module = types.ModuleType(name); module.__package__ = 'clausegen.writers'\n"
        "exec(sys.argv[1], module.__dict__); sys.modules[name] = module\n"
        "import clausegen.writers\n"
        "clausegen.writers.FORMATS['txt'] = 'text'\n"
        "from clausegen.cli import main\n"
        "main(sys.argv[2:])\n"
    )
    args = ["build", str(EXAMPLES / "acme-globex.regime"), "--format", "txt", "--doc", "schedule,notice"]
    result = subprocess.run(
        [sys.executable, "-c", probe, BLOCKS["example", "writer"], *args, "-o", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in (tmp_path / "acme-globex").iterdir() if not p.name.startswith("."))
    assert built == ["notice.txt", "schedule.txt"]
    schedule = (tmp_path / "acme-globex" / "schedule.txt").read_text(encoding="utf-8")
    assert "Dispute Resolution Procedure" in schedule.splitlines()[0]
