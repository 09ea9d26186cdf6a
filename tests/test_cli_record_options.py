"""Options that name a record (`--claimed-by`, `--discussed-by`, `--place`, ...): a value that is
the id or whole name of a record of another kind says what that record is, and a value taken
as part of a name says so when the listing comes out empty."""

from __future__ import annotations

import pytest

from tests.helpers import SHIPPED, invoke
from venru import load, model, query


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("figures", "--claimed-by", "russia"),  # the place's id
            "venru: --claimed-by: 'russia' is a place (Russia); --claimed-by takes a participant, organization or"
            " account; did you mean cian or both-sides, with Russia among their members, or russian-delegation,"
            " russian-government or russian-embassy, with 'russia' in a name?",
        ),
        (
            ("topics", "--discussed-by", "Rusia"),  # the place's alias beats a word in the embassy's alias
            "venru: --discussed-by: 'Rusia' is a place, russia (Russia); --discussed-by takes a participant,"
            " organization or account; did you mean cian or both-sides, with Russia among their members, or"
            " russian-embassy, with 'Rusia' in a name?",
        ),
        (
            ("topics", "--raised-by", "Venezuela"),
            "venru: --raised-by: 'Venezuela' is a place (Venezuela); --raised-by takes a participant, organization"
            " or account; did you mean cian or both-sides, with Venezuela among their members, or"
            " venezuelan-leadership or russian-embassy, with 'Venezuela' in a name?",
        ),
        (
            ("timeline", "--place", "CIAN"),
            "venru: --place: 'CIAN' is an organization (High-Level Intergovernmental Commission (CIAN)); --place"
            " takes a place",
        ),
        (
            ("quotes", "--speaker", "caracas-meeting"),
            "venru: --speaker: 'caracas-meeting' is an event (A Russian government delegation negotiates with"
            " Venezuela's leadership; in Caracas, Borisov meets Rodríguez, Plasencia and El Aissami); --speaker"
            " takes a participant, organization or account",
        ),
        (
            ("figures", "--topic", "Caracas"),
            "venru: --topic: 'Caracas' is a place (Caracas); --topic takes a topic; did you mean economic-contacts,"
            " tourism-direct-flights or transit-tourists, with 'Caracas' in a name or label?",
        ),
    ],
)
def test_a_record_of_another_kind_is_named_with_what_the_option_takes(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args, "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_an_empty_listing_says_what_part_of_a_name_was_taken_as() -> None:
    result = invoke("topics", "--discussed-by", "Embajada", "--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == (
        "venru: note: --discussed-by took 'Embajada', part of a name, as russian-embassy (organization: Russian"
        " embassy in Venezuela)\n"
    )
    result = invoke("timeline", "--place", "Mosk")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "venru: note: --place took 'Mosk', part of a name, as moscow (place: Moscow)\nno matching records\n"
    )


def test_a_whole_name_or_a_listing_with_records_needs_no_note() -> None:
    assert invoke("topics", "--discussed-by", "russian-embassy", "--json").stderr == ""  # an id: nothing to say
    result = invoke("figures", "--claimed-by", "Boris", "--json")  # part of a name, and a figure found
    assert result.exit_code == 0 and result.stderr == "" and "trade-growth-2021" in result.stdout


def test_find_tells_a_record_of_another_kind_from_a_partial_name() -> None:
    base = load.load(str(SHIPPED)).base
    assert base is not None
    found = query.find(base, "Rusia", query.AGENTS)
    assert found.record is None and found.elsewhere == (base.by_id["russia"],)
    assert [r.id for r in found.suggestions] == ["russian-embassy"]
    assert query.find(base, "Rusia").record == base.by_id["russia"]  # any kind: the place itself
    assert query.find(base, "Embajada", query.AGENTS).partial == "part of a name"
    assert query.find(base, "Tourismus", (model.Kind.TOPIC,)).partial == "a keyword"
    assert query.members_of(base, base.by_id["russia"], query.AGENTS) == [base.by_id["cian"], base.by_id["both-sides"]]
