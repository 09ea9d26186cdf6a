"""The cache of validated bases: content-keyed, corrupt files rebuilt, atomic, optional."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, invoke
from venru import cache, load, search

VENRU = Path(sys.executable).with_name("venru")


def cache_files() -> list[Path]:
    folder = cache.directory()
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_cache_lives_in_the_user_cache_directory(tmp_path: Path, write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    invoke("--data", path, "who", "--json")
    assert cache.directory() == tmp_path / "cache" / "venru"
    assert [p.name.split(".")[1] for p in cache_files()] == ["base"]
    assert sorted(p.name for p in Path(path).parent.iterdir()) == ["cache", "facts.yaml"]  # nothing beside the data


def test_second_load_comes_from_the_cache_and_matches(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    first = load.load(path)
    second = load.load(path)
    assert first.base is not None and second.base is not None
    assert second.base.records == first.base.records
    assert [r.where for r in second.base.records] == [r.where for r in first.base.records]


def test_an_edit_invalidates_the_cache(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    assert invoke("--data", path, "figures", "--json").stdout.count('"value": 50') == 1
    Path(path).write_text(MINIMAL.replace("value: 50", "value: 51"), encoding="utf-8")
    assert json.loads(invoke("--data", path, "figures", "--json").stdout)[0]["value"] == 51


def test_problems_are_never_cached(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", "value: fifty"))
    for _ in range(2):
        assert invoke("--data", path, "validate").exit_code == 3
    assert cache_files() == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b"\x00\xff",
        b'{"format": 2, "key": "other", "data": {}}',
        b"[1, 2]",
        b'{"format": 2, "key": "%s", "data": {"records": [{"kind": "nope"}]}}',
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_rebuilt(write_yaml: Callable[[str], str], damage: bytes) -> None:
    path = write_yaml(MINIMAL)
    invoke("--data", path, "who", "--json")
    (entry,) = cache_files()
    entry.write_bytes(damage.replace(b"%s", entry.name.split(".")[0].encode()))
    result = invoke("--data", path, "who", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "borisov"
    assert json.loads(entry.read_bytes())["format"] == cache.FORMAT  # written anew


def test_no_cache_option_and_environment_bypass_it(
    write_yaml: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    invoke("--no-cache", "--data", path, "who")
    assert cache_files() == []
    monkeypatch.setenv("VENRU_NO_CACHE", "1")
    invoke("--data", path, "search", "borisov")
    assert cache_files() == []


def test_read_only_or_unusable_cache_directory_is_tolerated(
    tmp_path: Path, write_yaml: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = invoke("--data", path, "who", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(readonly))
    result = invoke("--data", path, "search", "trade", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "trade-growth-2021"


def test_search_index_is_cached_and_gives_the_same_answer(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    base = load.load(path).base
    assert base is not None
    fresh = [(h.record.id, h.score) for h in search.search(base, "Borissow trade", use_cache=True)]
    assert any(p.name.endswith(".search.json") for p in cache_files())
    cached = [(h.record.id, h.score) for h in search.search(base, "Borissow trade", use_cache=True)]
    assert cached == fresh


@pytest.mark.skipif(not VENRU.exists(), reason="venru is not installed beside this Python")
def test_concurrent_runs_all_succeed(tmp_path: Path) -> None:
    from benchmarks.bigbase import make_big_base

    big = tmp_path / "big.yaml"
    big.write_text(make_big_base(1500), encoding="utf-8")
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [str(VENRU), "--data", str(big), "search", "trade growth", "--json", "--limit", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert all(err == b"" for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    assert not list((tmp_path / "cache" / "venru").glob(".tmp-*"))  # no half-written file left behind
