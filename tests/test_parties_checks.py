"""Every party at every tier (CG036), email service only on parties with an
email address (CG037), and the agreement to mediate's appointment clause
(3.1) following the schedule: the named mediator's appointment and its
replacement as two options, the nomination on a Party's request."""

from __future__ import annotations

import re
from functools import cache

import pytest

from clausegen.api import compile_file
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.writers import writer

from .conftest import EXAMPLES

# Three parties, each with someone at each tier and an email address: clean.
MINIMAL = """\
regime "Three-party Services Agreement" {
  law "England and Wales"
  calendar "GB-ENG"

  party client "Alpha Ltd" as "Customer" {
    address "1 High Street, Leeds"
    email "legal@alpha.example"
  }
  party group "Alpha Group Ltd" as "Group Company" kind other {
    address "2 High Street, Leeds"
    email "legal@alpha-group.example"
  }
  party provider "Beta Ltd" as "Supplier" {
    address "3 Dock Road, Hull"
    email "legal@beta.example"
  }

  role client.manager   "Contract Manager"   seniority 1
  role group.manager    "Operations Manager" seniority 1
  role provider.manager "Account Manager"    seniority 1
  role client.director   "Director" seniority 2
  role group.director    "Director" seniority 2
  role provider.director "Director" seniority 2

  notices {
    by email deemed_received on_delivery
    by courier deemed_received next_business_day
  }

  escalation {
    tier managers "Managers" {
      representatives client.manager, group.manager, provider.manager
      within 10 business_days
    }
    tier directors "Directors" {
      representatives client.director, group.director, provider.director
      within 10 business_days
    }
    on_timeout refer_to_next
  }

  litigation {
    after escalation_exhausted
    courts "England and Wales" exclusive
    carve_out urgent_interim_relief, limitation_protection
  }

  limitation {
    period 6 years
  }
}
"""
DIRECTORS = "      representatives client.director, group.director, provider.director\n"
GROUP_EMAIL = '    email "legal@alpha-group.example"\n'
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.regime"))


def _diags(result):
    return list(getattr(result, "diagnostics", None) or result.warnings)


def _with(code, result):
    return [d for d in _diags(result) if d.code == code]


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def test_the_minimal_regime_is_clean(compile_text):
    assert _diags(compile_text(MINIMAL)) == []


# -- CG036 --------------------------------------------------------------------


def test_cg036_a_tier_without_one_of_three_parties(compile_text):
    text = MINIMAL.replace(DIRECTORS, "      representatives client.director, provider.director\n")
    [d] = _with("CG036", compile_text(text))
    assert d.severity == "warning"
    assert d.message == 'tier `directors` has no representative of party `group` ("Group Company")'
    assert d.span.line == _line_of(text, "representatives client.director, provider.director")
    assert "`representatives client.director, provider.director, group.director`" in d.help


def test_cg036_hint_when_the_party_has_no_role_to_offer(compile_text):
    text = MINIMAL.replace(DIRECTORS, "      representatives client.director, provider.director\n")
    text = text.replace('  role group.director    "Director" seniority 2\n', "")
    text = text.replace("group.manager, ", "").replace('  role group.manager    "Operations Manager" seniority 1\n', "")
    found = _with("CG036", compile_text(text))
    assert [d.message.split(" has")[0] for d in found] == ["tier `managers`", "tier `directors`"]
    assert all('role group.director "Director"' in d.help and "`representatives`" in d.help for d in found)


def test_cg036_leaves_a_one_sided_tier_to_cg017(compile_text):
    text = MINIMAL.replace(DIRECTORS, "      representatives client.director, client.manager\n")
    result = compile_text(text)
    assert [d.message for d in _with("CG017", result)] == ["tier `directors` seats only one party"]
    assert _with("CG036", result) == []


# -- CG037 --------------------------------------------------------------------


def test_cg037_email_service_on_a_party_without_email(compile_text):
    text = MINIMAL.replace(GROUP_EMAIL, "")
    [d] = _with("CG037", compile_text(text))
    assert d.severity == "warning"
    assert "party `group`" in d.message and "no email address" in d.message
    assert "service by email on it is impossible" in d.message
    assert d.span.line == _line_of(text, "party group")
    assert 'add `email "..."` to party `group`' in d.help and "`by email`" in d.help


