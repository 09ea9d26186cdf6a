"""The run's settings: read once from the environment and the global options, nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from venru import settings
from venru.settings import Settings

SRC = Path(settings.__file__).parent


def test_defaults_with_only_home(tmp_path: Path) -> None:
    assert settings.from_environment({"HOME": str(tmp_path)}) == Settings(
        data=str(settings.bundled_path()),
        cache_dir=tmp_path / ".cache" / "venru",
        use_cache=True,
        debug=False,
        max_bytes=64 * 1024 * 1024,
        width=None,
        no_color=False,
        data_from=None,
    )


def test_each_variable() -> None:
    environ = {
        "VENRU_DATA": "my.yaml",
        "VENRU_NO_CACHE": "1",
        "VENRU_DEBUG": "1",
        "VENRU_MAX_BYTES": "1000",
        "XDG_CACHE_HOME": "/var/cache",
        "COLUMNS": "42",
        "NO_COLOR": "1",
    }
    assert settings.from_environment(environ) == Settings(
        data="my.yaml",
        cache_dir=Path("/var/cache/venru"),
        use_cache=False,
        debug=True,
        max_bytes=1000,
        width=42,
        no_color=True,
        data_from="VENRU_DATA",
    )
    assert settings.from_environment(environ).cache is None


@pytest.mark.parametrize(
    "environ",
    [{"XDG_CACHE_HOME": "relative/cache", "HOME": "/nonexistent-home"}, {"HOME": "relative-home"}],
)
def test_no_usable_cache_folder_means_no_cache(environ: dict[str, str]) -> None:
    assert settings.from_environment(environ).cache is None


@pytest.mark.parametrize(
    ("environ", "use_cache", "debug"),
    [
        ({"VENRU_NO_CACHE": "0", "VENRU_DEBUG": "0"}, True, False),
        ({"VENRU_NO_CACHE": "", "VENRU_DEBUG": ""}, True, False),
    ],
)
def test_zero_and_empty_flags_are_off(environ: dict[str, str], use_cache: bool, debug: bool) -> None:
    run = settings.from_environment(environ | {"XDG_CACHE_HOME": "/c"})
    assert (run.use_cache, run.debug, run.cache) == (use_cache, debug, Path("/c/venru"))


def test_options_win_over_the_environment() -> None:
    run = settings.from_environment({"VENRU_DATA": "env.yaml", "XDG_CACHE_HOME": "/c"})
    given = settings.with_options(run, data="option.yaml", no_cache=True, debug=True)
    assert (given.data, given.use_cache, given.debug) == ("option.yaml", False, True)
    assert settings.with_options(run, data=None, no_cache=False, debug=False) == run


def test_settings_are_frozen() -> None:
    run = Settings(data="x", cache_dir=Path("/c"))
    with pytest.raises(AttributeError):
        run.data = "y"  # type: ignore[misc]


def test_no_module_reads_or_writes_the_environment_on_its_own() -> None:
    """Only `settings.from_environment` reads variables, and only `cli` hands it os.environ."""
    for module in sorted(SRC.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        if module.name == "settings.py":
            continue
        uses = re.findall(r".*\b(?:environ|getenv|putenv)\b.*", text)
        if module.name == "cli.py":
            assert uses and all("settings.from_environment(os.environ)" in line for line in uses), uses
        else:
            assert uses == [], (module.name, uses)


@pytest.mark.parametrize("raw", ["abc", "1_000", "-1", "+5", " 5", "5 ", "²", "١٢٣", "1e9", "0", "9" * 30, "9" * 5000])
def test_max_bytes_must_be_a_plain_positive_whole_number(raw: str) -> None:
    with pytest.raises(settings.BadSetting, match=r"^VENRU_MAX_BYTES must be a whole number of bytes from 1 to "):
        settings.from_environment({"VENRU_MAX_BYTES": raw})


@pytest.mark.parametrize(("raw", "limit"), [("", 64 * 1024 * 1024), ("1", 1), ("0100", 100), ("9" * 18, int("9" * 18))])
def test_max_bytes_that_are_plain_numbers(raw: str, limit: int) -> None:
    assert settings.from_environment({"VENRU_MAX_BYTES": raw}).max_bytes == limit


@pytest.mark.parametrize(
    ("raw", "width"),
    [
        ("", None),
        ("0", None),
        ("abc", None),
        ("-5", None),
        ("²", None),
        ("1", 20),
        ("19", 20),
        ("42", 42),
        ("9" * 40, 10_000),
    ],
)
def test_columns_unusable_is_unset_and_tiny_is_clamped(raw: str, width: int | None) -> None:
    assert settings.from_environment({"COLUMNS": raw}).width == width


def test_where_the_data_path_came_from() -> None:
    run = settings.from_environment({"VENRU_DATA": "env.yaml"})
    assert run.data_from == "VENRU_DATA"
    assert settings.with_options(run, data="o.yaml", no_cache=False, debug=False).data_from == "--data"
    assert settings.from_environment({}).data_from is None
