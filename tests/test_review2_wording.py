"""Issue 9, point 6, second reading: wording findings N1..N24 of the second fresh reader.

Each test names the finding it pins and reads the built Markdown of a bundled
example (the same helper as test_lawyer_wording).
"""

from __future__ import annotations

import re

from .test_lawyer_wording import docs, paragraph

MEDIATION_EXAMPLES = ("acme-globex", "arbitration-singapore", "germany-managed-services", "uk-public-sector-it")


def test_n1_the_mediator_may_end_the_mediation_only_on_the_schedules_ground():
    for ex in MEDIATION_EXAMPLES:
        atm, schedule = docs(ex)["mediation-agreement"], docs(ex)["schedule"]
        assert "inappropriate to continue" not in atm, ex
        ground = "further mediation is unlikely to resolve the Dispute"
        assert ground in atm and ground in schedule, ex


def test_n4_n11_the_signing_window_ends_with_the_mediation_in_the_schedules_words():
    d = docs("acme-globex")
    schedule, atm, settlement = d["schedule"], d["mediation-agreement"], d["settlement"]
    sign = paragraph(schedule, "11.2 ")
    assert (
        "or, for terms agreed in mediation, before the mediation ends under paragraph 10.4 if that is earlier" in sign
    )
    assert (
        "even if the terms of a settlement have been agreed and the period in paragraph 11.2 has not expired"
        in paragraph(schedule, "10.4.1 ")
    )
    atm_sign = paragraph(atm, "7.2 ")
    assert "Once the terms of a settlement are agreed" in atm_sign
    assert "or, if earlier, before the Mediation ends under clause 9.1.3" in atm_sign
    assert "has not expired" in paragraph(atm, "5.1.5 ")
    for kind, text in d.items():
        assert "in principle" not in text, kind


def test_n2_settlement_passages_relying_on_the_mediation_are_marked_mediation_only():
    acme = docs("acme-globex")["settlement"]
    assert "[mediation only] As the Parties agreed, participation in the Mediation" in paragraph(acme, "10.1 ")
    wp = paragraph(acme, "10.2 ")
    assert "[mediation only: (and between any of them and the Mediator)]" in wp
    assert "[mediation only: (including everything said" in wp
    germany = docs("germany-managed-services")["settlement"]
    assert "the Dispute, [mediation only: the Mediation,] the Arbitration" in paragraph(germany, "8.1 ")
    assert "[mediation only] No Party shall name the Mediator as a witness" in paragraph(germany, "10.2 ")
    sg = docs("arbitration-singapore")["settlement"]
    assert "[mediation only] This does not affect the right of the Mediator" in paragraph(sg, "14.2.4 ")
    assert paragraph(sg, "15.4 ").startswith(
        "15.4 [mediation only] Where the conditions of section 12 of the Mediation Act"
    )
    # every paragraph of the agreed terms that names the Mediation or the Mediator is marked
    for ex in MEDIATION_EXAMPLES:
        body = docs(ex)["settlement"].split("Agreed terms", 1)[1]
        for line in body.splitlines():
            if re.search(r"\bMediat(ion|or)\b", line):
                assert "mediation only" in line, (ex, line)


def test_n5_the_tier_alternative_of_recital_c_names_the_tiers_and_the_tier_of_recital_f():
    recital = paragraph(docs("acme-globex")["settlement"], "(C)")
    assert "to the tiers through which it passed, and was settled at the tier named in Recital (F)" in recital
    assert "to the tiers named in Recital (F)" not in recital


def test_n7_saas_costs_keep_the_comma_after_the_dispute():
    costs = paragraph(docs("saas-two-tier")["settlement"], "8.1 ")
    assert "in connection with the Dispute, the Litigation (if any) and the negotiation" in costs


def test_n10_the_notice_uses_the_defined_expedited_timetable():
    notice = docs("uk-public-sector-it")["notice"]
    assert "expedited timetable" not in notice
    assert "asks that the Expedited Timetable under the Contract apply" in notice


def test_n16_the_cover_note_says_who_prepared_the_draft():
    settlement = docs("acme-globex")["settlement"]
    assert (
        "the first draft, prepared by the Mediator (or, for a settlement reached at a tier, by the Parties)"
        in settlement
    )
    assert "the first draft of the Mediator" not in settlement


def test_n17_the_named_case_is_not_the_contracts_proceedings():
    court, arb = docs("uk-public-sector-it")["settlement"], docs("arbitration-singapore")["settlement"]
    assert "(the “Litigation”)" in paragraph(court, "(D)")
    assert "(the “Arbitration”)" in paragraph(arb, "(D)")
    for text in (court, arb):
        assert "“Proceedings”" not in text
        assert "Proceedings" not in text.split("Agreed terms", 1)[1]


def test_n18_an_arbitration_notice_protects_a_claim_by_commencing_arbitration():
    notice = docs("arbitration-singapore")["notice"]
    assert "commence arbitration to protect a claim from becoming time-barred" in notice
    assert "issue proceedings to protect" not in notice


def test_n19_the_signature_page_label_is_a_heading():
    settlement = docs("acme-globex")["settlement"]
    assert "Signature page of this Agreement:" not in settlement
    assert re.search(r"^#+ Signature page$", settlement, re.M)


def test_n20_a_named_mediator_makes_the_mediator_window_a_replacement():
    uk = docs("uk-public-sector-it")["handbook"]
    assert "Agreeing a replacement mediator, if needed" in uk
    assert "Agreeing the mediator" not in uk
    # a regime that names no mediator keeps the plain label
    assert "Agreeing the mediator" in docs("acme-globex")["handbook"]


def test_n23_atm_and_settlement_carry_the_month_rule_where_the_regime_counts_months():
    d = docs("germany-managed-services")
    rule = "A period of months ends on the day of the last month that corresponds to that event"
    assert rule in d["mediation-agreement"] and rule in d["settlement"]
    # acme counts in days only: no month rule to state
    assert rule not in docs("acme-globex")["mediation-agreement"]


def test_n24_the_arbitration_figure_says_start_arbitration():
    handbook = docs("arbitration-singapore")["handbook"]
    assert "Arbitration (earliest day to start arbitration: day" in handbook
    assert "earliest day for proceedings" not in handbook
    assert "Court proceedings (earliest day for proceedings: day" in docs("acme-globex")["handbook"]
