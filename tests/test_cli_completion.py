"""Shell completion through the protocol the shells' scripts speak: environment variables in,
candidates out."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from tests.helpers import MINIMAL, SHIPPED, VENRU
from venru import load, model, query, render
from venru.cli import app


def bash(words: str, **env: str) -> list[str]:
    """What bash would offer for the command line `words` (the cursor at its end)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = CliRunner().invoke(
        app,
        [],
        env={"_VENRU_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword), **env},
        prog_name="venru",
    )
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return [line for line in result.stdout.splitlines() if line]  # no candidates is one empty line


def test_show_offers_record_ids() -> None:
    assert bash("venru show bor") == ["borisov", "borisov-our-task", "borisov-our-task-es"]
    assert "trade-growth-2021" in bash("venru show ")


def test_show_offers_one_word_names_and_aliases() -> None:
    assert bash("venru show Bor") == ["Borissow", "Borísov", "Borisov"]
    assert "Maduro" in bash("venru show Ma")


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        ("venru figures --claimed-by ", query.AGENTS),
        ("venru figures --topic ", (model.Kind.TOPIC,)),
        ("venru topics --raised-by ", query.AGENTS),
        ("venru topics --discussed-by ", query.AGENTS),
        ("venru topics --reported-by ", query.AGENTS),
        ("venru quotes --speaker ", query.AGENTS),
        ("venru timeline --place ", (model.Kind.PLACE,)),
        ("venru graph --around ", tuple(model.Kind)),
        ("venru show ", tuple(model.Kind)),
    ],
)
def test_every_option_that_takes_a_record_offers_the_ids_of_the_kinds_it_takes(
    words: str, kinds: tuple[model.Kind, ...]
) -> None:
    base = load.load(str(SHIPPED)).base
    assert base is not None
    assert bash(words) == [r.id for r in base.records if r.kind in kinds]


def test_names_offered_are_of_the_kinds_the_option_takes() -> None:
    assert bash("venru timeline --place Mos") == ["Moscow", "Moskau", "Moscú"]
    assert bash("venru timeline --place Emb") == []  # the account EmbajadaRusaVen is no place
    assert bash("venru quotes --speaker Emb") == ["EmbajadaRusaVen", "EmbajadaRusaVEN"]
    assert bash("venru figures --claimed-by Rus") == []  # Russland is a place, which no one claims with
    assert bash("venru show Rus") == ["Russia", "Russland", "Rusia"]


def test_every_id_parameter_has_completion() -> None:
    """A new option that takes a record (metavar ID) must offer completion too."""
    group: Any = typer.main.get_command(app)
    for name, command in group.commands.items():
        for param in command.params:
            if param.metavar == "ID" or "--fields" in getattr(param, "opts", ()):
                assert param._custom_shell_complete is not None, f"{name} {param.name}"


def test_fields_offers_the_commands_fields() -> None:
    assert bash("venru figures --fields cl") == ["claimed_by"]
    assert bash("venru who --fields id,na") == ["id,name"]
    assert "id,id" not in bash("venru who --fields id,") and "id,name" in bash("venru who --fields id,")
    assert set(bash("venru timeline --fields ")) == set(render.field_names([model.Kind.EVENT]))
    assert "score" in bash("venru search --fields sc")
    assert bash("venru list place --fields lo") == ["located_in"]
    assert bash("venru list topic --fields lo") == []
    assert bash("venru search place --fields lo") == ["located_in"]  # a search for 'place': every kind's fields
    assert bash("venru search place --fields qu") == ["qualifier"]


def test_kind_offers_every_kind() -> None:
    assert set(bash("venru search --kind ")) == {k.value for k in model.Kind}
    assert bash("venru graph --kind pa") == ["participant"]


def test_source_offers_source_ids() -> None:
    assert bash("venru source ") == ["russland-venezuela-2022-02"]
    assert bash("venru coverage russ") == ["russland-venezuela-2022-02"]


def test_completion_reads_the_base_named_by_data(write_yaml: Any) -> None:
    path = write_yaml(MINIMAL)
    assert bash(f"venru --data {path} show ") == ["borisov", "trade-growth-2021"]
    assert bash(f"venru --data {path} source ") == ["article"]


def test_broken_base_offers_nothing_quietly(write_yaml: Any) -> None:
    path = write_yaml("records: [\n")
    assert bash(f"venru --data {path} show ") == []
    assert bash("venru --data /no/such/file show b") == []


def _run(env: dict[str, str]) -> str:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("VENRU_", "_VENRU"))} | env
    done = subprocess.run([str(VENRU)], capture_output=True, env=full, timeout=60, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_zsh_and_fish_protocols_through_the_installed_command(tmp_path: Path) -> None:
    cache = {"XDG_CACHE_HOME": str(tmp_path)}
    zsh = _run({"_VENRU_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "venru show bor", **cache})
    assert zsh.startswith("_arguments '*: :((") and '"borisov":"participant\\\\: Yuri Borisov"' in zsh
    fish = _run(
        {
            "_VENRU_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "venru show bor",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            **cache,
        }
    )
    assert fish.splitlines()[0] == "borisov\tparticipant: Yuri Borisov"
    assert all("\t" in line for line in fish.splitlines())  # one candidate a line, help never wrapped


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(shell: str, tmp_path: Path) -> None:
    # Typer detects the shell it runs in; its test switch lets the shell be named instead.
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run([str(VENRU), "--show-completion", shell], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert f"_VENRU_COMPLETE=complete_{shell}" in done.stdout


def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    env = os.environ | {
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    done = subprocess.run([str(VENRU), "--install-completion", "bash"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "venru.sh"
    assert "_VENRU_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_bash_itself_completes_with_the_installed_script(tmp_path: Path) -> None:
    """The real bash sources venru's script and runs its completion function."""
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [str(VENRU), "--show-completion", "bash"], capture_output=True, text=True, env=env, check=True
    ).stdout
    probe = (
        f"{script}\nPATH={VENRU.parent}:$PATH\n"
        "COMP_WORDS=(venru show bor); COMP_CWORD=2; _venru_completion venru; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    done = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.splitlines() == ["borisov", "borisov-our-task", "borisov-our-task-es"], done.stderr
