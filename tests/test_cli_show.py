from __future__ import annotations

import json

import pytest

from tests.helpers import invoke, invoke_json


def test_card_shows_fields_evidence_and_links() -> None:
    result = invoke("show", "trade-growth-2021")
    assert result.exit_code == 0
    out = result.stdout
    assert "Growth of trade turnover" in out and "50 percent" in out and "claimed_by" in out
    assert "¶9" in out and "Nach Angaben von Borissow" in out
    assert "According to Borisov, trade turnover" in out  # the evidence in English
    # The links, each under its own heading (the ids appear elsewhere in the card too).
    refers_to, referred_by = out.split("\nrefers to\n")[1].split("\nreferred to by\n")
    assert ["borisov", "Yuri", "Borisov", "(claimed_by)"] in [line.split() for line in refers_to.splitlines()]
    assert [line.split()[0] for line in referred_by.splitlines() if line.startswith("  ") and line[2] != " "] == [
        "trade-energy-finance",
        "economic-contacts",
    ]


def test_show_json_is_one_object_with_links() -> None:
    card = invoke_json("show", "borisov", "--json")
    assert card["id"] == "borisov" and card["kind"] == "participant"
    assert {"field": "claimed_by", "id": "trade-growth-2021"} in card["links"]["referred_by"]


def test_show_by_alias_any_spelling() -> None:
    assert invoke_json("show", "Juri Borissow", "--json")["id"] == "borisov"
    assert invoke_json("show", "erdölminister tareck el aissami", "--json")["id"] == "el-aissami"


def test_quote_card_has_translation() -> None:
    out = invoke("show", "maduro-tweet-support").stdout
    assert "The sister nation Russia" in out and "La hermana nación" in out


def test_unknown_id_exits_1_with_suggestion_on_stderr_only() -> None:
    result = invoke("show", "borisof")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "venru: no record 'borisof'; did you mean borisov (participant: Yuri Borisov)?\n"


def test_a_person_name_beats_an_account_display_name() -> None:
    assert invoke_json("show", "nicolás maduro", "--json")["id"] == "maduro"
    assert invoke_json("show", "@NicolasMaduro", "--json")["id"] == "nicolasmaduro"


def test_an_ambiguous_name_lists_kind_id_and_label_of_each_candidate() -> None:
    result = invoke("show", "russian")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "venru: 'russian' matches 3 records; show one by its id:\n"
        "  organization  russian-delegation  Russian government delegation\n"
        "  organization  russian-government  Russian government\n"
        "  organization  russian-embassy     Russian embassy in Venezuela\n"
    )
    result = invoke("show", "tweet")  # no record is named so: the labels that say it are listed
    assert result.exit_code == 1 and "matches" in result.stderr and "maduro-tweet-event" in result.stderr


@pytest.mark.parametrize(("name", "wanted"), [("aissami", "el-aissami"), ("delegation", "russian-delegation")])
def test_a_records_own_name_beats_another_records_label_that_mentions_it(name: str, wanted: str) -> None:
    # the caracas-meeting event's label names El Aissami and a delegation; the person and the organization win
    result = invoke("show", name, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == wanted


CONTEXT = """\
evidence in context
  ¶2  russland-venezuela-2022-02
    Am 16. Februar hat eine russische Regierungsdelegation mit der
    venezolanischen Führung über einen breiten Themenkreis verhandelt. In der
    Hauptstadt Caracas traf sich Russlands Vizeministerpräsident Juri Borissow,
    Leiter der interstaatlichen hohen Kommission für die handelswirtschaftliche
    und technische Zusammenarbeit zwischen Russland und Venezuela (CIAN), «mit
    Vizepräsidentin Delcy Rodríguez», Außenminister Félix Plasencia und
    Erdölminister Tareck El Aissami. Im Vorfeld des 20. Gründungstags der
    Kommission, der in diesem Jahr begangen wird, sagte Borissow:
    with Vice President Delcy Rodríguez
refers to
"""


def test_context_shows_the_whole_paragraph_with_markers_when_there_is_no_colour() -> None:
    result = invoke("show", "rodriguez", "--context")
    assert result.exit_code == 0
    out = result.stdout
    shown = out[out.index("evidence in context") : out.index("refers to\n") + len("refers to\n")]
    assert "\n".join(line.rstrip() for line in shown.split("\n")) == CONTEXT  # Rich pads lines to the width


def test_context_as_json_gives_the_paragraph_and_offsets() -> None:
    card = invoke_json("show", "rodriguez", "--context", "--json")
    [evidence] = card["evidence"]
    assert list(evidence) == ["source", "paragraph", "quote", "translation", "start", "end", "context"]
    assert evidence["context"].startswith("Am 16. Februar hat eine russische Regierungsdelegation")
    assert evidence["context"][evidence["start"] : evidence["end"]] == evidence["quote"]


def test_cite_as_text_json_and_markdown() -> None:
    result = invoke("show", "trade-growth-2021", "--cite")
    assert result.exit_code == 0
    assert result.stdout == (
        "“Nach Angaben von Borissow sei der Handelsumsatz zwischen den beiden Staaten im Jahr 2021 um 50 Prozent"
        " gegenüber dem Vorjahr gewachsen.” (According to Borisov, trade turnover between the two states had grown by"
        " 50 percent in 2021 compared with the previous year.) — Russland und Venezuela bauen strategische"
        " Partnerschaft im Militärbereich aus (Russia and Venezuela expand their strategic partnership in the"
        " military sphere), 2022-02, ¶9\n"
    )
    [cited] = invoke_json("show", "trade-growth-2021", "--cite", "--json")
    assert cited["paragraph"] == 9 and cited["source"] == "russland-venezuela-2022-02"
    assert cited["date"] == "2022-02" and cited["publisher"] is None
    markdown = invoke("show", "trade-growth-2021", "--cite", "--format", "markdown").stdout
    assert markdown == (
        "> Nach Angaben von Borissow sei der Handelsumsatz zwischen den beiden Staaten im Jahr 2021 um 50 Prozent"
        " gegenüber dem Vorjahr gewachsen.\n"
        ">\n"
        "> *According to Borisov, trade turnover between the two states had grown by 50 percent in 2021 compared"
        " with the previous year.*\n"
        ">\n"
        "> — Russland und Venezuela bauen strategische Partnerschaft im Militärbereich aus (Russia and Venezuela"
        " expand their strategic partnership in the military sphere), 2022-02, ¶9\n"
    )


def test_markdown_card_needs_cite() -> None:
    result = invoke("show", "borisov", "--format", "markdown")
    assert result.exit_code == 2
    assert result.stderr == "venru: show prints table or json, not markdown; --cite prints every format\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--json"], "venru: show needs a record id or name, not an empty one\n"),
        (["  "], "venru: show needs a record id or name, not an empty one\n"),
        (
            ["borisov", "--cite", "--context"],
            "venru: --cite prints citations and --context a card's quotes in their paragraphs; give one\n",
        ),
    ],
)
def test_an_empty_id_or_cite_with_context_is_a_usage_error(args: list[str], message: str) -> None:
    result = invoke("show", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_a_card_names_another_quote_by_its_id() -> None:
    """A quote's name is its translation: on another quote's card it would read as that quote's own."""
    out = invoke("show", "borisov-our-task").stdout
    assert ["versions", "borisov-our-task-es*"] in [line.split() for line in out.splitlines()]
    assert "Our task is to turn" not in out.split("\nrefers to\n")[0]  # only in the links, with the id
