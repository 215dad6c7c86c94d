"""The audit committee pack as a plain value, built from a register; renderers lay it out.

The pack follows the published register it is modelled on: title and period, the
counts by rating, the heat map, the open risks ordered by rating with their four
latest trend arrows, the trend key, the closed risks, and the scoring guidance.

Nothing in it depends on the day it is built but its "as at" stamp, which the command
takes from the commit (or from today when the working tree has changes), so the pack for
a tagged revision (`riskreg report --as-of TAG`) is byte for byte the pack made at that
revision.

Counts "last quarter" are the risks that were open at the end of the previous
quarter, each with its residual rating then:

* a risk was open then unless its history says otherwise (its last created, closed
  or reopened entry up to that quarter), or it is new this quarter (a `created`
  entry this quarter, or trend `new` for the current period), or it is closed and
  its closure date falls before the previous quarter ended;
* its rating then is the rating of its last residual history entry up to that
  quarter; with none, its current residual rating, unless it has been re-rated
  since and its trend this quarter is not `unchanged`, when the rating then is
  not recorded (so is a closed risk's that has no residual rating).

Each section's part is built in its own module (`summary`, `heat_map`, `charts`, `risks`,
`closed`, `appetite`, `indicators`, `treatment`); `build.build_report` fills the report from
them in the order the pack shows its sections, and `model` holds the values they make. A
new section adds its value to `model.Report`, its module here, and one line to
`build_report`.
"""

from __future__ import annotations

from riskreg.reports.pack.build import build_report
from riskreg.reports.pack.model import (
    MOVEMENT_ORDER,
    ActionLine,
    AppetiteCategory,
    AsAt,
    BandGroup,
    BandTally,
    Change,
    Changes,
    ClosedRisk,
    ControlLine,
    HeatCell,
    IndicatorLine,
    Level,
    Move,
    ObjectiveGroup,
    OpenRisk,
    OverdueAction,
    QuarterBands,
    RatingCount,
    Report,
    ScorePoint,
    TreatmentRow,
    previous_note,
)
from riskreg.reports.pack.words import (
    NOT_RECORDED,
    TREND_KEY,
    long_date,
    movement_phrase,
    period_range,
    quarter_heading,
    trend_label,
)

__all__ = [
    "MOVEMENT_ORDER",
    "NOT_RECORDED",
    "TREND_KEY",
    "ActionLine",
    "AppetiteCategory",
    "AsAt",
    "BandGroup",
    "BandTally",
    "Change",
    "Changes",
    "ClosedRisk",
    "ControlLine",
    "HeatCell",
    "IndicatorLine",
    "Level",
    "Move",
    "ObjectiveGroup",
    "OpenRisk",
    "OverdueAction",
    "QuarterBands",
    "RatingCount",
    "Report",
    "ScorePoint",
    "TreatmentRow",
    "build_report",
    "long_date",
    "movement_phrase",
    "period_range",
    "previous_note",
    "quarter_heading",
    "trend_label",
]
