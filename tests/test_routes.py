"""Issue 12: routes by subject matter and Arb-Med-Arb, checked on the built documents.

Facts, not snapshots: each route's matters and periods are stated in the
schedule, the handbook and the notice form, and agree; each route has its own
worst case from the one timing model; Arb-Med-Arb is stated once and the
settlement records a consent award.
"""

from __future__ import annotations

from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.routes import route_regime
from clausegen.timeline import worst_case
from clausegen.writers import writer

from .conftest import EXAMPLES

TECH, AMA = "technology-routes", "singapore-arb-med-arb"


@cache
def regime(stem: str):
    return compile_file(str(EXAMPLES / f"{stem}.regime")).regime


@cache
def md(stem: str, kind: str) -> str:
    return writer("md")(assemble(regime(stem), kind, Library()).document, {}).decode()


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else None]


def test_both_examples_pass_strict_check():
    for stem in (TECH, AMA):
        assert compile_file(str(EXAMPLES / f"{stem}.regime")).warnings == ()


def test_each_route_has_its_own_worst_case():
    r = regime(TECH)
    (route,) = r.routes
    general, technical = worst_case(r), worst_case(route_regime(r, route))
    assert [s.kind for s in technical.steps] == ["mediator", "mediation", "expert_appointment", "expert_determination"]
    assert [s.kind for s in general.steps][:2] == ["tier", "tier"]
    # the expert track opens 60 days after the referral to mediation (the Notice Date on this route)
    trigger = next(s for s in technical.steps if s.kind == "mediation")  # it ends when the expert track opens
    assert technical.day(trigger.due) == 60
    assert technical.steps[-1].due != general.steps[-1].due


def test_schedule_states_each_route_with_its_periods():
    sched = md(TECH, "schedule")
    routes = section(sched, "Routes by subject matter")
    for matter in regime(TECH).routes[0].matters:
        assert matter in routes
    assert "Every other Dispute is on the General Route" in routes
    assert "sixty (60) days of the referral of the Dispute to mediation" in routes
    assert (
        "within fifteen (15) Business Days of the referral of the Dispute to expert determination; failing agreement, the expert shall be nominated by"
        in routes
    )
    assert "within thirty (30) Business Days of the appointment of the expert" in routes
    assert "take place in Geneva and be conducted in English" in routes
    assert "jointly and severally liable to the expert" in routes
    assert "WIPO Expert Determination Rules" in routes


def test_handbook_decision_aid_and_ladder_agree_with_the_schedule():
    r = regime(TECH)
    hb = md(TECH, "handbook")
    aid = section(hb, "## Which route is my dispute on?")
    for matter in r.routes[0].matters:
        assert matter in aid
    assert "**Technical Route**" in aid and "**General Route**" in aid
    technical = worst_case(route_regime(r, r.routes[0]))
    # each step of the route's worst case, with its period, in the route's ladder
    assert "| Mediation | 60 days |" in aid
    assert "| Appointing the expert | 15 Business Days |" in aid
    assert "| Expert determination | 30 Business Days |" in aid
    last = technical.steps[-1]
    assert f"| {technical.day(last.due)} |" in aid
    assert f"| day {technical.day(technical.proceedings_from)}, " in aid
    assert "within 60 days of the day the dispute is referred to mediation" in aid
    # the general route's end agrees with the handbook's own worst case table
    general = worst_case(r)
    assert f"| day {general.day(general.proceedings_from)}, " in aid


def test_notice_form_asks_which_route():
    notice = md(TECH, "notice")
    route = section(notice, "## 4. Route")
    assert "- [ ] the Technical Route: " in route
    assert "- [ ] the General Route: any other matter" in route
    for matter in regime(TECH).routes[0].matters:
        assert matter in route


def test_mediation_counted_from_its_start_agrees_across_documents():
    sched, atm, hb = md(TECH, "schedule"), md(TECH, "mediation-agreement"), md(TECH, "handbook")
    assert "sixty (60) days after the start of the mediation" in sched
    assert "sixty (60) days of the Start of the Mediation" in atm
    assert "within 60 days of the start of the mediation" in hb


def test_arb_med_arb_is_stated_once_and_agrees():
    r = regime(AMA)
    a = r.final_forum.arb_med_arb
    assert a is not None and a.mediate_within.amount == 8
    sched, hb, settle = md(AMA, "schedule"), md(AMA, "handbook"), md(AMA, "settlement")
    assert (
        "No provision of this Schedule prevents a Party from commencing the arbitration before that mediation" in sched
    )
    assert "within fourteen (14) days of the commencement of the arbitration" in sched
    assert "within eight (8) weeks of the start of the mediation" in sched
    assert "record it as a consent award" in sched
    assert "the arbitration resumes" in sched
    # no clause forbids proceedings until the mediation has ended
    assert "until the mediation" not in sched.lower()
    stay = next(s for s in worst_case(r).side_steps if s.kind == "arb_med_arb")
    assert "within 8 weeks of the start of the mediation" in hb
    assert f"by {stay.due.strftime('%A')} {stay.due.day} {stay.due.strftime('%B %Y')}" in hb
    assert "record the settlement as a consent award" in settle
    assert "Stay or withdrawal of proceedings" not in settle


