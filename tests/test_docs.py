"""Every command has help with an example and appears in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from tests.helpers import invoke
from venru.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_all_expected_commands_exist() -> None:
    assert set(COMMANDS) >= {
        "who",
        "figures",
        "topics",
        "quotes",
        "timeline",
        "show",
        "info",
        "search",
        "validate",
        "schema",
    }


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_example_and_is_in_readme(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Example: venru " in result.stdout
    assert f"venru {name}" in README


def test_main_help_lists_exit_codes() -> None:
    out = invoke("--help").stdout
    assert "0 ok, 1 nothing found (show), 2 usage error, 3 fact base unusable" in out
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README


def test_version() -> None:
    from venru import __version__

    assert invoke("--version").stdout == f"venru {__version__}\n"
