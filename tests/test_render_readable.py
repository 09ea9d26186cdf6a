"""What people read: names instead of ids, answers, widths, narrow blocks, CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import SHIPPED, invoke, invoke_json


def _trimmed(out: str) -> str:
    """The output without the spaces Rich pads each line with to the terminal's width."""
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


TOPICS_80 = """\
ID                      Topic                                       Raised by
────────────────────────────────────────────────────────────────────────────────
bilateral-development   Putting bilateral development into          Yuri Borisov
                        practice across the whole range of
                        cooperation
"""

TOPICS_50 = """\
ID:        bilateral-development
Topic:     Putting bilateral development into
           practice across the whole range of
           cooperation
Raised by: Yuri Borisov
"""


@pytest.mark.parametrize(("columns", "expected"), [("80", TOPICS_80), ("50", TOPICS_50)])
def test_tables_name_the_records_they_refer_to(monkeypatch: pytest.MonkeyPatch, columns: str, expected: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert _trimmed(invoke("topics", "--raised-by", "Borissow").stdout) == expected


SEARCH_80 = """\
Kind     ID                  Label                   Answer
────────────────────────────────────────────────────────────────────────────────
figure   trade-growth-2021   Growth of trade         50 percent, in 2021,
                             turnover between        according to Yuri Borisov
                             Russia and Venezuela
                             in 2021 over the
                             previous year
"""


def test_search_answers_the_question() -> None:
    assert _trimmed(invoke("search", "How much did trade grow in 2021?", "--limit", "1").stdout) == SEARCH_80
    [top] = invoke_json("search", "How many Russian tourists?", "--limit", "1", "--json")
    assert top["answer"] == "more than 15,000 tourists, in the past two months (reported; the article names no speaker)"
    [event] = invoke_json("search", "Wann twitterte Maduro?", "--limit", "1", "--json")
    assert event["answer"].startswith("17 February 2022: Maduro tweets")


def test_json_keeps_ids_and_expand_adds_names() -> None:
    [plain] = invoke_json("figures", "--claimed-by", "borisov", "--json")
    assert plain["claimed_by"] == "borisov" and plain["topic"] == "economic-contacts"
    [expanded] = invoke_json("figures", "--claimed-by", "borisov", "--json", "--expand")
    assert expanded["claimed_by"] == {"id": "borisov", "name": "Yuri Borisov"}
    assert expanded["topic"] == {
        "id": "economic-contacts",
        "name": "Stronger economic contacts between Moscow and Caracas already bear fruit",
    }
    founded = invoke_json("show", "cian-founding-year", "--json", "--expand")
    assert founded["derived"][0]["from"] == [
        {"id": "cian-anniversary-20", "name": "Founding anniversary of the commission (CIAN) marked this year"}
    ]
    assert {
        "field": "topic",
        "id": "cian-anniversary",
        "name": "The commission's 20th founding anniversary this year",
    } in (founded["links"]["refers_to"])


def test_fields_for_tables_and_markdown_in_any_case() -> None:
    assert invoke("figures", "--fields", "ID,Value,claimed_by", "-f", "markdown").stdout == (
        "| id | value | claimed_by |\n"
        "|---|---|---|\n"
        "| trade-growth-2021 | 50 percent | Yuri Borisov |\n"
        "| russian-tourists | more than 15,000 tourists | (no speaker named) |\n"
        "| cian-anniversary-20 | 20th anniversary | (the article) |\n"
        "| cian-founding-year | 2002\\* | (the article) |\n"
        "\n"
        "\\* derived: the article implies this value; venru show ID says how\n"  # escaped: not a list item
    )
    table = invoke("who", "--fields", "id,NAME").stdout.splitlines()
    assert table[0].split() == ["id", "name"] and table[2].split() == ["borisov", "Yuri", "Borisov"]
    result = invoke("who", "--fields", " , ")
    assert result.exit_code == 2 and result.stderr.startswith("venru: --fields is empty; give one or more of: id,")
    for fields in ("id,,name", "id,"):
        result = invoke("who", "--fields", fields)
        assert (result.exit_code, result.stdout) == (2, "")
        assert (
            result.stderr
            == f"venru: --fields '{fields}' has an empty field name; separate the names with single commas\n"
        )


def test_card_shows_each_value_once_and_keywords_only_with_verbose() -> None:
    out = invoke("show", "russian-tourists").stdout
    assert "more than 15,000 tourists" in out and "keywords" not in out
    rows = [line.split()[0] for line in out.splitlines() if line[:1].isalpha()]
    assert rows[rows.index("value") :][:2] == ["value", "period"] and "unit" not in rows and "qualifier" not in rows
    assert "attribution" in out
    assert "keywords" in invoke("show", "russian-tourists", "--verbose").stdout
    tweet = invoke("show", "maduro-tweet-support").stdout
    assert "\ntranslation " not in tweet  # the translation is the title: no row repeats it


def test_quotes_show_the_original_next_to_or_above_the_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    narrow = invoke("quotes", "--speaker", "borisov").stdout
    assert narrow.splitlines()[0].split() == ["ID", "Date", "Speaker", "Lang", "Quote,", "and", "in", "English"]
    assert narrow.index("Unsere Aufgabe") < narrow.index("→ Our task")
    monkeypatch.setenv("COLUMNS", "140")
    wide = invoke("quotes", "--speaker", "borisov").stdout
    assert wide.splitlines()[0].split() == ["ID", "Date", "Speaker", "Lang", "Quote", "English"]
    assert "Unsere Aufgabe ist es, die" in wide.splitlines()[2] and "Our task is" in wide.splitlines()[2]


def test_csv_is_spreadsheet_ready(write_yaml: object) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("figures", "-f", "csv").stdout)))
    assert list(rows[0])[-3:] == ["evidence_paragraphs", "evidence_quotes", "evidence_translations"]
    assert rows[2]["evidence_paragraphs"].startswith("2; 4")
    assert rows[0]["evidence_quotes"].startswith("Nach Angaben von Borissow")
    assert rows[0]["value"] == "50"


