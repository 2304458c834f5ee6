"""The schedule, the notice form, the agreement to mediate and the settlement
say when each period starts in the same words, drawn from the timing model
(issue 9 §1 and the first review's A3, A7, A8, A17, B27, B28, B31)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.writers import writer

from .conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.regime"))
IDS = [p.stem for p in EXAMPLE_FILES]
WITH_MEDIATION = [p for p in EXAMPLE_FILES if compile_file(str(p)).regime.mediation is not None]
# The words the documents must use for the mediator's appointment (phrases.toml
# [event] mediator_appointed and [appointment] mediator, markup removed).
APPOINTMENT_OF_MEDIATOR = "the appointment of the Mediator"
ACCEPTANCE = (
    "the date on which the Mediator confirms in writing to the Parties that the Mediator accepts the appointment"
)


@cache
def regime(stem: str):
    return compile_file(str(EXAMPLES / f"{stem}.regime")).regime


@cache
def md(stem: str, kind: str) -> str:
    assembled = assemble(regime(stem), kind, Library())
    return writer("md")(assembled.document, {}).decode()


def para(text: str, number: str) -> str:
    """The paragraph numbered `number` ("11.4.2") of a built document."""
    m = re.search(rf"^\*\*{re.escape(number)}\*\* (.*)$", text, re.M)
    assert m, f"no paragraph {number}"
    return m.group(1)


def cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def para_with(text: str, words: str) -> str:
    """The one numbered paragraph that contains `words`."""
    found = [line for line in text.splitlines() if line.startswith("**") and words in line]
    assert len(found) == 1, (words, found)
    return found[0]


def test_the_words_pinned_here_are_the_timing_models():
    from clausegen.resources import phrases

    book = phrases()
    unmark = lambda s: re.sub(r"\[\[([^\]|]+)(\|[^\]]*)?\]\]", r"\1", s)
    assert unmark(book["event"]["mediator_appointed"]) == APPOINTMENT_OF_MEDIATOR
    assert unmark(book["appointment"]["mediator"]) == ACCEPTANCE
    assert unmark(book["event_atm"]["mediator_appointed"]) == "the Appointment Date"


@pytest.mark.parametrize("path", WITH_MEDIATION, ids=[p.stem for p in WITH_MEDIATION])
def test_schedule_and_agreement_to_mediate_run_the_mediation_from_one_appointment(path):
    stem = path.stem
    m = regime(stem).mediation
    sched, atm = md(stem, "schedule"), md(stem, "mediation-agreement")
    # The schedule: the appointment is the written acceptance, and the outer
    # limit (and the first meeting) run from that appointment.
    assert f"The Mediator is appointed on {ACCEPTANCE}." in sched
    end = para_with(sched, "The mediation shall end no later than")
    if m.conclude_within.starts == "start":  # issue 12: counted from the start of the mediation, in both documents
        assert "after the start of the mediation" in end
        assert "of the Start of the Mediation" in para_with(atm, "has been signed within")
        # both define that start as the first meeting, within the period from the appointment
        assert "The start of the mediation is the date of the first meeting of the mediation" in end
        assert "means the date of the first meeting of the Mediation" in para_with(
            atm, "**“Start of the Mediation”** means"
        )
        return
    assert f"after {APPOINTMENT_OF_MEDIATOR}" in end
    # The agreement to mediate names the same event: its Appointment Date is
    # the written acceptance, not the day everybody signs.
    definition = para_with(atm, "**“Appointment Date”** means")
    assert ACCEPTANCE in definition
    assert "signed by every Party" not in definition
    limit = para_with(atm, "has been signed within")
    assert "of the Appointment Date" in limit
    if m.start_within:
        assert f"within {m.start_within.amount}" not in sched or f"of {APPOINTMENT_OF_MEDIATOR}" in para_with(
            sched, "The first meeting of the mediation"
        )
        days = para_with(atm, "The Mediation shall take place on")
        # The Contract's limit for the first session binds whatever other days are agreed.
        assert days.index("such other days") < days.index("after the Appointment Date")
        assert "in any case be no later than" in days


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=IDS)
def test_limits_from_the_notice_date_say_so_in_schedule_and_notice(path):
    stem = path.stem
    r = regime(stem)
    sched, notice = md(stem, "schedule"), md(stem, "notice")
    first = r.escalation.tiers[0]
    # Tier 1 is referred on the Notice Date: its limit runs from the Notice Date
    # in the schedule, in its timetable and in the notice form.
    assert "from the Notice Date to" in para_with(sched, f"**Tier 1: {first.name}.**")
    row = next(line for line in sched.splitlines() if line.startswith(f"| Tier 1: {first.name} |"))
    assert cells(row)[3] == "The Notice Date"
    [tier1] = [line for line in notice.splitlines() if "the first tier of escalation is" in line]
    assert re.search(
        r"(resolve|settle) the Dispute within (\w+ )?\(?\d+\)? (Business|Working) Days of the Notice Date\.$", tier1
    ), tier1
    # The long stop runs from the Notice Date in every document that states it, never from the notice itself.
    for kind in ("schedule", "notice", "settlement") + (("mediation-agreement",) if r.mediation else ()):
        assert "since the Dispute Notice" not in md(stem, kind)
    if r.final_forum.long_stop:
        n = r.final_forum.long_stop.amount
        assert re.search(rf"\({n}\) \w+ ha(s|ve) passed since the Notice Date", sched)
        assert re.search(rf"\({n}\) \w+ ha(s|ve) passed since the Notice Date", notice)


def test_day_after_receipt_makes_the_notice_date_day_one():
    sched, notice = md("uk-public-sector-it", "schedule"), md("uk-public-sector-it", "notice")
    clock = para_with(sched, "expressed to run from the Notice Date")
    assert "starts on and includes the Notice Date, which is the first day of that period" in clock
    assert "starts on the day after the Notice Date" not in sched
    # The interpretation rule (periods start the day after their event) gives way to it, expressly.
    rule = para_with(sched, "starts on the day after the event from which it runs")
    number = re.match(r"\*\*([\d.]+)\*\*", clock).group(1)
    assert rule.startswith(f"**1.2.2** Except as paragraph {number} provides for periods that run from the Notice Date")
    form = para_with(notice, "the Notice Date of the Dispute is")
    assert "the Notice Date is itself the first day of every time limit that runs from it" in form
    assert "starts on the day after it" not in form
    # on_receipt and on_sending keep the ordinary rule: day 1 is the day after the Notice Date.
    for stem in ("acme-globex", "arbitration-singapore"):
        sched, notice = md(stem, "schedule"), md(stem, "notice")
        assert "starts on the day after the Notice Date, in accordance with paragraph 1.2" in para_with(
            sched, "expressed to run from the Notice Date"
        )
        assert "starts on the day after it." in para_with(notice, "the Notice Date of the Dispute is")
        assert "Except as paragraph" not in para_with(sched, "starts on the day after the event from which it runs")


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=IDS)
def test_no_extension_of_the_signing_window_the_schedule_does_not_allow(path):
    stem = path.stem
    r = regime(stem)
    if r.settlement is None or r.settlement.sign_within is None:
        pytest.skip("no signing window")
    settlement = md(stem, "settlement")
    lapse = para_with(settlement, "settlement were agreed on")
    # No example's schedule lets the parties extend the signing window (only a tier's limit can be extended).
    assert "agree in writing" not in lapse
    assert "lapse" in lapse
    if r.mediation is not None:
        atm = para_with(md(stem, "mediation-agreement"), "Once the terms of a settlement are agreed")
        assert "extend" not in atm
        # the window, bounded by the mediation's outer limit (review 2, N4)
        assert re.search(
            r"of the day on which the terms of a settlement are agreed or, if earlier, before the Mediation ends under clause [\d.]+, failing which those terms lapse, as the Contract provides\.",
            atm,
        )


def test_only_a_tier_limit_under_an_extension_rule_is_extendable():
    from clausegen.timing import Timing

    r = regime("acme-globex")
    t = Timing(r)
    assert r.escalation.extension == "by_written_agreement"
    assert t.extendable(r.escalation.tiers[0].limit)
    assert not t.extendable(r.settlement.sign_within)
    assert not t.extendable(r.mediation.conclude_within)
    assert not Timing(regime("saas-two-tier")).extendable(regime("saas-two-tier").escalation.tiers[0].limit)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=IDS)
def test_timetable_cites_the_paragraph_that_sets_each_limit(path):
    sched = md(path.stem, "schedule")
    rows = [
        line
        for line in sched.splitlines()
        if line.startswith("| ") and not line.startswith("| Step") and re.match(r"\| [^|]+ \| [\d.]+ \|", line)
    ]
    assert rows
    for row in rows:
        step, ref = cells(row)[:2]
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?", ref), row  # a numbered paragraph (a lone one is X.Y)
        assert f"**{ref}** " in sched, row
    assert "| Appointment of the Expert |" not in sched
    if regime(path.stem).expert is not None and regime(path.stem).expert.appoint_within:
        ref = next(r for r in rows if r.startswith("| Agreement on the Expert |"))
        ref = cells(ref)[1]
        assert "try to agree the identity of the Expert" in para(sched, ref)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=IDS)
def test_recitals_ask_for_the_notice_date_as_the_contract_defines_it(path):
    kinds = ["settlement"] + (["mediation-agreement"] if regime(path.stem).mediation else [])
    for kind in kinds:
        text = md(path.stem, kind)
        assert (
            "The Notice Date of the Dispute, as the Contract defines it, is \\[*the Notice Date under the Contract*\\]."
            in text
        )
        assert "dispute notice dated" not in text


def test_mandatory_mediation_bar_cites_the_carve_outs_too():
    sched = md("acme-globex", "schedule")
    assert "except as paragraphs 14.2 and 14.3 permit, no Party may commence Proceedings" in sched
    assert "**14.3** **" in sched and "time-barred" in sched.split("**14.3**")[1].split("**15")[0]


@pytest.mark.parametrize(
    "path",
    [p for p in EXAMPLE_FILES if compile_file(str(p)).regime.escalation.on_timeout == "refer_to_next"],
    ids=lambda p: p.stem,
)
def test_a_tier_fails_on_the_last_day_and_the_next_starts_the_day_after(path):
    sched = md(path.stem, "schedule")
    onward = para_with(sched, "When a Tier other than the last fails")
    assert "A Tier that fails because its time limit expires fails on the last day of that time limit." in onward
    assert "the time limit of the next Tier starts on the following day" in onward
