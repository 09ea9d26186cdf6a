"""Measure venru against its baselines, side by side in one run, and print the ratios.

    python -m benchmarks.run [--runs N] [--records N] [--folders N ...] [--only-folders]

Every measure runs the commands alternately in fresh processes of the same environment and
reports medians, so machine noise hits both sides alike. Nothing here is a test: the targets
are printed next to the ratios, for people to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bigbase import write_big_base
from benchmarks.bigfolder import write_folder

PYTHON = sys.executable
VENRU = [str(Path(PYTHON).with_name("venru"))]

HELLO_JSON = """
import json, typer
app = typer.Typer()
@app.command()
def main(as_json: bool = typer.Option(False, "--json")) -> None:
    print(json.dumps([{"id": "hello"}]))
app()
"""

HELLO_TABLE = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table("ID", "Name")
    table.add_row("hello", "world")
    Console().print(table)
app()
"""

PARSE = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"

PARSE_ALL = (
    "import pathlib, sys, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')): yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)"
)

# The same questions on the shipped base and on a generated folder (whose names come from its files).
SHIPPED_QUERIES = {
    "search": ["search", "How much did trade grow in 2021?", "--json"],
    "show": ["show", "trade-growth-2021", "--json"],
    "who": ["who", "borissow", "--json"],
}

PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def side_by_side(commands: dict[str, Sequence[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds of each command, run alternately after one warm-up each."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command, env)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def peak_kb(command: Sequence[str], env: dict[str, str]) -> int:
    out = subprocess.run([PYTHON, "-c", PEAK, *command], capture_output=True, text=True, env=env, check=True)
    return int(out.stdout.strip())


def cached_source_check_seconds(runs: int = 200) -> float:
    """Median time a cached run spends making sure the shipped base's sources are unchanged:
    reading each file safely, hashing it and splitting it into paragraphs (load._unchanged_texts)."""
    from venru import load, settings

    loaded = load.load(str(settings.bundled_path()))
    assert loaded.base is not None, loaded.problems
    folder = settings.bundled_path().parent
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        load._unchanged_texts(loaded.base, folder, settings.DEFAULT_MAX_BYTES)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def folder_queries(root: Path, files: int) -> dict[str, list[str]]:
    """search, show and who on a generated folder, each about a record in its middle file."""
    middle = f"a{files // 2:05d}"
    text = (root / f"{middle}.yaml").read_text(encoding="utf-8")
    alias = text.split('aliases: ["', 1)[1].split('"', 1)[0]  # 'Lividanmo 0': one participant
    return {
        "search": ["search", "How much did trade grow in 2021?", "--json"],
        "show": ["show", f"{middle}-fig-2", "--json"],
        "who": ["who", alias, "--json"],
    }


def folder_rows(work: Path, env: dict[str, str], files: int, runs: int, memory: bool) -> list[tuple[str, float, str]]:
    """The folder targets of issue 15 for a generated folder of `files` files of 50 records."""
    root = write_folder(work / f"folder-{files}", files)
    records = f"{files * 50:,}-record folder"
    cold = env | {"XDG_CACHE_HOME": str(work / f"folder-cache-{files}")}
    parse_s = timed([PYTHON, "-c", PARSE_ALL, str(root)], env)
    questions = folder_queries(root, files)
    first_s = timed([*VENRU, "--data", str(root), *questions["search"]], cold)
    rows = [(f"{records}, first run / CSafeLoader parse of all files", first_s / parse_s, "<= 1.0")]
    commands: dict[str, Sequence[str]] = {}
    for name, arguments in SHIPPED_QUERIES.items():
        commands[f"shipped {name}"] = [*VENRU, *arguments]
        commands[f"folder {name}"] = [*VENRU, "--data", str(root), *questions[name]]
    warm = side_by_side(commands, runs, cold)
    target = "<= 1.5" if files <= 200 else "<= 2"
    for name in SHIPPED_QUERIES:
        rows.append(
            (
                f"{records}, warm {name} / same on the shipped base",
                warm[f"folder {name}"] / warm[f"shipped {name}"],
                target,
            )
        )
    if memory:
        peak = peak_kb([*VENRU, "--data", str(root), *questions["search"]], cold) / 1024
        rows.append((f"{records}, peak memory of a warm search, MB", peak, "<= 100"))
    edited = root / f"a{files // 3:05d}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    edit_s = timed([*VENRU, "--data", str(root), *questions["search"]], cold)
    rows.append((f"{records}, after editing one file / first run", edit_s / first_s, "<= 0.1"))
    print(f"{records}: CSafeLoader parse of all files {parse_s:.2f} s, first run {first_s:.2f} s", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up measure (default 15)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per 10,000-record measure (default 3)")
    parser.add_argument("--records", type=int, default=10000, help="records in the big base (default 10000)")
    parser.add_argument(
        "--folders",
        type=int,
        nargs="*",
        default=[200, 2000],
        help="files of 50 records in each generated folder base (default 200 2000; none to skip)",
    )
    parser.add_argument("--folder-runs", type=int, default=5, help="runs per warm folder measure (default 5)")
    parser.add_argument("--only-folders", action="store_true", help="measure the folder bases only")
    args = parser.parse_args()
    if args.only_folders:
        with tempfile.TemporaryDirectory() as work:
            env = os.environ | {"XDG_CACHE_HOME": str(Path(work) / "cache"), "COLUMNS": "80"}
            env.pop("VENRU_DATA", None)
            folder_lines = [
                r
                for files in args.folders
                for r in folder_rows(Path(work), env, files, args.folder_runs, files == max(args.folders))
            ]
        _print_rows(folder_lines)
        return

    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        hello_json = folder / "hello_json.py"
        hello_json.write_text(HELLO_JSON)
        hello_table = folder / "hello_table.py"
        hello_table.write_text(HELLO_TABLE)
        env = os.environ | {"XDG_CACHE_HOME": str(folder / "cache"), "COLUMNS": "80"}
        env.pop("VENRU_DATA", None)

        start = side_by_side(
            {
                "pass": [PYTHON, "-c", "pass"],
                "hello": [PYTHON, str(hello_json), "--json"],
                "who_json": [*VENRU, "who", "--json"],
                "hello_table": [PYTHON, str(hello_table)],
                "who_table": [*VENRU, "who"],
            },
            args.runs,
            env,
        )
        rows.append(("venru who --json / hello-world Typer app", start["who_json"] / start["hello"], "<= 1.15"))
        rows.append(("venru who --json / python -c pass", start["who_json"] / start["pass"], "<= 6"))
        rows.append(
            ("venru who (table) / Typer app with a Rich table", start["who_table"] / start["hello_table"], "<= 1.15")
        )
        check = cached_source_check_seconds()
        rows.append(("sources check on a cached run / venru who --json", check / start["who_json"], "<= 0.01"))

        big = write_big_base(folder / "big.yaml", args.records)
        search = [*VENRU, "--data", str(big), "search", "trade growth 2021", "--json"]
        parse = [PYTHON, "-c", PARSE, str(big)]
        first: list[float] = []
        again: list[float] = []
        bare: list[float] = []
        for run in range(args.big_runs):
            cold = env | {"XDG_CACHE_HOME": str(folder / f"cold-{run}")}
            bare.append(timed(parse, env))
            first.append(timed(search, cold))
            again.append(timed(search, cold))
        parse_s = statistics.median(bare)
        rows.append(
            (
                f"{args.records:,} records, search, first run / CSafeLoader parse",
                statistics.median(first) / parse_s,
                "<= 1.5",
            )
        )
        rows.append(
            (f"{args.records:,} records, search, file unchanged / parse", statistics.median(again) / parse_s, "<= 0.25")
        )
        cold = env | {"XDG_CACHE_HOME": str(folder / "cold-memory")}
        rows.append(("peak memory, first run / parse", peak_kb(search, cold) / peak_kb(parse, env), "<= 2"))
        for files in args.folders:
            rows += folder_rows(folder, env, files, args.folder_runs, files == max(args.folders))

    print(
        f"python -c pass {start['pass'] * 1000:.0f} ms, hello-world Typer {start['hello'] * 1000:.0f} ms, "
        f"venru who --json {start['who_json'] * 1000:.0f} ms, CSafeLoader parse {parse_s:.2f} s, "
        f"sources check on a cached run {check * 1e6:.0f} µs (medians)"
    )
    _print_rows(rows)


def _print_rows(rows: list[tuple[str, float, str]]) -> None:
    width = max(len(name) for name, _, _ in rows)
    for name, value, target in rows:
        if name.endswith("MB"):
            shown = f"{value:7.1f} "
        else:
            shown = (f"{value:6.2f}" if value >= 0.01 else f"{value:6.4f}") + "x"  # a tiny share still shows
        print(f"{name:<{width}}  {shown}  target {target}")


if __name__ == "__main__":
    main()
