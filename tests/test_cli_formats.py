"""One output switch for every command: --format, and --json as its short form."""

from __future__ import annotations

import json
import re

import pytest
import typer.main

from tests.helpers import invoke
from venru.cli import app

COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
# A run of each command that takes --json, with its arguments.
RUNS = {
    "who": ["who"],
    "figures": ["figures"],
    "topics": ["topics"],
    "quotes": ["quotes"],
    "outcomes": ["outcomes"],
    "timeline": ["timeline"],
    "list": ["list", "place"],
    "search": ["search", "trade"],
    "show": ["show", "borisov"],
    "info": ["info"],
    "validate": ["validate"],
    "source": ["source"],
    "coverage": ["coverage"],
}


def test_every_command_with_json_takes_format_too() -> None:
    with_json = {name for name, command in COMMANDS.items() if any("--json" in p.opts for p in command.params)}
    assert with_json == set(RUNS)
    for name in with_json:
        assert any("--format" in p.opts for p in COMMANDS[name].params), name


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_json_is_short_for_format_json(args: list[str]) -> None:
    short, long = invoke(*args, "--json"), invoke(*args, "--format", "json")
    assert (short.exit_code, long.exit_code) == (0, 0)
    assert short.stdout == long.stdout
    json.loads(short.stdout)
    assert invoke(*args, "--json", "--format", "json").stdout == short.stdout


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_json_with_another_format_is_a_usage_error(args: list[str]) -> None:
    result = invoke(*args, "--json", "--format", "table")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "venru: --json is short for --format json; it cannot go with --format table\n"


@pytest.mark.parametrize("command", ["info", "validate", "coverage"])
def test_a_format_a_command_has_no_form_for_is_a_usage_error(command: str) -> None:
    result = invoke(command, "--format", "csv")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.endswith("Error: Invalid value for '--format' / '-f': 'csv' is not one of 'table', 'json'.\n")


_HELP_FORMATS = re.compile(r"--format <([a-z|]+)>")


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_help_lists_only_the_formats_the_command_prints(args: list[str]) -> None:
    """Every format a command's help offers works (show's others with --cite, as its help says)."""
    help_text = invoke(args[0], "--help").stdout
    found = _HELP_FORMATS.search(help_text)
    assert found is not None, help_text
    for fmt in found[1].split("|"):
        cite = ["--cite"] if args[0] == "show" and fmt not in ("table", "json") else []
        result = invoke(*args, *cite, "--format", fmt)
        assert result.exit_code == 0, (args, fmt, result.stderr)
    if args[0] in ("info", "validate", "coverage"):
        assert found[1] == "table|json"
    if args[0] == "show":
        assert "table or json; with --cite also jsonl, csv or markdown" in " ".join(help_text.split())


def test_validate_table_is_the_default() -> None:
    assert invoke("validate").stdout == invoke("validate", "--format", "table").stdout
    assert invoke("validate").stdout.startswith("ok: ")
