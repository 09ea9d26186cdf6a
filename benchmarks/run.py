"""Measure venru against its baselines, side by side in one run, and print the ratios.

    python -m benchmarks.run [--runs N] [--records N]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up measure (default 15)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per 10,000-record measure (default 3)")
    parser.add_argument("--records", type=int, default=10000, help="records in the big base (default 10000)")
    args = parser.parse_args()

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

    print(
        f"python -c pass {start['pass'] * 1000:.0f} ms, hello-world Typer {start['hello'] * 1000:.0f} ms, "
        f"venru who --json {start['who_json'] * 1000:.0f} ms, CSafeLoader parse {parse_s:.2f} s, "
        f"sources check on a cached run {check * 1e6:.0f} µs (medians)"
    )
    width = max(len(name) for name, _, _ in rows)
    for name, ratio, target in rows:
        shown = f"{ratio:6.2f}" if ratio >= 0.01 else f"{ratio:6.4f}"  # a tiny share still shows
        print(f"{name:<{width}}  {shown}x  target {target}")


if __name__ == "__main__":
    main()
