"""The nearest GeoNames town to a point, by great-circle distance."""

from __future__ import annotations

from geodata.places import largest_towns, nearest_towns


def test_nearest_town_and_distance():
    # Bambari's centre (5.76 N, 20.68 E) and a point 0.1 degree of latitude north of it
    # (about 11 km); Bangui (4.361 N, 18.555 E).
    found = nearest_towns([5.7679, 5.8679, 4.3612], [20.6757, 20.6757, 18.5550])
    assert found["town"].tolist() == ["Bambari", "Bambari", "Bangui"]
    assert found["town_km"].tolist()[0] <= 1 and 10 <= found["town_km"].tolist()[1] <= 12


def test_the_largest_towns_of_a_country_keep_apart_from_each_other():
    caf = largest_towns("CAF")
    assert caf["name"].iloc[0] == "Bangui" and len(caf) == 10
    assert "Bimbo" not in caf["name"].tolist()         # a suburb of Bangui, 20 km away
    assert caf["population"].is_monotonic_decreasing
    assert largest_towns("ATA").empty
