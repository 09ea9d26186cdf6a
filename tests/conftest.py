"""Fixtures for every test. Shared helpers (MINIMAL, invoke, VENRU, ...) live in tests/helpers.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ARTICLE


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs in its own folder, which holds MINIMAL's source `article.txt`, with its own
    cache folder, 80 columns and no colour settings of the machine."""
    (tmp_path / "article.txt").write_bytes(ARTICLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    for name in ("VENRU_DATA", "VENRU_NO_CACHE", "VENRU_DEBUG", "VENRU_MAX_BYTES", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "dumb")


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], str]:
    """Write a fact base to a file and return its path."""

    def write(text: str, name: str = "facts.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
