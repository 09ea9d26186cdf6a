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
    NO_COLOR         any value: no colour
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_BYTES_VARIABLE = "VENRU_MAX_BYTES"


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

    @property
    def cache(self) -> Path | None:
        """The cache folder to use, or None when the cache is off or there is no folder for it."""
        return self.cache_dir if self.use_cache else None


def _flag(value: str | None) -> bool:
    return value not in (None, "", "0")


def from_environment(environ: Mapping[str, str]) -> Settings:
    """The settings the environment gives, with the defaults for the rest; `with_options` puts
    the command line's global options over them."""
    raw_max = environ.get(MAX_BYTES_VARIABLE, "")
    columns = environ.get("COLUMNS", "")
    return Settings(
        data=environ.get("VENRU_DATA") or str(bundled_path()),
        cache_dir=default_cache_folder(environ),
        use_cache=not _flag(environ.get("VENRU_NO_CACHE")),
        debug=_flag(environ.get("VENRU_DEBUG")),
        max_bytes=int(raw_max) if raw_max.isdigit() else DEFAULT_MAX_BYTES,
        width=int(columns) if columns.isdigit() else None,
        no_color=bool(environ.get("NO_COLOR")),
    )


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
        use_cache=run.use_cache and not no_cache,
        debug=run.debug or debug,
    )
