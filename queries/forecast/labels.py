"""Plain-language names of the forecast's predictors, for its drivers on the pages."""

from __future__ import annotations

LABELS = {
    "widetargeting": "ongoing mass killing targeting a wide group",
    "narrowtargeting": "ongoing mass killing targeting a narrow group",
    "v2csgender_binary": "women's civil-society participation restricted",
    "v2mecenefm_binary": "government censorship of the media",
    "partyban.new.0": "all opposition parties banned",
    "partyban.new.1": "some parties banned",
    "partyban.new.2": "no party bans",
    "minorityrule": "rule by an ethnic minority",
    "judicialreform": "judicial purges or court-packing",
    "religiousfreedom": "freedom of religion",
    "pol_killing_approved": "political killings approved by the state",
    "freediscussion": "freedom of discussion",
    "social_inequality": "social group inequality in civil liberties",
    "even_civilrights": "civil liberties equal across regions",
    "repress_civilsoc": "civil society repressed",
    "social_power_dist": "power distributed by social group",
    "ses_power_dist": "power distributed by wealth",
    "popsize.log2": "population size",
    "gdppcgrowth": "GDP per capita growth",
    "un_imr_sqrt": "infant mortality",
    "efindex": "ethnic fractionalisation",
    "discrimpop": "share of the population discriminated against",
    "reg.na": "region: sub-Saharan Africa",
    "reg.eap": "region: East Asia and Pacific",
    "reg.sca": "region: South and Central Asia",
    "reg.mna": "region: Middle East and North Africa",
    "reg.eur": "region: Europe",
    "ios.iccpr1": "party to the ICCPR's first optional protocol",
    "battledeaths.log2": "battle deaths (Project's coding)",
    "coup.try.5yr": "coup attempt in the last 5 years",
    "mk_ongoing_count_log2": "mass killings under way",
    "mean_mk_onset_interaction": "past mass-killing onsets",
    "mk_onset_prev_year": "a mass killing began the year before",
    "newcountry": "newly independent",
    "mk_ever": "a mass killing in the country's history",
    "year_sq": "calendar year (trend)",
    "countryage.new.log2": "years since independence",
    "includesnonstate": "non-state perpetrators counted (since 1989)",
    "pts_max": "political terror (PTS, highest coding)",
    "pts_mean": "political terror (PTS, mean coding)",
    "pts_change": "change in political terror since the year before",
    "battle_deaths_change": "change in battle deaths since the year before",
    "battle_deaths_3y_log2": "battle deaths over the last 3 years",
    "subregion_battle_deaths": "battle deaths in the sub-region",
    "subregion_mk_ongoing": "mass killings under way in the sub-region",
}


def label(feature: str) -> str:
    """The plain-language name of ``feature`` (the column name when there is none)."""
    return LABELS.get(feature, feature)


# Predictors that are 0 or 1 (said as "no" / "yes").
BINARY = frozenset({
    "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary",
    "partyban.new.0", "partyban.new.1", "partyban.new.2", "minorityrule",
    "pol_killing_approved", "social_inequality", "even_civilrights", "repress_civilsoc",
    "social_power_dist", "reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur", "ios.iccpr1",
    "coup.try.5yr", "mk_onset_prev_year", "newcountry", "mk_ever", "includesnonstate",
})
