"""The SQLite export read back with the sqlite3 module: tables from the model, rows, keys, offsets, full text."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SHIPPED
from venru import export, load, model, query, spec


@pytest.fixture(scope="module")
def base() -> model.FactBase:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None and not loaded.problems
    return loaded.base


@pytest.fixture(scope="module")
def db(base: model.FactBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("export") / "facts.db"
    written = export.write(base, path)
    assert written.notes == ()
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row["name"] for row in db.execute(f'PRAGMA table_info("{table}")')]


def test_one_table_per_kind_with_the_kinds_fields(db: sqlite3.Connection, base: model.FactBase) -> None:
    for kind, cls in model.RECORD_TYPES.items():
        expected = [f.name for f in spec.fields_of(cls) if f.name != "evidence"]
        assert columns(db, kind.value) == expected
        (count,) = db.execute(f'SELECT count(*) FROM "{kind.value}"').fetchone()
        assert count == query.counts(base)[kind.value]


def test_lists_are_json_arrays_and_numbers_stay_numbers(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT * FROM participant WHERE id = 'borisov'").fetchone()
    assert row["name"] == "Yuri Borisov" and row["country"] == "RU" and row["side"] == "russia"
    assert "Juri Borissow" in json.loads(row["aliases"])
    assert json.loads(row["organizations"]) == ["cian", "russian-government"]
    value, unit = db.execute("SELECT value, unit FROM figure WHERE id = 'trade-growth-2021'").fetchone()
    assert (value, type(value), unit) == (50, int, "percent")
    (derived,) = db.execute("SELECT derived FROM figure WHERE id = 'cian-founding-year'").fetchone()
    assert [set(item) for item in json.loads(derived)] == [{"field", "from", "method"}]


def test_every_record_once_with_label(db: sqlite3.Connection, base: model.FactBase) -> None:
    rows = {r["id"]: (r["kind"], r["label"]) for r in db.execute("SELECT * FROM records")}
    assert rows == {r.id: (r.kind.value, r.label) for r in base.records}


def test_foreign_keys_declared_and_satisfied(db: sqlite3.Connection) -> None:
    keys = {(row["from"], row["table"]) for row in db.execute("PRAGMA foreign_key_list(figure)")}
    assert keys == {("claimed_by", "records"), ("topic", "records")}
    keys = {(row["from"], row["table"]) for row in db.execute("PRAGMA foreign_key_list(evidence)")}
    assert keys == {("record", "records"), ("source", "sources")}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sources_and_paragraphs(db: sqlite3.Connection, base: model.FactBase) -> None:
    sources = db.execute("SELECT id, title, language FROM sources").fetchall()
    assert [tuple(s) for s in sources] == [(s.id, s.title, s.language.value) for s in base.sources]
    numbers = [n for (n,) in db.execute("SELECT number FROM paragraphs ORDER BY number")]
    assert numbers == list(range(11))  # the title line is 0, the body's lines 1 to 10
    (title,) = db.execute("SELECT text FROM paragraphs WHERE number = 0").fetchone()
    assert base.source.title in title


def test_evidence_offsets_point_at_the_quote(db: sqlite3.Connection, base: model.FactBase) -> None:
    rows = db.execute(
        "SELECT e.quote, e.char_start, e.char_end, p.text FROM evidence e "
        "JOIN paragraphs p ON p.source = e.source AND p.number = e.paragraph"
    ).fetchall()
    assert len(rows) == sum(len(r.evidence) for r in base.records)
    for quote, start, end, text in rows:
        assert text[start:end] == quote


def test_links_hold_every_reference(db: sqlite3.Connection, base: model.FactBase) -> None:
    rows = {tuple(r) for r in db.execute("SELECT from_id, field, to_id FROM links")}
    assert ("trade-growth-2021", "claimed_by", "borisov") in rows
    assert len(rows) == sum(len(query.refs(r)) for r in base.records)


def test_full_text_over_names_labels_quotes_and_translations(db: sqlite3.Connection) -> None:
    def hits(table: str, words: str) -> set[str]:
        key = "id" if table == "records" else "record"
        sql = f"SELECT {key} FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
        return {row[0] for row in db.execute(sql, [words])}

    assert "borisov" in hits("records", "Borissow")  # an alias
    assert "maduro" in hits("records", "Nicolás")  # non-ASCII name
    assert "maduro-tweet-support" in hits("records", '"hermana nación"')  # a quote's own words
    assert "trade-growth-2021" in hits("evidence", "Handelsumsatz OR turnover")


def test_marked_as_venru_export(tmp_path: Path, base: model.FactBase) -> None:
    path = tmp_path / "facts.db"
    export.write(base, path)
    assert export.is_export(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == export.APPLICATION_ID
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert not export.is_export(other)


def test_metadata_describes_every_table_and_column(tmp_path: Path, base: model.FactBase) -> None:
    path = tmp_path / "facts.db"
    written = export.write(base, path)
    metadata = json.loads(written.metadata.read_text(encoding="utf-8"))
    assert written.metadata == tmp_path / "facts.metadata.json"
    assert metadata["title"] == f"venru: {base.source.title_en}"
    tables = metadata["databases"]["facts"]["tables"]
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in (n for n in names if "_fts" not in n):
            assert tables[table]["description"]
            assert set(tables[table]["columns"]) == set(columns(connection, table)), table
            label = tables[table].get("label_column")
            assert label is None or label in columns(connection, table)
            for facet in tables[table].get("facets", []):
                column = facet["array"] if isinstance(facet, dict) else facet
                assert column in columns(connection, table)
    assert tables["participant"]["label_column"] == "name"
    assert tables["quote"]["label_column"] == "translation"
    assert {"country", "side"} <= {f for f in tables["participant"]["facets"] if isinstance(f, str)}
    assert "speaker" in tables["quote"]["facets"]


def test_field_notes_name_real_fields() -> None:
    known = {
        f.name for cls in (*model.RECORD_TYPES.values(), model.Evidence, model.Source) for f in spec.fields_of(cls)
    }
    assert set(export.FIELD_NOTES) <= known


def test_unreadable_source_is_a_note_not_a_failure(tmp_path: Path) -> None:
    from tests.helpers import MINIMAL

    (tmp_path / "article.txt").unlink()  # the copy every test gets (see conftest)
    (tmp_path / "facts.yaml").write_text(MINIMAL, encoding="utf-8")  # its article.txt does not exist
    loaded = load.load(str(tmp_path / "facts.yaml"))
    assert loaded.base is not None
    written = export.write(loaded.base, tmp_path / "out.db")
    assert len(written.notes) == 1 and "article.txt" in written.notes[0]
    with sqlite3.connect(tmp_path / "out.db") as connection:
        assert connection.execute("SELECT count(*) FROM paragraphs").fetchone() == (0,)
        assert connection.execute("SELECT char_start FROM evidence").fetchall() == [(None,), (None,)]