def test_cg037_quiet_without_email_service(compile_text):
    text = MINIMAL.replace(GROUP_EMAIL, "").replace("    by email deemed_received on_delivery\n", "")
    assert _with("CG037", compile_text(text)) == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_example_leaves_a_party_out(path):
    warnings = compile_file(str(path)).warnings
    assert [d for d in warnings if d.code in ("CG036", "CG037")] == []


def test_germany_group_company_sits_at_tier_2_and_has_email():
    regime = compile_file(str(EXAMPLES / "germany-managed-services.regime")).regime
    assert regime.party("logistik").email
    management = next(t for t in regime.escalation.tiers if t.id == "management")
    assert {r.split(".")[0] for r in management.representatives} == {p.id for p in regime.parties}


# -- the agreement to mediate, clause 3.1 ---------------------------------------


@cache
def _markdown(stem: str, kind: str) -> str:
    regime = compile_file(str(EXAMPLES / f"{stem}.regime")).regime
    return writer("md")(assemble(regime, kind, Library()).document, {}).decode()


def _clause_3_1(stem: str) -> str:
    """Clause 3.1 of the agreement to mediate, with 3.2 when 3.2 is its Option B (two paragraphs)."""
    text = _markdown(stem, "mediation-agreement")
    [para] = re.findall(r"^\*\*3\.1\*\* .*$", text, re.M)
    [nxt] = re.findall(r"^\*\*3\.2\*\* .*$", text, re.M)
    if "*Option B" in nxt:
        para += "\n" + nxt
    return para.replace("\\", "")


def _schedule_window(stem: str) -> str:
    """The schedule's window to agree a mediator: "ten (10) Working Days of <event>"."""
    text = _markdown(stem, "schedule").replace("\\", "")
    [window] = re.findall(r"agree the identity of the Mediator within (.+? of .+?)\.", text)
    return window


NOMINATION = "may ask the Provider to nominate the Mediator, and the Parties shall appoint the person so nominated"


def test_uk_named_mediator_and_replacement_are_two_options():
    para = _clause_3_1("uk-public-sector-it")
    assert "necessary changes" not in _markdown("uk-public-sector-it", "mediation-agreement")
    option_a = para.split("*Option A (the named mediator):*")[1].split("\n")[0]
    assert option_a.strip() == (
        "The Parties appoint Eleri Vaughan-Ní Dhónaill, whom the Contract names as mediator, "
        "as the Mediator on the terms of this Agreement, with effect from the Appointment Date."
    )
    option_b = para.split("*Option B (a mediator appointed in that person's place):*")[1]
    assert option_b.lstrip().startswith(
        "As Eleri Vaughan-Ní Dhónaill, whom the Contract names as mediator, is unable or unwilling to act"
    )
    # review 3, F9: each option is a paragraph of its own, deleted whole
    assert para.startswith(
        "**3.1** [*keep Option A (this paragraph) or Option B (the next paragraph) and delete the other*]"
    )
    assert "\n**3.2** [*delete this paragraph if Option A is kept*] *Option B" in para


@pytest.mark.parametrize("stem", ["uk-public-sector-it", "acme-globex"])
def test_nomination_follows_the_schedule(stem):
    para = _clause_3_1(stem)
    assert f"either Party {NOMINATION}" in para
    assert "nominates one" not in para and "shall nominate one" not in para
    # The window and the event it runs from are the schedule's words (since()).
    period, event = _schedule_window(stem).split(" of ", 1)
    assert f"{period} from {event} to agree a mediator" in para
    schedule = _markdown(stem, "schedule").replace("\\", "")
    assert (
        "either Party may ask CEDR to nominate the Mediator, and the Parties shall appoint the person so nominated"
        in schedule
    )


def test_acme_without_a_named_mediator_has_no_options():
    para = _clause_3_1("acme-globex")
    assert "Option" not in para
    assert para.startswith(
        "**3.1** The Mediator was [*agreed by the Parties, or nominated by the Provider at a Party's request*] under the Contract"
    )


def test_three_parties_any_party_may_ask():
    para = _clause_3_1("germany-managed-services")
    assert f"any Party {NOMINATION}" in para and "either Party" not in para
