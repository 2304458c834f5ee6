"""The five documents: facts each must state, and snapshots against unintended change."""

from __future__ import annotations

import re
from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.docmodel import Clause, Figure, SignatureBlock, Table, walk
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.writers import writer

from .conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.regime"))
# Every document each example has: one without mediation has no agreement to mediate.
CASES = [
    (path, kind)
    for path in EXAMPLE_FILES
    for kind in KINDS
    if kind != "mediation-agreement" or compile_file(str(path)).regime.mediation is not None
]
CASE_IDS = [f"{p.stem}-{k}" for p, k in CASES]


@cache
def document(stem: str, kind: str):
    regime = compile_file(str(EXAMPLES / f"{stem}.regime")).regime
    return regime, assemble(regime, kind, Library())


@cache
def markdown(stem: str, kind: str) -> str:
    return writer("md")(document(stem, kind)[1].document, {}).decode()


@pytest.mark.parametrize("path,kind", CASES, ids=CASE_IDS)
def test_markdown_snapshot(path, kind, snapshot):
    regime, assembled = document(path.stem, kind)
    assert [d for d in assembled.warnings] == [], "documents must build without warnings"
    assert markdown(path.stem, kind) == snapshot


@pytest.mark.parametrize("path,kind", CASES, ids=CASE_IDS)
def test_no_template_leftovers(path, kind):
    text = markdown(path.stem, kind)
    for bad in ("None", "[[", "]]", "{{", "}}", "{%", "??"):
        assert bad not in text, f"{bad!r} in {path.stem}/{kind}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_name_reaches_the_documents(path):
    regime = document(path.stem, "schedule")[0]
    schedule, handbook = markdown(path.stem, "schedule"), markdown(path.stem, "handbook")
    settlement = markdown(path.stem, "settlement")
    for party in regime.parties:
        # The schedule's definitions write a leading "The" mid-sentence as "the".
        name = "the " + party.name[4:] if party.name.startswith("The ") else party.name
        assert name in schedule.replace("\\", "")
        assert party.name in settlement.replace("\\", "")
    for tier in regime.escalation.tiers:
        assert tier.name in schedule and tier.name in handbook
    for role in regime.roles:
        assert role.title in handbook.replace("\\", "")
    if regime.governance:
        for forum in regime.governance.forums:
            assert forum.name in handbook
    for concession in regime.concessions:
        assert concession.text in handbook.replace("\\", "")
    if regime.mediation:
        for name in (regime.mediation.body, regime.mediation.venue):
            if name:
                assert name in schedule and name in handbook


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_tier_limits_agree_between_schedule_and_handbook(path):
    regime = document(path.stem, "schedule")[0]
    schedule, handbook = markdown(path.stem, "schedule"), markdown(path.stem, "handbook")
    for tier in regime.escalation.tiers:
        amount = str(tier.limit.amount)
        # the schedule says "ten (10) Business Days" or "10 Business Days"
        term = regime.day_term
        assert re.search(rf"\({amount}\) {term}|{amount} {term}|{amount} days|\({amount}\) days", schedule)
        rows = [line for line in handbook.splitlines() if line.startswith("|") and tier.name in line]
        assert any(re.search(rf"\b{amount} {term}|\b{amount} days", row) for row in rows), tier.name


def test_without_mediation_there_is_no_mediator_anywhere():
    stem = "saas-two-tier"
    regime = document(stem, "schedule")[0]
    assert regime.mediation is None
    for kind in ("schedule", "settlement"):
        text = markdown(stem, kind).lower()
        assert "mediat" not in text, kind
    ids = {c.id for c in walk(document(stem, "schedule")[1].document.blocks) if isinstance(c, Clause)}
    assert not any(i.startswith("mediation") for i in ids)
    assert document(stem, "mediation-agreement")[1] is None  # no agreement to mediate at all


def test_settlement_has_fill_ins_and_signatures_for_every_party():
    regime, assembled = document("uk-public-sector-it", "settlement")
    blocks = list(walk(assembled.document.blocks))
    signatures = [b for b in blocks if isinstance(b, SignatureBlock)]
    # a leading "The " reads "the" after "on behalf of"
    assert [s.party for s in signatures] == [
        ("the " + p.name[4:]) if p.name.startswith("The ") else p.name for p in regime.parties
    ]
    tables = [b for b in blocks if isinstance(b, Table)]
    assert any("owner" in str(t.header).lower() and "deadline" in str(t.header).lower() for t in tables)


def test_handbook_has_the_ladder_and_timeline():
    regime, assembled = document("acme-globex", "handbook")
    figures = [b for b in walk(assembled.document.blocks) if isinstance(b, Figure)]
    assert {f.kind for f in figures} == {"ladder", "timeline"}
    ladder = next(f for f in figures if f.kind == "ladder")
    assert [label for label, _ in ladder.items][1:4] == [
        f"Tier {n}: {t.name}" for n, t in enumerate(regime.escalation.tiers, start=1)
    ]


def test_cross_references_resolve_to_clause_numbers():
    _, assembled = document("uk-public-sector-it", "schedule")
    doc = assembled.document
    numbers = {c.id: c.number for c in walk(doc.blocks) if isinstance(c, Clause)}
    assert doc.numbers.items() >= {k: v for k, v in numbers.items() if v}.items()
    assert all(re.fullmatch(r"\d+(\.\d+)*", n) for n in numbers.values())


def test_organisation_override_takes_effect_in_a_real_build(tmp_path):
    from click.testing import CliRunner

    from clausegen.cli import main

    org = tmp_path / "org"
    (org / "final").mkdir(parents=True)
    (org / "final" / "governing_law.england_wales.md").write_text(
        '+++\ntitle = "Governing law"\n+++\nThis Schedule is governed by the law of England and Wales, as our house style says.\n'
    )
    out = tmp_path / "out"
    args = ["build", str(EXAMPLES / "acme-globex.regime"), "--doc", "schedule", "--format", "md", "-o", str(out)]
    result = CliRunner().invoke(main, args + ["--clauses", str(org)])
    assert result.exit_code == 0, result.stderr
    text = (out / "acme-globex" / "schedule.md").read_text()
    assert "as our house style says" in text
    assert "as our house style says" not in markdown("acme-globex", "schedule")


def test_build_says_which_documents_a_regime_does_not_have(tmp_path):
    from click.testing import CliRunner

    from clausegen.cli import main

    result = CliRunner().invoke(
        main, ["build", str(EXAMPLES / "saas-two-tier.regime"), "--format", "md", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    assert "has no mediation-agreement" in result.stderr
    assert sorted(p.name for p in (tmp_path / "saas-two-tier").iterdir()) == [
        "handbook.md",
        "notice.md",
        "schedule.md",
        "settlement.md",
    ]


def test_working_days_regime_uses_the_working_day_term_everywhere():
    regime = document("germany-managed-services", "schedule")[0]
    assert regime.day_term == "Working Day"
    for kind in ("schedule", "handbook", "settlement", "notice", "mediation-agreement"):
        text = markdown("germany-managed-services", kind)
        assert "Business Day" not in text and "business day" not in text, kind
    assert "**“Working Day”**" in markdown("germany-managed-services", "schedule")


def test_a_joint_initial_meeting_is_stated():
    text = markdown("germany-managed-services", "schedule")
    assert "shall hold an initial meeting with all the Parties together" in text


def test_drafting_style_selects_the_plain_variants():
    assert document("saas-two-tier", "schedule")[0].drafting == "plain"
    plain, formal = markdown("saas-two-tier", "schedule"), markdown("acme-globex", "schedule")
    assert " shall " not in plain and " must " in plain
    assert " shall " in formal
