"""Issue 9, point 5: wording defects a lawyer would not send out.

Region names instead of calendar codes, articles before names given in the
regime, definitions in the order of the terms as displayed, and the ladder
figure numbering its tiers as the text does.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from clausegen.api import compile_file, compile_source
from clausegen.documents.assemble import assemble
from clausegen.documents.library import Library
from clausegen.kinds import KINDS
from clausegen.source import SourceFile
from clausegen.writers import writer

from .conftest import EXAMPLES

ACME = (EXAMPLES / "acme-globex.regime").read_text(encoding="utf-8")


def variant(**subs: str) -> str:
    """The Acme / Globex regime with some lines replaced (old text -> new text)."""
    text = ACME
    for old, new in subs.values():
        assert old in text, old
        text = text.replace(old, new)
    return text


@cache
def build(text: str) -> dict[str, str]:
    """Every document of a regime, as Markdown, by kind."""
    regime = compile_source(SourceFile("test.regime", text)).regime
    out = {}
    for kind in KINDS:
        if kind == "mediation-agreement" and regime.mediation is None:
            continue
        assembled = assemble(regime, kind, Library())
        out[kind] = writer("md")(assembled.document, {}).decode()
    return out


def flat(md: str) -> str:
    """Markdown as running text: no emphasis marks or escapes."""
    return re.sub(r"[*\\]", "", md)


# -- articles -------------------------------------------------------------------------

ARTICLES = variant(
    customer=('"Acme Retail Group plc" as "Customer"', '"Acme Company Ltd" as "Company"'),
    supplier=('"Globex Service Solutions Ltd" as "Supplier"', '"Globex Service Solutions Ltd" as "Vendor"'),
    body=('body "CEDR"', 'body "JAMS"\n    rules "the JAMS International Mediation Rules"'),
)


def test_rules_beginning_with_the_get_no_second_article():
    docs = build(ARTICLES)
    for kind, md in docs.items():
        assert not re.search(r"\b[Tt]he the\b", flat(md)), kind
    assert "“Rules” means the JAMS International Mediation Rules," in flat(docs["mediation-agreement"])


def test_a_descriptive_defined_name_keeps_its_article():
    """ "Company" for "Acme Company Ltd" is a label like "Vendor": "the Company", as "the Vendor"."""
    docs = {k: flat(v) for k, v in build(ARTICLES).items()}
    assert "“Party” means each of the Company and the Vendor" in docs["schedule"]
    assert "The Company and the Vendor are together the “Parties”" in docs["mediation-agreement"]
    assert "(the “Company”)" in docs["mediation-agreement"]
    for kind, text in docs.items():
        # in running text (not a table cell) a role of the Company is "the Company's ..."
        for line in text.splitlines():
            if line.startswith("|"):
                continue
            bare = re.findall(r"(?<!the )(?<!The )\bCompany's\b", line)
            assert not bare, f"{kind}: {line}"
            assert not re.search(r"(?<![Tt]he )\bCompany and the Vendor\b", line), f"{kind}: {line}"


def test_a_shortened_legal_name_is_a_proper_name():
    """ "Quillstack" for "Quillstack, Inc." needs no article; neither does an acronym of the name."""
    docs = {k: flat(v) for k, v in build((EXAMPLES / "saas-two-tier.regime").read_text(encoding="utf-8")).items()}
    assert not re.search(r"\bthe Quillstack\b(?! Platform)", docs["schedule"] + docs["handbook"])
    assert "Quillstack's" in docs["schedule"]
    acronym = build(
        variant(supplier=('"Globex Service Solutions Ltd" as "Supplier"', '"Globex Service Solutions Ltd" as "GSS"'))
    )
    assert "each of the Customer and GSS" in flat(acronym["schedule"])


# -- calendars ------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.stem)
def test_examples_word_no_calendar_code(path):
    code = compile_file(str(path)).regime.calendar
    assert code
    for kind, md in build(path.read_text(encoding="utf-8")).items():
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", md), f"{code} in {path.stem}/{kind}"


@pytest.mark.parametrize(
    "code,name",
    [("DE-HE", "Hesse"), ("DE-NW", "North Rhine-Westphalia"), ("GB-WLS", "Wales"), ("US-CA", "California")],
)
def test_a_calendar_is_worded_by_its_region_name(code, name):
    docs = {k: flat(v) for k, v in build(variant(calendar=('calendar "GB-ENG"', f'calendar "{code}"'))).items()}
    definition = re.search(r"“Business Day” means [^\n]*", docs["schedule"]).group(0)
    assert f"public holiday in {name}" in definition or f"public holiday in the State of {name}" in definition, (
        definition
    )
    assert code not in "".join(docs.values())
    assert (
        f"the public holidays of {name}" in docs["handbook"]
        or f"the public holidays of the State of {name}" in docs["handbook"]
    )


def test_every_calendar_clausegen_accepts_has_a_name():
    from clausegen.calendar import split_code, valid_codes
    from clausegen.documents.regions import calendar_name

    for code in valid_codes():
        if split_code(code) is None:
            continue  # a spelling the checker rejects (CG018)
        name = calendar_name(code)
        country, subdiv = split_code(code)
        assert name and name != code, code
        assert not re.search(rf"(?<![\w(-]){re.escape(code)}(?![\w-])", name), (code, name)
    # an organisation's own name for a code still wins
    assert calendar_name("GB-ENG", {"GB-ENG": "England"}) == "England"
    assert calendar_name("GB-WLS") == "Wales" and calendar_name("gb") == "the United Kingdom"


# -- definitions ----------------------------------------------------------------------


def defined_terms(md: str) -> list[str]:
    """The terms of a document's definitions list (or the handbook's glossary), in order."""
    terms = re.findall(r"^(?:\*\*[\d.]+\*\* |- )\*\*“([^”]+)”\*\*(?: means|: | has)", md, re.M)
    assert terms, "no definitions found"
    return terms


@pytest.mark.parametrize("stem", ["uk-public-sector-it", "germany-managed-services"])
def test_definitions_sorted_by_the_term_as_displayed(stem):
    """A regime counting working_days calls the day "Working Day"; it is filed under W."""
    assert compile_file(str(EXAMPLES / f"{stem}.regime")).regime.day_term == "Working Day"
    docs = build((EXAMPLES / f"{stem}.regime").read_text(encoding="utf-8"))
    for kind in ("schedule", "settlement", "mediation-agreement", "handbook"):
        terms = defined_terms(docs[kind])
        assert "Working Day" in terms and "Business Day" not in terms, kind
        assert terms == sorted(terms), f"{kind}: {terms}"


# -- the ladder figure ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.stem)
def test_ladder_numbers_tiers_as_the_schedule_does(path):
    from clausegen.docmodel import Figure, walk
    from clausegen.writers.svg import figure_svg

    regime = compile_file(str(path)).regime
    handbook = assemble(regime, "handbook", Library()).document
    ladder = next(b for b in walk(handbook.blocks) if isinstance(b, Figure) and b.kind == "ladder")
    schedule = flat(build(path.read_text(encoding="utf-8"))["schedule"])
    in_schedule = re.findall(r"(Tier \d+: [^.\n]+)\. The Representatives", schedule)
    assert len(in_schedule) == len(regime.escalation.tiers) > 0
    in_ladder = [label for label, _ in ladder.items if label.startswith("Tier ")]
    assert in_ladder == in_schedule
    # the Dispute Notice is not step 1, in any format
    assert not ladder.items[0][0].startswith("Tier")
    svg, md = figure_svg(ladder), flat(build(path.read_text(encoding="utf-8"))["handbook"])
    for tier in in_schedule:
        assert f">{tier}</text>" in svg.replace("&amp;", "&")
    assert not re.search(r">\d+\. ", svg), "the SVG numbers the rungs"
    assert not re.search(r"^\d+\. Dispute Notice", md, re.M)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.regime")), ids=lambda p: p.stem)
def test_the_timeline_figure_ends_on_the_earliest_day_for_proceedings(path):
    # The schedule lets proceedings start once the path has run: the figure's
    # last step is the earliest day for them, not a latest one.
    from clausegen.docmodel import Figure, walk
    from clausegen.timeline import worst_case

    regime = compile_file(str(path)).regime
    handbook = assemble(regime, "handbook", Library()).document
    [timeline] = [b for b in walk(handbook.blocks) if isinstance(b, Figure) and b.kind == "timeline"]
    label, detail = timeline.items[-1]
    what = "to start arbitration" if regime.final_forum.kind == "arbitration" else "for proceedings"
    assert detail == f"earliest day {what}: day {worst_case(regime).total_days} after the notice"
    assert "at the latest" not in writer("md")(handbook, {}).decode()
