from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from venru.cli import app
from venru.settings import bundled_path

SHIPPED = bundled_path()
ARTICLE = SHIPPED.parent / "sources" / "russland-venezuela-2022-02.txt"

# A small valid fact base; error tests change one line of it. Its source, `article.txt`, is a
# copy of the shipped article that every test finds in its own folder, which is also the
# current one (the folder of `--data -`).
MINIMAL = """\
sources:
  - id: article
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: article.txt
records:
  - id: borisov
    kind: participant
    name: Yuri Borisov
    aliases: [Juri Borissow]
    country: RU
    side: russia
    roles: [Deputy Prime Minister]
    evidence:
      - paragraph: 2
        quote: Juri Borissow
  - id: trade-growth-2021
    kind: figure
    label: Trade growth
    value: 50
    unit: percent
    claimed_by: borisov
    evidence:
      - paragraph: 9
        quote: um 50 Prozent
"""


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs in its own folder, which holds MINIMAL's source `article.txt`, with its own
    cache folder, 80 columns and no colour settings of the machine."""
    (tmp_path / "article.txt").write_bytes(ARTICLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    for name in ("VENRU_DATA", "VENRU_NO_CACHE", "VENRU_DEBUG", "VENRU_MAX_BYTES", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def invoke_json(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], str]:
    """Write a fact base to a file and return its path."""

    def write(text: str, name: str = "facts.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
