"""Country and language names in English, German and Spanish."""

from __future__ import annotations

import pytest

from venru import names


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ru", "RU"),
        ("VE", "VE"),
        ("Russia", "RU"),
        ("Russland", "RU"),
        ("Rusia", "RU"),
        ("venezuela", "VE"),
        ("Frankreich", "FR"),
        ("España", "ES"),
        ("espana", "ES"),
    ],
)
def test_country_codes_and_names(text: str, code: str) -> None:
    assert names.country(text) == names.Named(code)


def test_base_aliases_are_known_without_cldr() -> None:
    assert names.country("Bolivarische Republik", [("Bolivarische Republik", "VE")]).code == "VE"


def test_unknown_country_suggests_close_names() -> None:
    found = names.country("Rusland")
    assert found.code is None and found.suggestions[0] == "Russland"
    assert names.country("XQ").code is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("es", "es"),
        ("DE", "de"),
        ("Spanish", "es"),
        ("Spanisch", "es"),
        ("español", "es"),
        ("alemán", "de"),
        ("Deutsch", "de"),
        ("English", "en"),
    ],
)
def test_language_codes_and_names(text: str, code: str) -> None:
    assert names.language(text, ["de", "es", "en"]).code == code


def test_a_language_outside_the_codes_is_not_resolved() -> None:
    assert names.language("French", ["de", "es", "en"]) == names.Named(None)
    assert names.language("fr", ["de", "es", "en"]).code is None
    assert names.language("Spansh", ["de", "es", "en"]).suggestions == ("Spanish", "Spanisch")
    assert names.language_name("es") == "Spanish"


def test_without_codes_any_language_resolves() -> None:
    assert [names.language(t).code for t in ("fr", "French", "Französisch", "francés", "ES")] == [
        "fr",
        "fr",
        "fr",
        "fr",
        "es",
    ]
    assert names.language("xx") == names.Named(None)
    assert names.language("DE", known=["de"]) == names.Named("de")
    assert names.language("Frnch").suggestions == ("French",)
