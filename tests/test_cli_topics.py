from __future__ import annotations

from tests.conftest import invoke, invoke_json


def test_topics_cover_the_article() -> None:
    ids = {t["id"] for t in invoke_json("topics", "--json")}
    assert {
        "military-cooperation",
        "joint-exercises",
        "trade-energy-finance",
        "geopolitics",
        "multipolar-world",
        "support-against-nato",
        "covid-19-help",
        "economic-contacts",
        "tourism-direct-flights",
        "strategic-agreements",
        "cian-anniversary",
    } <= ids


def test_raised_by_filter() -> None:
    ids = [t["id"] for t in invoke_json("topics", "--raised-by", "borisov", "--json")]
    assert ids == ["bilateral-relations", "cian-anniversary"]


def test_markdown_output() -> None:
    lines = invoke("topics", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "| ID | Topic | Raised by |"
    assert "| geopolitics | Geopolitics | maduro |" in lines
