from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import invoke, invoke_json


def test_table_shows_numbers_with_their_unit() -> None:
    out = invoke("figures").stdout
    assert "50 percent" in out and "more than" in out and "15,000" in out and "anniversary" in out


def test_json_values_are_numbers_with_unit_qualifier_period_and_claimant() -> None:
    figures = {f["id"]: f for f in invoke_json("figures", "--json")}
    trade = figures["trade-growth-2021"]
    assert (trade["value"], trade["unit"], trade["period"], trade["claimed_by"]) == (50, "percent", "2021", "borisov")
    tourists = figures["russian-tourists"]
    assert (tourists["value"], tourists["qualifier"]) == (15000, "more than")
    (derived,) = figures["cian-founding-year"]["derived"]
    assert (derived["field"], derived["from"]) == ("value", ["cian-anniversary-20"])


def test_filters() -> None:
    assert [f["id"] for f in invoke_json("figures", "--claimed-by", "borisov", "--json")] == ["trade-growth-2021"]
    assert [f["id"] for f in invoke_json("figures", "--topic", "tourism-direct-flights", "--json")] == [
        "russian-tourists"
    ]


def test_csv_reads_back() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("figures", "--format", "csv", "--fields", "id,value,unit").stdout)))
    assert rows[0] == {"id": "trade-growth-2021", "value": "50", "unit": "percent"}


def test_filters_take_names_and_unknown_values_are_usage_errors() -> None:
    assert [f["id"] for f in invoke_json("figures", "--claimed-by", "Juri Borissow", "--json")] == ["trade-growth-2021"]
    assert [f["id"] for f in invoke_json("figures", "--topic", "tourism", "--json")] == ["russian-tourists"]
    result = invoke("figures", "--topic", "turism")
    assert result.exit_code == 2
    assert result.stderr.startswith("venru: --topic: no topic matches 'turism'; did you mean tourism-direct-flights")
    assert invoke("figures", "--claimed-by", "").exit_code == 2


@pytest.mark.parametrize("word", ["Tourismus", "turismo", "Flüge"])
def test_topic_takes_a_german_or_spanish_keyword_of_the_topic(word: str) -> None:
    # topic labels are English; their keywords hold the article's German and the Spanish words
    result = invoke("figures", "--topic", word, "--json")
    assert result.exit_code == 0 and [f["id"] for f in json.loads(result.stdout)] == ["russian-tourists"]


@pytest.mark.parametrize("name", ["trade", "Handel", "comercio", "economic-contacts"])
def test_topic_takes_the_figures_of_related_topics_too(name: str) -> None:
    # the 50 % figure's topic is the economic contacts; the trade topic names it as related
    result = invoke("figures", "--topic", name, "--json")
    assert result.exit_code == 0 and [f["id"] for f in json.loads(result.stdout)] == ["trade-growth-2021"]


def test_topic_relations_count_either_way() -> None:
    # transit-tourists names the tourism topic as related, whose figure the tourists from Russia are
    assert [f["id"] for f in invoke_json("figures", "--topic", "transit-tourists", "--json")] == ["russian-tourists"]
    assert invoke_json("figures", "--topic", "military-cooperation", "--json") == []
