"""Every quote verified against the shipped source texts: each problem with its exact message and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, SHIPPED, invoke
from venru import load
from venru.settings import Settings

SECOND_SOURCE = """\
  - id: second
    title: Segunda fuente
    title_en: Second source
    language: es
    date: "2022-02-17"
    file: texts/second.txt
    publisher: Prueba
"""
# A small second source, written for the tests: title, then two body paragraphs.
SECOND_TEXT = "Segunda fuente\n\nEl comercio creció mucho. Nadie lo esperaba.\n\nLos turistas llegaron en febrero.\n"
CITING_SECOND = """\
  - id: tourists
    kind: figure
    label: Tourists
    value: 15000
    unit: tourists
    evidence:
      - source: second
        paragraph: 2
        quote: Los turistas llegaron
"""


def problems(path: str) -> list[str]:
    return [str(p) for p in load.load(path).problems]


def two_sources(tmp_path: Path) -> str:
    (tmp_path / "texts").mkdir(exist_ok=True)
    (tmp_path / "texts" / "second.txt").write_text(SECOND_TEXT, encoding="utf-8")
    text = MINIMAL.replace("records:\n", SECOND_SOURCE + "records:\n") + CITING_SECOND
    text = text.replace("      - paragraph: 2\n", "      - source: article\n        paragraph: 2\n")
    text = text.replace("      - paragraph: 9\n", "      - source: article\n        paragraph: 9\n")
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_shipped_base_validates_clean() -> None:
    loaded = load.load(str(SHIPPED))
    assert loaded.problems == ()
    assert loaded.base is not None
    for record in loaded.base.records:
        for evidence in record.evidence:
            paragraph = loaded.base.paragraphs[evidence.source or ""][evidence.paragraph]
            assert evidence.start is not None and paragraph[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      - paragraph: 9\n",
            "      - paragraph: 99\n",
            "{f}:26:9: records[1].evidence[0].paragraph: paragraph 99 does not exist: "
            "source 'article' has paragraphs 0 to 10",
        ),
        (
            "        quote: Juri Borissow\n",
            "        quote: Juri Borisow\n",
            '{f}:17:9: records[0].evidence[0].quote: quote not found in paragraph 2; closest: "…Vizeministerpräsident'
            ' Juri Borissow, Leiter der interstaatlichen…" differs at character 11',
        ),
        (
            "        quote: um 50 Prozent\n",
            "        quote: um fünfzig Prozent\n",
            '{f}:26:9: records[1].evidence[0].quote: quote not found in paragraph 9; closest: "…im Jahr 2021 um 50'
            ' Prozent gegenüber…" differs at character 4',
        ),
        (
            "        quote: um 50 Prozent\n",
            "        quote: Ein erfundenes Zitat\n",
            "{f}:26:9: records[1].evidence[0].quote: quote not found in paragraph 9",
        ),
        (
            "      - paragraph: 9\n",
            "      - paragraph: 10\n",
            "{f}:26:9: records[1].evidence[0].quote: quote not found in paragraph 10; it stands in paragraph 9",
        ),
        (
            "      - paragraph: 9\n",
            "      - source: artikel\n        paragraph: 9\n",
            "{f}:26:9: records[1].evidence[0].source: refers to source 'artikel', which is no source's id;"
            " did you mean 'article'?",
        ),
        (
            "    file: article.txt\n",
            "    file: missing.txt\n",
            "{f}:7:11: sources[0].file: source file 'missing.txt' not found (paths are relative to the fact base's"
            " folder)",
        ),
        (
            "    file: article.txt\n",
            "    file: /etc/passwd\n",
            "{f}:7:11: sources[0].file: source file '/etc/passwd' is an absolute path; give a path relative to the"
            " fact base's folder",
        ),
        (
            "    file: article.txt\n",
            "    file: ../article.txt\n",
            "{f}:7:11: sources[0].file: source file '../article.txt' is outside the fact base's folder ('..' leads"
            " out of it)",
        ),
    ],
)
def test_evidence_problems(write_yaml: Callable[[str], str], old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    path = write_yaml(MINIMAL.replace(old, new, 1))
    assert problems(path) == [expected.format(f=path)]


def test_symlink_out_of_the_folder_is_refused_and_nothing_of_it_printed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET TITLE\nSECRET BODY\n", encoding="utf-8")
    base = tmp_path / "base"
    base.mkdir()
    (base / "article.txt").symlink_to(outside / "secret.txt")
    path = base / "facts.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == (
        f"{path}:7:11: sources[0].file: source file 'article.txt' is a symbolic link that leads outside the fact"
        " base's folder\n"
    )


def test_quote_record_text_stands_in_its_evidence_paragraph(write_yaml: Callable[[str], str]) -> None:
    record = """\
  - id: borisov-task
    kind: quote
    speaker: borisov
    language: de
    medium: statement
    text: Unsere Aufgabe ist es, die bilaterale Entwicklung in die Tat umzusetzen.
    translation: Our task is to put bilateral development into practice.
    evidence:
      - paragraph: 3
        quote: Unsere Aufgabe ist es
