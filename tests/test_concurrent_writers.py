"""Many riskreg processes changing one register at once lose nothing.

Each round starts about twenty writers as separate processes, all at once (forked from
one process that has imported riskreg, so that they start within milliseconds of each
other and a round costs the work of the commands, not twenty interpreters) and with a
--wait long enough for every one of them: scores on the same risk and on others, a score
racing a close of its risk, the opening of the next quarter, a new risk and an import
racing for the same ID. Afterwards every command that said it recorded something is in
the files, every other one said why, validate is clean and no risk is in two folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import copy_register

ROUNDS = 10
WAIT = "300"
SAME = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2)]  # CRR18, each once
OTHERS = ["CRR01", "CRR02", "CRR03", "CRR04", "CRR05", "CRR06", "CRR07", "CRR08"]


def riskreg(*args: str) -> list[str]:
    return [sys.executable, "-c", "from riskreg.cli import main; main()", *args]


# Forks one child per job; each runs riskreg's real entry point with its own arguments,
# its stdout and stderr in files, and reports its exit status.
LAUNCHER = textwrap.dedent(
    """
    import json, os, sys
    import riskreg.cli, riskreg.register.loading, riskreg.lifecycle, riskreg.lifecycle.assess
    import riskreg.interchange.importing, riskreg.render.detail, riskreg.render.lifecycle
    jobs, out = json.loads(open(sys.argv[1]).read()), sys.argv[2]
    children = {}
    for name, args in jobs.items():
        pid = os.fork()
        if pid == 0:
            for fd, suffix in ((1, "out"), (2, "err")):
                path = os.path.join(out, name + "." + suffix)
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644), fd)
            sys.argv = ["riskreg", *args]
            code = 0
            try:
                riskreg.cli.main()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            sys.stdout.flush(); sys.stderr.flush()
            os._exit(code)
        children[pid] = name
    codes = {}
    while children:
        pid, status = os.wait()
        codes[children.pop(pid)] = os.waitstatus_to_exitcode(status)
    print(json.dumps(codes))
    """
)


def run_at_once(
    register: Path, tmp: Path, jobs: dict[str, list[str]]
) -> dict[str, tuple[int, str, str]]:
    """Start every job at once as its own process; (exit code, stdout, stderr) of each."""
    out = tmp / "out"
    out.mkdir()
    (tmp / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    env = {**os.environ, "RISKREG_TODAY": "2022-04-02", "NO_COLOR": "1"}
    env.pop("RISKREG_DIR", None)
    launched = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(tmp / "jobs.json"), str(out)],
        cwd=register,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    codes = json.loads(launched.stdout)
    return {
        name: (
            codes[name],
            (out / f"{name}.out").read_text(encoding="utf-8"),
            (out / f"{name}.err").read_text(encoding="utf-8"),
        )
        for name in jobs
    }


def history(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("history") or [])


def import_file(register: Path, tmp: Path) -> Path:
    """A riskreg JSON export holding one risk, CRR23: the ID `new` would take next."""
    exported = subprocess.run(
        riskreg("export", "--format", "json"), cwd=register, capture_output=True, check=True
    )
    data = json.loads(exported.stdout)
    risk = next(r for r in data["risks"] if r["id"] == "CRR05")
    risk.update(id="CRR23", name="Imported in the race")
    data["risks"] = [risk]
    path = tmp / "one-risk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_writers_lose_nothing(tmp_path: Path, round_: int) -> None:
    register = copy_register(tmp_path / "register")
    source = import_file(register, tmp_path)
    jobs: dict[str, list[str]] = {}
    for impact, prob in SAME:
        jobs[f"same {impact}x{prob}"] = ["score", "CRR18", "-i", str(impact), "-p", str(prob)]
    for risk_id in OTHERS:
        jobs[f"other {risk_id}"] = ["score", risk_id, "-i", "4", "-p", "4"]
    jobs["score CRR10"] = ["score", "CRR10", "-i", "5", "-p", "5"]
    jobs["close CRR10"] = ["close", "CRR10", "--rationale", "Mitigated"]
    jobs["review"] = ["review", "--quarter", "2022/23 Q1"]
    jobs["new"] = ["new", "--name", "Created in the race", "--rating", "High"]
    jobs["import"] = ["import", str(source)]
    done = run_at_once(register, tmp_path, {n: [*a, "--wait", WAIT] for n, a in jobs.items()})
    said = "\n".join(f"{name}: exit {code}\n{out}{err}" for name, (code, out, err) in done.items())

    # Every score that said "Recorded" is in the file, once.
    same = [e for e in history(register / "risks/CRR18.yaml") if e["event"] == "scored"]
    for impact, prob in SAME:
        code, out, _ = done[f"same {impact}x{prob}"]
        assert code == 0 and "Recorded in risks/CRR18.yaml" in out, said
        assert [(e["impact"], e["probability"]) for e in same].count((impact, prob)) == 1
    for risk_id in OTHERS:
        code, out, _ = done[f"other {risk_id}"]
        assert code == 0 and f"Recorded in risks/{risk_id}.yaml" in out, said
        scored = [e for e in history(register / f"risks/{risk_id}.yaml") if e["event"] == "scored"]
        assert len(scored) == 1

    # The review opened the quarter; a score before it records 2021/22 Q4, after it 2022/23 Q1.
    assert done["review"][0] == 0, said["review"]
    assert "period: 2022/23 Q1\n" in (register / "riskreg.yaml").read_text(encoding="utf-8")

    # The score racing the close: before it, the closed copy keeps the score; after it,
    # it is refused as a closed risk. Never in both folders.
    assert done["close CRR10"][0] == 0, said["close CRR10"]
    assert not (register / "risks/CRR10.yaml").exists()
    closed = history(register / "closed/CRR10.yaml")
    code, out, err = done["score CRR10"]
    if code == 0:
        assert "Recorded" in out
        assert [e["event"] for e in closed][-2:] == ["scored", "closed"]
    else:
        assert (code, out) == (1, "") and "CRR10 is closed; reopen it first" in err, said
        assert not any(e["event"] == "scored" for e in closed)

    # `new` and `import` raced for CRR23: one has it, the other kept out of its way.
    assert done["new"][0] == 0, said["new"]
    created = "CRR24" if "added: risks/CRR23.yaml" in done["import"][1] else "CRR23"
    assert f"Added {created}" in done["new"][1] or created in done["new"][1], said["new"]
    names = {
        yaml.safe_load((register / f"risks/{rid}.yaml").read_text(encoding="utf-8"))["name"]
        for rid in ("CRR23", "CRR24")
        if (register / f"risks/{rid}.yaml").exists()
    }
    if created == "CRR24":
        assert done["import"][0] == 0, said["import"]
        assert names == {"Imported in the race", "Created in the race"}
    else:
        assert done["import"][0] == 1 and "exist already" in done["import"][2], said["import"]
        assert names == {"Created in the race"}

    # Nothing left behind, and the register is valid.
    assert not (register / "riskreg.yaml.lock").exists()
    assert [p.name for p in register.rglob(".*.tmp")] == []
    both = {p.stem for p in (register / "risks").iterdir()} & {
        p.stem for p in (register / "closed").iterdir()
    }
    assert both == set()
    checked = subprocess.run(riskreg("validate"), cwd=register, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
