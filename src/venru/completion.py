"""What shell completion offers: record ids and names, source ids, field names.

Pure functions over a loaded `FactBase`; the CLI hands them to Typer's completion, which runs
only when the shell asks (`_VENRU_COMPLETE` is set), never on a normal start.
"""

from __future__ import annotations

from collections.abc import Iterable

from venru import model

Candidate = tuple[str, str]  # (value, help shown beside it by zsh and fish)
HELP_WIDTH = 40  # Typer draws help through Rich, which would wrap a longer one onto a second line


def _brief(text: str) -> str:
    """Help on one short line; `[` escaped, since Typer reads help as Rich markup."""
    line = "".join(c if c.isprintable() else " " for c in " ".join(text.split()))
    if len(line) > HELP_WIDTH:
        line = line[: HELP_WIDTH - 1].rstrip() + "…"
    return line.replace("[", "\\[")


def _names(record: model.Record) -> list[str]:
    """A record's label and aliases, as one word each: a name with a space in it would reach
    bash's command line as two words, so only names of one word are offered."""
    names = [record.label, *getattr(record, "aliases", ())]
    return [n for n in dict.fromkeys(names) if n and not any(c.isspace() for c in n)]


def records(base: model.FactBase, incomplete: str, kinds: Iterable[model.Kind] | None = None) -> list[Candidate]:
    """Record ids that start with what was typed, then, once something is typed, one-word names
    and aliases that do (`Bor` offers `Borissow`), each with what it names; only records of
    `kinds` (default: every kind), those an option takes. Typer keeps only candidates that start
    with the typed text as it is, so the match is exact, case included."""
    wanted = set(kinds) if kinds is not None else None
    chosen = [r for r in base.records if wanted is None or r.kind in wanted]
    out: dict[str, str] = {}
    for record in chosen:
        if record.id.startswith(incomplete):
            out[record.id] = _brief(f"{record.kind.value}: {record.label}")
    if incomplete:
        for record in chosen:
            for name in _names(record):
                if name.startswith(incomplete) and name not in out:
                    out[name] = _brief(f"{record.kind.value} {record.id}")
    return list(out.items())


def sources(base: model.FactBase, incomplete: str) -> list[Candidate]:
    return [(s.id, _brief(s.title_en)) for s in base.sources if s.id.startswith(incomplete)]


def fields(available: Iterable[str], incomplete: str) -> list[Candidate]:
    """Field names for a comma-separated list: `id,na` offers `id,name`, never a field twice."""
    done, _, last = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    chosen = set(done.split(",")) if done else set()
    return [(head + name, "field") for name in available if name.startswith(last) and name not in chosen]
