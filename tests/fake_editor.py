"""A stand-in for $EDITOR in the tests of `riskreg edit`: each time it is run it applies
the next step of the JSON list in $FAKE_EDITOR_STEPS to the file, and appends the text it
was given to $FAKE_EDITOR_STEPS.seen (so a test can read what the user would have seen).

A step is {"replace": [old, new]}, {"empty": true}, {"exit": N} or
{"also_write": [path, text]} (another writer changing a file while the editor is open)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    import os

    steps_path = Path(os.environ["FAKE_EDITOR_STEPS"])
    counter = steps_path.with_suffix(".count")
    done = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(done + 1))
    step = json.loads(steps_path.read_text())[done]
    target = Path(sys.argv[1])
    text = target.read_text(encoding="utf-8")
    with open(steps_path.with_suffix(".seen"), "a", encoding="utf-8") as seen:
        seen.write(text + "\f")
    if "exit" in step:
        return int(step["exit"])
    if "also_write" in step:
        other, content = step["also_write"]
        Path(other).write_text(content, encoding="utf-8")
    if "replace" in step:
        old, new = step["replace"]
        assert old in text, f"{old!r} is not in the file"
        text = text.replace(old, new)
    if step.get("empty"):
        text = ""
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
