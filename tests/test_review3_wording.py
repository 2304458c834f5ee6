"""Issue 9, point 6, third reading: wording findings of the third fresh reader (F5..F14).

Each test names the finding it pins and reads the built Markdown of a bundled
example (the same helper as test_lawyer_wording).
"""

from __future__ import annotations

import re

from .test_lawyer_wording import docs, paragraph
from .test_review2_wording import MEDIATION_EXAMPLES


def test_f5_deleting_the_mediation_only_passages_leaves_whole_sentences():
    for ex in MEDIATION_EXAMPLES:
        settlement = docs(ex)["settlement"]
        cut = re.sub(r"\[mediation only: [^\]]*\]", "", settlement)
        for line in cut.splitlines():
            for broken in (r",\s*\.", r"\band\s*\.", r"\s\.", r",\s*,"):
                assert not re.search(broken, line), (ex, broken, line)
    acme = docs("acme-globex")["settlement"]
    assert "privileged from disclosure[mediation only: , on the terms of the Agreement to Mediate]." in paragraph(
        acme, "10.2 "
    )
    assert (
        "the terms of this Agreement and the negotiations that led to it[mediation only: , and everything said"
        in paragraph(acme, "11.1 ")
    )


def test_f8_the_court_case_is_called_the_litigation_not_the_claim():
    for ex in ("acme-globex", "uk-public-sector-it", "saas-two-tier"):
        settlement = docs(ex)["settlement"]
        assert "the Claim" not in settlement and "“Claim”" not in settlement, ex
        assert "(the “Litigation”)" in paragraph(settlement, "(D)"), ex
    release = paragraph(docs("acme-globex")["settlement"], "7.1.2 ")
    assert "the claims made in the Litigation (if any)" in release


def test_f9_the_agreement_to_mediate_names_the_nominating_body_once_and_splits_the_options():
    uk = docs("uk-public-sector-it")["mediation-agreement"]
    a, b = paragraph(uk, "3.1 "), paragraph(uk, "3.2 ")
    assert "Option A (the named mediator)" in a and "Option B" not in a.split("]", 1)[1]
    assert "Option B (a mediator appointed in that person's place)" in b
    assert "nominated by the Provider at a Party's request" in b and "CEDR" not in b
    assert "ten (10) Working Days from the referral of the Dispute to mediation to agree a mediator" in b
    acme = paragraph(docs("acme-globex")["mediation-agreement"], "3.1 ")
    assert "nominated by the Provider at a Party's request" in acme
    assert "Business Days from the referral of the Dispute to mediation" in acme


def test_f10_the_schedule_ends_the_mediation_unless_the_whole_dispute_is_settled():
    for ex in MEDIATION_EXAMPLES:
        schedule = docs(ex)["schedule"]
        end = next(line for line in schedule.splitlines() if "The mediation shall end no later than" in line)
        assert "If a Settlement Agreement settling the whole Dispute has not been signed by then" in end, ex


def test_f12_the_signing_window_ends_with_the_mediation_on_any_ground():
    d = docs("uk-public-sector-it")
    assert "before the mediation ends under paragraph 11.4 if that is earlier" in paragraph(d["schedule"], "12.2 ")
    assert paragraph(d["schedule"], "11.4 ").startswith("11.4 Timetable of the mediation")
    assert "or, if earlier, before the Mediation ends under clause 9.1.3," in paragraph(
        d["mediation-agreement"], "7.2 "
    )
    assert "when a Party withdraws, when the Mediator ends it" in paragraph(d["mediation-agreement"], "9.1.3 ")


def test_f14_the_notice_form_gives_the_deadline_and_the_default_for_the_fast_track():
    notice = docs("uk-public-sector-it")["notice"]
    line = next(line for line in notice.splitlines() if line.startswith("The Contract allows the Expedited Timetable"))
    assert "It must be decided no later than two (2) Working Days after the Notice Date." in line
    assert "If it has not been decided by then, the standard time limits apply" in line


def test_f7_the_germany_service_board_cannot_meet_without_the_supplier():
    board = paragraph(docs("germany-managed-services")["schedule"], "3.1.1 Service Board.")
    assert (
        "at least three (3) of its members, including at least one member appointed by each Party, are present" in board
    )
