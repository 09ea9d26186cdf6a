from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, invoke


def test_shipped_base_is_ok() -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ") and result.stdout.endswith(" records\n")


def test_problems_exit_3_with_locations(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", "value: fifty"))
    result = invoke("validate", path)
    assert result.exit_code == 3
    assert result.stderr == f"{path}:22:12: records[1].value: expected a number, got 'fifty'\n"
    assert result.stdout == ""


def test_problems_as_json(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", "value: fifty"))
    result = invoke("validate", path, "--json")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "file": path,
            "line": 22,
            "column": 12,
            "path": "records[1].value",
            "record": "trade-growth-2021",
            "message": "expected a number, got 'fifty'",
        }
    ]


def test_other_commands_refuse_a_broken_base(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", "value: fifty"))
    result = invoke("--data", path, "who", "--json")
    assert result.exit_code == 3 and result.stdout == ""
    assert "records[1].value: expected a number" in result.stderr


def test_data_option_and_environment(write_yaml: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_yaml(MINIMAL)
    assert invoke("--data", path, "validate").stdout == "ok: 2 records\n"
    monkeypatch.setenv("VENRU_DATA", path)
    assert invoke("validate").stdout == "ok: 2 records\n"
    info = json.loads(invoke("info", "--json").stdout)
    assert info["path"] == path and info["files"] == [path]


def test_data_from_stdin() -> None:
    result = invoke("--data", "-", "who", "--json", input=MINIMAL)
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "borisov"


def test_validate_never_writes_the_file(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    before = Path(path).read_bytes()
    invoke("validate", path)
    assert Path(path).read_bytes() == before
