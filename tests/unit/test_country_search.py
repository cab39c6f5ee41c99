"""Finding a country by what a person types."""

from __future__ import annotations

from queries.countries import CountryEntry, find_countries, is_exact

ENTRIES = [
    CountryEntry("COG", "Congo", 0),
    CountryEntry("COD", "Democratic Republic of the Congo", 1151),
    CountryEntry("CIV", "Côte d'Ivoire", 3),
    CountryEntry("KOR", "Republic of Korea", 0),
    CountryEntry("PRK", "Democratic People's Republic of Korea", 0),
    CountryEntry("CAF", "Central African Republic", 105),
    CountryEntry("ZAF", "South Africa", 0),
]


def codes(text: str) -> list[str]:
    return [e.iso3 for e in find_countries(ENTRIES, text)]


def test_exact_name_or_code_comes_first_then_starts_then_contains():
    assert codes("congo") == ["COG", "COD"]
    assert codes("caf") == ["CAF"]
    assert codes("Central") == ["CAF"]
    assert codes("afri") == ["CAF", "ZAF"]          # both contain it; with incidents first
    assert codes("korea") == ["PRK", "KOR"]


def test_accents_case_and_typographic_quotes_do_not_matter():
    assert codes("cote d’ivoire") == ["CIV"]
    assert is_exact(ENTRIES[2], "COTE D'IVOIRE")


def test_nothing_typed_or_nothing_known_matches_nothing():
    assert codes("") == [] and codes("   ") == [] and codes("Atlantis") == []
