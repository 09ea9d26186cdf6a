from __future__ import annotations

from tests.helpers import SHIPPED, invoke, invoke_json


def test_info_json() -> None:
    info = invoke_json("info", "--json")
    assert info["path"] == str(SHIPPED)
    assert [s["id"] for s in info["sources"]] == ["russland-venezuela-2022-02"]
    source = info["sources"][0]
    assert source["date"] == "2022-02" and source["language"] == "de"
    assert source["file"] == "sources/russland-venezuela-2022-02.txt"
    assert info["kinds"]["participant"] == 5 and info["kinds"]["figure"] == 4
    assert info["records"] == sum(info["kinds"].values())


def test_info_table() -> None:
    out = " ".join(invoke("info").stdout.split())  # the title wraps at 80 columns
    assert (
        "source russland-venezuela-2022-02: Russland und Venezuela bauen strategische Partnerschaft" in out
        and "participant 5" in out
    )
