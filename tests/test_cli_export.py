"""`venru export sqlite`: opened by the real Datasette, replaced atomically, refusing what it must."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINIMAL, VENRU, invoke
from venru import exitcodes, export


def _datasette_get(database: Path, *paths: str) -> list[Any]:
    """GET each path from a real Datasette serving `database` with venru's metadata."""
    from datasette.app import Datasette

    metadata = json.loads(export.metadata_path(database).read_text(encoding="utf-8"))

    async def fetch() -> list[Any]:
        app = Datasette([str(database)], metadata=metadata)
        out = []
        for path in paths:
            response = await app.client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            out.append(response.json())
        return out

    return asyncio.run(fetch())


def _files(folder: Path) -> list[str]:
    """What a folder holds, but venru's cache (which conftest puts in tmp_path)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("cache", "article.txt"))  # see conftest


def test_export_opens_in_datasette(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # nothing but a note on stderr: stdout is for data
    assert result.stderr.startswith(f"wrote {path} (")
    assert _files(tmp_path) == ["facts.db", "facts.metadata.json"]

    participants, figure, found, evidence, about = _datasette_get(
        path,
        "/facts/participant.json?_shape=array&_sort=id",
        "/facts/figure.json?_shape=objects&_labels=on&id=trade-growth-2021",
        "/facts/records.json?_shape=array&_search=Borissow",
        "/facts/evidence.json?_shape=array&_search=Handelsumsatz",
        "/facts/participant.json?_facet=country",
    )
    assert "borisov" in [row["id"] for row in participants]
    assert next(r for r in participants if r["id"] == "maduro")["name"] == "Nicolás Maduro"
    claimed_by = figure["rows"][0]["claimed_by"]
    assert claimed_by == {"value": "borisov", "label": "Yuri Borisov"}  # a foreign key shown by its label
    assert [row["id"] for row in found][:1] == ["borisov"] or "borisov" in [row["id"] for row in found]
    assert "trade-growth-2021" in [row["record"] for row in evidence]
    countries = {item["value"] for item in about["facet_results"]["country"]["results"]}
    assert countries == {"RU", "VE"}


def test_datasette_shows_the_metadata(tmp_path: Path) -> None:
    path = tmp_path / "venru.db"
    assert invoke("export", "sqlite", str(path)).exit_code == 0
    (shown,) = _datasette_get(path, "/-/metadata.json")
    assert shown["title"].startswith("venru: Russia and Venezuela")
    assert shown["databases"]["venru"]["tables"]["figure"]["columns"]["claimed_by"].startswith("Who gave the number")


def test_rerun_replaces_the_export(tmp_path: Path, write_yaml: Any) -> None:
    path = tmp_path / "out" / "facts.db"
    path.parent.mkdir()
    assert invoke("--data", write_yaml(MINIMAL), "export", "sqlite", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM records").fetchone() == (2,)
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM records").fetchone()[0] > 2
    assert _files(path.parent) == ["facts.db", "facts.metadata.json"]  # no temporary files left


def test_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes\n", encoding="utf-8")
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr == f"venru: {path} exists and is not a venru export; use --force to replace it\n"
    assert path.read_text(encoding="utf-8") == "my notes\n"
    assert invoke("export", "sqlite", str(path), "--force").exit_code == 0
    assert export.is_export(path)


def test_refuses_someone_elses_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE mine (x)")
    assert invoke("export", "sqlite", str(path)).exit_code == exitcodes.CANNOT_WRITE
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


def test_refuses_a_metadata_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "facts.metadata.json").write_text('{"title": "mine"}', encoding="utf-8")
    result = invoke("export", "sqlite", str(tmp_path / "facts.db"))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert "facts.metadata.json exists and is not venru's Datasette metadata; use --force" in result.stderr
    assert _files(tmp_path) == ["facts.metadata.json"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    result = invoke("export", "sqlite", str(tmp_path))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr == f"venru: {tmp_path} is a directory; give a file name, e.g. {tmp_path / 'facts.db'}\n"


def test_standard_output_is_refused(tmp_path: Path) -> None:
    result = invoke("export", "sqlite", "-")
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr == "venru: export writes a SQLite file, not standard output; give a file name, e.g. facts.db\n"


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = invoke("export", "sqlite", str(tmp_path / "nowhere" / "facts.db"))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert (
        result.stderr
        == f"venru: cannot write {tmp_path / 'nowhere' / 'facts.db'}: folder {tmp_path / 'nowhere'} does not exist\n"
    )


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root writes anywhere: make the refusal happen where the OS would
        import tempfile

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = invoke("export", "sqlite", str(folder / "facts.db"))
    folder.chmod(0o700)
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr == f"venru: cannot write in folder {folder}: permission denied\n"
    assert _files(folder) == []


def _previous_export(tmp_path: Path, write_yaml: Any) -> tuple[Path, bytes]:
    path = tmp_path / "facts.db"
    assert invoke("--data", write_yaml(MINIMAL), "export", "sqlite", str(path)).exit_code == 0
    return path, path.read_bytes()


def test_full_disk_leaves_the_previous_export(tmp_path: Path, write_yaml: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = _previous_export(tmp_path, write_yaml)

    def small_disk(target: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(target)
        connection.execute("PRAGMA max_page_count = 8")  # SQLite then fails as on a full disk
        return connection

    monkeypatch.setattr(export, "connect", small_disk)
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr.startswith(f"venru: cannot write {path}: no space left on the device")
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["facts.db", "facts.metadata.json", "facts.yaml"]


def test_full_disk_while_syncing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = invoke("export", "sqlite", str(tmp_path / "facts.db"))
    assert result.exit_code == exitcodes.CANNOT_WRITE
    assert result.stderr == f"venru: cannot write {tmp_path / 'facts.db'}: no space left on the device\n"
    assert _files(tmp_path) == []


def test_interrupted_run_leaves_nothing_half_written(
    tmp_path: Path, write_yaml: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, before = _previous_export(tmp_path, write_yaml)
    real_fill = export._fill

    def interrupted(db: sqlite3.Connection, *args: Any) -> Any:
        real_fill(db, *args)
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_fill", interrupted)
    result = invoke("export", "sqlite", str(path))
    assert result.exit_code == exitcodes.INTERRUPTED
    assert result.stderr == f"venru: interrupted; {path} was left as it was\n"
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["facts.db", "facts.metadata.json", "facts.yaml"]


def test_unusable_base_writes_nothing(tmp_path: Path, write_yaml: Any) -> None:
    result = invoke("--data", write_yaml("records: [\n"), "export", "sqlite", str(tmp_path / "facts.db"))
    assert result.exit_code == exitcodes.UNUSABLE
    assert not (tmp_path / "facts.db").exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("export", "parquet", str(tmp_path / "facts.db"))
    assert result.exit_code == exitcodes.USAGE


def test_progress_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    import pty
    import subprocess

    venru = VENRU
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm"}
    piped = subprocess.run([str(venru), "export", "sqlite", str(tmp_path / "a.db")], capture_output=True, env=env)
    assert piped.returncode == 0 and piped.stdout == b""
    assert piped.stderr.decode().startswith("wrote ") and b"\x1b" not in piped.stderr
    leader, follower = pty.openpty()
    shown = subprocess.run(
        [str(venru), "export", "sqlite", str(tmp_path / "b.db")], stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert shown.returncode == 0 and shown.stdout == b""
    assert b"exporting" in drawn and b"\x1b[" in drawn
