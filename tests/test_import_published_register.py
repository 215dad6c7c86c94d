"""Tests for importing the seed Corporate Risk Register (tests/fixtures/seed_register.txt)."""

from __future__ import annotations

import datetime
import html
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
try:
    from riskreg.interchange.published import SeedDocument, SeedFormatError, parse_seed
except ModuleNotFoundError:  # not installed: run against the source tree
    sys.path.insert(0, str(ROOT / "src"))
    from riskreg.interchange.published import SeedDocument, SeedFormatError, parse_seed

SEED_PATH = ROOT / "tests" / "fixtures" / "seed_register.txt"
GUIDANCE_PATH = ROOT / "src" / "riskreg" / "data" / "templates" / "police-crr.yaml"
YEAR = "2021/22"
QUARTERS = [f"{YEAR} Q{n}" for n in range(1, 5)]

OPEN_HEADER = (
    "ID\tRisk Name\tDescription\tImpact\tKey Controls and Activities\t"
    "Q1 Trending\tQ2 Trending\tQ3 Trending\tQ4 Trending\tResidual Risk Rating"
)
CLOSED_HEADER = (
    "ID\tRisk Name\tDescription\tImpact\tKey Controls and Activities\t"
    "Closed Rationale\tClosed Date\tClosure reported @ JAC"
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(seed_text: str) -> SeedDocument:
    return parse_seed(seed_text, YEAR)


def by_id(doc: SeedDocument) -> dict[str, dict[str, object]]:
    return {str(risk["id"]): risk for risk in doc.open_risks + doc.closed_risks}


def strings(value: object) -> Iterator[str]:
    """Every string nested anywhere in value (dict keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def line_number(text: str, startswith: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(startswith):
            return number
    raise AssertionError(f"no line starts with {startswith!r}")


def replace_line(text: str, startswith: str, new: str) -> str:
    lines = text.split("\n")
    index = line_number(text, startswith) - 1
    lines[index] = new
    return "\n".join(lines)


def seed_row(text: str, risk_id: str) -> list[str]:
    return text.split("\n")[line_number(text, risk_id + "\t") - 1].split("\t")


def words(text: str) -> Counter[str]:
    """Words of a text with tags removed and bullet hyphens dropped ("-The" is "The")."""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return Counter(re.sub(r"^-(?=[A-Z])", "", word) for word in plain.split() if word != "-")


def mini_doc(*rows: str, header: str = OPEN_HEADER) -> str:
    return "\n".join(["", header, *rows, ""])


def open_row(
    risk_id: str = "CRR99",
    *,
    description: str = "Description.",
    impact: str = "Impact.",
    controls: str = "- Control.",
    trends: tuple[str, str, str, str] = ("N/A", "New", "\u2194", "\u2193"),
    rating: str = "High",
) -> str:
    return "\t".join([risk_id, "Name", description, impact, controls, *trends, rating])


# ------------------------------------------------------------------ the seed register


def test_open_risks_in_document_order(doc: SeedDocument, seed_text: str) -> None:
    ids = [risk["id"] for risk in doc.open_risks]
    assert sorted(ids) == [f"CRR{n:02d}" for n in range(1, 23) if n != 14]
    assert len(ids) == 21
    order = [line.split("\t")[0] for line in seed_text.split("\n") if line.startswith("CRR")]
    assert ids == [risk_id for risk_id in order if risk_id != "CRR14"]
    assert ids[:3] == ["CRR18", "CRR20", "CRR03"]
    assert all(risk["status"] == "open" for risk in doc.open_risks)


def test_open_risk_keys_in_order(doc: SeedDocument) -> None:
    for risk in doc.open_risks:
        assert list(risk) == [
            "id",
            "name",
            "status",
            "description",
            "impact_narrative",
            "controls",
            "trend",
            "residual",
        ]
        trend = risk["trend"]
        assert isinstance(trend, dict)
        assert list(trend) == QUARTERS
        assert set(trend.values()) <= {"improved", "worsened", "unchanged", "new", "n/a"}
        assert risk["residual"] in [{"rating": r} for r in ("Low", "Medium", "High", "Critical")]
        controls = risk["controls"]
        assert isinstance(controls, list)
        assert controls and all(isinstance(c, str) and c == c.strip() and c for c in controls)


def test_closed_risk(doc: SeedDocument) -> None:
    assert [risk["id"] for risk in doc.closed_risks] == ["CRR14"]
    closed = doc.closed_risks[0]
    assert list(closed) == [
        "id",
        "name",
        "status",
        "description",
        "impact_narrative",
        "controls",
        "closure",
    ]
    assert closed["name"] == "Alarms Management"
    assert closed["status"] == "closed"
    closure = closed["closure"]
    assert isinstance(closure, dict)
    assert list(closure) == ["rationale", "closed", "reported"]
    assert closure["closed"] == datetime.date(2022, 3, 8)
    assert closure["reported"] == datetime.date(2022, 3, 31)
    assert str(closure["rationale"]).startswith("Following discussions at the Commercial")
    assert closed["controls"] == [
        "Migration to C3 has further raised the risk as equipment could be adversely affected "
        "by relocation and reconnection. This would leave the Force potentially unable to monitor "
        "and therefore respond to alarm calls. The risk still remains though as the equipment is "
        "old and has the potential to fail.",
        "The residual score remains static as Shared Services urgently need to assess business "
        "requirements so the work can be prioritised and resources from IT&D and Property Services "
        "can be committed to enable replacement.",
    ]


def test_crr18_trend_and_rating(doc: SeedDocument) -> None:
    crr18 = by_id(doc)["CRR18"]
    assert crr18["name"] == "Core Skills Resilience & Training Risk"
    assert crr18["trend"] == {
        "2021/22 Q1": "n/a",
        "2021/22 Q2": "new",
        "2021/22 Q3": "unchanged",
        "2021/22 Q4": "unchanged",
    }
    assert crr18["residual"] == {"rating": "Critical"}


def test_trend_arrows(doc: SeedDocument) -> None:
    risks = by_id(doc)
    assert list(risks["CRR03"]["trend"].values()) == ["new", "unchanged", "unchanged", "improved"]
    assert list(risks["CRR08"]["trend"].values()) == [
        "unchanged",
        "unchanged",
        "unchanged",
        "worsened",
    ]
    assert next(iter(risks["CRR05"]["trend"].values())) == "worsened"


def test_ratings(doc: SeedDocument) -> None:
    ratings = {risk["id"]: risk["residual"] for risk in doc.open_risks}
    assert ratings["CRR20"] == {"rating": "Critical"}
    assert ratings["CRR01"] == {"rating": "High"}
    assert ratings["CRR16"] == {"rating": "Medium"}
    assert Counter(str(r) for r in ratings.values()) == {
        str({"rating": "Critical"}): 2,
        str({"rating": "High"}): 13,
        str({"rating": "Medium"}): 6,
    }


def test_no_markup_left(doc: SeedDocument) -> None:
    for text in strings([doc.open_risks, doc.closed_risks, doc.guidance]):
        assert "<" not in text and ">" not in text, text
        assert not re.search(r"&[#A-Za-z0-9]+;", text), text
        assert "\t" not in text and "  " not in text, text


def test_crr13_lead_in_sentence_keeps_its_bullets(doc: SeedDocument) -> None:
    controls = by_id(doc)["CRR13"]["controls"]
    assert isinstance(controls, list)
    assert len(controls) == 1
    lines = controls[0].split("\n")
    assert lines[0].startswith("IT&D operate a suite of mitigations")
    assert lines[0].endswith("systems:")
    # the en dash is part of the text, never a separator
    assert lines[1].startswith("- We Secure by Design \u2013 All designs for systems")
    assert len(lines) == 6 and all(line.startswith("- ") for line in lines[1:])
    assert lines[-1].endswith("(given the Russia-Ukraine conflict).")


def test_prose_controls_keep_hyphenated_phrases(doc: SeedDocument) -> None:
    controls = by_id(doc)["CRR15"]["controls"]
    assert isinstance(controls, list)
    assert len(controls) == 2
    assert controls[0].startswith("ROCU - WMP and the OPCC are currently in discussions")
    assert controls[1].startswith("All funding and the MOU has now been approved")
    assert by_id(doc)["CRR20"]["controls"] == [
        "Probation Services & national FOI/ DP team are close to finalising information sharing "
        "agreement which will control some of this better. Plans for mitigation- IT solution is "
        "under consideration."
    ]


def test_bullet_list_controls(doc: SeedDocument) -> None:
    risks = by_id(doc)
    assert risks["CRR18"]["controls"] == [
        "Continued investment in contingency funding to secure additional courses for Personal "
        "Safety Training, specifically targeting those officers who need to retain public order "
        "skills also. Currently eliminated the backlog of 1-day combined courses, focus now on the "
        "2-day combined courses. Predicted to see a reduction in outstanding numbers by July 2022.",
        "We have greater scrutiny on course non-attendance to ensure our classrooms are filled to "
        "maximum capacity and with the greatest efficiency.",
        "A monthly breakdown of demand has been provided, which has been applied to the "
        "outstanding officer numbers and the planner has applied these when planning 6 months in "
        "advance. Only current risk is the impact of reduced numbers again due to COVID which had "
        "slightly affected Dec 2021/Jan 2022 figures. Going forward, we are planning to provide "
        "guidance to ensure we can still meet targets, once the reduced numbers have increased "
        "again, the original maximum course enrolments will be reinstated.",
    ]
    # "<ul ...> - item - Item" cells lose the wrapper
    assert risks["CRR10"]["controls"][0] == ("Influence National debate on Police Funding Formula")
    assert len(risks["CRR10"]["controls"]) == 6
    # a lowercase word after " - " continues the item
    assert any(
        "Project/IT&D/Northgate - until this is resolved" in item
        for item in risks["CRR04"]["controls"]
    )
    # each <p> paragraph is its own item; a sub-heading paragraph heads the one after it
    assert [item.split("\n\n")[0] for item in risks["CRR19"]["controls"]] == [
        "DEC Resilience",
        "DEC re-hosting",
    ]
    assert risks["CRR19"]["controls"][0].startswith(
        "DEC Resilience\n\nThere are issues with the resilience of DEC"
    )
    assert len(risks["CRR11"]["controls"]) == 3
    # "- Uplift programme - There has…" is one item: the label heads it
    assert risks["CRR01"]["controls"][2].startswith(
        "Uplift programme - There has already been an investment"
    )
    assert len(risks["CRR01"]["controls"]) == 4


def test_paragraphs(doc: SeedDocument) -> None:
    risks = by_id(doc)
    description = risks["CRR10"]["description"]
    assert isinstance(description, str)
    paragraphs = description.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("i. There is a risk that WMP's finances")
    assert paragraphs[1].startswith("ii - There is also a risk")
    # consecutive one-bullet paragraphs make one list
    assert risks["CRR11"]["impact_narrative"] == (
        "- Poor identification impacts on the force's capacity to prevent and respond, creating "
        "public confidence and safety concerns.\n"
        "- Risk to vulnerable members of the community.\n"
        "- Potential reputational damage if risk not adequately mitigated."
    )
    # single paragraphs have no newline; " - " inside narrative text is kept
    assert "\n" not in str(risks["CRR18"]["description"])
    assert "investigation - extending requirements" in str(risks["CRR08"]["impact_narrative"])
    # a bulleted cell has one bullet a line (it was one run-on paragraph)
    assert str(risks["CRR08"]["description"]).split("\n") == [
        "- There is a risk that the case backlog that exists due to COVID may result in victims "
        "and witnesses losing faith in the Criminal Justice system. The backlog also puts at risk "
        "the cost recovery from Police Led Prosecutions. There is also the risk of an additional "
        "strain on CJS resources, particularly in Witness Care, due to the new court listings "
        "process.",
        "- Updates to the Attorney General's Guidelines on Disclosure which sits alongside the "
        'Criminal Procedure and Investigations Act ("CPIA") 1996, has an impact on the working '
        "practices of investigations officers and staff, with a short turnaround time for "
        "adhering to the guidance.",
    ]
    assert str(risks["CRR02"]["impact_narrative"]).startswith("- Increases in volumes impacts")
    assert len(str(risks["CRR02"]["impact_narrative"]).split("\n")) == 3


def test_every_word_of_the_seed_is_kept(doc: SeedDocument, seed_text: str) -> None:
    risks = by_id(doc)
    for risk_id, risk in risks.items():
        row = seed_row(seed_text, risk_id)
        if risk["status"] == "open":
            seed_cells = row[1:5]
            closure_text = ""
        else:
            seed_cells = row[1:6]
            closure = risk["closure"]
            assert isinstance(closure, dict)
            closure_text = str(closure["rationale"])
        controls = risk["controls"]
        assert isinstance(controls, list)
        output = " ".join(
            [
                str(risk["name"]),
                str(risk["description"]),
                str(risk["impact_narrative"]),
                *controls,
                closure_text,
            ]
        )
        assert words(output) == words(" ".join(seed_cells)), risk_id


def test_guidance(doc: SeedDocument) -> None:
    guidance = doc.guidance
    assert guidance is not None
    assert list(guidance) == ["impact", "probability", "bands"]
    impact = guidance["impact"]
    assert isinstance(impact, list)
    assert [row["level"] for row in impact] == [5, 4, 3, 2, 1]
    assert list(impact[0]["descriptions"]) == [
        "Service",
        "Performance",
        "Finance",
        "Reputation",
        "Legal",
        "Safety",
        "Human Rights / Diversity",
        "Wellbeing",
    ]
    assert impact[0]["descriptions"]["Finance"] == "Costs over \u00a32m"
    assert impact[4]["descriptions"]["Legal"] == "Unlikely to lead to a claim"
    probability = guidance["probability"]
    assert isinstance(probability, list)
    assert [row["level"] for row in probability] == [5, 4, 3, 2, 1]
    assert probability[0] == {
        "level": 5,
        "description": "Very Likely",
        "detail": "Has regularly occurred within the Force / Area / Department or there are "
        "strong indications that the risk will happen",
        "chance": "80% or more",
        "relative": "As certain as we can be that it will happen",
        "frequency": "More than once a year",
    }
    assert probability[4]["chance"] == "0% - 5%"
    assert guidance["bands"] == [
        {"name": "Low", "min": 1, "max": 4, "colour": "green"},
        {"name": "Medium", "min": 5, "max": 10, "colour": "yellow"},
        {"name": "High", "min": 12, "max": 16, "colour": "dark_orange"},
        {"name": "Critical", "min": 20, "max": 25, "colour": "red"},
    ]


def test_packaged_guidance_matches_seed(doc: SeedDocument) -> None:
    text = GUIDANCE_PATH.read_text(encoding="utf-8")
    assert text.startswith("#")
    assert yaml.safe_load(text)["scoring"] == doc.guidance


def test_quarter_labels_follow_year(seed_text: str) -> None:
    other = parse_seed(seed_text, "2022/23")
    assert list(other.open_risks[0]["trend"]) == [f"2022/23 Q{n}" for n in range(1, 5)]


# ---------------------------------------------------------------- cleaning rules


def test_bullet_splitting_rules() -> None:
    controls = (
        "<p>- The first item - Second item mentions ROCU - WMP - third stays - 4th item</p> "
        "<p>Prose with ROCU - WMP and the OPCC. - Split here; - And here. - Last \u2013 dash</p>"
        "<p>- single</p><p>  </p>"
    )
    doc = parse_seed(mini_doc(open_row(controls=controls)), YEAR)
    assert doc.open_risks[0]["controls"] == [
        "The first item",
        "Second item mentions ROCU",
        "WMP - third stays",
        "4th item",
        "Prose with ROCU - WMP and the OPCC.",
        "Split here;",
        "And here.",
        "Last \u2013 dash",
        "single",
    ]


def test_a_sentence_ending_in_a_colon_keeps_its_bullets_in_one_control() -> None:
    controls = "We do three things: - Patch. - Back up. - Test the restore."
    doc = parse_seed(mini_doc(open_row(controls=controls)), YEAR)
    assert doc.open_risks[0]["controls"] == [
        "We do three things:\n- Patch.\n- Back up.\n- Test the restore."
    ]


def test_a_short_label_heads_the_item_after_it() -> None:
    controls = "- Done first. - Uplift programme - More staff are funded. - Capability. More SIOs."
    headed = "<p>DEC Resilience</p> <p>Expanding DEC.</p> <p>DEC re-hosting</p> <p>Moving DEC.</p>"
    doc = parse_seed(
        mini_doc(open_row(controls=controls), open_row("CRR98", controls=headed)), YEAR
    )
    assert doc.open_risks[0]["controls"] == [
        "Done first.",
        "Uplift programme - More staff are funded.",
        "Capability. More SIOs.",
    ]
    assert doc.open_risks[1]["controls"] == [
        "DEC Resilience\n\nExpanding DEC.",
        "DEC re-hosting\n\nMoving DEC.",
    ]


def test_descriptions_keep_paragraphs_and_bullets_one_a_line() -> None:
    description = (
        "<p>Lead-in sentence: - First point. - Second point.</p> <p>- Third point.</p>"
        "<p>- Fourth point. -Fifth, written against its dash.</p><p>A closing paragraph.</p>"
    )
    doc = parse_seed(mini_doc(open_row(description=description)), YEAR)
    assert doc.open_risks[0]["description"] == (
        "Lead-in sentence:\n- First point.\n- Second point.\n- Third point.\n"
        "- Fourth point.\n- Fifth, written against its dash.\n\nA closing paragraph."
    )


def test_entities_and_tags() -> None:
    description = "<p>Costs &pound;2m &amp; more</p> <p><b>bold</b>\u00a0 text</p>"
    impact = '<ul style="list-style-type: none"> <li>One</li><li>two</li> </ul>'
    doc = parse_seed(mini_doc(open_row(description=description, impact=impact)), YEAR)
    risk = doc.open_risks[0]
    assert risk["description"] == "Costs \u00a32m & more\n\nbold text"
    assert risk["impact_narrative"] == "One two"
    assert doc.guidance is None
    assert doc.closed_risks == []


def test_escaped_markup_is_text_not_tags() -> None:
    doc = parse_seed(mini_doc(open_row(description="a &lt;b&gt; c")), YEAR)
    assert doc.open_risks[0]["description"] == "a <b> c"


def test_crlf_line_endings(seed_text: str) -> None:
    assert parse_seed(seed_text.replace("\n", "\r\n"), YEAR) == parse_seed(seed_text, YEAR)


# ------------------------------------------------------------------------- errors


def test_bad_trend_symbol(seed_text: str) -> None:
    row = seed_row(seed_text, "CRR09")
    row[7] = "\u2197"  # ↗ is not in the trend key
    broken = replace_line(seed_text, "CRR09\t", "\t".join(row))
    with pytest.raises(SeedFormatError) as info:
        parse_seed(broken, YEAR)
    assert info.value.line == line_number(seed_text, "CRR09\t") == 9
    assert "trend" in info.value.message
    assert str(info.value).startswith("line 9: ")


def test_short_row(seed_text: str) -> None:
    row = seed_row(seed_text, "CRR22")
    broken = replace_line(seed_text, "CRR22\t", "\t".join(row[:-1]))
    with pytest.raises(SeedFormatError) as info:
        parse_seed(broken, YEAR)
    assert info.value.line == line_number(seed_text, "CRR22\t") == 27
    assert "columns" in info.value.message


def test_long_closed_row(seed_text: str) -> None:
    row = seed_row(seed_text, "CRR14")
    broken = replace_line(seed_text, "CRR14\t", "\t".join([*row, "extra"]))
    with pytest.raises(SeedFormatError) as info:
        parse_seed(broken, YEAR)
    assert info.value.line == line_number(seed_text, "CRR14\t")


def test_unknown_rating() -> None:
    with pytest.raises(SeedFormatError) as info:
        parse_seed(mini_doc(open_row(), open_row("CRR98", rating="Severe")), YEAR)
    assert info.value.line == 4
    assert "rating" in info.value.message


def test_rating_is_title_cased() -> None:
    doc = parse_seed(mini_doc(open_row(rating=" critical ")), YEAR)
    assert doc.open_risks[0]["residual"] == {"rating": "Critical"}


@pytest.mark.parametrize("date", ["31/02/2022", "2022-03-08", "8 March 2022", ""])
def test_bad_date(seed_text: str, date: str) -> None:
    row = seed_row(seed_text, "CRR14")
    row[7] = date
    broken = replace_line(seed_text, "CRR14\t", "\t".join(row))
    with pytest.raises(SeedFormatError) as info:
        parse_seed(broken, YEAR)
    assert info.value.line == line_number(seed_text, "CRR14\t")
    assert "date" in info.value.message


def test_duplicate_id_across_tables(seed_text: str) -> None:
    row = seed_row(seed_text, "CRR14")
    row[0] = "CRR18"
    broken = replace_line(seed_text, "CRR14\t", "\t".join(row))
    with pytest.raises(SeedFormatError) as info:
        parse_seed(broken, YEAR)
    assert info.value.line == line_number(seed_text, "CRR14\t")
    assert "duplicate" in info.value.message


def test_row_outside_a_table(seed_text: str) -> None:
    lines = seed_text.split("\n")
    number = line_number(seed_text, "Closed Risks")
    lines[number - 1] = open_row("CRR99")
    with pytest.raises(SeedFormatError) as info:
        parse_seed("\n".join(lines), YEAR)
    assert info.value.line == number
    assert "table" in info.value.message


def test_stray_prose_before_guidance() -> None:
    with pytest.raises(SeedFormatError) as info:
        parse_seed(mini_doc(open_row(), "", "Some stray note"), YEAR)
    assert info.value.line == 5


def test_incomplete_guidance() -> None:
    text = mini_doc(open_row(), "", "RISK SCORING GUIDANCE", "", "1 - 4\tLow risk")
    with pytest.raises(SeedFormatError) as info:
        parse_seed(text, YEAR)
    assert info.value.line == 5
    assert "impact" in info.value.message


def test_unknown_band_colour(seed_text: str) -> None:
    doc = parse_seed(seed_text.replace("12 -16\tHigh risk", "12 -16\tSevere risk"), YEAR)
    assert doc.guidance is not None
    bands = doc.guidance["bands"]
    assert isinstance(bands, list)
    assert bands[2] == {"name": "Severe", "min": 12, "max": 16, "colour": "white"}
