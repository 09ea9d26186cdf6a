"""Folder fact bases: every *.yaml in a folder as one base, its database, its per-file cache."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import invoke, invoke_json
from venru import folder, load, search, settings, store

SOURCE = "Titel der Meldung\n\nBorissow traf Rodríguez in Caracas.\nDer Handel wuchs um 50 Prozent.\n"

PEOPLE = """\
sources:
  - id: people-source
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: sources/people.txt
records:
  - id: borisov
    kind: participant
    name: Yuri Borisov
    aliases: [Juri Borissow]
    country: RU
    side: russia
    roles: [Deputy Prime Minister]
    evidence:
      - paragraph: 1
        quote: Borissow traf Rodríguez
"""

FIGURES = """\
sources:
  - id: figures-source
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: sources/figures.txt
records:
  - id: trade-growth
    kind: figure
    label: Trade growth
    value: 50
    unit: percent
    claimed_by: borisov
    evidence:
      - paragraph: 2
        quote: um 50 Prozent
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A folder of two files; a figure in one is claimed by a participant in the other."""
    root = tmp_path / "base"
    (root / "sources").mkdir(parents=True)
    for name in ("people", "figures"):
        (root / "sources" / f"{name}.txt").write_text(SOURCE, encoding="utf-8")
    (root / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / "figures.yaml").write_text(FIGURES, encoding="utf-8")
    return root


def _database(root: Path) -> Path:
    return store.database_path(root, Path(os.environ["XDG_CACHE_HOME"]) / "venru")


def test_a_reference_may_cross_files(base: Path) -> None:
    card = invoke_json("--data", str(base), "show", "trade-growth", "--json")
    assert card["claimed_by"] == "borisov"
    assert [(link["field"], link["id"]) for link in card["links"]["refers_to"]] == [("claimed_by", "borisov")]
    back = invoke_json("--data", str(base), "show", "borisov", "--json")
    assert [(link["field"], link["id"]) for link in back["links"]["referred_by"]] == [("claimed_by", "trade-growth")]


def test_files_are_read_in_name_order_and_listed_by_info(base: Path) -> None:
    info = invoke_json("--data", str(base), "info", "--json")
    assert info["files"] == [str(base / "figures.yaml"), str(base / "people.yaml")]
    assert [s["id"] for s in info["sources"]] == ["figures-source", "people-source"]
    assert info["records"] == 2
    ids = [r["id"] for r in invoke_json("--data", str(base), "figures", "--json")]
    assert ids == ["trade-growth"]


def test_venru_data_names_a_folder(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENRU_DATA", str(base))
    assert [r["id"] for r in invoke_json("who", "borissow", "--json")] == ["borisov"]


def test_validate_checks_every_file(base: Path) -> None:
    result = invoke("validate", str(base))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "ok: 2 records\n"


def test_a_duplicate_id_across_files_names_both_places(base: Path) -> None:
    (base / "people.yaml").write_text(PEOPLE.replace("id: borisov", "id: trade-growth"), encoding="utf-8")
    result = invoke("validate", str(base), "--json")
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    assert {
        "file": str(base / "people.yaml"),
        "line": 9,
        "column": 9,
        "path": "records[0].id",
        "record": "trade-growth",
        "message": "duplicate id 'trade-growth' (first used in figures.yaml on line 9)",
    } in problems
    # and the figure's reference to borisov, now no record's id, is found across the files too
    dangling = [p for p in problems if p["path"] == "records[0].claimed_by"]
    assert dangling[0]["file"] == str(base / "figures.yaml") and dangling[0]["line"] == 14
    assert dangling[0]["message"].startswith("refers to 'borisov', which is no record's id")


def test_problems_inside_a_file_carry_its_name_and_line(base: Path) -> None:
    (base / "figures.yaml").write_text(FIGURES.replace("value: 50", "value: fifty"), encoding="utf-8")
    result = invoke("--data", str(base), "who")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"{base / 'figures.yaml'}:12:12: records[0].value: expected a number")


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("--data", str(tmp_path / "empty"), "who")
    assert result.exit_code == 3
    assert "holds no .yaml fact base files" in result.stderr


def test_an_edited_file_is_picked_up_and_only_it_is_parsed(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = settings.from_environment(os.environ)
    assert load.load(str(base), run).base is not None
    parsed: list[str] = []
    original = folder._parse

    def counting(*args: object, **kwargs: object) -> store.Entry:
        entry = original(*args, **kwargs)  # type: ignore[arg-type]
        parsed.append(entry.name)
        return entry

    monkeypatch.setattr(folder, "_parse", counting)
    (base / "figures.yaml").write_text(FIGURES.replace("Trade growth", "Growth of trade"), encoding="utf-8")
    loaded = load.load(str(base), run)
    assert loaded.base is not None and not loaded.problems
    assert parsed == ["figures.yaml"]
    found = loaded.base.get("trade-growth")
    assert found is not None and found.label == "Growth of trade"
    parsed.clear()
    again = load.load(str(base), run)  # unchanged: nothing parsed, and the answer is the edited one
    assert parsed == [] and again.base is not None
    assert [r.label for r in again.base.records] == ["Growth of trade", "Yuri Borisov"]


def test_an_edited_source_text_is_checked_again(base: Path) -> None:
    assert invoke("--data", str(base), "who").exit_code == 0
    (base / "sources" / "figures.txt").write_text(SOURCE.replace("50 Prozent", "fünfzig Prozent"), encoding="utf-8")
    result = invoke("--data", str(base), "who")
    assert result.exit_code == 3
    assert "records[0].evidence[0].quote" in result.stderr and "figures.yaml:16:9:" in result.stderr


def test_a_removed_and_an_added_file_are_seen(base: Path) -> None:
    assert invoke("--data", str(base), "figures", "--json").exit_code == 0
    (base / "figures.yaml").rename(base / "more.yaml")
    info = invoke_json("--data", str(base), "info", "--json")
    assert info["files"] == [str(base / "more.yaml"), str(base / "people.yaml")]
    (base / "more.yaml").unlink()
    assert invoke_json("--data", str(base), "figures", "--json") == []


def test_a_corrupt_database_is_rebuilt(base: Path) -> None:
    assert invoke("--data", str(base), "who").exit_code == 0
    database = _database(base)
    assert database.is_file()
    database.write_bytes(b"this is not a database" * 100)
    hits = invoke_json("--data", str(base), "search", "trade growth", "--json")
    assert hits[0]["id"] == "trade-growth"
    with sqlite3.connect(database) as db:  # a real database again
        assert db.execute("SELECT count(*) FROM records").fetchone() == (2,)


def test_damaged_rows_are_never_printed(base: Path) -> None:
    assert invoke("--data", str(base), "who").exit_code == 0
    with sqlite3.connect(_database(base)) as db:
        db.execute("UPDATE records SET plain = replace(plain, 'Yuri Borisov', 'Mallory')")
        db.execute("UPDATE records SET plain = '{\"kind\": \"participant\"}' WHERE id = 'trade-growth'")
    card = invoke_json("--data", str(base), "show", "trade-growth", "--json")
    assert card["label"] == "Trade growth"
    assert [r["name"] for r in invoke_json("--data", str(base), "who", "--json")] == ["Yuri Borisov"]


def test_search_ranks_as_the_in_memory_index(base: Path) -> None:
    loaded = load.load(str(base), settings.from_environment(os.environ))
    assert loaded.base is not None
    every = search.Index.build(loaded.base.records)
    for question in ("How much did trade grow?", "borissow", "Handel", "prozent minister"):
        expected = [(h.record.id, h.score, h.snippet) for h in every.search(question)]
        assert [(h.record.id, h.score, h.snippet) for h in search.search(loaded.base, question)] == expected


def _hits(index: search.Index, question: str, limit: int | None = 10) -> list[tuple[str, float, str]]:
    return [(h.record.id, h.score, h.snippet) for h in index.search(question, None, limit)]


def test_every_question_ranks_over_the_database_as_in_memory(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import SHIPPED
    from tests.test_search import QUESTIONS

    root = tmp_path / "shipped"
    shutil.copytree(SHIPPED.parent / "sources", root / "sources")
    shutil.copy(SHIPPED, root / "facts.yaml")
    loaded = load.load(str(root), settings.from_environment(os.environ))
    assert isinstance(loaded.base, store.IndexedBase)
    every = search.Index.build(loaded.base.records)
    over_database = search.index_for(loaded.base)
    assert isinstance(over_database, store.SqlIndex)
    for question in [q["q"] for q in QUESTIONS] + ["Erdöl", "minister", "borisof venezulea"]:
        assert _hits(over_database, question) == _hits(every, question), question
    assert _hits(over_database, "trade", None) == _hits(every, "trade", None)


QUESTIONS_OF_GENERATED = ("How much did trade grow in 2021?", "oil minister", "energy talks 2004", "Trade agreement")


def _generated(root: Path) -> tuple[store.IndexedBase, search.Index]:
    loaded = load.load(str(root), settings.from_environment(os.environ))
    assert isinstance(loaded.base, store.IndexedBase), loaded.problems
    index = search.index_for(loaded.base)
    assert isinstance(index, store.SqlIndex)
    return loaded.base, index


def _postings_by_id(database: Path) -> dict[str, set[tuple[str, float, float, int]]]:
    """Each word's postings, naming records by id rather than by their numbers in this database."""
    with sqlite3.connect(database) as db:
        ids = dict(db.execute("SELECT n, id FROM records"))
        found = {}
        for word, letters, data in db.execute("SELECT word, letters, data FROM postings"):
            assert letters == (0 if word.isdigit() else len(word))
            postings = list(store.POSTING.iter_unpack(data))
            assert postings == sorted(postings)  # in the order of n: edits cut one stretch of a row
            found[word] = {(ids[n], weight, length, kind) for n, weight, length, kind in postings}
    return found