def test_csv_neutralises_formulas(write_yaml) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import MINIMAL

    path = write_yaml(MINIMAL.replace("label: Trade growth", "label: '=HYPERLINK(\"http://x\")'"))
    out = invoke("--data", path, "figures", "-f", "csv", "--fields", "id,label,value").stdout
    assert out.splitlines()[1] == 'trade-growth-2021,"\'=HYPERLINK(""http://x"")",50'


def test_wide_terminals_wrap_nothing_that_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["who"], ["topics"], ["timeline"], ["list", "place"]):
        lines = [line for line in invoke(*args).stdout.splitlines() if line.strip() and not line.startswith("* ")]
        assert len(lines) == 2 + len(invoke_json(*args, "--json")), args  # one line per record (and a footnote)


def _tmux() -> str | None:
    found = shutil.which("tmux")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("tmux is missing; .ci/run installs it")
    return found


@pytest.mark.parametrize("args", [["figures"], ["search", "How many tourists came from Russia?"], ["quotes"]])
def test_tables_fit_a_real_80_column_terminal(tmp_path: Path, args: list[str]) -> None:
    """In tmux at 80 columns, no line is longer than the terminal and no id is broken."""
    tmux = _tmux()
    if tmux is None:
        pytest.skip("tmux is not installed")
    venru = Path(sys.executable).parent / "venru"  # the installed command of this environment
    session = f"venru-{uuid.uuid4().hex[:8]}"
    socket = str(tmp_path / "tmux.sock")
    done = tmp_path / "done"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
    command = f"{venru} {quoted} > {tmp_path / 'out'} 2>&1; touch {done}; sleep 30"
    start = [tmux, "-S", socket, "new-session", "-d", "-s", session, "-x", "80", "-y", "50", command]
    subprocess.run(start, check=True, env=env, cwd=tmp_path)
    try:
        for _ in range(200):
            if done.exists():
                break
            time.sleep(0.05)
        size = subprocess.run(
            [tmux, "-S", socket, "display", "-p", "-t", session, "#{pane_width}"], capture_output=True, text=True
        )
        assert size.stdout.strip() == "80"
    finally:
        subprocess.run([tmux, "-S", socket, "kill-server"], capture_output=True)
    out = (tmp_path / "out").read_text(encoding="utf-8")
    lines = out.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), out
    ids = [r["id"] for r in invoke_json(*args, "--json")]
    for record_id in ids:
        assert any(record_id in line for line in lines), record_id  # whole on one line: never broken


def test_every_kind_can_be_listed() -> None:
    from venru import model

    for kind in model.Kind:
        result = invoke("list", kind.value)
        assert result.exit_code == 0 and result.stdout, kind
    assert SHIPPED.exists()


