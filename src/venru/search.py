"""Ranked, cross-lingual lookup over every record of a fact base.

A query in English, German or Spanish, keywords or a whole question, is cut into words that
are folded (case, accents, German spelling), cleared of the three languages' stop words and
reduced to their Snowball stems in all three languages. Records are ranked by BM25 over the
same terms, with fields weighted by how much they say about the record (names over evidence).
A query word that no record holds is matched to close vocabulary words: by a typo
(Levenshtein similarity) or as part of a German compound (`minister` in `erdolminister`).
Cost is linear in the size of the base: one pass builds the index, one pass scores.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from venru import model
from venru.fold import fold

K1 = 1.2
B = 0.5
TYPO_SIMILARITY = 80  # percent, for words of 4+ letters not found as such
PARTIAL_WEIGHT = 0.6  # a typo or compound-part match counts this much of an exact one

_WORD = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+|[^\W\d_]+")

# Words that carry no meaning for lookup, in the article's and the reader's languages.
_STOP_WORDS = """
a about after all also am an and any are as at be been by can could did do does for from had
has have how i if in into is it its me much my of on or our she so than that the their them
then there these they this those to up us was we were what when where which who whom whose why
will with would you your many tell show give said say says
aber alle als am an auch auf aus bei bin bis da das dass dem den der des die doch du ein eine
einem einen einer eines er es für gab gibt hat hatte hätten haben ich ihr ihre im in ist ja
kann man mit nach nicht noch nur ob oder sei sein seine sich sie sind so über um und uns unter
viel viele vom von vor war waren was welche welcher welches wem wen wer werde werden wie wieviel
wird wo zu zum zur zwischen sagte
al como con de del el en es esta está este la las le lo los más para por que qué quién se su
sus un una y ya
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())

# (field or attribute, weight): names and labels say most about a record, evidence least.
_WEIGHTS = (
    ("id", 3.0),
    ("label", 3.0),
    ("aliases", 3.0),
    ("display_name", 2.0),
    ("keywords", 2.0),
    ("roles", 2.0),
    ("unit", 1.5),
    ("period", 1.0),
    ("qualifier", 1.0),
    ("description", 1.0),
    ("text", 1.0),
    ("translation", 1.5),
    ("date", 1.0),
    ("evidence", 0.6),
)
_SNIPPET_FIELDS = ("label", "aliases", "roles", "keywords", "translation", "text", "description", "evidence")

_STEMMERS = tuple(Stemmer.Stemmer(lang) for lang in ("english", "german", "spanish"))


@lru_cache(maxsize=65536)
def terms_of_word(word: str) -> frozenset[str]:
    """The index terms of one folded word: its stems in the three languages."""
    return frozenset(stemmer.stemWord(word) for stemmer in _STEMMERS) | {word}


def words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of `text` that is not a stop word."""
    out = []
    for match in _WORD.finditer(text):
        word = fold(match.group().replace(".", "").replace(",", ""))
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        out.append((word, match.start(), match.end()))
    return out


def field_texts(record: model.Record) -> Iterable[tuple[str, str]]:
    """(field name, text) for every searchable text of a record."""
    for name, _ in _WEIGHTS:
        if name == "evidence":
            for evidence in record.evidence:
                yield name, evidence.quote
            continue
        value = record.label if name == "label" else getattr(record, name, None)
        if value is None:
            continue
        if isinstance(value, tuple):
            for item in value:
                yield name, item
        else:
            yield name, str(value)


@dataclass(frozen=True, slots=True)
class Hit:
    record: model.Record
    score: float
    field: str  # where the snippet comes from
    snippet: str
    spans: tuple[tuple[int, int], ...]  # matched words in the snippet, as (start, end)


class Index:
    """Term frequencies per record (weighted by field) and document frequencies per term."""

    def __init__(self, records: Iterable[model.Record]) -> None:
        weight_of = dict(_WEIGHTS)
        self.records: list[model.Record] = []
        self.frequencies: list[dict[str, float]] = []
        self.lengths: list[float] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, record in enumerate(records):
            tf: dict[str, float] = defaultdict(float)
            for name, text in field_texts(record):
                weight = weight_of[name]
                for word, _, _ in words(text):
                    for term in terms_of_word(word):
                        tf[term] += weight
            self.records.append(record)
            self.frequencies.append(tf)
            self.lengths.append(sum(tf.values()))
            for term in tf:
                self.postings[term].append(number)
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        n = len(self.records)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def expansions(self, word: str) -> dict[str, float]:
        """Index terms a query word stands for, each with how fully it matches."""
        exact = {t: 1.0 for t in terms_of_word(word) if t in self.postings}
        if exact or len(word) < 4 or word.isdigit():
            return exact
        from rapidfuzz import fuzz, process

        found: dict[str, float] = {}
        vocabulary = [t for t in self.postings if not t.isdigit()]
        for term, similarity, _ in process.extract(
            word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY, limit=5
        ):
            found[term] = PARTIAL_WEIGHT * similarity / 100
        if len(word) >= 5:  # a part of a German compound: 'minister' in 'erdolminister'
            for term in vocabulary:
                if word in term and term != word:
                    found[term] = max(found.get(term, 0.0), PARTIAL_WEIGHT * 0.8)
        return found

    def search(self, query: str, kinds: frozenset[model.Kind] | None = None, limit: int | None = None) -> list[Hit]:
        query_words = list(dict.fromkeys(word for word, _, _ in words(query)))
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, set[str]] = defaultdict(set)  # record -> query words it matched
        expansion_of = {word: self.expansions(word) for word in query_words}
        for word, expansion in expansion_of.items():
            best: dict[int, float] = {}
            for term, strength in expansion.items():
                idf = self.idf(term)
                for number in self.postings[term]:
                    if kinds is not None and self.records[number].kind not in kinds:
                        continue
                    tf = self.frequencies[number][term]
                    norm = K1 * (1 - B + B * self.lengths[number] / self.average)
                    score = strength * idf * tf * (K1 + 1) / (tf + norm)
                    if score > best.get(number, 0.0):
                        best[number] = score
            for number, score in best.items():
                scores[number] += score
                matched[number].add(word)
        # A record that answers more of the question's words ranks above one that repeats one word.
        for number in scores:
            coverage = len(matched[number]) / max(1, len(query_words))
            scores[number] *= 0.5 + coverage
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        return [self._hit(number, score, expansion_of) for number, score in ranked]

    def _hit(self, number: int, score: float, expansion_of: dict[str, dict[str, float]]) -> Hit:
        record = self.records[number]
        wanted = set().union(*expansion_of.values()) if expansion_of else set()
        best: tuple[int, str, str, tuple[tuple[int, int], ...]] = (-1, "label", record.label, ())
        order = {name: i for i, name in enumerate(_SNIPPET_FIELDS)}
        for name, text in field_texts(record):
            if name not in order:
                continue
            spans = tuple((start, end) for word, start, end in words(text) if terms_of_word(word) & wanted)
            if len(spans) > best[0] or (len(spans) == best[0] and order[name] < order[best[1]]):
                best = (len(spans), name, text, spans)
        _, field, snippet, spans = best
        return Hit(record, round(score, 4), field, snippet, spans)


def search(
    base: model.FactBase, query: str, kinds: Iterable[model.Kind] | None = None, limit: int | None = 10
) -> list[Hit]:
    """The records that best answer `query`, best first."""
    return Index(base.records).search(query, frozenset(kinds) if kinds else None, limit)