def test_edits_update_each_words_postings_as_a_new_build_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.bigfolder import write_folder

    root = write_folder(tmp_path / "generated", 8, per_file=16)
    base, index = _generated(root)
    base.store.close()
    # one file's words replaced (its old words gone from the base, new ones come), one file removed
    for edited in (root / "a00003.yaml", root / "sources" / "a00003.txt"):
        edited.write_text(edited.read_text(encoding="utf-8").replace("trade", "commerce"), encoding="utf-8")
    (root / "a00007.yaml").unlink()
    base, index = _generated(root)
    every = search.Index.build(base.records)
    for question in (*QUESTIONS_OF_GENERATED, "commerce", "trade"):
        assert _hits(index, question) == _hits(every, question), question
    assert any(h.record.id.startswith("a00003") for h in index.search("commerce"))
    assert not any(h.record.id.startswith(("a00003", "a00007")) for h in index.search("trade", None, None))
    base.store.close()
    edited_database = _database(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))
    _generated(root)[0].store.close()  # the same folder built from scratch
    assert _postings_by_id(edited_database) == _postings_by_id(_database(root))


def test_a_damaged_postings_row_is_never_used_and_the_database_is_rebuilt(base: Path) -> None:
    expected = invoke_json("--data", str(base), "search", "trade growth", "--json")
    assert expected[0]["id"] == "trade-growth"
    for damage in (b"\x00" * 5, store.POSTING.pack(999, 3.0, 3.0, 0), store.POSTING.pack(1, float("nan"), 3.0, 0)):
        with sqlite3.connect(_database(base)) as db:
            db.execute("UPDATE postings SET data = ? WHERE word = 'trade'", (damage,))
        assert invoke_json("--data", str(base), "search", "trade growth", "--json") == expected
        assert not _database(base).exists()  # removed by the run that found it, built again by the next one
        assert invoke_json("--data", str(base), "search", "trade growth", "--json") == expected
        with sqlite3.connect(_database(base)) as db:
            (data,) = db.execute("SELECT data FROM postings WHERE word = 'trade'").fetchone()
            assert data != damage and len(data) % store.POSTING.size == 0


