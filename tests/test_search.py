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
    assert top3 / len(QUESTIONS) >= 0.95, misses
    assert top1 / len(QUESTIONS) >= 0.80


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
        ("trade growth", set()),
        ("Wohnung", set()),  # 'wo' only as a whole word
    ],
)
def test_question_words_name_the_kinds_that_answer(query: str, kinds: set[model.Kind]) -> None:
    assert search.question_kinds(query) == kinds