# Listings as people see them, some with many columns, and the widths a terminal may have:
# the `Header: value` blocks below 40 and below 60, tables from 60, both sides of 120.
LISTINGS = [
    ["who"],
    ["who", "--all"],
    ["figures"],
    ["topics"],
    ["quotes"],
    ["outcomes"],
    ["timeline"],
    ["list", "place"],
    ["list", "organization"],
    ["list", "account"],
    ["quotes", "--fields", "id,date,speaker,wording,medium,account,versions"],
    ["topics", "--fields", "id,label,raised_by,discussed_by,reported_by,related"],
]
SOME_WIDTHS = [20, 30, 39, *range(40, 47), 50, 59, 60, 65, 70, 75, 80, 90, 100, 110, 119, 120, 125, 140]


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_no_id_or_short_word_is_broken_where_the_width_allows(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    """Every id, and every word of up to render.WHOLE_WORD characters (names, handles, dates),
    is whole on one line at every width it fits in; no line is wider than the terminal. The
    words are the ones the Markdown table shows, which never wraps."""
    from venru import render

    markdown = invoke(*args, "--format", "markdown").stdout.replace("\\", "")  # unescaped
    words = {w for line in markdown.splitlines()[2:] for w in line.split() if w != "|"}
    ids = [r["id"] for r in invoke_json(*args, "--json")]
    for width in SOME_WIDTHS:
        monkeypatch.setenv("COLUMNS", str(width))
        out = invoke(*args).stdout
        shown = {w for line in out.splitlines() for w in line.split()}
        whole = {w for w in words if len(w) <= render.WHOLE_WORD} | {i for i in ids if len(i) <= width}
        assert whole <= shown, (width, sorted(whole - shown))
        assert all(len(line) <= width for line in out.splitlines()), width


def _is_blocks(out: str) -> bool:
    return out.startswith(("ID:", "Date:", "Kind:"))


def test_names_stay_whole_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """`figures` at 80 columns once wrapped `Yuri / Borisov` and `(no / speaker / named)` while
    the Figure column was 26 wide; `topics` split `Nicolás / Maduro` with a 14-character Topic."""
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["figures"], ["topics"], ["who"]):
        lines = invoke(*args).stdout.splitlines()
        for name in ("Yuri Borisov", "Nicolás Maduro", "(no speaker named)"):
            if name in invoke(*args, "--format", "markdown").stdout:
                assert any(name in line for line in lines), (args, name)


@pytest.mark.parametrize("width", [60, 70, 80, 90, 100, 119])
def test_a_filtered_listing_takes_the_same_layout_decision(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """`quotes --speaker embassy` at 80 columns once printed a table with a 19-character quote
    column where `quotes` gave blocks: both now go by the main column's minimum."""
    from venru import render

    monkeypatch.setenv("COLUMNS", str(width))
    decisions: list[bool] = []
    real = render._widths

    def spy(columns: list[render.Column], cells: list[list[object]], total: int) -> list[int] | None:
        out = real(columns, cells, total)
        decisions.append(out is None)
        main = [i for i, c in enumerate(columns) if c.main]
        if out is not None and cells:
            for i in main:
                natural = max([len(columns[i].header)] + [row[i].cell_len for row in cells])  # type: ignore[attr-defined]
                assert out[i] >= min(natural, render.MAIN_MIN), (columns[i].header, out[i], width)
        return out

    monkeypatch.setattr(render, "_widths", spy)
    embassy = invoke("quotes", "--speaker", "embassy").stdout
    if width == 80:
        assert _is_blocks(embassy) and _is_blocks(invoke("quotes").stdout)
    for args in LISTINGS:  # every table leaves its main column the minimum, or is blocks
        invoke(*args)
    assert decisions


def test_a_long_path_breaks_after_a_slash(tmp_path: Path) -> None:
    """Cards and `info` once broke a path inside a name: `.../data/fa` and `cts.yaml`."""
    deep = tmp_path / "a-long-folder-name" / "another-long-folder" / "data"
    deep.mkdir(parents=True)
    shutil.copy(SHIPPED, deep / "facts.yaml")
    for source in SHIPPED.parent.glob("sources"):
        shutil.copytree(source, deep / "sources")
    for width in ("40", "50", "60"):
        env = {"COLUMNS": width}
        out = _run(["--data", str(deep / "facts.yaml"), "info"], env)
        card = _run(["--data", str(deep / "facts.yaml"), "show", "borisov"], env)
        for name in ("a-long-folder-name/", "another-long-folder/", "facts.yaml"):
            assert name in out and name in card, (width, name)  # whole, on one line
        assert all(len(line) <= int(width) for line in out.splitlines() + card.splitlines())


def _run(args: list[str], env: dict[str, str]) -> str:
    from typer.testing import CliRunner

    from venru.cli import app

    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout
