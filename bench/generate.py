"""Generate a register of N risks with realistic content, for the benchmarks.

Each risk takes its name, description, impact narrative and four controls from the
shipped register (itself imported from the published seed), so its text has the
seed's length and wording. Every risk is open and scored: residual, inherent and
target assessments whose ratings are the bands of their scores, and four quarters of
trend ending at the register's period. Risk i is the same in every register, so the
register of 100 risks is the first 100 risks of the register of 10,000.

    python bench/generate.py DIR --count 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
# Bump when the content of generated risks changes, so that cached registers are rebuilt.
GENERATOR_VERSION = "2"
STAMP = ".generated"

OWNERS = [
    "ACC Crime",
    "ACC Operations",
    "ACC Security",
    "Director of Commercial Services",
    "Director of People and Organisational Development",
    "Director of IT&D",
    "Head of Learning and Development",
    "Head of Estates",
    "Chief Superintendent, Force Contact",
    "Head of Finance",
    "Head of Professional Standards",
    "Head of Corporate Communications",
]
DEPARTMENTS = [
    "Public Protection",
    "Force Contact",
    "Commercial Services",
    "People and Organisational Development",
    "IT&D",
    "Operations",
    "Crime",
    "Finance",
    "Professional Standards",
    "Estates",
    "Corporate Development",
    "Intelligence",
]
ARROWS = ["improved", "worsened", "unchanged"]


@dataclass(frozen=True)
class Corpus:
    names: list[str]
    descriptions: list[str]
    narratives: list[str]
    controls: list[str]
    period: str
    categories: list[str]
    bands: list[tuple[str, int, int]]
    review_days: dict[str, int]


@lru_cache(maxsize=1)
def corpus() -> Corpus:
    """Text from the shipped register, and the scoring guidance of its config."""
    names, descriptions, narratives, controls = [], [], [], []
    for path in sorted((REPO / "risks").glob("*.yaml")) + sorted((REPO / "closed").glob("*.yaml")):
        risk = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        names.append(risk["name"])
        if risk.get("description"):
            descriptions.append(risk["description"])
        if risk.get("impact_narrative"):
            narratives.append(risk["impact_narrative"])
        controls.extend(c for c in risk.get("controls", []) if isinstance(c, str) and len(c) > 40)
    config = yaml.load((REPO / "riskreg.yaml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    scoring = config["scoring"]
    categories: list[str] = []
    for level in scoring["impact"]:
        categories.extend(name for name in level["descriptions"] if name not in categories)
    bands = [(band["name"], band["min"], band["max"]) for band in scoring["bands"]]
    return Corpus(
        names,
        descriptions,
        narratives,
        controls,
        str(config["period"]),
        categories,
        bands,
        dict(config.get("review_intervals") or {}),
    )


def band_for(score: int, bands: list[tuple[str, int, int]]) -> str:
    for name, low, high in bands:
        if low <= score <= high:
            return name
    raise ValueError(f"score {score} is in no band of the shipped config")


def quarters_ending(period: str, count: int) -> list[str]:
    from riskreg.model.quarters import Quarter

    quarter = Quarter.parse(period)
    labels = [quarter.label]
    for _ in range(count - 1):
        quarter = quarter.previous()
        labels.append(quarter.label)
    return labels[::-1]


def risk_id(index: int) -> str:
    return f"CRR{index:05d}"


def risk_data(index: int) -> dict[str, Any]:
    """The fields of risk number `index` (1-based), the same whatever the register's size."""
    text = corpus()
    rnd = random.Random(index * 7919)
    residual_impact, residual_prob = rnd.randint(1, 5), rnd.randint(1, 5)
    inherent_impact = rnd.randint(residual_impact, 5)
    inherent_prob = rnd.randint(residual_prob, 5)
    target_impact, target_prob = rnd.randint(1, residual_impact), rnd.randint(1, residual_prob)
    category = rnd.choice(text.categories)

    def assessment(impact: int, probability: int) -> dict[str, Any]:
        return {
            "rating": band_for(impact * probability, text.bands),
            "impact": impact,
            "probability": probability,
            "category": category,
        }

    labels = quarters_ending(text.period, 4)
    new_at = rnd.randint(0, 4)  # 4: the risk is older than the trend shown
    trend = {}
    for position, label in enumerate(labels):
        if position < new_at:
            trend[label] = "n/a"
        elif position == new_at:
            trend[label] = "new"
        else:
            trend[label] = rnd.choice(ARROWS)
    # Reviewed in the last month of the period, next review by the rating's interval:
    # nothing is overdue on the period's last day (bench/run.py sets RISKREG_TODAY to it).
    last_day = period_end(text.period)
    reviewed = last_day - dt.timedelta(days=rnd.randint(0, 27))
    residual = assessment(residual_impact, residual_prob)
    interval = text.review_days.get(residual["rating"], 91)
    return {
        "id": risk_id(index),
        "name": rnd.choice(text.names),
        "status": "open",
        "description": rnd.choice(text.descriptions),
        "impact_narrative": rnd.choice(text.narratives),
        "controls": rnd.sample(text.controls, 4),
        "trend": trend,
        "residual": residual,
        "inherent": assessment(inherent_impact, inherent_prob),
        "target": assessment(target_impact, target_prob),
        "owner": rnd.choice(OWNERS),
        "department": rnd.choice(DEPARTMENTS),
        "last_reviewed": reviewed,
        "next_review": reviewed + dt.timedelta(days=interval),
    }


def period_end(period: str) -> dt.date:
    """The last day of the register's current quarter: "today" for a generated register."""
    from riskreg.model.quarters import Quarter

    return Quarter.parse(period).last_day()


def risk_text(index: int) -> str:
    """The file text, written the way riskreg writes a new risk file."""
    from riskreg.register.editing import render_new_file

    return render_new_file(risk_data(index))


def _write_range(folder: str, start: int, stop: int) -> None:
    for index in range(start, stop):
        path = os.path.join(folder, f"{risk_id(index)}.yaml")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(risk_text(index))


def generate(root: Path, count: int, workers: int | None = None) -> Path:
    """Write a register of `count` risks at `root`, reusing one already generated there."""
    stamp = root / STAMP
    wanted = f"{GENERATOR_VERSION} {count}\n"
    if stamp.is_file() and stamp.read_text() == wanted:
        return root
    if root.exists():
        if not stamp.is_file() and any(root.iterdir()):
            raise SystemExit(f"{root}: not empty and not a generated register; choose a new folder")
        shutil.rmtree(root)
    (root / "risks").mkdir(parents=True)
    (root / "closed").mkdir()
    shutil.copy(REPO / "riskreg.yaml", root / "riskreg.yaml")
    folder = os.fspath(root / "risks")
    chunk = 500
    ranges = [(start, min(start + chunk, count + 1)) for start in range(1, count + 1, chunk)]
    if count <= chunk or workers == 1:
        for start, stop in ranges:
            _write_range(folder, start, stop)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(_write_range, folder, a, b) for a, b in ranges]:
                future.result()
    stamp.write_text(wanted)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="folder for the register (replaced)")
    parser.add_argument("--count", "-n", type=int, default=1000, help="number of risks")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    generate(args.directory, args.count)
    print(f"{args.directory}: a register of {args.count:,} risks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
