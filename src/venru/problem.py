"""A problem in a fact base: a value, with where it is and what the person fixing it needs to know."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
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
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "record": self.record,
            "message": self.message,
        }