"""
    path = write_yaml(MINIMAL + record)
    assert problems(path) == [
        f"{path}:33:11: records[2].text: text not found in its evidence paragraph 3; closest: "
        '"…bilaterale Entwicklung im gesamten umfangreichen…" differs at character 52'
    ]
    fixed = record.replace(
        "Entwicklung in die Tat", "Entwicklung im gesamten umfangreichen Spektrum der Zusammenarbeit in die Tat"
    )
    assert problems(write_yaml(MINIMAL + fixed)) == []


def test_every_problem_is_reported_with_the_others(write_yaml: Callable[[str], str]) -> None:
    text = MINIMAL.replace("value: 50", "value: fifty").replace("quote: Juri Borissow", "quote: Juri Borisow")
    path = write_yaml(text)
    assert [p.split(": ", 2)[1] for p in problems(path)] == ["records[0].evidence[0].quote", "records[1].value"]


def test_legacy_base_reads_its_article_beside_it(write_yaml: Callable[[str], str]) -> None:
    legacy = MINIMAL.replace(
        MINIMAL[: MINIMAL.index("records:")],
        "source:\n  title: Titel\n  title_en: Title\n"
        '  language: de\n  date: "2022-02"\n  article: article.txt\n  paragraphs: title is 0\n',
    )
    loaded = load.load(write_yaml(legacy))
    assert loaded.problems == () and loaded.base is not None
    assert [e.source for r in loaded.base.records for e in r.evidence] == ["article", "article"]


# ----------------------------------------------------------------------------- two sources


def test_two_sources_end_to_end(tmp_path: Path) -> None:
    path = two_sources(tmp_path)
    loaded = load.load(path)
    assert loaded.problems == ()
    assert loaded.base is not None
    evidence = loaded.base.by_id["tourists"].evidence[0]
    assert (evidence.source, evidence.paragraph, evidence.start, evidence.end) == ("second", 2, 0, 21)
    assert loaded.base.paragraphs["second"] == (
        "Segunda fuente",
        "El comercio creció mucho. Nadie lo esperaba.",
        "Los turistas llegaron en febrero.",
    )


def test_two_sources_need_a_source_per_evidence_entry(tmp_path: Path) -> None:
    path = two_sources(tmp_path)
    text = (
        Path(path)
        .read_text(encoding="utf-8")
        .replace("      - source: article\n        paragraph: 9\n", "      - paragraph: 9\n")
    )
    Path(path).write_text(text, encoding="utf-8")
    assert problems(path) == [
        f"{path}:34:9: records[1].evidence[0].source: the fact base has 2 sources (article, second); name the one"
        " this quote is from"
    ]


def test_a_source_nobody_cites_is_reported(tmp_path: Path) -> None:
    path = two_sources(tmp_path)
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text[: text.index("  - id: tourists")], encoding="utf-8")
    assert problems(path) == [f"{path}:8:9: sources[1].id: source 'second' is cited by no evidence entry"]


# ----------------------------------------------------------------------------- the cache


@pytest.fixture
def run(tmp_path: Path) -> Settings:
    """A run with a cache, so the second load of an unchanged base comes from it."""
    return Settings(data="", cache_dir=tmp_path / "cache" / "venru")


def test_editing_a_source_invalidates_the_cache(
    tmp_path: Path, write_yaml: Callable[[str], str], run: Settings
) -> None:
    path = write_yaml(MINIMAL)
    assert load.load(path, run).problems == ()
    assert list((tmp_path / "cache" / "venru").glob("*.base.json"))  # cached
    article = tmp_path / "article.txt"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("um 50 Prozent", "um 60 Prozent"), encoding="utf-8")
    assert [str(p) for p in load.load(path, run).problems] == [
        f'{path}:26:9: records[1].evidence[0].quote: quote not found in paragraph 9; closest: "…im Jahr 2021 um 60'
        ' Prozent gegenüber…" differs at character 4'
    ]
    article.write_text("Neuer Titel\n" + original, encoding="utf-8")  # every paragraph moves down by one
    assert str(load.load(path, run).problems[0]).endswith("quote not found in paragraph 2; it stands in paragraph 3")
    article.write_text(original, encoding="utf-8")
    assert load.load(path, run).problems == ()


def test_an_edit_that_keeps_the_quotes_gives_new_offsets(
    tmp_path: Path, write_yaml: Callable[[str], str], run: Settings
) -> None:
    path = write_yaml(MINIMAL)
    before = load.load(path, run).base
    article = tmp_path / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("2021 um 50", "2021 etwa um 50"), encoding="utf-8")
    after = load.load(path, run).base
    assert before is not None and after is not None
    assert after.records[1].evidence[0].start == (before.records[1].evidence[0].start or 0) + len("etwa ")
    assert "etwa um 50 Prozent" in after.paragraphs["article"][9]


def test_a_cached_base_has_its_paragraphs_and_offsets(
    write_yaml: Callable[[str], str], run: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(MINIMAL)
    first = load.load(path, run)
    monkeypatch.setattr(load, "load_bytes", None)  # the second load must not validate again
    second = load.load(path, run)
    assert first.base is not None and second.base is not None
    assert second.base.paragraphs == first.base.paragraphs
    assert second.base.records == first.base.records
    assert second.base.records[1].evidence[0].start == first.base.paragraphs["article"][9].index("um 50 Prozent")


def test_offsets_cannot_be_written_by_hand(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(
        MINIMAL.replace("        quote: um 50 Prozent\n", "        quote: um 50 Prozent\n        start: 3\n")
    )
    assert problems(path) == [f"{path}:28:9: records[1].evidence[0].start: unknown key 'start'"]


def test_stdin_reads_sources_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("--data", "-", "validate", input=MINIMAL).stdout == "ok: 2 records\n"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("--data", "-", "validate", input=MINIMAL)
    assert result.exit_code == 3
    assert result.stderr == (
        "<stdin>:7:11: sources[0].file: source file 'article.txt' not found (paths are relative to the current"
        f" folder, {elsewhere}, as the fact base comes from stdin)\n"
    )
    result = invoke("--data", "-", "validate", input=MINIMAL.replace("file: article.txt", "file: ../x/article.txt"))
    assert result.stderr == (
        "<stdin>:7:11: sources[0].file: source file '../x/article.txt' is outside the current folder,"
        f" {elsewhere}, as the fact base comes from stdin ('..' leads out of it)\n"
    )
