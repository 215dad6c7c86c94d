"""`riskreg report`: the audit committee pack, as Markdown and as one HTML file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import SHIPPED_OPEN, SHIPPED_QUARTER_END, QuarterPack, Run
from golden import assert_golden
from riskreg.register.editing import render_new_file
from riskreg.register.setup import init_register

# A small register in 2022/23 Q1 with one risk of each kind the pack treats differently.
EXAMPLE_RISKS: list[tuple[str, dict[str, Any]]] = [
    (
        "risks",
        {
            "id": "CRR1",
            "name": "Cyber attack",
            "status": "open",
            "description": "Systems fail after an attack.\n\nRecovery takes weeks.",
            "impact_narrative": "Services stop; data may be lost.",
            "controls": [
                "Backups tested monthly.",
                {"text": "Penetration test by supplier X.", "restricted": True},
            ],
            "trend": {"2021/22 Q4": "unchanged", "2022/23 Q1": "worsened"},
            "residual": {"rating": "Critical", "impact": 5, "probability": 4},
            "actions": [{"action": "Replace firewall", "restricted": True}],
            "history": [
                {
                    "quarter": "2021/22 Q4",
                    "date": dt.date(2022, 3, 1),
                    "event": "scored",
                    "assessment": "residual",
                    "impact": 4,
                    "probability": 4,
                    "rating": "High",
                },
                {
                    "quarter": "2022/23 Q1",
                    "date": dt.date(2022, 5, 2),
                    "event": "scored",
                    "assessment": "residual",
                    "impact": 5,
                    "probability": 4,
                    "rating": "Critical",
                },
            ],
        },
    ),
    (
        "risks",
        {
            "id": "CRR2",
            "name": "Fleet replacement",
            "status": "open",
            "description": "Vehicles are old.",
            "trend": {"2022/23 Q1": "new"},
            "residual": {"rating": "High"},
            "history": [
                {"quarter": "2022/23 Q1", "date": dt.date(2022, 4, 20), "event": "created"}
            ],
        },
    ),
    (
        "risks",
        {
            "id": "CRR3",
            "name": "Payroll errors",
            "status": "open",
            "impact_narrative": "Staff paid late.",
            "controls": ["Monthly reconciliation."],
            "trend": {"2021/22 Q4": "new", "2022/23 Q1": "improved"},
            "residual": {"rating": "Medium", "impact": 3, "probability": 3},
        },
    ),
    (
        "closed",
        {
            "id": "CRR4",
            "name": "Estates | leases",
            "status": "closed",
            "description": "Leases *expire* in 2022.",
            "controls": [
                "Lease review.",
                {"text": "Landlord negotiation terms.", "restricted": True},
            ],
            "residual": {"rating": "High"},
            "closure": {"rationale": "All leases renewed.", "closed": dt.date(2022, 5, 10)},
        },
    ),
    (
        "closed",
        {
            "id": "CRR5",
            "name": "Old risk",
            "status": "closed",
            "closure": {
                "rationale": "Gone.",
                "closed": dt.date(2021, 1, 10),
                "reported": dt.date(2021, 2, 1),
            },
        },
    ),
]


def build_example(root: Path) -> Path:
    init_register(root, "Example Risk Register", "2022/23 Q1", template_name="police-crr")
    for folder, data in EXAMPLE_RISKS:
        (root / folder / f"{data['id']}.yaml").write_text(render_new_file(data), "utf-8")
    return root


@pytest.fixture
def example(register: Path) -> Path:
    """The example register, in a folder beside the shipped copy the `run` fixture uses."""
    return build_example(register.parent / "example")


EXAMPLE_PACK = """\
# Example Risk Register

**Period:** 2022/23 Q1 (1 April 2022 to 30 June 2022)

As at 31 March 2022.

## Executive summary

| Rating | 2021/22 Q4 | 2022/23 Q1 | Change |
|---|--:|--:|--:|
| Critical | 0 | 1 | +1 |
| High | 2 | 1 | -1 |
| Medium | 1 | 1 | 0 |
| Low | 0 | 0 | 0 |
| **Total open** | **3** | **3** | **0** |

New this quarter: CRR2. Closed this quarter: CRR4.

