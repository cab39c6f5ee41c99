"""The one category mapping table."""

from queries.vocabulary import categories, map_categories, map_category


def test_vocabulary_is_the_documented_one():
    assert categories() == (
        "violence_against_civilians", "sexual_violence", "abduction_disappearance",
        "armed_conflict", "incitement_hate_speech", "repression_of_protest",
        "arbitrary_detention", "forced_displacement", "attack_on_aid_or_peacekeepers",
        "property_destruction", "other")


def test_most_specific_rule_wins():
    assert map_category("acled", "Violence against civilians", "Sexual violence") == \
        "sexual_violence"
    assert map_category("acled", "Violence against civilians", "Attack") == \
        "violence_against_civilians"
    assert map_category("acled", "Explosions/Remote violence", "Air/drone strike",
                        "Civilian targeting") == "violence_against_civilians"
    assert map_category("acled", "Explosions/Remote violence", "Air/drone strike", "") == \
        "armed_conflict"


def test_unknown_types_are_other_and_category_names_map_to_themselves():
    assert map_category("hxl", "Something new") == "other"
    assert map_category("hxl", "Forced_Displacement") == "forced_displacement"


def test_vectorised_mapping_matches_the_scalar_one():
    types = ["one-sided", "state-based", "one-sided", "non-state"]
    assert map_categories("ucdp", types).tolist() == [
        "violence_against_civilians", "armed_conflict", "violence_against_civilians",
        "armed_conflict"]
