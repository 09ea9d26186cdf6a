from __future__ import annotations

from tests.conftest import SHIPPED, invoke, invoke_json


def test_info_json() -> None:
    info = invoke_json("info", "--json")
    assert info["path"] == str(SHIPPED)
    assert info["date"] == "2022-02" and info["language"] == "de"
    assert info["kinds"]["participant"] == 5 and info["kinds"]["figure"] == 4
    assert info["records"] == sum(info["kinds"].values())


def test_info_table() -> None:
    out = invoke("info").stdout
    assert "Russland und Venezuela bauen strategische Partnerschaft" in out and "participant 5" in out
