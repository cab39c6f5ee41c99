"""Finding a country by what a person types."""

from __future__ import annotations

import re
from html import unescape

from dashboard.search import NAMES_LIST, names_list
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


class _Remembers:
    """A warehouse stand-in whose remembered country directory is ``ENTRIES`` and more."""

    def remember(self, _key, _compute):
        return [*ENTRIES, CountryEntry("XSS", '"></datalist><script>alert(1)</script>', 0)]


def test_the_names_list_is_one_escaped_option_per_country():
    page = names_list(_Remembers())
    assert page.startswith(f'<datalist id="{NAMES_LIST}">') and page.endswith("</datalist>")
    values = [unescape(v) for v in re.findall(r'<option value="([^"]*)"></option>', page)]
    assert values == [e.name for e in ENTRIES] + ['"></datalist><script>alert(1)</script>']
    assert "<script>" not in page
