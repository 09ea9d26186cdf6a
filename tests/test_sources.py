"""Source texts: the paragraph rule, safe reading, verbatim quotes with hints, sentences, coverage."""

from __future__ import annotations

import builtins
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SHIPPED
from venru import sources

ARTICLE = SHIPPED.parent / "sources" / "russland-venezuela-2022-02.txt"
ARTICLE_SHA256 = "ad6feb17779d49320c8879155f8a99f86f6f77690cb652e6b5fc880b70087952"
LIMIT = 1 << 20


def article() -> tuple[str, ...]:
    text = sources.read(ARTICLE.parent, ARTICLE.name, LIMIT)
    assert isinstance(text, sources.Text)
    return text.paragraphs


def test_the_article_ships_byte_for_byte() -> None:
    assert hashlib.sha256(ARTICLE.read_bytes()).hexdigest() == ARTICLE_SHA256


def test_article_paragraphs_title_is_0_body_is_1_to_10() -> None:
    found = article()
    assert len(found) == 11
    assert found[0] == "date 2022-02 Russland und Venezuela bauen strategische Partnerschaft im Militärbereich aus"
    assert found[1].startswith("Venezuelas Präsident Maduro hat am 16. Februar")
    assert found[9].endswith("im Jahr 2021 um 50 Prozent gegenüber dem Vorjahr gewachsen.")
    assert found[10].startswith("Im Bereich Tourismus")


def test_paragraph_rule() -> None:
    text = "  Title\tline \r\n\r\n   \nFirst  body\u00a0line\n\n\nSecond\n"
    assert sources.paragraphs(text) == ("Title line", "First body line", "Second")
    assert sources.paragraphs("") == ()


# ----------------------------------------------------------------------------- safe paths


