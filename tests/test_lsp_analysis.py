"""The language server's analysis, in-process: same diagnostics as `check`, symbols, completion."""

from __future__ import annotations

import pytest

from clausegen.api import compile_source
from clausegen.diagnostics import CompileError
from clausegen.lsp import analysis
from clausegen.source import SourceFile

from .conftest import EXAMPLES

FILES = sorted(EXAMPLES.glob("*.regime")) + sorted((EXAMPLES / "invalid").glob("*.regime"))


def _check(text: str, name: str):
    try:
        return compile_source(SourceFile(name, text)).warnings
    except CompileError as exc:
        return exc.diagnostics


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_diagnostics_as_check(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert analysis.analyse(text, str(path)).diagnostics == list(_check(text, str(path)))


def test_quick_fix_word_comes_from_did_you_mean():
    text = (EXAMPLES / "acme-globex.regime").read_text().replace("  escalation {", "  escalaton {")
    a = analysis.analyse(text, "x.regime")
    fixes = {analysis.suggestion(d) for d in a.diagnostics}
    assert "escalation" in fixes


def test_completion_follows_the_builders_tables(monkeypatch):
    """A keyword added to a block's Spec is offered without touching the server."""
    from clausegen.language import vocabulary
    from clausegen.language.reader import Field

    monkeypatch.setitem(vocabulary.MEDIATION, "brand_new_keyword", Field("x", lambda r: True))
    text = (EXAMPLES / "acme-globex.regime").read_text()
    a = analysis.analyse(text, "x.regime")
    line = text[: text.index('    body "CEDR"')].count("\n")
    labels = {i.label for i in analysis.complete(a, line, 4)}
    assert "brand_new_keyword" in labels and set(vocabulary.MEDIATION) <= labels


def test_block_path_in_half_typed_text():
    text = 'regime "x" {\n  escalation {\n    tier a "A" {\n      wit'
    assert analysis.block_path(text, 3, 9) == (["regime", "escalation", "tier"], [])


def test_value_words_come_from_the_keywords_reader():
    text = (EXAMPLES / "acme-globex.regime").read_text()
    a = analysis.analyse(text, "x.regime")
    line = text[: text.index("    trigger after_escalation")].count("\n")
    labels = [i.label for i in analysis.complete(a, line, len("    trigger "))]
    assert {"after_escalation", "party_request"} <= set(labels)
    line = text[: text.index("  drafting formal")].count("\n")
    assert [i.label for i in analysis.complete(a, line, len("  drafting ")) if i.kind == "value"] == ["formal", "plain"]


def test_hover_on_an_id_shows_its_definition():
    text = (EXAMPLES / "acme-globex.regime").read_text()
    a = analysis.analyse(text, "x.regime")
    i = text.index("representatives client.sponsor") + len("representatives client.s")
    line = text.count("\n", 0, i)
    markdown, _ = analysis.hover(a, line, i - text.rfind("\n", 0, i) - 1)
    assert "role `client.sponsor`" in markdown and '"Chief Operating Officer"' in markdown


def test_lsp_without_pygls_says_what_to_install():
    import subprocess
    import sys

    from .conftest import ROOT

    code = "import sys; sys.modules['pygls'] = None; from clausegen.cli import main; sys.argv = ['clausegen', 'lsp']; main()"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")}
    )
    assert out.returncode == 2 and "clausegen[lsp]" in out.stderr


def test_the_server_alone_runs_every_check(tmp_path):
    # In a process that never imports clausegen.api (as `clausegen lsp` runs),
    # the checks of routes and Arb-Med-Arb still run: they are part of the
    # checks package, not registered as a side effect of the api module.
    import subprocess
    import sys

    path = EXAMPLES / "invalid" / "99-arb-med-arb-after-mediation-fails.regime"
    probe = (
        "import sys; from clausegen.lsp.analysis import analyse; "
        "a = analyse(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1]); "
        "assert 'clausegen.api' not in sys.modules; "
        "print(' '.join(sorted({d.code for d in a.diagnostics})))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
    assert "CG056" in out.stdout.split()
