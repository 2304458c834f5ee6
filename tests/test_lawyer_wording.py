"""Issue 9, point 6: wording a careful outsourcing lawyer flagged in the built documents.

Each test names the finding of the first review pass (B1, B4, ...) it pins, and reads
the built Markdown of a bundled example.
"""

from __future__ import annotations

import re
from functools import cache

from clausegen.api import compile_file
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.writers import writer

from .conftest import EXAMPLES


@cache
def docs(example: str) -> dict[str, str]:
    """Every document of a bundled example, as Markdown running text, by kind."""
    regime = compile_file(EXAMPLES / f"{example}.regime").regime
    out = {}
    for kind in KINDS:
        if kind == "mediation-agreement" and regime.mediation is None:
            continue
        md = writer("md")(assemble(regime, kind, Library()).document, {}).decode()
        out[kind] = re.sub(r"[*\\]", "", md)
    return out


def paragraph(text: str, start: str) -> str:
    """The paragraph (one Markdown line) that starts with `start`."""
    return next(line for line in text.splitlines() if line.startswith(start))


def test_b1_quorum_including_one_from_each_party_is_in_the_schedule():
    schedule = docs("uk-public-sector-it")["schedule"]
    board = paragraph(schedule, "3.1.2 Commercial Board.")
    assert "including at least one member appointed by each Party" in board
    # a forum without the rule keeps the plain quorum
    assert "including" not in paragraph(schedule, "3.1.1 Service Management Board.").split("quorate")[1][:60]


def test_b4_settlement_offers_a_tier_settlement_as_well_as_a_mediated_one():
    settlement = docs("acme-globex")["settlement"]
    recital = paragraph(settlement, "(F)")
    assert "Option A (settled in mediation)" in recital
    assert "Option B (settled at a tier): Following negotiations between them" in recital
    assert "If the Dispute was settled at a tier and not in mediation" in settlement
    # a clause that only makes sense after a mediation is marked for deletion
    assert paragraph(settlement, "9.1.3").startswith("9.1.3 [mediation only] the people who attended the Mediation")


def test_b21_settlement_uses_two_party_words_for_two_parties():
    two = docs("acme-globex")["settlement"]
    for multi in ("each other Party", "every other Party", "another Party", "any other Party", "Each of those Parties"):
        assert multi not in two, multi
    assert "each Party releases the other Party" in two
    assert "warrants to the other Party" in two
    three = docs("germany-managed-services")["settlement"]
    assert "each Party releases each other Party" in three
    assert "warrants to each other Party" in three


def test_b10_schedule_defines_each_term_once():
    for example in ("acme-globex", "uk-public-sector-it"):
        schedule = docs(example)["schedule"]
        for term in ("Governance Forum", "Agreement to Mediate", "Suspended Initiative", "Suspension Notice"):
            assert f"“{term}”" in schedule, term  # in the definitions
            assert not re.search(rf"\((the|a|each a) {term}\)", schedule), term  # and not again inline


def test_b20_no_lone_sub_heading_restates_its_section():
    acme = docs("acme-globex")
    assert "2.1 Application" not in acme["schedule"]
    assert "2.1 This Schedule applies to every Dispute" in acme["schedule"]
    assert "16.1 Choice of law" not in acme["schedule"]
    assert "13.1 The mediator is not a party" not in acme["settlement"]
    assert "16.1 Counterparts and signature" not in acme["settlement"]
    agreement = acme["mediation-agreement"]
    assert "9.1 Withdrawal and end of the Mediation" not in agreement
    assert "8.1 The role of the Mediator" not in agreement
    # references follow the merged numbering (was 11.1.2)
    assert "| Signature of a Settlement Agreement | 11.2 |" in acme["schedule"]


def test_b26_every_notice_section_numbers_its_paragraphs():
    notice = docs("acme-globex")["notice"]
    assert "4.1 The notifying Party seeks" in notice
    assert "5.1 Under the Contract, the first tier" in notice


def test_b7_forms_say_which_contract_version_they_serve_and_carry_no_date_of_their_own():
    for kind in ("notice", "settlement", "mediation-agreement"):
        form = docs("acme-globex")[kind]
        head = form.split("\n\n", 3)[:3]
        assert "For use under Schedule 7 of the Acme / Globex Customer Operations Agreement (version 2.0)" in head[1], (
            kind
        )
        assert "2026-03-01" not in form and "1 March 2026" not in form and "Version 2.0" not in form, kind
    # the schedule itself keeps its version and date
    assert "Version 2.0 · 1 March 2026" in docs("acme-globex")["schedule"]


def test_b8_b9_uk_example_uses_the_schedules_own_terms_in_quoted_text():
    uk = docs("uk-public-sector-it")
    assert "of the Contract" not in uk["schedule"]  # the schedule calls it the Agreement
    assert "if the Mediator so directs" in uk["schedule"] and "the mediator so directs" not in uk["schedule"]
    assert "if the Mediator so directs" in uk["mediation-agreement"]


def test_b22_settlement_defines_the_agreement_to_mediate_before_using_it():
    settlement = docs("acme-globex")["settlement"]
    assert "(the “Agreement to Mediate”)" in paragraph(settlement, "(E)")
    assert "on the terms of the agreement to mediate" not in settlement
    assert "on the terms of the Agreement to Mediate" in settlement


def test_b24_only_the_paying_party_promises_to_pay_undisputed_sums():
    notice = docs("acme-globex")["notice"]
    assert "and, where it is the Customer, to pay undisputed sums when due" in notice
    assert "obligations under the Contract, and to pay undisputed sums" not in notice


def test_b25_notice_does_not_capitalise_services_the_schedule_leaves_undefined():
    notice = docs("acme-globex")["notice"]
    assert "The services, deliverables or obligations affected." in notice
    assert "Services, deliverables" not in notice


def test_b11_named_mediator_is_a_fill_in_with_the_named_person_as_default():
    agreement = docs("uk-public-sector-it")["mediation-agreement"]
    assert paragraph(agreement, "(3)").startswith(
        "(3) [Eleri Vaughan-Ní Dhónaill, or the name of the mediator appointed in that person's place]"
    )


def test_b12_agreement_to_mediate_adds_no_seniority_rule_the_schedule_lacks():
    acme = docs("acme-globex")
    assert "seniority than" not in acme["mediation-agreement"]
    assert "full authority to settle the Dispute" in acme["mediation-agreement"]


def test_b20_no_four_level_numbering_in_the_lawyer_documents():
    for example in ("acme-globex", "uk-public-sector-it", "germany-managed-services"):
        for kind in ("schedule", "settlement", "notice", "mediation-agreement"):
            assert not re.search(r"^\d+\.\d+\.\d+\.\d+ ", docs(example)[kind], re.M), (example, kind)
