"""Benchmark riskreg against the physical limit and against peer tools, in one run.

Every figure stands beside a reference measured in the same run on the same files,
with the ratio, the target and PASS or MISS. Timings are the median of repeated runs
of each command as a fresh process, the commands of one comparison interleaved so that
a noisy neighbour slows both alike. Peak memory is the resident memory of the whole
process tree (pool workers included), sampled while it runs.

    python bench/run.py            # the full table (make bench)
    python bench/run.py --quick    # fewer runs and sizes, for a try-out
    python bench/run.py --startup  # only the start-up cases, (a) and (b)
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from floor import refresh as refresh_floor  # noqa: E402
from generate import corpus, generate, period_end  # noqa: E402

BIN = Path(sys.executable).parent
PYTHON = sys.executable


def tool(name: str) -> str:
    """A console script of this environment (riskreg, yamllint, check-jsonschema)."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        raise SystemExit(f"bench: '{name}' is not installed; run: pip install -e '.[bench]'")
    return found


@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path = REPO
    ok_codes: tuple[int, ...] = (0,)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def environment(self) -> dict[str, str]:
        return {**ENV, **self.env}


@dataclass
class Row:
    case: str
    ours: str
    reference: str
    ratio: str
    target: str
    result: str  # PASS, MISS or "" (for information)
    figures: dict[str, float] = field(default_factory=dict)


def environment() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RISKREG_", "GITHUB_", "PYTHON"))
    }
    env["COLUMNS"] = "100"
    env["NO_COLOR"] = "1"
    # Generated registers are as of their period's last day: no review is overdue then.
    env["RISKREG_TODAY"] = period_end(corpus().period).isoformat()
    return env


ENV = environment()


def check(command: Command) -> None:
    """Run once (a warm-up too): a benchmark of a failing command would measure nothing."""
    done = subprocess.run(
        command.argv, cwd=command.cwd, env=command.environment, capture_output=True
    )
    if done.returncode not in command.ok_codes:
        sys.stderr.write(
            f"bench: {command.label} exited {done.returncode}:\n"
            f"{done.stderr.decode(errors='replace')[-2000:]}\n"
        )
        raise SystemExit(1)


