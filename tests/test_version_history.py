"""Version history (issue 10, point 4): the language, the schedule's table,
the handbook's "What changed in this version", and `build --previous`."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from clausegen.api import compile_file
from clausegen.cli import building as cli
from clausegen.docmodel import Clause, Table, plain_text, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library

from .conftest import EXAMPLES, codes

ACME = EXAMPLES / "acme-globex.regime"
SAAS = EXAMPLES / "saas-two-tier.regime"  # records no history


def _doc(regime, kind, extra=None):
    return assemble(regime, kind, Library(), extra).document


def _section(doc, title):
    return next((b for b in doc.blocks if isinstance(b, Clause) and b.title == title), None)


def _text(block) -> str:
    from clausegen.docmodel import inlines_of

    return " ".join(plain_text(tuple(inlines_of(b))) for b in walk((block,)))


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        return CliRunner()


# -- the language ---------------------------------------------------------------------------


def test_the_model_records_amends_and_each_revision_with_its_span():
    regime = compile_file(str(ACME)).regime
    assert regime.amends == "1.0"
    revs = regime.history.revisions
    assert [(r.version, r.date) for r in revs] == [("1.0", date(2025, 1, 1)), ("2.0", date(2026, 3, 1))]
    lines = ACME.read_text(encoding="utf-8").splitlines()
    for r in revs:
        assert lines[r.span.line - 1].strip().startswith(f'version "{r.version}" {r.date.isoformat()}')
    assert regime.revision is revs[1]
    assert compile_file(str(SAAS)).regime.history is None


def _variant(version="2.0", amends="1.0", history=(("1.0", "2025-01-01"), ("2.0", "2026-03-01"))) -> str:
    text = ACME.read_text(encoding="utf-8")
    start, end = text.index("  amends"), text.index("  }\n}")
    lines = [f'  amends "{amends}"\n'] if amends else []
    if history:
        lines += ["  history {\n"] + [f'    version "{v}" {d} "Summary of {v}."\n' for v, d in history] + ["  }\n"]
    text = text[:start] + "".join(lines) + text[end + len("  }\n") :]
    return text.replace('  version "2.0"\n', f'  version "{version}"\n', 1)


@pytest.mark.parametrize(
    "variant, code",
    [
        (_variant(history=(("1.0", "2025-01-01"), ("1.0", "2025-02-01"), ("2.0", "2026-03-01"))), "CG040"),
        (
            _variant(history=(("1.0", "2025-06-01"), ("1.1", "2025-01-01"), ("2.0", "2026-03-01")), amends="1.1"),
            "CG041",
        ),
        (_variant(history=(("1.0", "2025-01-01"), ("2.0", "2026-03-02"))), "CG042"),
        (_variant(history=(("1.0", "2025-01-01"), ("2.0", "2026-03-01"), ("2.1", "2026-04-01"))), "CG043"),
        (_variant(amends="1.5"), "CG044"),
        (_variant(amends="2.0"), "CG044"),  # a version does not amend itself
        (
            _variant(amends="2.1", history=(("1.0", "2025-01-01"), ("2.0", "2026-03-01"), ("2.1", "2026-03-01"))),
            "CG044",
        ),  # a later one
        (_variant().replace('  version "2.0"\n', "", 1), "CG045"),
        (_variant(history=(("1.0", "2025-01-01"), ("1.1", "2025-06-01"), ("2.0", "2026-03-01"))), "CG046"),
        (_variant(history=(("1.0", "2025-01-01"),)), "CG047"),
    ],
)
def test_each_history_mistake_has_its_code(compile_text, variant, code):
    assert code in codes(compile_text(variant))


def test_a_sound_history_raises_nothing(compile_text):
    found = codes(compile_text(_variant()))
    assert not [c for c in found if "CG040" <= c <= "CG049"]


def test_amends_without_a_history_is_accepted(compile_text):
    result = compile_text(_variant(history=()))
    assert result.regime.amends == "1.0" and result.regime.history is None


def test_a_dated_version_outside_the_history_says_where_it_goes(compile_text):
    text = ACME.read_text(encoding="utf-8").replace('  version "2.0"\n', '  version "2.0" 2026-03-01 "Summary."\n', 1)
    result = compile_text(text)
    found = [d for d in result.diagnostics if d.code.startswith("CG2") or "CG040" <= d.code <= "CG049"]
    assert [d.code for d in found] == ["CG203"]  # and no CG045 for the version it could not read
    assert "history {" in found[0].help


# -- the schedule ---------------------------------------------------------------------------


def test_the_schedule_carries_a_version_history_table():
    doc = _doc(compile_file(str(ACME)).regime, "schedule")
    section = _section(doc, "Version history")
    assert section is not None and doc.blocks[-1] is section  # the last section: no clause renumbered
    tables = [b for b in walk((section,)) if isinstance(b, Table)]
    assert len(tables) == 1
    header = [plain_text(c) for c in tables[0].header]
    rows = [[plain_text(c) for c in row] for row in tables[0].rows]
    assert header == ["Version", "Date", "Summary"]
    assert rows == [
        ["1.0", "1 January 2025", "First signed version."],
        [
            "2.0",
            "1 March 2026",
            "Executive Sponsors given 15 Business Days; suspension of a disputed initiative added.",
        ],
    ]
    assert "amends version 1.0" in _text(section)


def test_a_summary_is_text_in_its_cell(compile_text):
    regime = compile_text(_variant().replace('"Summary of 2.0."', '"Limits *doubled* | tier [[ref:x]] added"')).regime
    section = _section(_doc(regime, "schedule"), "Version history")
    table = next(b for b in walk((section,)) if isinstance(b, Table))
    assert [plain_text(c) for c in table.rows[1]] == ["2.0", "1 March 2026", "Limits *doubled* | tier [[ref:x]] added"]


def test_no_history_no_version_history_section():
    doc = _doc(compile_file(str(SAAS)).regime, "schedule")
    assert _section(doc, "Version history") is None


def test_amends_alone_says_so_without_a_table(compile_text):
    regime = compile_text(_variant(history=())).regime
    section = _section(_doc(regime, "schedule"), "Version history")
    assert section is not None
    assert "amends version 1.0" in _text(section)
    assert not [b for b in walk((section,)) if isinstance(b, Table)]


# -- the handbook ---------------------------------------------------------------------------


def test_the_handbook_opens_with_what_changed():
    doc = _doc(compile_file(str(ACME)).regime, "handbook")
    first = doc.blocks[0]
    assert isinstance(first, Clause) and first.title == "What changed in this version"
    assert doc.front >= 1  # before the table of contents
    text = _text(first)
    assert "Executive Sponsors given 15 Business Days" in text
    assert "replaces version 1.0" in text


def test_no_history_no_what_changed():
    doc = _doc(compile_file(str(SAAS)).regime, "handbook")
    assert _section(doc, "What changed in this version") is None


def test_changes_in_words_are_listed_even_without_a_history():
    changes = ("Tier 2: time limit 10 -> 15 Business Days", "Mediation body: CEDR -> *JAMS*")
    doc = _doc(compile_file(str(SAAS)).regime, "handbook", {"changes": changes})
    section = _section(doc, "What changed in this version")
    assert section is not None
    text = _text(section)
    assert all(c in text for c in changes)  # markup characters in a change stay text


# -- build --previous -----------------------------------------------------------------------


def test_build_previous_passes_the_change_sentences_to_the_handbook(tmp_path, monkeypatch):
    seen = []

    def fake(old, new):
        seen.append((old.version, new.version))
        return ("Tier 2 (Commercial Directors): time limit 10 -> 15 Business Days",)

    monkeypatch.setattr(cli, "_change_sentences", fake)
    old = tmp_path / "old.regime"
    old.write_text(
        ACME.read_text(encoding="utf-8")
        .replace('  version "2.0"\n', '  version "1.0"\n', 1)
        .split("  # This version")[0]
        + "}\n",
        encoding="utf-8",
    )
    result = _runner().invoke(
        cli.main,
        [
            "build",
            "--previous",
            str(old),
            str(ACME),
            "-o",
            str(tmp_path / "out"),
            "--doc",
            "handbook",
            "--format",
            "md",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert seen == [("1.0", "2.0")]
    handbook = (tmp_path / "out" / "acme-globex" / "handbook.md").read_text(encoding="utf-8")
    assert "- Tier 2 (Commercial Directors): time limit 10 -> 15 Business Days" in handbook.replace("\\-", "-").replace(
        "\\>", ">"
    )


def test_build_previous_with_a_broken_previous_version_reports_it(tmp_path):
    old = tmp_path / "old.regime"
    old.write_text('regime "X" {\n  law "England and Wales"\n}\n', encoding="utf-8")
    result = _runner().invoke(cli.main, ["build", "--previous", str(old), str(ACME), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"--> {old}:" in result.stderr
    assert not (tmp_path / "out" / "acme-globex").exists()


def test_build_previous_needs_one_file(tmp_path):
    result = _runner().invoke(cli.main, ["build", "--previous", str(ACME), str(ACME), str(SAAS), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--previous" in result.stderr


def test_change_sentences_are_the_semantic_diff_without_the_version_bookkeeping():
    root = ACME.parent / "renegotiation"
    old = compile_file(str(root / "acme-v1.regime")).regime
    new = compile_file(str(root / "acme-v2.regime")).regime
    sentences = cli._change_sentences(old, new)
    assert any("Commercial Directors" in s and "added" in s for s in sentences), sentences
    assert any("10" in s and "15" in s for s in sentences), sentences
    assert not any(s.lower().startswith("regime: version") or "effective" in s.lower() for s in sentences), sentences
    regime = compile_file(str(ACME)).regime
    assert cli._change_sentences(regime, regime) == ()
