"""A band colour riskreg cannot draw fails validate at its line, naming what is allowed."""

from __future__ import annotations

from pathlib import Path

from conftest import Run


def test_the_known_names_are_the_ones_rich_draws() -> None:
    from rich.color import ANSI_COLOR_NAMES

    from riskreg.scoring.colours import NAMED_COLOURS

    assert set(ANSI_COLOR_NAMES) == NAMED_COLOURS


def test_an_unknown_colour_fails_validate_and_stops_other_commands(
    run: Run, register: Path
) -> None:
    config = register / "riskreg.yaml"
    config.write_text(config.read_text().replace("colour: yellow", "colour: amber"))
    line = config.read_text().splitlines().index("    colour: amber") + 1
    message = (
        f"riskreg.yaml:{line}:13: error: band Medium has colour 'amber', which riskreg cannot "
        "draw; use one of black, red, green, yellow, blue, magenta, cyan, white (or bright_ "
        'forms of them), an xterm colour name such as dark_orange or gold1, or "#rrggbb" in '
        "quotes [bad-colour]"
    )
    out = run("validate", "--format", "parsable")
    assert (out.code, out.stdout) == (1, message + "\n")
    out = run("list")
    # The error line says "error" once: the problem without its severity.
    stopped = message.replace(":13: error: ", ":13: ")
    assert (out.code, out.stdout, out.stderr) == (2, "", f"riskreg: error: {stopped}\n")


def test_hex_and_xterm_names_in_any_case_pass(run: Run, register: Path) -> None:
    config = register / "riskreg.yaml"
    text = config.read_text().replace("colour: yellow", 'colour: "#FFBF00"')
    config.write_text(text.replace("colour: dark_orange", "colour: Gold1"))
    assert run("validate").code == 0
