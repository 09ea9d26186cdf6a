from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import invoke, invoke_json


def test_table_lists_the_five_participants_readably_at_80_columns() -> None:
    result = invoke("who")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    for name in ("Yuri Borisov", "Nicolás Maduro", "Delcy Rodríguez", "Félix Plasencia", "Tareck El Aissami"):
        assert name in result.stdout
    assert "\x1b[" not in result.stdout


def test_json_has_the_contract_fields() -> None:
    people = invoke_json("who", "--json")
    assert [p["id"] for p in people] == ["borisov", "maduro", "rodriguez", "plasencia", "el-aissami"]
    borisov = people[0]
    assert borisov["kind"] == "participant" and borisov["country"] == "RU" and borisov["name"] == "Yuri Borisov"
    assert "Juri Borissow" in borisov["aliases"] and borisov["roles"][0] == "Deputy Prime Minister of Russia"
    assert borisov["evidence"][0] == {
        "source": "russland-venezuela-2022-02",
        "paragraph": 2,
        "quote": "Russlands Vizeministerpräsident Juri Borissow, Leiter der interstaatlichen hohen Kommission",
        "translation": ("Russia's Deputy Prime Minister Yuri Borisov, head of the interstate high commission"),
        "start": 166,
        "end": 257,
    }


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["borissow"], ["borisov"]),
        (["nicolas"], ["maduro"]),
        (["RODRIGUEZ"], ["rodriguez"]),
        (["--country", "ru"], ["borisov"]),
        (["--country", "Russland"], ["borisov"]),
        (["--country", "Rusia"], ["borisov"]),
        (["--country", "Frankreich"], []),
        (["--role", "minister"], ["borisov", "plasencia", "el-aissami"]),
        (["--role", "aussenminister"], ["plasencia"]),
        (["nobody-by-this-name"], []),
    ],
)
def test_filters_fold_case_and_accents(args: list[str], ids: list[str]) -> None:
    assert [p["id"] for p in invoke_json("who", *args, "--json")] == ids


def test_all_adds_organizations_and_accounts() -> None:
    kinds = {r["kind"] for r in invoke_json("who", "--all", "--json")}
    assert kinds == {"participant", "organization", "account"}


def test_formats_jsonl_csv_markdown() -> None:
    lines = invoke("who", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines][:2] == ["borisov", "maduro"]
    rows = list(csv.DictReader(io.StringIO(invoke("who", "-f", "csv").stdout)))
    assert rows[0]["id"] == "borisov" and "Juri Borissow; Borissow" in rows[0]["aliases"]
    markdown = invoke("who", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| ID | Name | Country | Side | Roles |"
    assert markdown[2].startswith("| borisov | Yuri Borisov | RU | russia | Deputy Prime Minister of Russia; ")


def test_fields_select_and_unknown_field_is_a_usage_error() -> None:
    assert invoke_json("who", "--json", "--fields", "id,country")[0] == {"id": "borisov", "country": "RU"}
    assert invoke("who", "--format", "csv", "--fields", "name").stdout.splitlines()[:2] == ["name", "Yuri Borisov"]
    result = invoke("who", "--json", "--fields", "id,nmae")
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown field 'nmae'; did you mean 'name'? available: id, kind, name, aliases, country" in result.stderr


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("El", ["el-aissami"]),  # not Delcy or Félix, where 'el' is inside a word
        ("ur", []),  # not Borisov or Maduro
        ("aissami", ["el-aissami"]),
        ("borissow", ["borisov"]),
        ("nicolas", ["maduro"]),
        ("rodr", ["rodriguez"]),
    ],
)
def test_a_partial_name_matches_from_the_start_of_a_word(name: str, ids: list[str]) -> None:
    assert [r["id"] for r in invoke_json("who", name, "--json")] == ids


def test_empty_match_prints_an_empty_array() -> None:
    result = invoke("who", "zzz", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_an_unknown_country_is_a_usage_error_with_a_suggestion() -> None:
    result = invoke("who", "--country", "Venzuela")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "venru: --country: 'Venzuela' is neither a country code (RU, VE) nor a country name; "
        "did you mean 'Venezuela'?\n"
    )


@pytest.mark.parametrize("args", [["who", ""], ["who", "  "], ["who", "--role", ""], ["list", "place", ""]])
def test_an_empty_name_or_role_is_a_usage_error_not_everyone(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("venru: ") and "is empty; give part of it" in result.stderr
