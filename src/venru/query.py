"""Questions a fact base answers: filtered listings, one record by id or name, its neighbours.

Pure functions over a loaded `FactBase`; every text filter folds case and accents.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, NamedTuple

from venru import model
from venru.fold import fold


def _contains(needle: str | None, haystack: list[str]) -> bool:
    if not needle:
        return True
    want = fold(needle)
    return any(want in fold(text) for text in haystack)


def _names(record: model.Record) -> list[str]:
    names = [record.label, record.id]
    names.extend(getattr(record, "aliases", ()))
    display = getattr(record, "display_name", None)
    if display:
        names.append(display)
    return names


def of_kind(base: model.FactBase, *kinds: model.Kind) -> Sequence[model.Record]:
    return [r for r in base.records if r.kind in kinds]


def who(
    base: model.FactBase,
    name: str | None = None,
    country: str | None = None,
    role: str | None = None,
    everyone: bool = False,
) -> Sequence[model.Record]:
    """Participants (with `everyone`, organizations and accounts too), filtered."""
    kinds = (
        (model.Kind.PARTICIPANT, model.Kind.ORGANIZATION, model.Kind.ACCOUNT) if everyone else (model.Kind.PARTICIPANT,)
    )
    found = []
    for record in of_kind(base, *kinds):
        if not _contains(name, _names(record)):
            continue
        if country and fold(getattr(record, "country", None) or "") != fold(country):
            continue
        roles = list(getattr(record, "roles", ())) + list(record.keywords)
        if role and not _contains(role, roles):
            continue
        found.append(record)
    return found


def figures(base: model.FactBase, topic: str | None = None, claimed_by: str | None = None) -> Sequence[model.Record]:
    return [
        r
        for r in of_kind(base, model.Kind.FIGURE)
        if isinstance(r, model.Figure)
        and (topic is None or fold(r.topic or "") == fold(topic))
        and (claimed_by is None or fold(r.claimed_by or "") == fold(claimed_by))
    ]


def topics(base: model.FactBase, raised_by: str | None = None) -> Sequence[model.Record]:
    return [
        r
        for r in of_kind(base, model.Kind.TOPIC)
        if isinstance(r, model.Topic) and (raised_by is None or fold(raised_by) in {fold(x) for x in r.raised_by})
    ]


def quotes(base: model.FactBase, speaker: str | None = None, language: str | None = None) -> Sequence[model.Record]:
    return [
        r
        for r in of_kind(base, model.Kind.QUOTE)
        if isinstance(r, model.Quote)
        and (speaker is None or fold(r.speaker) == fold(speaker) or fold(r.account or "") == fold(speaker))
        and (language is None or r.language.value == fold(language))
    ]


def timeline(base: model.FactBase, since: str | None = None, until: str | None = None) -> Sequence[model.Record]:
    """Events oldest first. Reduced dates compare by their prefix: `--until 2022-02` keeps 2022-02-16."""
    events: list[model.Event] = [r for r in base.records if isinstance(r, model.Event)]
    kept = [
        e
        for e in events
        if (since is None or e.date[: len(since)] >= since) and (until is None or e.date[: len(until)] <= until)
    ]
    return sorted(kept, key=lambda e: e.date)  # stable: same-day events keep the file's order


class Lookup(NamedTuple):
    record: model.Record | None
    suggestion: str | None = None  # the closest id when nothing matched
    ambiguous: tuple[str, ...] = ()  # ids of every record a name matched, when more than one


def find(base: model.FactBase, wanted: str) -> Lookup:
    """One record by id, else by a name or alias (exact, then partial), folding case and accents."""
    if wanted in base.by_id:
        return Lookup(base.by_id[wanted])
    key = fold(wanted.strip())
    for exact in (True, False):
        hits = [r for r in base.records if any((fold(n) == key) if exact else (key in fold(n)) for n in _names(r))]
        if len(hits) == 1:
            return Lookup(hits[0])
        if len(hits) > 1:
            return Lookup(None, ambiguous=tuple(r.id for r in hits))
    close = difflib.get_close_matches(key, list(base.by_id), n=1, cutoff=0.6)
    return Lookup(None, suggestion=close[0] if close else None)


class Link(NamedTuple):
    field: str  # the field that holds the reference, as in YAML and JSON
    record: model.Record


def refs(record: model.Record) -> list[tuple[str, str]]:
    """(field, target id) for each reference a record makes, in field order."""
    from venru import spec

    out: list[tuple[str, str]] = []
    for field_spec in spec.fields_of(type(record)):
        if spec.holds_ids(field_spec.type):
            value: Any = getattr(record, field_spec.attr)
            targets = value if isinstance(value, tuple) else (value,) if value else ()
            out.extend((field_spec.name, target) for target in targets)
    if record.derived is not None:
        out.extend(("derived.from", v) for v in record.derived.sources)
    return out


def links(base: model.FactBase, record: model.Record) -> tuple[list[Link], list[Link]]:
    """The records this one refers to, and those that refer to it."""
    outgoing = [Link(f, base.by_id[t]) for f, t in refs(record) if t in base.by_id]
    incoming = [Link(f, other) for other in base.records for f, t in refs(other) if t == record.id]
    return outgoing, incoming


def counts(base: model.FactBase) -> dict[str, int]:
    """Records per kind, every kind listed, in the model's order."""
    tally = {kind.value: 0 for kind in model.Kind}
    for record in base.records:
        tally[record.kind.value] += 1
    return tally


# ----------------------------------------------------------------------------- sources


class SourcePick(NamedTuple):
    source: model.Source | None
    problem: str | None = None  # why none was picked, for the person who asked
    usage: bool = False  # the problem is the question (an id is needed), not a missing source


def pick_source(base: model.FactBase, wanted: str | None) -> SourcePick:
    """A source by id; with no id, the only source (a base with several needs one)."""
    ids = [s.id for s in base.sources]
    if wanted is None:
        if len(base.sources) == 1:
            return SourcePick(base.sources[0])
        return SourcePick(None, f"the fact base has {len(ids)} sources ({', '.join(ids)}); name one", usage=True)
    for source in base.sources:
        if source.id == wanted:
            return SourcePick(source)
    close = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; the sources are: {', '.join(ids)}"
    return SourcePick(None, f"no source '{wanted}'{hint}")


class Passage(NamedTuple):
    """One evidence entry in its context: the whole paragraph and where the quote stands in it."""

    evidence: model.Evidence
    source: model.Source
    text: str  # the whole paragraph
    start: int
    end: int


def passages(base: model.FactBase, record: model.Record) -> list[Passage]:
    """Each evidence entry of a record with the paragraph it quotes (the loader verified it)."""
    by_id = {s.id: s for s in base.sources}
    out = []
    for evidence in record.evidence:
        source = by_id[evidence.source or base.source.id]
        text = base.paragraphs[source.id][evidence.paragraph]
        start = evidence.start if evidence.start is not None else text.find(evidence.quote)
        end = evidence.end if evidence.end is not None else start + len(evidence.quote)
        out.append(Passage(evidence, source, text, start, end))
    return out


def coverage(base: model.FactBase, sources: Sequence[model.Source]) -> list[tuple[model.Source, Any]]:
    """For each source, its `venru.sources.Coverage`: the sentences no evidence quote touches."""
    from venru import sources as texts

    out = []
    for source in sources:
        quoted = [
            (e.paragraph, e.start, e.end)
            for r in base.records
            for e in r.evidence
            if e.source == source.id and e.start is not None and e.end is not None
        ]
        out.append((source, texts.coverage(base.paragraphs[source.id], quoted)))
    return out