def test_regimes_without_routes_have_no_route_wording():
    for stem in ("acme-globex", "arbitration-singapore"):
        assert "Which route" not in md(stem, "handbook")
        assert "Routes by subject matter" not in md(stem, "schedule")
        assert "Consent award" not in md(stem, "settlement")


@pytest.mark.parametrize(
    "snippet, code",
    [
        ("trigger after 0 days of referral", "CG053"),
    ],
)
def test_zero_trigger_is_cg053(tmp_path, snippet, code):
    text = (
        (EXAMPLES / f"{TECH}.regime").read_text(encoding="utf-8").replace("trigger after 60 days of referral", snippet)
    )
    p = tmp_path / "x.regime"
    p.write_text(text, encoding="utf-8")
    from clausegen.diagnostics import CompileError

    with pytest.raises(CompileError) as exc:
        compile_file(str(p))
    assert code in {d.code for d in exc.value.diagnostics}


_MORE_ROUTES = """
  route finance "Finance Route" {
    matters "the amount of an invoice"
    escalation {
      tier finance "Finance Committee" {
        representatives client.service_manager, provider.account_manager
        within 5 business_days
      }
      on_timeout refer_to_next
    }
    litigation {
      after escalation_exhausted
      courts "England and Wales" exclusive
      carve_out urgent_interim_relief, limitation_protection
    }
  }
  route bare "Bare Route" {
    matters "the colour of the logo"
    escalation none
%s  }
"""
_BARE_FORUM = """    litigation {
      after escalation_exhausted
      courts "England and Wales" exclusive
      carve_out urgent_interim_relief, limitation_protection
    }
"""


def _with_more_routes(tmp_path, bare_forum: str):
    text = (EXAMPLES / f"{TECH}.regime").read_text(encoding="utf-8")
    p = tmp_path / "more.regime"
    p.write_text(text.replace("  settlement {", _MORE_ROUTES % bare_forum + "\n  settlement {", 1), encoding="utf-8")
    return p


def test_existing_checks_run_on_each_route_and_say_which(tmp_path):
    from clausegen.diagnostics import CompileError

    # The bare route falls back on the regime's arbitration, which waits for a mediation the route does not have.
    with pytest.raises(CompileError) as exc:
        compile_file(str(_with_more_routes(tmp_path, "")))
    (d,) = exc.value.diagnostics
    assert d.code == "CG001" and d.message.endswith("(on the route `bare`)")


def test_routes_with_own_tiers_and_courts_and_none_build(tmp_path):
    r = compile_file(str(_with_more_routes(tmp_path, _BARE_FORUM))).regime
    finance, bare = r.routes[1], r.routes[2]
    assert [s.kind for s in worst_case(route_regime(r, finance)).steps] == ["tier"]
    assert worst_case(route_regime(r, bare)).steps == ()
    sched = writer("md")(assemble(r, "schedule", Library()).document, {}).decode()
    hb = writer("md")(assemble(r, "handbook", Library()).document, {}).decode()
    assert "first referred to the Finance Committee (within five (5) Business Days of the Notice Date)" in sched
    assert (
        "A Dispute on the Bare Route that is not resolved by these steps shall be finally resolved by the courts of England and Wales."
        in sched
    )
    assert "| Bare Route | None before court proceedings | day " in hb


def test_top_level_expert_states_trigger_place_rules_and_fee_liability(tmp_path):
    text = (EXAMPLES / f"{TECH}.regime").read_text(encoding="utf-8").replace("drafting formal", "drafting plain")
    text = text.replace(
        "  settlement {",
        """  expert_determination {
    matters "the amount of a Charge"
    trigger after 30 days of referral
    appoint within 10 business_days otherwise nominated_by "the President of the Law Society"
    determine within 20 business_days
    binding final except fraud, manifest_error
    rules "the CEDR Expert Determination Rules"
    venue "London"
    language "English"
    fee_liability jointly_and_severally
  }

  settlement {""",
        1,
    )
    p = tmp_path / "top.regime"
    p.write_text(text, encoding="utf-8")
    r = compile_file(str(p)).regime
    sched = writer("md")(assemble(r, "schedule", Library()).document, {}).decode()
    assert "if the Dispute has not been settled in mediation within 30 days of" in sched
    assert "The determination is made under the CEDR Expert Determination Rules" in sched
    assert "The determination must take place in London and be conducted in English." in sched
    assert "The Parties are jointly and severally liable to the Expert for the Expert's fees and expenses." in sched
    # the expert is on the default route's path, opened 30 days after the referral to mediation
    assert "expert_trigger" in [s.kind for s in worst_case(r).steps]
