"""The installed `venru` command through real pipes, as scripts and shells use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import VENRU, needs_installed

pytestmark = needs_installed


def run(
    *args: str, env: dict[str, str] | None = None, input: bytes | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("VENRU_")} | (env or {})
    return subprocess.run([str(VENRU), *args], capture_output=True, env=full_env, input=input, timeout=60, cwd=cwd)


def test_piped_table_has_no_escape_codes(tmp_path: Path) -> None:
    result = run("who", env={"TERM": "xterm-256color", "XDG_CACHE_HOME": str(tmp_path)}, cwd=str(tmp_path))
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout and "Nicolás Maduro" in result.stdout.decode()


def test_json_through_a_pipe_parses(tmp_path: Path) -> None:
    result = run("who", "--json", env={"XDG_CACHE_HOME": str(tmp_path)}, cwd=str(tmp_path))
    assert result.returncode == 0 and result.stderr == b""
    assert json.loads(result.stdout)[0]["id"] == "borisov"


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not on this machine")
def test_jq_reads_the_json(tmp_path: Path) -> None:
    venru = subprocess.run(
        [str(VENRU), "figures", "--json"],
        capture_output=True,
        check=True,
        env=os.environ | {"XDG_CACHE_HOME": str(tmp_path)},
    )
    jq = subprocess.run(["jq", "-r", ".[0].value"], input=venru.stdout, capture_output=True, check=True)
    assert jq.stdout == b"50\n"


def test_python_m_venru_works(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "venru", "--version"], capture_output=True, cwd=str(tmp_path))
    assert result.returncode == 0 and result.stdout.startswith(b"venru ")


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path)}
    for command in (f"'{VENRU}' who --json | head -c 10", f"'{VENRU}' timeline | head -1"):
        result = subprocess.run(["bash", "-c", f"set -o pipefail; {command} >/dev/null"], capture_output=True, env=env)
        assert result.stderr == b"", result.stderr


CLOSED_PIPE_COMMANDS = [
    "who --json",
    "who",
    "who --format jsonl",
    "who --format csv",
    "who --format markdown",
    "--help",
    "who --help",
    "--version",
    "schema",
    "validate",
    "validate --json",
    "info",
    "show borisov",
    "show borisov --json",
    "search trade",
    "timeline",
]


@pytest.mark.parametrize("command", CLOSED_PIPE_COMMANDS)
def test_a_closed_pipe_exits_0_quietly_whatever_the_timing(tmp_path: Path, command: str) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before venru writes a byte: every write fails
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VENRU_")} | {"XDG_CACHE_HOME": str(tmp_path)}
        result = subprocess.run([str(VENRU), *command.split()], stdout=writer, stderr=subprocess.PIPE, env=env)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, b"")


def test_not_found_on_a_closed_pipe_is_still_not_found(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([str(VENRU), "show", "nobody"], stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert result.returncode == 1 and result.stderr.startswith(b"venru: no record 'nobody'")


@pytest.mark.parametrize("raw", ["abc", "1_000", "-1", "²", "0", "9" * 30])
def test_an_unusable_max_bytes_is_a_usage_error_naming_the_variable(tmp_path: Path, raw: str) -> None:
    result = run("who", "--json", env={"VENRU_MAX_BYTES": raw, "XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 2 and result.stdout == b""
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("venru: VENRU_MAX_BYTES must be a whole number of bytes from 1 to ")
    assert line.endswith(f"got {raw!r}")
    assert run("--help", env={"VENRU_MAX_BYTES": raw}).returncode == 0  # help still works


def test_a_huge_max_bytes_reads_what_is_there_not_the_limit(tmp_path: Path) -> None:
    from tests.test_cache import run_venru

    env = {"VENRU_MAX_BYTES": str(10**15), "XDG_CACHE_HOME": str(tmp_path)}  # a petabyte
    for args in (("who", "--json"), ("--data", "-", "validate")):
        result = run_venru(*args, env=env, cwd=Path(__file__).parents[1] / "data")
        assert result.code in (0, 3) and b"MemoryError" not in result.stderr, result.stderr
        assert result.peak_kib < 300_000
    assert run_venru("who", "--json", env=env).code == 0


@pytest.mark.parametrize("columns", ["0", "1", "abc", "-3", "99999999999"])
def test_any_columns_value_still_prints_a_readable_listing(tmp_path: Path, columns: str) -> None:
    result = run("who", env={"COLUMNS": columns, "TERM": "dumb", "XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0 and result.stderr == b""
    out = result.stdout.decode()
    assert "Nicolás Maduro" in out and ("borisov" in out)
    if columns == "1":  # read as the narrowest readable width: `key: value` blocks
        assert ["ID:", "borisov"] in [line.split() for line in out.splitlines()]


def test_a_missing_file_named_by_venru_data_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    for args in (("who",), ("validate",)):
        result = run(*args, env={"VENRU_DATA": str(missing), "XDG_CACHE_HOME": str(tmp_path)})
        assert result.returncode == 3
        assert result.stderr.decode() == f"{missing}: no such file (the path comes from VENRU_DATA)\n"
    result = run("--data", str(missing), "who", env={"VENRU_DATA": "/elsewhere.yaml"})
    assert result.stderr.decode() == f"{missing}: no such file\n"


def test_sources_ship_with_the_installed_venru(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):  # the second run comes from the cache, which checks the source is unchanged
        result = run("show", "trade-growth-2021", "--cite", env=env, cwd=str(tmp_path))
        assert result.returncode == 0 and result.stderr == b""
        assert result.stdout.decode().startswith("“Nach Angaben von Borissow sei der Handelsumsatz")
        assert result.stdout.decode().endswith(", 2022-02, ¶9\n")
    paragraph = json.loads(run("source", "--paragraph", "9", "--json", env=env, cwd=str(tmp_path)).stdout)
    assert paragraph[0]["text"].startswith("Bei den Verhandlungen ging es nicht nur um den Ausbau")


def on_a_terminal(*args: str, env: dict[str, str]) -> bytes:
    """What the installed venru writes to a pseudo-terminal (stdout and stderr both), 80 wide."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [str(VENRU), *args], stdin=follower, stdout=follower, stderr=follower, env=full_env | env, close_fds=True
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once venru has exited
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, out
    return out


# Every kind of thing venru draws with Rich: tables, cards, a highlighted paragraph, a grid.
DRAWN = [
    ["who", "borisov"],
    ["quotes"],
    ["search", "trade", "--limit", "2"],
    ["show", "borisov"],
    ["show", "trade-growth-2021", "--context"],
    ["info"],
    ["figures"],
    ["source", "--paragraph", "2"],
]


@pytest.mark.parametrize("args", DRAWN, ids=" ".join)
def test_no_color_means_no_escape_code_on_a_terminal(tmp_path: Path, args: list[str]) -> None:
    env = {"TERM": "xterm-256color", "XDG_CACHE_HOME": str(tmp_path)}
    assert b"\x1b[" in on_a_terminal(*args, env=env)  # styles, without NO_COLOR
    out = on_a_terminal(*args, env=env | {"NO_COLOR": "1"})
    assert b"\x1b" not in out and len(out.splitlines()) > 2, out
    if args[-1] == "--context":  # the quote is marked without bold: between « and »
        assert "«Nach Angaben von Borissow".encode() in out
