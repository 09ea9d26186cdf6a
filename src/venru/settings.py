"""The settings of one run, read once from the command line and the environment, then passed down.

`from_environment` is the one function in venru that reads environment variables; `cli` calls
it once per run and hands the frozen `Settings` to whatever needs a setting. No other module
reads `os.environ`, and nothing writes to it. Tests build a `Settings` directly.

Environment variables (each documented in the README):

    VENRU_DATA       the fact base, when --data is not given
    VENRU_NO_CACHE   1: do not read or write the cache (as --no-cache)
    VENRU_DEBUG      1: show the traceback of an internal error (as --debug)
    VENRU_MAX_BYTES  the size limit of a file venru reads, in bytes
    XDG_CACHE_HOME   where the cache folder is (else $HOME/.cache)
    COLUMNS          the width of tables and cards (else the terminal's)
    NO_COLOR         any value: no colour, nor any other escape code
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_BYTES_VARIABLE = "VENRU_MAX_BYTES"
LARGEST_MAX_BYTES = 2**63 - 1  # the largest file size a POSIX system can state
MIN_WIDTH = 20  # a smaller COLUMNS is read as this: `key: value` blocks stay readable
MAX_WIDTH = 10_000  # and a larger one as this


class BadSetting(ValueError):
    """An environment variable venru cannot use (a usage error, exit 2); the message names it."""


def bundled_path() -> Path:
    """The fact base that ships with venru: inside the package when installed, else the repo's."""
    packaged = Path(__file__).with_name("data") / "facts.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "facts.yaml"


class Settings(NamedTuple):
    """Everything about one run that does not come from the command's own arguments."""

    data: str  # the active fact base: a path, or '-' for standard input
    cache_dir: Path | None  # venru's cache folder, before `cache` checks it is safe; None: no cache
    use_cache: bool = True
    debug: bool = False  # show the traceback of an internal error
    max_bytes: int = DEFAULT_MAX_BYTES  # the largest file venru reads
    width: int | None = None  # columns for tables and cards; None: the terminal's (80 when not a terminal)
    no_color: bool = False
    data_from: str | None = None  # where `data` was named: '--data', 'VENRU_DATA', or None (bundled)

    @property
    def cache(self) -> Path | None:
        """The cache folder to use, or None when the cache is off or there is no folder for it."""
        return self.cache_dir if self.use_cache else None


def _flag(value: str | None) -> bool:
    return value not in (None, "", "0")


def from_environment(environ: Mapping[str, str]) -> Settings:
    """The settings the environment gives, with the defaults for the rest; `with_options` puts
    the command line's global options over them."""
    data = environ.get("VENRU_DATA")
    return Settings(
        data=data or str(bundled_path()),
        cache_dir=default_cache_folder(environ),
        use_cache=not _flag(environ.get("VENRU_NO_CACHE")),
        debug=_flag(environ.get("VENRU_DEBUG")),
        max_bytes=max_bytes(environ.get(MAX_BYTES_VARIABLE, "")),
        width=width(environ.get("COLUMNS", "")),
        no_color=bool(environ.get("NO_COLOR")),
        data_from="VENRU_DATA" if data else None,
    )


def max_bytes(raw: str) -> int:
    """$VENRU_MAX_BYTES: unset or empty means the default; anything but a plain whole number
    from 1 to LARGEST_MAX_BYTES (`abc`, `1_000`, `-1`, `²`, `1e9`, 10**30) is a BadSetting."""
    if not raw:
        return DEFAULT_MAX_BYTES
    plain = raw.isascii() and raw.isdigit() and len(raw) <= len(str(LARGEST_MAX_BYTES))
    if not plain or not 1 <= int(raw) <= LARGEST_MAX_BYTES:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        raise BadSetting(
            f"{MAX_BYTES_VARIABLE} must be a whole number of bytes from 1 to {LARGEST_MAX_BYTES}, "
            f"written with digits only; got {shown!r}"
        )
    return int(raw)


def width(raw: str) -> int | None:
    """$COLUMNS as a width: None (the terminal's) when unset, 0 or not a number; else clamped
    to MIN_WIDTH..MAX_WIDTH, so that COLUMNS=1 still prints a readable listing."""
    if not (raw.isascii() and raw.isdigit()) or int(raw[:9]) == 0:
        return None
    return max(MIN_WIDTH, min(int(raw[:9]) if len(raw) <= 9 else MAX_WIDTH, MAX_WIDTH))


def default_cache_folder(environ: Mapping[str, str]) -> Path | None:
    """venru's cache folder: $XDG_CACHE_HOME/venru if that is an absolute path (the XDG spec
    ignores a relative one), else HOME/.cache/venru if HOME (or the user's passwd entry) names
    an existing folder; else None, and venru runs without a cache."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "venru"
    home = environ.get("HOME", "")
    if not home:
        try:
            import pwd

            home = pwd.getpwuid(os.geteuid()).pw_dir
        except (KeyError, ImportError):  # no passwd entry, as in containers run with --user N
            return None
    if not Path(home).is_absolute() or not Path(home).is_dir():
        return None  # never create HOME
    return Path(home) / ".cache" / "venru"


def with_options(run: Settings, *, data: str | None, no_cache: bool, debug: bool) -> Settings:
    """The global command-line options given (None or False when not) over the environment's settings."""
    return run._replace(
        data=data or run.data,
        data_from="--data" if data else run.data_from,
        use_cache=run.use_cache and not no_cache,
        debug=run.debug or debug,
    )
