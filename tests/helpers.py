"""Shared test helpers: the shipped base, a small valid base, running the CLI in-process and the
installed command. Imported by the tests that need them (conftest.py holds only fixtures)."""

from __future__ import annotations

import json
import os
import sys
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


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def invoke_json(*args: str) -> Any:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# The installed `venru` command, beside this Python (the virtual environment's bin folder). Tests
# that run it are skipped where it is not installed, and fail instead on CI, where it must be.
VENRU = Path(sys.executable).with_name("venru")
needs_installed = pytest.mark.skipif(
    not VENRU.exists() and os.environ.get("CI") != "true", reason="venru is not installed beside this Python"
)