Direction of travel in 2022/23 Q1: 1 worsened (↑), 1 improved (↓), 1 new.

2021/22 Q4 counts the risks open at the end of that quarter, each with its residual rating \
then: the last one its history records, else its current one if it has not been re-rated since \
(Not recorded if it has). Risks new this quarter are not in it; risks closed this quarter are.

### Open risks by band, by quarter

| Quarter | Critical | High | Medium | Low | Not recorded |
|---|--:|--:|--:|--:|--:|
| 2021/22 Q4 | 0 | 1 | 0 | 0 | 2 |
| 2022/23 Q1 | 1 | 1 | 1 | 0 | 0 |

Risks open at each quarter's end, by the rating recorded for that quarter; with none recorded \
then, not recorded (never today's rating).

### Since 2021/22 Q4

**New (1)**

- CRR2 Fleet replacement: new, High

**Closed (1)**

- CRR4 Estates | leases: closed 10 May 2022 – All leases renewed.

**Re-rated (1)**

- CRR1 Cyber attack: High (16) → Critical (20)

### Needs attention

- Residual score above target: none.
- Reviews overdue on 31 March 2022: none.
- Actions overdue on 31 March 2022: none.

## Heat map

Residual risk of the 2 scored open risk(s): probability by impact; each cell gives its score \
and rating, then the risks scored there.

| Probability | Impact 1 | Impact 2 | Impact 3 | Impact 4 | Impact 5 |
|---|---|---|---|---|---|
| 5 Very Likely | 5 Medium | 10 Medium | 15 High | 20 Critical | 25 Critical |
| 4 Likely | 4 Low | 8 Medium | 12 High | 16 High | 20 Critical: **CRR1** |
| 3 Some likelihood | 3 Low | 6 Medium | 9 Medium: **CRR3** | 12 High | 15 High |
| 2 Unlikely | 2 Low | 4 Low | 6 Medium | 8 Medium | 10 Medium |
| 1 Remote | 1 Low | 2 Low | 3 Low | 4 Low | 5 Medium |

Movement since 2021/22 Q4: CRR1 from probability 4 impact 4 to probability 4 impact 5.

Rated but not yet scored (1):

- High: CRR2

## Open risks

Ordered by residual rating, then score, then ID.

| ID | Risk name | Q2 21/22 | Q3 21/22 | Q4 21/22 | Q1 22/23 | Residual rating |
|---|---|:-:|:-:|:-:|:-:|---|
| CRR1 | Cyber attack |  |  | ↔ | ↑ | Critical |
| CRR2 | Fleet replacement |  |  |  | New | High |
| CRR3 | Payroll errors |  |  | New | ↓ | Medium |

Risk trend key: Improved (↓), Worsened (↑) or Unchanged (↔); New: added to the register that \
quarter; N/A: not on the register that quarter.

### CRR1 Cyber attack

Residual rating: **Critical**, score 20 (impact 5 × probability 4). Trend: Q2 21/22 – · Q3 \
21/22 – · Q4 21/22 ↔ · Q1 22/23 ↑.

Inherent not recorded → residual Critical (20) → target not recorded.

**Description**

Systems fail after an attack.

Recovery takes weeks.

**Impact**

Services stop; data may be lost.

**Key controls and activities**

- Backups tested monthly.
- Penetration test by supplier X. *(restricted)*

**Further actions**

- Replace firewall (open) *(restricted)*

### CRR2 Fleet replacement

Residual rating: **High**, not yet scored. Trend: Q2 21/22 – · Q3 21/22 – · Q4 21/22 – · Q1 \
22/23 New.

Inherent not recorded → residual High → target not recorded.

**Description**

Vehicles are old.

**Impact**

None recorded.

**Key controls and activities**

None recorded.

### CRR3 Payroll errors

Residual rating: **Medium**, score 9 (impact 3 × probability 3). Trend: Q2 21/22 – · Q3 21/22 \
– · Q4 21/22 New · Q1 22/23 ↓.

Inherent not recorded → residual Medium (9) → target not recorded.

**Description**

None recorded.

**Impact**

Staff paid late.

**Key controls and activities**

- Monthly reconciliation.

## Closed risks

Risks closed since the start of 2021/22 Q2, and any closure not yet reported to the committee.

