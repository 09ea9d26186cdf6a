"""Problems in a fact base as values, and the result of loading one: the base and its problems.

The lowest layer of loading: `validate` produces these and `load` returns them; neither of
those modules imports the other's results from anywhere but here.
"""

from __future__ import annotations

from typing import NamedTuple

from venru import model


class Problem(NamedTuple):
    file: str
    line: int | None  # 1-based; None for problems with the whole file
    column: int | None
    message: str
    path: str = ""  # 'records[3].value', where the problem is inside the document
    record: str | None = None  # the id of the record it belongs to, when known

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {what}"

    def to_plain(self) -> dict[str, object]:
        """For JSON: location first, then the message."""
        plain = self._asdict()
        return {key: plain[key] for key in ("file", "line", "column", "path", "record", "message")}


class Loaded(NamedTuple):
    """A fact base and every problem found in it. The base is usable only when there are no
    problems; it is None when the problems leave nothing to build (a broken header, no YAML)."""

    base: model.FactBase | None
    problems: tuple[Problem, ...]
