"""The command line is the same everywhere: every command that works on a folder takes it
as `--root ROOT` (and, where it always did, as a last positional ROOT), and takes its
options and positionals in any order; `score --format json` has one shape with and
without `--cycle`."""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import pytest

from example_org import EXAMPLE
from perfcode.cli import main
from perfcode.cli import parser as cli_parser

#: each command's positionals and options (option, value) as a user would type them; a new
#: command must be added here, and so is held to the same rules
LINES: dict[str, tuple[list[str], list[list[str]]]] = {
    "validate": ([], [["--format", "json"]]),
    "score": ([], [["--cycle", "2026-H2"], ["--format", "json"], ["--check"]]),
    "publish": (["2026-H2"], [["--today", "2027-01-11"], ["--incomplete"]]),
    "explain": (["sunli"], [["--cycle", "2026-H1"]]),
    "export": ([], [["--cycle", "2026-H1"], ["--output", "pay.csv"]]),
    "import": (["people", "people.csv"], [["--sheet", "Sheet1"], ["--dry-run"]]),
    "signatures": (["record"], [["--repo", "acme/records"], ["--depth", "20"]]),
    "verify": ([], [["--ref", "main"], ["--format", "json"]]),
    "codeowners": ([], [["--check"]]),
    "check": ([], [["--no-cache"]]),
    "site": ([], [["--out", "public"], ["--audience", "private"], ["--today", "2027-01-20"]]),
    "status": ([], [["--cycle", "2026-H2"], ["--format", "markdown"], ["--today", "2026-12-28"]]),
    "new": (["review", "sunli"], [["--role", "self"], ["--cycle", "2026-H2"]]),
    "diff": (["main", "HEAD"], [["--format", "json"]]),
    "edit": (["cycles/2026-H2/plans/sunli.yaml"], [["--identity", "k"], ["--today", "2027-01-20"]]),
    "show": (["sunli"], [["--identity", "k"], ["--format", "json"]]),
    "rekey": (["cycles/2026-H2/plans/sunli.yaml"], [["--identity", "k"], ["--check"]]),
}
#: the commands without a folder to work on (sample and init write a new one: their DIR)
NO_ROOT = {"sample", "init"}
#: the commands whose folder may also be the last positional (as before --root existed)
POSITIONAL_ROOT = {"validate", "score", "publish", "explain", "export"} | {
    "verify",
    "codeowners",
    "site",
    "status",
    "check",
}


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli_parser.build()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _parse(argv: list[str]) -> argparse.Namespace:
    return cli_parser.build().parse_args(argv)


def test_every_command_is_held_to_the_rules() -> None:
    assert set(_commands()) == set(LINES) | NO_ROOT


@pytest.mark.parametrize("command", sorted(LINES))
def test_root_and_options_in_any_order(command: str) -> None:
    positionals, options = LINES[command]
    expected = _parse([command, *positionals, "--root", "records", *itertools.chain(*options)])
    assert expected.root == "records"
    pieces = [*options, ["--root", "records"]]
    for order in itertools.permutations(range(len(pieces))):
        chosen = [pieces[i] for i in order]
        # options before, between and after the positionals
        for cut in range(len(positionals) + 1):
            argv = [command, *chosen[0], *positionals[:cut]]
            argv += [*itertools.chain(*chosen[1:]), *positionals[cut:]]
            assert _parse(argv) == expected, argv


@pytest.mark.parametrize("command", sorted(POSITIONAL_ROOT))
def test_the_positional_root_still_works(command: str) -> None:
    positionals, options = LINES[command]
    flat = list(itertools.chain(*options))
    by_option = _parse([command, *positionals, *flat, "--root", "records"])
    assert _parse([command, *positionals, "records", *flat]) == by_option
    assert _parse([command, *flat, *positionals, "records"]) == by_option
    assert _parse([command, *positionals, "records", "--root", "records", *flat]) == by_option
    assert _parse([command, *positionals, *flat]).root == "."


def test_the_folder_is_named_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _parse(["status", "here", "--root", "there"])
    assert exited.value.code == 2
    assert "name the folder once: ROOT here or --root there" in capsys.readouterr().err


def test_the_same_folder_named_two_ways_is_one_folder(tmp_path: Path) -> None:
    found = _parse(["status", str(tmp_path) + "/", "--root", str(tmp_path)])
    assert found.root == str(tmp_path)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--root", "a", "--root", "b"],
        ["explain", "--cycle", "2026-H2", "sunli", "--cycle", "2026-H1"],
        ["score", "--cyc", "2026-H1", "--cycle=2026-H2"],  # an abbreviation is the option
        ["publish", "2026-H2", "--today", "2027-01-11", "--today", "2027-01-12"],
    ],
)
def test_an_option_of_one_value_given_twice_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _parse(argv)
    assert exited.value.code == 2
    option = {"validate": "--root", "publish": "--today"}.get(argv[0], "--cycle")
    assert f"error: give {option} once, not twice" in capsys.readouterr().err


def test_repeatable_options_and_flags_may_repeat() -> None:
    found = _parse(["verify", "--key", "ed25519:a", "--key", "ed25519:b"])
    assert found.keys == ["ed25519:a", "ed25519:b"]
    assert _parse(["score", "--check", "--check"]).check


def test_explain_takes_its_options_in_any_order(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        ["explain", "sunli", str(EXAMPLE), "--cycle", "2026-H1"],
        ["explain", "sunli", "--cycle", "2026-H1", str(EXAMPLE)],
        ["explain", "--cycle", "2026-H1", "--root", str(EXAMPLE), "sunli"],
        ["explain", "--root", str(EXAMPLE), "sunli", "--cycle", "2026-H1"],
    ]
    outputs = []
    for argv in lines:
        assert main(argv) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] and all(out == outputs[0] for out in outputs)


def test_score_json_is_a_list_of_cycles_with_or_without_cycle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["score", "--root", str(EXAMPLE), "--format", "json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert main(["score", "--format", "json", "--cycle", "2026-H2", "--root", str(EXAMPLE)]) == 0
    one = json.loads(capsys.readouterr().out)
    assert [c["cycle"] for c in every] == ["2026-H1", "2026-H2"]
    assert one == [every[1]]