def test_a_database_of_an_older_format_is_built_again(base: Path) -> None:
    assert invoke("--data", str(base), "who").exit_code == 0
    with sqlite3.connect(_database(base)) as db:
        db.execute("UPDATE meta SET value = '2' WHERE name = 'format'")
        db.execute("DELETE FROM postings")
    assert invoke_json("--data", str(base), "search", "trade growth", "--json")[0]["id"] == "trade-growth"
    with sqlite3.connect(_database(base)) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() == (str(store.FORMAT),)
        assert db.execute("SELECT count(*) FROM postings WHERE word = 'trade'").fetchone() == (1,)


def test_two_processes_building_at_once(base: Path) -> None:
    for number in range(30):  # enough files that the builds overlap
        text = PEOPLE.replace("borisov", f"person-{number}").replace("people-source", f"source-{number}")
        (base / f"p{number:02d}.yaml").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "venru", "--data", str(base), "search", "Borissow", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0] and json.loads(outputs[0][0])
    with sqlite3.connect(_database(base)) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone() == (32,)
    leftovers = [p.name for p in _database(base).parent.iterdir() if p.name.startswith(".venru-tmp")]
    assert leftovers == []


def test_without_a_cache_nothing_is_written(base: Path, tmp_path: Path) -> None:
    result = invoke("--no-cache", "--data", str(base), "show", "borisov", "--json")
    assert result.exit_code == 0
    assert not (tmp_path / "cache").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_after_its_delay() -> None:
    from venru import render

    for stream, seconds, shown in ((_Terminal(), 0.0, True), (_Terminal(), 60.0, False), (io.StringIO(), 0.0, False)):
        with render.progress_after("reading", seconds=seconds, stream=stream) as advance:
            advance(1, 4)
            advance(2, 4)
        assert bool(stream.getvalue()) is shown, (seconds, stream.getvalue())


def test_progress_draws_nothing_with_no_color() -> None:
    """A bar redraws itself with escape codes; NO_COLOR promises none, so there is no bar."""
    from venru import render
    from venru.settings import Settings

    quiet = Settings(data="facts.yaml", cache_dir=None, no_color=True)
    for run, shown in ((None, True), (quiet, False)):
        stream = _Terminal()
        with render.progress_after("reading", run, seconds=0.0, stream=stream) as advance:
            advance(1, 4)
        with render.progress("exporting", run, stream=_Terminal()) as callback:
            assert (callback is not None) is shown
        assert bool(stream.getvalue()) is shown, stream.getvalue()