| ID | Risk name | Closed date | Closure reported |
|---|---|---|---|
| CRR4 | Estates \\| leases | 10 May 2022 | not yet |

### CRR4 Estates | leases

Closed 10 May 2022; closure reported to the committee: not yet reported.

**Description**

Leases \\*expire\\* in 2022.

**Impact**

None recorded.

**Key controls and activities**

- Lease review.
- Landlord negotiation terms. *(restricted)*

**Closed rationale**

All leases renewed.

## Appendix: risk scoring guidance

Risk score = impact × probability.

### Impact

"""

EXAMPLE_APPENDIX_END = """\
### Risk scores

| Probability | Impact 1 | Impact 2 | Impact 3 | Impact 4 | Impact 5 |
|---|---|---|---|---|---|
| 5 | 5 | 10 | 15 | 20 | 25 |
| 4 | 4 | 8 | 12 | 16 | 20 |
| 3 | 3 | 6 | 9 | 12 | 15 |
| 2 | 2 | 4 | 6 | 8 | 10 |
| 1 | 1 | 2 | 3 | 4 | 5 |

### Rating bands

| Score | Rating |
|---|---|
| 1–4 | Low |
| 5–10 | Medium |
| 12–16 | High |
| 20–25 | Critical |
"""


def test_markdown_pack_of_the_example_register(run: Run, example: Path) -> None:
    outcome = run("-R", str(example), "report")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.stdout.startswith(EXAMPLE_PACK)
    body, footer = outcome.stdout.split("\n---\n\n")
    assert body.endswith(EXAMPLE_APPENDIX_END)
    assert re.fullmatch(r"Register SHA-256 `[0-9a-f]{64}`\n", footer)
    appendix = body[len(EXAMPLE_PACK) :]
    assert appendix.splitlines()[0] == (
        "| Impact | Service | Performance | Finance | Reputation | Legal | Safety "
        "| Human Rights / Diversity | Wellbeing |"
    )
    assert (
        "| 2 | Unlikely | Limited indications at this point that the risk will happen | "
        "5% - 20% | Unlikely to happen but possible | Once every 5 to 10 years occurrence |"
        in appendix
    )


def test_public_pack_leaves_out_restricted_items(run: Run, example: Path) -> None:
    internal = run("-R", str(example), "report").stdout
    outcome = run("-R", str(example), "report", "--public")
    assert (outcome.code, outcome.stderr) == (0, "")
    expected = (
        internal.replace(
            "As at 31 March 2022.\n\n",
            "As at 31 March 2022.\n\n"
            "Published version: controls, notes and actions marked restricted are left out.\n\n",
        )
        .replace("- Penetration test by supplier X. *(restricted)*\n", "")
        .replace("- Landlord negotiation terms. *(restricted)*\n", "")
        .replace("**Further actions**\n\n- Replace firewall (open) *(restricted)*\n\n", "")
    )
    assert outcome.stdout == expected
    html = run("-R", str(example), "report", "--public", "--format", "html").stdout
    assert "Penetration test" not in html and "Landlord negotiation" not in html
    assert "Backups tested monthly." in html


def test_shipped_register_pack(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", SHIPPED_QUARTER_END)
    outcome = run("report")
    assert_golden("report.md", outcome)
    pack = outcome.stdout
    assert pack.startswith(
        "# West Midlands Police Corporate Risk Register\n\n"
        "**Period:** 2021/22 Q4 (1 January 2022 to 31 March 2022)\n\n"
        "As at 31 March 2022.\n\n"
        "## Executive summary\n\n"
        "| Rating | 2021/22 Q3 | 2021/22 Q4 | Change |\n"
        "|---|--:|--:|--:|\n"
        "| Critical | 2 | 2 | 0 |\n"
        "| High | 12 | 13 | +1 |\n"
        "| Medium | 5 | 6 | +1 |\n"
        "| Low | 0 | 0 | 0 |\n"
        "| Not recorded | 1 | 0 | -1 |\n"
        "| **Total open** | **20** | **21** | **+1** |\n\n"
        "New this quarter: CRR21, CRR22. Closed this quarter: CRR14.\n\n"
        "Direction of travel in 2021/22 Q4: 1 worsened (↑), 4 improved (↓), 14 unchanged (↔), "
        "2 new.\n"
    )
    assert "No open risk has an impact and probability score yet" in pack
    assert (
        "- Critical: CRR18, CRR20\n"
        "- High: CRR01, CRR02, CRR03, CRR04, CRR05, CRR06, CRR08, CRR09, CRR13, CRR15, "
        "CRR17, CRR19, CRR21\n"
        "- Medium: CRR07, CRR10, CRR11, CRR12, CRR16, CRR22\n"
    ) in pack
    rows = re.findall(
        r"^\| (CRR\d+) \| .* \| (\w+) \|$", pack.split("## Closed risks")[0], re.MULTILINE
    )
    assert [risk_id for risk_id, _ in rows] == SHIPPED_OPEN
    assert (
        "| CRR18 | Core Skills Resilience & Training Risk | N/A | New | ↔ | ↔ | Critical |" in pack
    )
    headings = re.findall(r"^### (CRR\d+) ", pack, re.MULTILINE)
    assert headings == [*SHIPPED_OPEN, "CRR14"]
    assert "| CRR14 | Alarms Management | 8 March 2022 | 31 March 2022 |" in pack


def test_html_is_self_contained_and_coloured_from_the_config(run: Run, example: Path) -> None:
    config = example / "riskreg.yaml"
    config.write_text(
        config.read_text("utf-8").replace("colour: dark_orange", "colour: gold1"), "utf-8"
    )
    outcome = run("-R", str(example), "report", "--format", "html")
    assert (outcome.code, outcome.stderr) == (0, "")
    page = outcome.stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    for fetched in ("http:", "https:", "<script", "<link", "@import", "url(", "src="):
        assert fetched not in page
    assert "@page { size: A4 landscape;" in page
    # Bands in order Low, Medium, High, Critical: green, yellow, gold1 (was dark_orange), red.
    assert ".band-1 { background: #92d050; color: #000000; }" in page
    assert ".band-2 { background: #ffff00; color: #000000; }" in page
    assert ".band-3 { background: #ffd700; color: #000000; }" in page
    assert ".band-4 { background: #ff0000; color: #000000; }" in page
    # CRR1 (impact 5, probability 4) on the heat map's red cell 20, in black.
    cell = re.search(r'<rect class="cell" x="(\d+)" y="(\d+)"[^>]*fill="#ff0000"', page)
    assert cell and "<title>Critical 20</title>" in page
    assert re.search(r'<text [^>]*fill="#000000" data-background="#ff0000"[^>]*>CRR1</text>', page)
    assert "<td>Estates | leases</td>" in page and "Leases *expire* in 2022." in page
    assert '<span class="restricted">(restricted)</span>' in page


@pytest.mark.parametrize(
    ("name", "css"),
    [
        ("dark_orange", "#ff8700"),
        ("red", "#ff0000"),
        ("Green", "#92d050"),
        ("grey50", "#808080"),
        ("#123abc", "#123abc"),
        ("rgb(10,20,30)", "#0a141e"),
        ("no such colour", "#d9d9d9"),
    ],
)
def test_band_colour_names_become_css(name: str, css: str) -> None:
    from riskreg.render.pack.styles import css_colour

    assert css_colour(name) == css


def test_html_escapes_register_text(run: Run, example: Path) -> None:
    risk = example / "risks" / "CRR2.yaml"
    risk.write_text(
        risk.read_text("utf-8").replace(
            "Vehicles are old.", "Vehicles <script>alert(1)</script> & vans."
        ),
        "utf-8",
    )
    page = run("-R", str(example), "report", "--format", "html").stdout
    assert "<script" not in page
    assert "Vehicles &lt;script&gt;alert(1)&lt;/script&gt; &amp; vans." in page


def test_output_file_is_written_and_format_follows_its_name(run: Run, register: Path) -> None:
    (register / "pack.html").write_text("an older pack", "utf-8")
    outcome = run("report", "--output", "pack.html")
    assert (outcome.code, outcome.stdout) == (0, "")
    assert outcome.stderr == (
        "riskreg: wrote pack.html: 21 open and 1 closed risk(s), 2021/22 Q4\n"
    )
    assert (register / "pack.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert run("report", "-o", "pack.md").code == 0
    assert (register / "pack.md").read_text("utf-8") == run("report").stdout
    assert [p.name for p in register.iterdir() if p.name.startswith(".pack")] == []


def test_output_to_a_missing_folder_fails_cleanly(run: Run, register: Path) -> None:
    outcome = run("report", "--output", "nowhere/pack.html")
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == ("riskreg: error: nowhere: no such folder for the output\n")


def test_broken_risk_file_stops_the_pack(run: Run, register: Path) -> None:
    (register / "risks" / "CRR05.yaml").write_text("id: CRR05\nname: [unclosed\n", "utf-8")
    outcome = run("report", "--output", "pack.md")
    assert outcome.code == 1
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("riskreg: error: risks/CRR05.yaml:")
    assert outcome.stderr.endswith(
        "riskreg: error: 1 problem(s) in the register; the report needs every risk, so nothing was "
        "written (run 'riskreg validate')\n"
    )
    assert not (register / "pack.md").exists()


def test_report_outside_a_register(run: Run, tmp_path: Path) -> None:
    outcome = run("-R", str(tmp_path / "nothing"), "report")
    assert outcome.code == 2
    assert outcome.stderr.startswith("riskreg: error: ")
    assert "not a register" in outcome.stderr


def test_report_help_names_every_option(run: Run) -> None:
    outcome = run("report", "--help")
    assert outcome.code == 0
    for option in ("--format", "--output", "--public", "--as-of"):
        assert option in outcome.stdout


def test_rating_last_quarter_when_first_scored_this_quarter(run: Run, example: Path) -> None:
    """A risk first scored this quarter had its current rating last quarter only if unchanged."""
    from riskreg.register.loading import load_register
    from riskreg.reports.pack import build_report

    for risk_id, arrow in (("CRR6", "unchanged"), ("CRR7", "worsened")):
        (example / "risks" / f"{risk_id}.yaml").write_text(
            render_new_file(
                {
                    "id": risk_id,
                    "name": "Scored this quarter",
                    "status": "open",
                    "trend": {"2021/22 Q4": "unchanged", "2022/23 Q1": arrow},
                    "residual": {"rating": "High", "impact": 4, "probability": 4},
                    "history": [
                        {
                            "quarter": "2022/23 Q1",
                            "date": dt.date(2022, 5, 1),
                            "event": "scored",
                            "assessment": "residual",
                            "impact": 4,
                            "probability": 4,
                            "rating": "High",
                        }
                    ],
                }
            ),
            "utf-8",
        )
    counts = {
        count.rating: (count.previous, count.now)
        for count in build_report(load_register(example)).counts
    }
    assert counts == {
        "Critical": (0, 1),
        "High": (3, 3),
        "Medium": (1, 1),
        "Low": (0, 0),
        "Not recorded": (1, 0),
    }


def test_markdown_pack_after_a_quarter_of_work(
    run: Run, quarter_pack: QuarterPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the HTML pack shows, in Markdown: as at, changes since last quarter, above target,
    overdue reviews and actions, each risk's owner, department, inherent → residual → target
    and actions, the band counts by quarter, the moves, the marking and the register hash."""
    from scripted_quarter import MAY

    monkeypatch.setenv("RISKREG_TODAY", MAY)
    outcome = run("-R", str(quarter_pack.register), "report", "--marking", "OFFICIAL-SENSITIVE")
    assert_golden("report_quarter.md", outcome)
    pack = outcome.stdout
    assert pack.startswith("**OFFICIAL-SENSITIVE**\n\n# West Midlands Police")
    assert pack.endswith("\n\n**OFFICIAL-SENSITIVE**\n")
    assert "- CRR18 Core Skills Resilience & Training Risk: Critical (20) → High (12)" in pack
    assert (
        "- Actions overdue on 10 May 2022: CRR05 Replace the legacy firewall (Head of IT&D, "
        "due 31 March 2022, open)." in pack
    )
    assert (
        "Inherent High (16) → residual High (16) → target Low (4). **Above target.** "
        "Driven by: Service." in pack
    )
    assert "- Replace the legacy firewall (Head of IT&D, due 31 March 2022, open) **Overdue**" in (
        pack
    )
