"""Search quality over tests/questions.yaml, and the properties of matching."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import SHIPPED
from venru import load, model, search
from venru.fold import fold

QUESTIONS = yaml.safe_load((Path(__file__).with_name("questions.yaml")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base() -> model.FactBase:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    return loaded.base


def test_questions_are_enough_and_answerable(base: model.FactBase) -> None:
    assert len(QUESTIONS) >= 40
    assert all(q["id"] in base.by_id for q in QUESTIONS)


def test_accuracy_over_the_questions(base: model.FactBase) -> None:
    top1 = top3 = 0
    misses = []
    for question in QUESTIONS:
        ids = [hit.record.id for hit in search.search(base, question["q"], limit=3)]
        top1 += ids[:1] == [question["id"]]
        top3 += question["id"] in ids
        if question["id"] not in ids:
            misses.append((question["q"], ids))
    assert top3 / len(QUESTIONS) >= 0.98, misses
    assert top1 / len(QUESTIONS) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"), [("Nicolás", "nicolas"), ("Außenminister", "aussenminister"), ("Erdöl", "Erdoel"), ("ÖL", "ol")]
)
def test_folding(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_stop_words_alone_find_nothing(base: model.FactBase) -> None:
    assert search.search(base, "the der la und y how wie") == []


def test_kind_filter_and_limit(base: model.FactBase) -> None:
    hits = search.search(base, "Maduro", kinds=[model.Kind.QUOTE], limit=2)
    assert len(hits) == 2 and all(h.record.kind is model.Kind.QUOTE for h in hits)


def test_scores_descend_and_snippet_marks_matched_words(base: model.FactBase) -> None:
    hits = search.search(base, "Handelsumsatz gewachsen")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    top = hits[0]
    assert top.record.id == "trade-growth-2021"
    assert {top.snippet[s:e] for s, e in top.spans} >= {"Handelsumsatz"}


def test_very_long_query_is_answered(base: model.FactBase) -> None:
    hits = search.search(base, "trade " * 5000 + "zzzz " * 2000)
    assert hits[0].record.id in {"trade-growth-2021", "trade-energy-finance"}


@pytest.mark.parametrize(("plain", "asked"), [("trade", "How much trade?"), ("Handel", "Wie viel Handel?")])
def test_a_how_many_question_ranks_a_figure_above_a_topic_on_the_same_subject(
    base: model.FactBase, plain: str, asked: str
) -> None:
    assert [h.record.id for h in search.search(base, plain, limit=2)] == ["trade-energy-finance", "trade-growth-2021"]
    assert [h.record.id for h in search.search(base, asked, limit=2)] == ["trade-growth-2021", "trade-energy-finance"]


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("How many tourists came?", {model.Kind.FIGURE}),
        ("Um wie viel Prozent?", {model.Kind.FIGURE}),
        ("¿Cuántos turistas?", {model.Kind.FIGURE}),
        ("Who led the delegation?", {model.Kind.PARTICIPANT, model.Kind.ACCOUNT}),
        ("Wer leitete?", {model.Kind.PARTICIPANT, model.Kind.ACCOUNT}),
        ("¿Quién encabezó?", {model.Kind.PARTICIPANT, model.Kind.ACCOUNT}),
        ("When did they meet?", {model.Kind.EVENT}),
        ("Wann?", {model.Kind.EVENT}),
        ("¿Cuándo?", {model.Kind.EVENT}),
        ("Where is it?", {model.Kind.PLACE, model.Kind.EVENT}),
        ("Wo ist das?", {model.Kind.PLACE, model.Kind.EVENT}),
        ("¿Dónde está?", {model.Kind.PLACE, model.Kind.EVENT}),
        ("What did Borisov say?", {model.Kind.QUOTE}),
        ("Was sagte Borissow?", {model.Kind.QUOTE}),
        ("¿Qué dijo Maduro?", {model.Kind.QUOTE}),
        ("What did the embassy tweet?", {model.Kind.QUOTE}),
        ("Mit wem traf sich Borissow?", {model.Kind.EVENT}),  # whom he met: the meeting names them
        ("With whom did Borisov meet?", {model.Kind.EVENT}),
        ("¿Con quién se reunió?", {model.Kind.EVENT}),
        ("Seit wann gibt es die Kommission?", {model.Kind.FIGURE, model.Kind.EVENT}),  # a year or a date
        ("Since when?", {model.Kind.FIGURE, model.Kind.EVENT}),
        ("¿Desde cuándo?", {model.Kind.FIGURE, model.Kind.EVENT}),
        ("trade growth", set()),
        ("Wohnung", set()),  # 'wo' only as a whole word
    ],
)
def test_question_words_name_the_kinds_that_answer(query: str, kinds: set[model.Kind]) -> None:
    assert search.question_kinds(query) == kinds


@pytest.mark.parametrize(
    ("query", "top", "marked"),
    [
        ("Öl", "el-aissami", "Erdölminister"),  # a part of a compound the article has
        ("Handelsvolumen", "trade-growth-2021", "Handelsumsatz"),  # a compound the article has not: its part 'Handel'
    ],
)
def test_german_compounds_match_through_their_parts(base: model.FactBase, query: str, top: str, marked: str) -> None:
    hits = search.search(base, query)
    assert hits[0].record.id == top
    assert any(marked in h.snippet[s:e] or h.snippet[s:e] in marked for h in hits[:1] for s, e in h.spans)


@pytest.mark.parametrize(
    ("word", "compound", "part"),
    [
        ("ol", "erdolminister", True),  # before a known word
        ("ol", "espanol", False),  # the end of 'espanol' is no part: a two-letter word is one only before a known word
        ("minister", "aussenminister", True),  # the head
        ("handel", "handelsumsatz", True),  # the modifier, before a linking 's' and a word of 5+ letters
        ("putin", "putting", False),  # no compound: what follows is too short to be a word
        ("petro", "petroleum", False),
        ("here", "sphere", False),  # what precedes is too short to be a word
    ],
)
def test_a_word_is_a_part_of_a_compound_only_at_its_boundary(word: str, compound: str, part: bool) -> None:
    assert search._part_of(word, compound, frozenset({"minister"})) is part


def test_a_say_question_ranks_the_quotes_of_the_person_it_names_first(base: model.FactBase) -> None:
    for query in ("What did Borisov say?", "Was sagte Borissow?"):
        top = [h.record for h in search.search(base, query, limit=2)]
        assert all(isinstance(r, model.Quote) and r.speaker == "borisov" for r in top), query
    # the name alone still finds the person first; the German spelling reaches his quotes too
    hits = [h.record.id for h in search.search(base, "Borissow")]
    assert hits[0] == "borisov" and "borisov-our-task" in hits


def test_a_spanish_tweet_is_an_english_tweet(base: model.FactBase) -> None:
    assert search.search(base, "¿Cuándo tuiteó Maduro?")[0].record.id == "maduro-tweet-event"


def test_a_typo_is_looked_for_only_among_words_of_about_its_length() -> None:
    for length in range(1, 16):
        word = "ab" + "c" * (length - 2) if length >= 2 else "a"
        shortest, longest = search.typo_lengths(word)
        for other in range(1, 40):
            near = word[:other] if other <= length else word + "c" * (other - length)  # the fewest edits away
            if search.is_typo(word, near):
                assert shortest <= other <= longest, (length, other)
            if other in (shortest - 1, longest + 1):  # and no word further off is looked at
                assert not search.is_typo(word, near), (length, other)


def test_a_typo_finds_among_words_of_its_length_what_it_finds_in_the_whole_vocabulary(
    base: model.FactBase,
) -> None:
    index = search.Index.build(base.records)
    vocabulary = [w for w in index.postings if not w.isdigit()]
    for word in ("borisof", "venezulea", "tourisst", "handl", "delegaton", "petroleo", "ministr"):
        close = sorted(w for w in vocabulary if search.is_typo(word, w))
        assert close, word
        assert sorted(w for w in index._near(word) if search.is_typo(word, w)) == close, word


@pytest.mark.parametrize(
    ("word", "other", "typo"),
    [
        ("borisof", "borisov", True),  # a letter changed
        ("madurro", "maduro", True),  # one added
        ("tourisst", "tourists", True),  # two swapped
        ("venezulea", "venezula", True),  # a long word, two edits off
        ("biden", "beiden", False),  # one edit, but not in the first two letters
        ("putin", "putting", False),  # two edits: too many for five letters
        ("trump", "triumph", False),
        ("here", "sphere", False),
        ("abc", "abd", False),  # under four letters, no typos
    ],
)
def test_a_typo_is_close_to_the_word_meant(word: str, other: str, typo: bool) -> None:
    assert search.is_typo(word, other) is typo


@pytest.mark.parametrize("query", ["Putin", "Trump", "Biden", "nothing here", "something"])
def test_a_word_the_article_lacks_matches_no_unrelated_word(base: model.FactBase, query: str) -> None:
    # not 'Putting', 'triumph', 'beiden', 'sphere' or 'things'
    assert search.search(base, query) == []


@pytest.mark.parametrize(
    ("query", "top"),
    [("Borisow", "borisov"), ("Madurro", "maduro"), ("Caracus", "caracas"), ("Rusland", "russia")],
)
def test_a_genuine_typo_still_finds_the_word_meant(base: model.FactBase, query: str, top: str) -> None:
    assert search.search(base, query)[0].record.id == top


def test_a_typo_of_a_plural_finds_its_records(base: model.FactBase) -> None:
    assert {h.record.id for h in search.search(base, "tourisst", limit=3)} >= {"russian-tourists"}
