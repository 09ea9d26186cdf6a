from __future__ import annotations

from tests.conftest import invoke, invoke_json


def test_card_shows_fields_evidence_and_links() -> None:
    result = invoke("show", "trade-growth-2021")
    assert result.exit_code == 0
    out = result.stdout
    assert "Growth of trade turnover" in out and "50 percent" in out and "claimed_by" in out
    assert "¶9" in out and "Nach Angaben von Borissow" in out
    assert "According to Borisov, trade turnover" in out  # the evidence in English
    assert "borisov" in out and "economic-contacts" in out  # refers to / referred to by


def test_show_json_is_one_object_with_links() -> None:
    card = invoke_json("show", "borisov", "--json")
    assert card["id"] == "borisov" and card["kind"] == "participant"
    assert {"field": "claimed_by", "id": "trade-growth-2021"} in card["links"]["referred_by"]


def test_show_by_alias_any_spelling() -> None:
    assert invoke_json("show", "Juri Borissow", "--json")["id"] == "borisov"
    assert invoke_json("show", "erdölminister tareck el aissami", "--json")["id"] == "el-aissami"


def test_quote_card_has_translation() -> None:
    out = invoke("show", "maduro-tweet-support").stdout
    assert "Our sister nation Russia" in out and "La hermana nación" in out


def test_unknown_id_exits_1_with_suggestion_on_stderr_only() -> None:
    result = invoke("show", "borisof")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "venru: no record 'borisof'; did you mean 'borisov'?\n"
