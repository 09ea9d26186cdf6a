"""The cache of validated bases: content-keyed, corrupt files rebuilt, atomic, optional."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.helpers import MINIMAL, VENRU, invoke, needs_installed
from venru import cache, load, search, settings, validate
from venru.settings import Settings


@pytest.fixture
def run(tmp_path: Path) -> Settings:
    return Settings(data="", cache_dir=tmp_path / "cache" / "venru")


def cache_files(folder: Path | None = None) -> list[Path]:
    """The entries in `folder`, by default the cache folder of the test's environment (conftest)."""
    folder = folder or settings.from_environment(os.environ).cache_dir
    assert folder is not None
    return sorted(folder.glob("*.json")) if folder.exists() else []


def test_cache_lives_in_the_user_cache_directory(tmp_path: Path, write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    invoke("--data", path, "who", "--json")
    assert settings.from_environment(os.environ).cache_dir == tmp_path / "cache" / "venru"
    assert [p.name.split(".")[1] for p in cache_files()] == ["base"]
    assert sorted(p.name for p in Path(path).parent.iterdir()) == [
        "article.txt",
        "cache",
        "facts.yaml",
    ]  # nothing beside the data


def test_second_load_comes_from_the_cache_and_matches(
    write_yaml: Callable[[str], str], run: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    first = load.load(path, run)
    monkeypatch.setattr(validate, "document", None)  # a second parse would fail
    second = load.load(path, run)
    assert first.base is not None and second.base is not None
    assert second.base.records == first.base.records
    assert [r.where for r in second.base.records] == [r.where for r in first.base.records]


def test_an_edit_invalidates_the_cache(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    assert invoke("--data", path, "figures", "--json").stdout.count('"value": 50') == 1
    Path(path).write_text(MINIMAL.replace("value: 50", "value: 51"), encoding="utf-8")
    assert json.loads(invoke("--data", path, "figures", "--json").stdout)[0]["value"] == 51


def test_problems_are_never_cached(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", "value: fifty"))
    for _ in range(2):
        assert invoke("--data", path, "validate").exit_code == 3
    assert cache_files() == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b"\x00\xff",
        b'{"format": 2, "key": "other", "data": {}}',
        b"[1, 2]",
        b'{"format": 2, "key": "%s", "data": {"records": [{"kind": "nope"}]}}',
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_rebuilt(write_yaml: Callable[[str], str], damage: bytes) -> None:
    path = write_yaml(MINIMAL)
    invoke("--data", path, "who", "--json")
    (entry,) = cache_files()
    entry.write_bytes(damage.replace(b"%s", entry.name.split(".")[0].encode()))
    result = invoke("--data", path, "who", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "borisov"
    assert json.loads(entry.read_bytes())["format"] == cache.FORMAT  # written anew


def test_no_cache_option_and_environment_bypass_it(
    write_yaml: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    assert invoke("--no-cache", "--data", path, "who").exit_code == 0
    assert cache_files() == []
    monkeypatch.setenv("VENRU_NO_CACHE", "1")
    assert invoke("--data", path, "search", "borisov").exit_code == 0
    assert cache_files() == []
    monkeypatch.setenv("VENRU_NO_CACHE", "0")
    assert invoke("--data", path, "search", "borisov").exit_code == 0
    assert len(cache_files()) == 2  # the base and its search index


def test_read_only_or_unusable_cache_directory_is_tolerated(
    tmp_path: Path, write_yaml: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    result = invoke("--data", path, "who", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(readonly))
    result = invoke("--data", path, "search", "trade", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "trade-growth-2021"


def test_search_index_is_cached_and_gives_the_same_answer(
    write_yaml: Callable[[str], str], run: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    base = load.load(path, run).base
    assert base is not None
    fresh = [(h.record.id, h.score) for h in search.search(base, "Borissow trade", run=run)]
    assert any(p.name.endswith(".search.json") for p in cache_files(run.cache_dir))
    monkeypatch.setattr(search.Index, "build", None)  # building the index again would fail
    cached = [(h.record.id, h.score) for h in search.search(base, "Borissow trade", run=run)]
    assert cached == fresh


@needs_installed
def test_concurrent_runs_all_succeed(tmp_path: Path) -> None:
    from benchmarks.bigbase import write_big_base

    big = tmp_path / "big.yaml"
    write_big_base(big, 1500)
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [str(VENRU), "--data", str(big), "search", "trade growth", "--json", "--limit", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert all(err == b"" for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    assert not list((tmp_path / "cache" / "venru").glob(".tmp-*"))  # no half-written file left behind


# ----------------------------------------------------------------------------- the cache trusts nothing


class Run(NamedTuple):
    code: int
    stdout: bytes
    stderr: bytes
    peak_kib: int  # the run's peak resident memory


def run_venru(
    *args: str,
    env: dict[str, str],
    umask: int | None = None,
    as_user_without_passwd_entry: bool = False,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Run:
    """The installed venru, with another umask or as a user unknown to the system (in a user
    namespace, like a container run with --user N), and its peak memory."""
    import tempfile
    import threading

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    base = {k: v for k, v in os.environ.items() if not k.startswith("VENRU_") and k not in ("XDG_CACHE_HOME", "HOME")}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [*(UNKNOWN_USER if as_user_without_passwd_entry else []), str(VENRU), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=base | env,
            cwd=cwd or "/",
            preexec_fn=set_umask,  # the test process runs no threads at this point
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(process.returncode, out.read(), err.read(), usage.ru_maxrss)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
OTHER_UID = 65534  # nobody
UNKNOWN_USER = ["unshare", "--user", "--map-user=12345", "--map-group=12345"]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder other users can enter (pytest's tmp_path is private to its owner)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="venru-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def poisoned_cache(root: Path) -> Path:
    """A cache of the bundled base under `root`, whose entry says Borisov is 'Poisoned'."""
    first = run_venru("who", "--json", env={"XDG_CACHE_HOME": str(root)})
    assert first.code == 0 and b"Yuri Borisov" in first.stdout
    (entry,) = (root / "venru").glob("*.base.json")
    entry.write_text(entry.read_text(encoding="utf-8").replace("Yuri Borisov", "Poisoned"), encoding="utf-8")
    assert b"Poisoned" in run_venru("who", "--json", env={"XDG_CACHE_HOME": str(root)}).stdout  # it is read
    return root / "venru"


def assert_cache_not_used(root: Path) -> None:
    result = run_venru("who", "--json", env={"XDG_CACHE_HOME": str(root)})
    assert result.code == 0 and result.stderr == b""
    assert json.loads(result.stdout)[0]["name"] == "Yuri Borisov"
    debug = run_venru("--debug", "who", "--json", env={"XDG_CACHE_HOME": str(root)})
    (note,) = debug.stderr.decode().splitlines()
    assert note.startswith(f"venru: note: not using the cache folder {root / 'venru'}: ")
    assert note.endswith("; running without a cache")


@needs_installed
@needs_root
def test_a_cache_folder_owned_by_another_user_is_not_used(shared_tmp: Path) -> None:
    folder = poisoned_cache(shared_tmp)
    os.chown(folder, OTHER_UID, OTHER_UID)
    assert_cache_not_used(shared_tmp)
    assert sorted(p.name.split(".")[1] for p in folder.iterdir()) == ["base"]  # nothing written into it


@needs_installed
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702], ids=["0777", "0770", "0702"])
def test_a_cache_folder_others_can_write_is_not_used(shared_tmp: Path, mode: int) -> None:
    folder = poisoned_cache(shared_tmp)
    folder.chmod(mode)
    assert_cache_not_used(shared_tmp)


@needs_installed
def test_a_cache_folder_inside_a_folder_others_can_write_is_not_used(shared_tmp: Path) -> None:
    poisoned_cache(shared_tmp)
    shared_tmp.chmod(0o777)  # anyone could rename venru/ and put their own in its place
    assert_cache_not_used(shared_tmp)
    shared_tmp.chmod(0o1777)  # sticky, like /tmp: only the owner can rename it
    result = run_venru("who", "--json", env={"XDG_CACHE_HOME": str(shared_tmp)})
    assert b"Poisoned" in result.stdout  # the same folder is used again: the refusal came from the parent


@needs_installed
def test_a_symlinked_cache_folder_is_not_used(shared_tmp: Path) -> None:
    real = poisoned_cache(shared_tmp / "real")
    (shared_tmp / "link").mkdir(mode=0o700)
    (shared_tmp / "link" / "venru").symlink_to(real)
    assert_cache_not_used(shared_tmp / "link")


@needs_installed
def test_a_symlinked_entry_is_not_followed(shared_tmp: Path) -> None:
    poisoned = poisoned_cache(shared_tmp / "elsewhere")
    (entry,) = poisoned.glob("*.base.json")
    mine = shared_tmp / "mine"
    run_venru("who", "--json", env={"XDG_CACHE_HOME": str(mine)})
    (mine / "venru" / entry.name).unlink()
    (mine / "venru" / entry.name).symlink_to(entry)
    result = run_venru("who", "--json", env={"XDG_CACHE_HOME": str(mine)})
    assert result.code == 0 and json.loads(result.stdout)[0]["name"] == "Yuri Borisov"


def entry_path(root: Path, data: bytes, part: str = "base") -> Path:
    return root / "venru" / f"{cache.key(data)}.{part}.json"


@needs_installed
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge-sparse-file"])
def test_an_entry_that_is_no_small_regular_file_is_skipped_at_once(tmp_path: Path, kind: str) -> None:
    data = MINIMAL.encode()
    (tmp_path / "facts.yaml").write_bytes(data)
    entry = entry_path(tmp_path / "cache", data)
    entry.parent.mkdir(parents=True, mode=0o700)
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "dev-zero":
        entry.symlink_to("/dev/zero")
    else:
        with open(entry, "wb") as handle:
            handle.truncate(2 << 30)
    args = ("--data", str(tmp_path / "facts.yaml"), "who", "--json")
    result = run_venru(*args, env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "VENRU_MAX_BYTES": "100000"}, timeout=20)
    assert result.code == 0, result.stderr  # a FIFO would block the open; killed after 20 s
    assert json.loads(result.stdout)[0]["id"] == "borisov"
    assert result.peak_kib < 200_000  # /dev/zero or a 2 GiB file read whole would take far more


# The ways an entry can decode as JSON and still not be what venru writes.
DAMAGE: dict[str, Callable[[dict[str, Any]], None]] = {
    "figure-value-as-text": lambda d: d["records"][1].update(value="50"),
    "name-as-number": lambda d: d["records"][0].update(name=42),
    "text-over-the-limit": lambda d: d["records"][0].update(name="x" * 100_001),
    "evidence-source-unknown": lambda d: d["records"][0]["evidence"][0].update(source="nope"),
    "evidence-paragraph-past-the-source": lambda d: d["records"][0]["evidence"][0].update(paragraph=999),
    "evidence-offsets-past-the-paragraph": lambda d: d["records"][0]["evidence"][0].update(start=5000, end=5010),
    "evidence-offsets-reversed": lambda d: d["records"][0]["evidence"][0].update(start=5, end=2),
    "id-with-escapes": lambda d: d["records"][0].update(id="borisov\x1b[31m"),
    "id-with-a-newline": lambda d: d["records"][0].update(id="borisov\n"),
    "boolean-value": lambda d: d["records"][1].update(value=True),
    "unknown-side": lambda d: d["records"][0].update(side="mars"),
    "unknown-kind": lambda d: d["records"][0].update(kind="villain"),
    "extra-field": lambda d: d["records"][0].update(extra="x"),
    "missing-field": lambda d: d["records"][0].pop("name"),
    "alias-not-a-list": lambda d: d["records"][0].update(aliases="Juri"),
    "paragraph-negative": lambda d: d["records"][0]["evidence"][0].update(paragraph=-1),
    "evidence-extra-key": lambda d: d["records"][0]["evidence"][0].update(url="x"),
    "dangling-reference": lambda d: d["records"][1].update(claimed_by="nobody"),
    "duplicate-id": lambda d: d["records"][1].update(id="borisov", claimed_by=None),
    "bad-location": lambda d: d["records"][0].update(where=["1", 2]),
    "records-not-a-list": lambda d: d.update(records={}),
    "sources-missing": lambda d: d.pop("sources"),
    "source-date-not-a-date": lambda d: d["sources"][0].update(date="soon"),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_an_entry_of_the_wrong_shape_is_rebuilt_never_printed(
    write_yaml: Callable[[str], str], damage: Callable[[dict[str, Any]], None]
) -> None:
    path = write_yaml(MINIMAL)
    commands = [
        ["who", "--json"],
        ["figures", "--json"],
        ["show", "borisov", "--context"],
        ["show", "borisov", "--cite"],
    ]
    clean = [invoke("--data", path, *command).stdout for command in commands]
    (entry,) = cache_files()
    payload = json.loads(entry.read_bytes())
    good = copy.deepcopy(payload["data"])
    damage(payload["data"])
    for command, expected in zip(commands, clean, strict=True):
        entry.write_text(json.dumps(payload), encoding="utf-8")
        result = invoke("--data", path, *command)
        assert (result.exit_code, result.stdout) == (0, expected), command
    assert json.loads(entry.read_bytes())["data"] == good  # rebuilt


def test_json_constants_in_an_entry_are_a_miss(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    clean = invoke("--data", path, "figures", "--json").stdout
    (entry,) = cache_files()
    entry.write_bytes(entry.read_bytes().replace(b'"value": 50', b'"value": NaN'))
    result = invoke("--data", path, "figures", "--json")
    assert result.exit_code == 0 and result.stdout == clean


SEARCH_DAMAGE: dict[str, Callable[[dict[str, Any]], None]] = {
    "posting-past-the-records": lambda d: d["postings"].update(borisov="0:3 99:3"),
    "posting-not-numbers": lambda d: d["postings"].update(borisov="x:y"),
    "posting-negative-weight": lambda d: d["postings"].update(borisov="0:-3"),
    "posting-not-text": lambda d: d["postings"].update(borisov=[[0, 3]]),
    "lengths-too-short": lambda d: d.update(lengths=d["lengths"][:1]),
    "length-as-text": lambda d: d["lengths"].__setitem__(0, "1"),
    "extra-key": lambda d: d.update(more=1),
}


@pytest.mark.parametrize("damage", SEARCH_DAMAGE.values(), ids=SEARCH_DAMAGE.keys())
def test_a_damaged_search_index_is_rebuilt(
    write_yaml: Callable[[str], str], damage: Callable[[dict[str, Any]], None]
) -> None:
    path = write_yaml(MINIMAL)
    clean = invoke("--data", path, "search", "Borissow trade", "--json").stdout
    (entry,) = [p for p in cache_files() if p.name.endswith(".search.json")]
    payload = json.loads(entry.read_bytes())
    damage(payload["data"])
    entry.write_text(json.dumps(payload), encoding="utf-8")
    result = invoke("--data", path, "search", "Borissow trade", "--json")
    assert result.exit_code == 0 and result.stdout == clean


def test_every_field_type_of_the_model_has_a_cache_check() -> None:
    from venru import model, spec

    for cls in [*model.RECORD_TYPES.values(), model.Source, model.Evidence, model.Derivation]:
        for field in spec.fields_of(cls):
            spec._converter(field.type)  # raises TypeError for a type the cache cannot check


def test_pruning_removes_only_venru_entries_and_stale_temporary_files(
    tmp_path: Path, write_yaml: Callable[[str], str]
) -> None:
    import time

    folder = tmp_path / "cache" / "venru"
    folder.mkdir(parents=True, mode=0o700)
    old = time.time() - 7200
    ours = [folder / f"{i:064x}.base.json" for i in range(cache.KEEP + 5)]
    foreign = ["settings.json", "notes.txt", "abc.base.json", f"{'0' * 64}.base.json.bak", "README"]
    live_temporary, stale_temporary = ".venru-tmp-live1234", ".venru-tmp-dead1234"
    stale_old_style = ".tmp-abcd1234.json"  # venru 0.1's temporary files
    for number, path in enumerate(ours):
        path.write_text("{}")
        os.utime(path, (old + number, old + number))
    for name in [*foreign, live_temporary, stale_temporary, stale_old_style]:
        (folder / name).write_text("{}")
    for name in [*foreign, stale_temporary, stale_old_style]:
        os.utime(folder / name, (old, old))
    (folder / f"{'f' * 64}.search.json").mkdir()  # a folder with an entry's name is left alone
    path = write_yaml(MINIMAL)
    invoke("--data", path, "who")  # writes one entry, then prunes
    left = {p.name for p in folder.iterdir()}
    assert set(foreign) | {live_temporary, f"{'f' * 64}.search.json"} <= left
    assert stale_temporary not in left and stale_old_style not in left
    kept = sorted(n for n in left if cache.ENTRY.match(n) and (folder / n).is_file())
    assert len(kept) == cache.KEEP
    assert ours[-1].name in kept and ours[0].name not in kept  # the oldest went first


# venru's own entry point, with the cache's file writes slowed down by a second, so that a
# signal surely arrives while the temporary file exists.
SLOW_WRITE = """
import os, sys, time
from venru import cli
real_fdopen = os.fdopen
class Slow:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
    def write(self, data):
        time.sleep(1)
        return self.handle.write(data)
os.fdopen = lambda *args, **kwargs: Slow(real_fdopen(*args, **kwargs))
cli.main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
def test_a_stopped_run_leaves_no_temporary_file(write_yaml: Callable[[str], str], tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "cache" / "venru"
    command = [sys.executable, "-c", SLOW_WRITE, "--data", write_yaml(MINIMAL), "who", "--json"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = False
    while process.poll() is None and not seen:
        seen = folder.exists() and any(p.name.startswith(cache.TEMPORARY_PREFIX) for p in folder.iterdir())
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert seen, err
    assert [p.name for p in folder.iterdir() if not cache.ENTRY.match(p.name)] == []
    assert process.returncode == 128 + signum and err == b""


def _can_run_as_unknown_user() -> bool:
    try:
        return subprocess.run([*UNKNOWN_USER, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@needs_installed
@pytest.mark.skipif(
    os.environ.get("CI") != "true" and not _can_run_as_unknown_user(),
    reason="no user namespaces here (`unshare --user`); CI requires them",
)
def test_no_home_and_no_passwd_entry_means_no_cache_not_an_error(shared_tmp: Path) -> None:
    for args, first in ((("who", "--json"), "borisov"), (("search", "Borissow", "--json"), "borisov")):
        result = run_venru(*args, env={}, as_user_without_passwd_entry=True, cwd=shared_tmp)
        assert (result.code, result.stderr) == (0, b"")
        assert json.loads(result.stdout)[0]["id"] == first


@needs_installed
def test_a_missing_home_is_never_created(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_venru("who", "--json", env={"HOME": str(home)})
    assert result.code == 0 and json.loads(result.stdout)[0]["id"] == "borisov"
    assert not home.exists()


@needs_installed
def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_venru("search", "trade", "--json", env={"HOME": str(home), "XDG_CACHE_HOME": "rel"}, cwd=tmp_path)
    assert result.code == 0 and not (tmp_path / "rel").exists()
    assert sorted(p.name.split(".")[1] for p in (home / ".cache" / "venru").iterdir()) == ["base", "search"]


@needs_installed
@pytest.mark.parametrize("umask", [0o000, 0o022, 0o777], ids=["0000", "0022", "0777"])
def test_cache_folders_and_entries_are_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    import stat

    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    result = run_venru("who", "--json", env={"HOME": str(home)}, umask=umask)
    assert result.code == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700  # HOME itself is not touched
    for folder in (home / ".cache", home / ".cache" / "venru"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    (entry,) = (home / ".cache" / "venru").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
