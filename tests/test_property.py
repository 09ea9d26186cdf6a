"""Property: whatever is done to the shipped fact base, `venru validate` accepts it or reports
located problems with exit 3; it never fails with an uncaught exception."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import SHIPPED, invoke

LINES = SHIPPED.read_text(encoding="utf-8").splitlines()
LOCATED = re.compile(r"^<stdin>(:\d+:\d+)?: \S.*$")

NASTY_VALUES = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!binary aGk=",
    "!!set {a: null}",
    "&anchor x",
    "*anchor",
    "[[[[[[[[",
    "{",
    "}",
    "- - - -",
    "'unterminated",
    '"\\e[31m\\e]0;t\\a"',
    '"\\x9b\\x00"',
    "[/bold] [link=x]Maduro [red]",
    ".nan",
    ".inf",
    "-.inf",
    "yes",
    "NO",
    "015",
    "0x1F",
    "12:30",
    "2022-02-30",
    "2022-13-01",
    "~",
    "null",
    "",
    "true",
    "1e309",
    "-0",
    "¶",
    "日本",
    "\t",
    "a: b: c",
    "? complex",
    "%TAG ! x",
    "--- ",
    "...",
    "|",
    ">",
    "@",
    "`",
    "!!str 5",
    "!!int 5",
    "- id: x",
    "kind: figure",
]


def mutate(lines: list[str], data: st.DataObject) -> str:
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        line = lines[index]
        action = data.draw(st.sampled_from(["delete", "duplicate", "value", "key", "indent", "text"]), label="action")
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {data.draw(st.sampled_from(NASTY_VALUES), label='value')}"
        elif action == "key" and ":" in line:
            key, rest = line.split(":", 1)
            new = data.draw(st.sampled_from(["nmae", "kind", "id", "value", "evidence", "x", key + key]), label="key")
            lines[index] = f"{key[: len(key) - len(key.lstrip())]}{new}:{rest}"
        elif action == "indent":
            lines[index] = " " * data.draw(st.integers(0, 8), label="spaces") + line.lstrip()
        else:
            lines[index] = line + data.draw(st.text(max_size=12), label="text")
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_validate_accepts_or_reports_located_problems(data: st.DataObject) -> None:
    text = mutate(LINES, data)
    result = invoke("--no-cache", "--data", "-", "validate", input=text.encode("utf-8", "surrogatepass"))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 0:
        assert result.stdout.startswith("ok: ")
        return
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert result.stdout == ""
    problems = result.stderr.splitlines()
    assert problems
    for line in problems:
        assert LOCATED.match(line), line
