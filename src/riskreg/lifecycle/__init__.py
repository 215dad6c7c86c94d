"""A risk's life across quarters: create it, set its trend, open a new quarter, close it,
reopen it, and keep its owner and actions.

Every change is an edit spliced into the risk's own text (comments and layout survive)
and checked before it is written. Moving a risk between `risks/` and `closed/` writes
the destination first and then removes the source, so the risk is never in neither
folder; if the move is interrupted both copies exist and a rerun finishes it.

One module per step: `create` (new risks and their IDs), `trends` (a quarter's arrow,
set or derived), `quarter` (opening the next quarter), `moves` (close, reopen, and
finishing an interrupted move) and `ownership` (owner and actions).
"""

from __future__ import annotations

from riskreg.lifecycle._shared import review_edits
from riskreg.lifecycle.create import Created, NewRisk, create_risk
from riskreg.lifecycle.moves import Moved, close_risk, find_copies, reopen_risk
from riskreg.lifecycle.ownership import Edited, add_action, set_action_status, set_owner
from riskreg.lifecycle.review import QuarterOpened, open_quarter
from riskreg.lifecycle.trends import TrendNote, TrendSet, derived_trend, set_trend

__all__ = [
    "Created",
    "Edited",
    "Moved",
    "NewRisk",
    "QuarterOpened",
    "TrendNote",
    "TrendSet",
    "add_action",
    "close_risk",
    "create_risk",
    "derived_trend",
    "find_copies",
    "open_quarter",
    "reopen_risk",
    "review_edits",
    "set_action_status",
    "set_owner",
    "set_trend",
]