def test_relative_paths_inside_the_folder_resolve(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("T\n", encoding="utf-8")
    assert sources.resolve(tmp_path, "sub/a.txt") == (tmp_path / "sub" / "a.txt").resolve()
    assert sources.resolve(tmp_path, "sub/../sub/a.txt") == (tmp_path / "sub" / "a.txt").resolve()
    (tmp_path / "link.txt").symlink_to(tmp_path / "sub" / "a.txt")  # a link that stays inside is fine
    assert sources.resolve(tmp_path, "link.txt") == (tmp_path / "sub" / "a.txt").resolve()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A base folder `base/` with a secret beside it, and a link from inside to the secret."""
    (tmp_path / "secret.txt").write_text("TOP SECRET\n", encoding="utf-8")
    base = tmp_path / "base"
    base.mkdir()
    (base / "link.txt").symlink_to(tmp_path / "secret.txt")
    (base / "dirlink").symlink_to(tmp_path)
    return base


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "/etc/passwd",
            "source file '/etc/passwd' is an absolute path; give a path relative to the fact base's folder",
        ),
        (
            "C:\\secret.txt",
            "source file 'C:\\\\secret.txt' is an absolute path; give a path relative to the fact base's folder",
        ),
        ("../secret.txt", "source file '../secret.txt' is outside the fact base's folder ('..' leads out of it)"),
        (
            "a/../../secret.txt",
            "source file 'a/../../secret.txt' is outside the fact base's folder ('..' leads out of it)",
        ),
        ("link.txt", "source file 'link.txt' is a symbolic link that leads outside the fact base's folder"),
        (
            "dirlink/secret.txt",
            "source file 'dirlink/secret.txt' is a symbolic link that leads outside the fact base's folder",
        ),
        ("", "source file is empty; give a path relative to the fact base's folder"),
    ],
)
def test_escapes_are_refused_before_anything_is_opened(
    outside: Path, monkeypatch: pytest.MonkeyPatch, file: str, message: str
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"opened or examined {args[0]!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(os, "stat", refuse)
    found = sources.read(outside, file, LIMIT)
    assert found == sources.Unreadable(message=message)
    assert "SECRET" not in found.message and str(outside.parent) not in found.message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "source file 'a.txt' not found (paths are relative to the fact base's folder)"),
        (lambda p: p.mkdir(), "source file 'a.txt' is a directory"),
        (lambda p: os.mkfifo(p), "source file 'a.txt' is not a regular file"),
        (lambda p: p.write_bytes(b"x" * 101), "source file 'a.txt' is larger than the limit of 100 bytes"),
        (lambda p: p.write_bytes("T\n".encode("utf-16")), "source file 'a.txt' is encoded as UTF-16; save it as UTF-8"),
        (
            lambda p: p.write_bytes(b"Title\nok\nbad \xff byte\n"),
            "source file 'a.txt' is not valid UTF-8: byte 0xff at line 3, column 5",
        ),
        (
            lambda p: p.write_bytes(b"Title\nan \x1b[31m escape\n"),
            "source file 'a.txt' holds the control character U+001B at line 2, column 4",
        ),
        (
            lambda p: p.write_bytes("Title\n\u0085\n".encode()),
            "source file 'a.txt' holds the control character U+0085 at line 2, column 1",
        ),
    ],
)
def test_unusable_files(tmp_path: Path, make: Any, message: str) -> None:
    if make is not None:
        make(tmp_path / "a.txt")
    assert sources.read(tmp_path, "a.txt", 100) == sources.Unreadable(message=message)


def test_bom_is_dropped_and_bytes_are_kept(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfTitel\n\nEins.\n"
    (tmp_path / "a.txt").write_bytes(data)
    assert sources.read(tmp_path, "a.txt", 100) == sources.Text(data=data, paragraphs=("Titel", "Eins."))


# ----------------------------------------------------------------------------- quotes


def test_locate_gives_offsets_within_the_paragraph() -> None:
    paragraph = article()[9]
    start, end = sources.locate(paragraph, "um 50 Prozent") or (0, 0)
    assert paragraph[start:end] == "um 50 Prozent" and start > 0
    assert sources.locate(paragraph, "um 50 prozent") is None  # code point for code point
    assert sources.locate(paragraph, "") is None


@pytest.mark.parametrize(
    ("number", "quote", "message"),
    [
        (9, "Nach Angaben von Borissow sei der Handelsumsatz", None),
        (99, "Borissow", "paragraph 99 does not exist: the source has paragraphs 0 to 10"),
        (-1, "Borissow", "paragraph -1 does not exist: the source has paragraphs 0 to 10"),
        (8, "Nach Angaben von Borissow", "quote not found in paragraph 8; it stands in paragraph 9"),
        (
            9,
            "Nach Angaben von Borissow sei der Handelsumsatz zwichen den beiden Staaten",
            'quote not found in paragraph 9; closest: "…Handelsumsatz zwischen den beiden…" differs at character 52',
        ),
        (
            9,
            "nach Angaben von Borissow",
            'quote not found in paragraph 9; closest: "…jetzt Früchte trage. Nach Angaben von…" differs at character 1',
        ),
        (
            3,
            "Unsere Aufgabe ist es,  die bilaterale",
            'quote not found in paragraph 3; closest: "…Aufgabe ist es, die bilaterale Entwicklung…"'
            " differs at character 24",
        ),
        (
            10,
            "mehr als 15000 Touristen",
            'quote not found in paragraph 10; closest: "…hätten mehr als 15.000 Touristen aus…"'
            " differs at character 12",
        ),
        (9, "something the article never said", "quote not found in paragraph 9"),
    ],
)
def test_quote_problem(number: int, quote: str, message: str | None) -> None:
    assert sources.quote_problem(article(), number, quote) == message


# ----------------------------------------------------------------------------- sentences


def test_sentences_keep_ordinals_and_abbreviations_together() -> None:
    paragraph = (
        'Am 16. Februar kam er, z.B. mit Dr. Lee. Er sagte: "Gut." Dann ging er. la verdad. pic.twitter.com/x Ende'
    )
    assert [paragraph[s:e] for s, e in sources.sentences(paragraph)] == [
        "Am 16. Februar kam er, z.B. mit Dr. Lee.",
        'Er sagte: "Gut."',
        "Dann ging er. la verdad. pic.twitter.com/x Ende",
    ]


def test_article_has_29_sentences() -> None:
    counts = [len(sources.sentences(p)) for p in article()]
    assert counts == [1, 3, 3, 1, 1, 4, 2, 5, 2, 4, 3]


def test_coverage_lists_untouched_sentences() -> None:
    found = ("Titel", "Eins. Zwei. Drei.", "Vier.")
    result = sources.coverage(found, [(1, 0, 3), (1, 9, 12), (0, 0, 5)])  # "Ein", "ei." of "Zwei." and the title
    assert result.sentences == 5 and result.covered == 3
    assert result.uncovered == (
        sources.Sentence(paragraph=1, start=12, end=17, text="Drei."),
        sources.Sentence(paragraph=2, start=0, end=5, text="Vier."),
    )


def test_a_link_that_stays_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_bytes(b"Titel\nEins.\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "texts" / "a.txt")
    found = sources.read(tmp_path, "link.txt", 100)
    assert isinstance(found, sources.Text) and found.paragraphs == ("Titel", "Eins.")