def time_once(command: Command) -> float:
    start = time.perf_counter()
    subprocess.run(
        command.argv,
        cwd=command.cwd,
        env=command.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def medians(commands: list[Command], runs: int) -> list[float]:
    """Median wall time of each command, the commands interleaved run by run."""
    for command in commands:
        check(command)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            samples[index].append(time_once(command))
    return [statistics.median(values) for values in samples]


# -- peak memory ---------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size: resident memory, pages shared with other processes split
    between them (so forked children's shared pages are not counted twice)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree_memory_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _memory_kb(current)
        stack.extend(_children(current))
    return total


def peak_memory_mb(command: Command) -> float:
    """Peak memory of the command and its child processes together, in MB (PSS, sampled;
    never less than the largest single process's peak RSS)."""
    check(command)
    process = subprocess.Popen(
        command.argv,
        cwd=command.cwd,
        env=command.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while True:
        finished, _status, usage = os.wait4(process.pid, os.WNOHANG)
        if finished:
            break
        peak = max(peak, _tree_memory_kb(process.pid))
        time.sleep(0.002)
    process.returncode = 0  # reaped above
    return max(peak, usage.ru_maxrss) / 1024


# -- the cases -----------------------------------------------------------------------


def has_validate(riskreg: str) -> bool:
    done = subprocess.run([riskreg, "validate", "--help"], capture_output=True, env=ENV)
    return done.returncode == 0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def schema_file(riskreg: str) -> Path:
    """riskreg's exported schema; until `riskreg schema` exists, the model's own."""
    committed = REPO / "schema" / "risk.schema.json"
    if committed.is_file():
        return committed
    target = OUT / "risk.schema.json"
    code = (
        "import json, sys; from riskreg.models import Risk; "
        "json.dump(Risk.model_json_schema(), sys.stdout, indent=1)"
    )
    with target.open("w") as handle:
        subprocess.run([PYTHON, "-c", code], check=True, stdout=handle)
    return target


@dataclass
class Plan:
    runs_small: int
    runs_by_size: dict[int, int]
    peer_runs: int
    peer_size: int
    startup_only: bool = False


def run(plan: Plan, say: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    riskreg = tool("riskreg")
    notes: list[str] = []
    rows: list[Row] = []
    if refresh_floor():
        notes.append("bench/floor_app.py was rewritten to follow riskreg's commands; commit it")
    validate = has_validate(riskreg)
    if not validate:
        notes.append(
            "riskreg has no 'validate' command yet; validate* is a stand-in on the same "
            "load path: 'riskreg show CRR18 --format json' for one file, 'riskreg list "
            "--format csv' for a whole register"
        )
    import_only = Command(
        "import reference", [PYTHON, "-c", "import typer, rich.table, pydantic, yaml"]
    )

    # (a) --help against the bare Typer app
    say("(a) riskreg --help")
    ours, floor = medians(
        [
            Command("riskreg --help", [riskreg, "--help"]),
            Command("floor app --help", [PYTHON, str(HERE / "floor_app.py"), "--help"]),
        ],
        plan.runs_small,
    )
    ratio = ours / floor
    rows.append(
        Row(
            "(a) --help",
            ms(ours),
            f"{ms(floor)} bare Typer app --help",
            f"{ratio:.2f}x",
            "<= 1.10x",
            verdict(ratio <= 1.10),
            {"riskreg": ours, "reference": floor, "ratio": ratio},
        )
    )

    # (b) the everyday commands on the shipped register, against the floor app running the
    # same command: Typer parsing the same options (converting them with pydantic) into an
    # empty body. What is left is riskreg's own work: yaml, the models, rich, the files.
    one_file = (
        [riskreg, "validate", "risks/CRR18.yaml"]
        if validate
        else [riskreg, "show", "CRR18", "--format", "json"]
    )
    one_label = "validate risks/CRR18.yaml" + ("" if validate else "*")
    floor_app = [PYTHON, str(HERE / "floor_app.py")]
    say("(b) riskreg list, " + one_label)
    list_time, floor_list, one_time, floor_one, reference = medians(
        [
            Command("riskreg list", [riskreg, "list"]),
            Command("floor app list", [*floor_app, "list"]),
            Command(one_label, one_file),
            Command("floor app " + one_label, [*floor_app, *one_file[1:]]),
            import_only,
        ],
        plan.runs_small,
    )
    for label, value, floor_value in (
        ("(b) list, shipped register", list_time, floor_list),
        ("(b) " + one_label, one_time, floor_one),
    ):
        ratio = value / floor_value
        rows.append(
            Row(
                label,
                ms(value),
                f"{ms(floor_value)} floor app, same command",
                f"{ratio:.2f}x",
                "<= 1.20x",
                verdict(ratio <= 1.20),
                {"riskreg": value, "reference": floor_value, "ratio": ratio},
            )
        )
    # For the record: what Typer adds to importing the libraries, before riskreg does anything.
    rows.append(
        Row(
            "(b) for the record: floor app list",
            ms(floor_list),
            f"{ms(reference)} import typer, rich.table, pydantic, yaml",
            f"{floor_list / reference:.2f}x",
            "",
            "",
            {"floor": floor_list, "reference": reference, "ratio": floor_list / reference},
        )
    )
    if plan.startup_only:
        return rows, notes

    # (c) whole registers, against the bare C-loader loop over the same files
    def validate_command(root: Path) -> Command:
        argv = [riskreg, "validate"] if validate else [riskreg, "list", "--format", "csv"]
        return Command(f"riskreg validate ({root.name})", argv, cwd=root)

    def loop_command(root: Path) -> Command:
        return Command(
            f"C loader loop ({root.name})", [PYTHON, str(HERE / "cloader_loop.py"), str(root)]
        )

    verb = "validate" if validate else "validate*"
    say("(c) generating registers")
    sizes = sorted(plan.runs_by_size)
    registers = {size: generate(OUT / f"register-{size}", size) for size in [0, *sizes]}
    say("(c) empty register")
    empty_ours, empty_loop = medians(
        [validate_command(registers[0]), loop_command(registers[0])],
        max(plan.runs_by_size.values()),
    )
    per_risk: dict[int, float] = {}
    for size in sizes:
        say(f"(c) {size:,} risks")
        ours, loop = medians(
            [validate_command(registers[size]), loop_command(registers[size])],
            plan.runs_by_size[size],
        )
        ratio = ours / loop
        per_risk[size] = (ours - empty_ours) / size
        last = size == sizes[-1]
        rows.append(
            Row(
                f"(c) {verb}, {size:,} risks",
                ms(ours),
                f"{ms(loop)} C loader loop",
                f"{ratio:.2f}x",
                "<= 0.60x" if last else "",
                verdict(ratio <= 0.60) if last else "",
                {
                    "riskreg": ours,
                    "reference": loop,
                    "ratio": ratio,
                    "reference_per_file": (loop - empty_loop) / size,
                },
            )
        )
    # For the record: the largest register read in one process (RISKREG_WORKERS=1).
    size = sizes[-1]
    say(f"(c) {size:,} risks in one process")
    alone = validate_command(registers[size])
    alone.env = {"RISKREG_WORKERS": "1"}
    ours, loop = medians([alone, loop_command(registers[size])], plan.runs_by_size[size])
    rows.append(
        Row(
            f"(c) for the record: one process, {size:,} risks",
            ms(ours),
            f"{ms(loop)} C loader loop",
            f"{ours / loop:.2f}x",
            "",
            "",
            {"riskreg": ours, "reference": loop, "ratio": ours / loop},
        )
    )
    growth = (
        max(per_risk[b] / per_risk[a] for a, b in itertools.pairwise(sizes))
        if len(sizes) > 1
        else 1.0
    )
    rows.append(
        Row(
            "(c) cost per risk at " + " / ".join(f"{s:,}" for s in sizes),
            " / ".join(f"{per_risk[s] * 1e6:,.0f}" for s in sizes) + " us",
            f"start-up {ms(empty_ours)} taken off",
            f"{growth:.2f}x",
            "flat (<= 1.25x)",
            verdict(growth <= 1.25),
            {"per_risk_us_" + str(s): per_risk[s] * 1e6 for s in sizes} | {"growth": growth},
        )
    )

    # (d) peers on the same files
    size = plan.peer_size
    root = registers.get(size) or generate(OUT / f"register-{size}", size)
    files = sorted(str(path.relative_to(root)) for path in (root / "risks").glob("*.yaml"))
    schema = schema_file(riskreg)
    say(f"(d) yamllint and check-jsonschema, {size:,} files")
    ours, yamllint, jsonschema = medians(
        [
            validate_command(root),
            Command(
                "yamllint", [tool("yamllint"), "-f", "parsable", "risks"], cwd=root, ok_codes=(0, 1)
            ),
            Command(
                "check-jsonschema",
                [tool("check-jsonschema"), "--schemafile", str(schema), *files],
                cwd=root,
                ok_codes=(0, 1),
            ),
        ],
        plan.peer_runs,
    )
    for name, peer, target in (("yamllint", yamllint, 60), ("check-jsonschema", jsonschema, 30)):
        faster = peer / ours
        rows.append(
            Row(
                f"(d) {verb} vs {name}, {size:,} files",
                ms(ours),
                f"{ms(peer)} {name}",
                f"{faster:.1f}x faster",
                f">= {target}x faster",
                verdict(faster >= target),
                {"riskreg": ours, "reference": peer, "faster": faster},
            )
        )

    # (e) peak memory of (c) at the largest size
    size = sizes[-1]
    say(f"(e) peak memory, {size:,} risks")
    ours = peak_memory_mb(validate_command(registers[size]))
    loop = peak_memory_mb(loop_command(registers[size]))
    rows.append(
        Row(
            f"(e) peak memory, {verb} {size:,} risks",
            f"{ours:,.0f} MB",
            f"{loop:,.0f} MB C loader loop",
            f"{ours / loop:.2f}x",
            "<= 50 MB",
            verdict(ours <= 50),
            {"riskreg_mb": ours, "reference_mb": loop},
        )
    )

    # (f) the committee pack as PDF, beside the HTML it is printed from
    rows += pdf_pack_rows(riskreg, say)

    # (g) linear reading: one file of 5,000 against one of 50,000 unknown top-level keys
    say("(g) one file of 5,000 and of 50,000 unknown keys")
    counts = (0, 5_000, 50_000)
    keyed = [unknown_keys_register(OUT / f"unknown-keys-{n}", registers[0], n) for n in counts]
    base, small, large = medians(
        [
            Command(
                f"validate, {n:,} unknown keys",
                [riskreg, "validate", "risks/CRR90.yaml"],
                cwd=root,
                ok_codes=(0, 1),
            )
            for n, root in zip(counts, keyed, strict=True)
        ],
        plan.runs_small,
    )
    growth = (large - base) / max(small - base, 1e-6)
    rows.append(
        Row(
            "(g) validate one file, 50,000 vs 5,000 unknown keys",
            ms(large),
            f"{ms(small)} at 5,000 keys ({ms(base)} with none taken off both)",
            f"{growth:.1f}x",
            "<= 12x (linear)",
            verdict(growth <= 12),
            {"riskreg": large, "reference": small, "no_keys": base, "growth": growth},
        )
    )
    rows += spreadsheet_rows(riskreg, plan, say)
    return rows, notes


def spreadsheet_rows(riskreg: str, plan: Plan, say: Callable[[str], None]) -> list[Row]:
    """(h) export 10,000 risks to .xlsx beside openpyxl writing the same rows bare, and
    import that workbook into an empty register beside python-calamine reading it bare.

    Each import run gets a fresh copy of the empty register (a shell copying two small
    files first), so every run creates all 10,000 files, each synced before success.
    The runs are removed at the end. Run (h) at least five minutes after a large removal
    (this case's own, in the bench before): for that long ext4 passes over each inode it
    freed when it makes a file, which doubled the import's time."""
    size = 10_000
    runs = 1 if size not in plan.runs_by_size else 3
    source = generate(OUT / f"register-{size}", size)
    empty = generate(OUT / "register-0", 0)
    workbook = OUT / f"export-{size}.xlsx"
    bare = OUT / f"bare-{size}.xlsx"
    rows_json = OUT / f"rows-{size}.json"
    bare_script = [PYTHON, str(HERE / "xlsx_bare.py")]
    say(f"(h) export --format xlsx, {size:,} risks")
    export = Command(
        "riskreg export xlsx",
        [riskreg, "export", "--format", "xlsx", "--output", str(workbook)],
        cwd=source,
    )
    check(export)
    subprocess.run([*bare_script, "rows", str(workbook), str(rows_json)], check=True)
    bare_write = Command("openpyxl bare write", [*bare_script, "write", str(rows_json), str(bare)])
    ours, reference = medians([export, bare_write], runs)
    out: list[Row] = []
    ratio = ours / reference
    out.append(
        Row(
            f"(h) export --format xlsx, {size:,} risks",
            ms(ours),
            f"{ms(reference)} openpyxl writing the same rows bare",
            f"{ratio:.2f}x",
            "<= 2.00x",
            verdict(ratio <= 2.0),
            {"riskreg": ours, "reference": reference, "ratio": ratio},
        )
    )
    say(f"(h) import into an empty register, {size:,} rows")
    runs_folder = OUT / "import-runs"
    shutil.rmtree(runs_folder, ignore_errors=True)
    runs_folder.mkdir()
    fresh = (
        f'set -e; d=$(mktemp -d "{runs_folder}/run.XXXXXX"); cp -R "{empty}/." "$d"; '
        f'cd "$d"; exec "{riskreg}" import "{workbook}"'
    )
    try:
        ours, reference = medians(
            [
                Command("riskreg import xlsx", ["sh", "-c", fresh]),
                Command("calamine bare read", [*bare_script, "read", str(workbook)]),
            ],
            runs,
        )
    finally:
        shutil.rmtree(runs_folder, ignore_errors=True)
    out.append(
        Row(
            f"(h) import .xlsx, {size:,} new risks",
            ms(ours),
            f"{ms(reference)} python-calamine reading it bare",
            f"{ours / reference:.2f}x",
            "<= 5 s",
            verdict(ours <= 5.0),
            {"riskreg": ours, "reference": reference, "ratio": ours / reference},
        )
    )
    return out


def unknown_keys_register(target: Path, empty: Path, keys: int) -> Path:
    """A register holding one risk file with `keys` unknown top-level keys (issue: a file
    under the 1 MB cap once took minutes, each key found by walking the ones before it)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(empty, target)
    (target / "risks").mkdir(exist_ok=True)
    head = (
        "# yaml-language-server: $schema=../schema/risk.schema.json\n"
        "id: CRR90\nname: Fleet\nresidual: {rating: High, impact: 4, probability: 3}\n"
    )
    body = "".join(f"key{i}: value\n" for i in range(keys))
    (target / "risks" / "CRR90.yaml").write_text(head + body, "utf-8")
    return target


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader  # the test extra

    return len(PdfReader(path).pages)


def pdf_pack_rows(riskreg: str, say: Callable[[str], None]) -> list[Row]:
    """report -o pack.pdf for the shipped register and for 1,000 risks: time and pages."""
    rows = []
    OUT.mkdir(exist_ok=True)
    for label, root in (("shipped register", REPO), ("1,000 risks", OUT / "register-pack-1000")):
        if root != REPO:
            generate(root, 1000)
        say(f"(f) report --output pack.pdf, {label}")
        out = OUT / ("pack-shipped" if root == REPO else f"pack-{root.name}")
        html = time_once(
            Command("report html", [riskreg, "-R", str(root), "report", "-o", f"{out}.html"])
        )
        pdf = time_once(
            Command("report pdf", [riskreg, "-R", str(root), "report", "-o", f"{out}.pdf"])
        )
        pages = pdf_pages(Path(f"{out}.pdf"))
        rows.append(
            Row(
                f"(f) report -o pack.pdf, {label}",
                f"{ms(pdf)}, {pages} pages",
                f"{ms(html)} report -o pack.html",
                f"{pdf / html:.1f}x",
                "",
                "",
                {"riskreg": pdf, "reference": html, "pages": pages},
            )
        )
    return rows


# -- the report ----------------------------------------------------------------------


def machine() -> dict[str, str]:
    import yaml

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h %cs"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    versions = {}
    for name in ("typer", "pydantic", "rich", "yamllint", "check-jsonschema"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "pyyaml": f"{yaml.__version__} ({'with' if yaml.__with_libyaml__ else 'without'} libyaml)",
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "commit": commit,
        "date": dt.date.today().isoformat(),
    }


HEADINGS = ("Case", "riskreg", "Reference (same run)", "Ratio", "Target", "")


def text_table(rows: list[Row]) -> str:
    cells = [HEADINGS, *[(r.case, r.ours, r.reference, r.ratio, r.target, r.result) for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADINGS))]
    lines = []
    for number, row in enumerate(cells):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADINGS[:-1]) + " | Result |", "|" + "---|" * len(HEADINGS)]
    for r in rows:
        lines.append(
            f"| {r.case} | {r.ours} | {r.reference} | {r.ratio} | {r.target} | {r.result} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs, registers of 100 and 1,000 risks only"
    )
    parser.add_argument(
        "--runs", type=int, default=21, help="runs of each short command (default 21)"
    )
    parser.add_argument(
        "--startup", action="store_true", help="only the start-up cases, (a) and (b)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        plan = Plan(7, {100: 5, 1000: 3}, 1, 1000)
    else:
        plan = Plan(args.runs, {100: 15, 1000: 9, 10000: 5}, 3, 10000)
    plan.startup_only = args.startup
    OUT.mkdir(exist_ok=True)
    info = machine()

    def say(message: str) -> None:
        sys.stderr.write(f"bench: {message}\n")

    rows, notes = run(plan, say)
    head = (
        f"riskreg benchmark, {info['date']}, commit {info['commit']}\n"
        f"machine: {info['cpus']} CPUs, {info['cpu']}, Python {info['python']}, "
        f"PyYAML {info['pyyaml']}\n{info['versions']}\n"
        f"timings: median of {plan.runs_small} runs (short commands), "
        + ", ".join(f"{n} at {s:,} risks" for s, n in plan.runs_by_size.items())
        + f", {plan.peer_runs} for peers; interleaved with their reference"
    )
    print(head)
    for note in notes:
        print(f"note: {note}")
    print()
    print(text_table(rows))
    missed = [row.case for row in rows if row.result == "MISS"]
    print()
    print(f"{len(missed)} target(s) missed" if missed else "every target met")
    (OUT / "results.md").write_text(
        head.replace("\n", "  \n") + "\n\n" + markdown_table(rows) + "\n"
    )
    (OUT / "results.json").write_text(
        json.dumps(
            {"machine": info, "notes": notes, "rows": [asdict(row) for row in rows]}, indent=2
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
