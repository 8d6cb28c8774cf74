"""Which file publishes the 95% intervals for each Fingertips-tidy indicator, and why the others have none.

Used by `agreement` (see docs/fingertips-agreement.md, "Mapping table" and "Why only healthy life expectancy").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["HLE_FILE", "HLE_PERIODS", "MAPPINGS", "NO_INTERVALS", "NO_INTERVALS_DEFAULT", "IntervalMapping"]


@dataclass(frozen=True)
class IntervalMapping:
    """Where the 95% intervals for one Fingertips-tidy indicator (and sex) are published.

    `fingertips_sex` is the tidy file's `inequality` value ("" when the row has none); the interval
    file is relative to the raw-data root; `catalogue_id` names the indicator whose polarity is used.
    """

    fingertips_indicator: str
    fingertips_sex: str
    interval_file: str
    interval_indicator: str
    catalogue_id: str
    period_alignment: str

    @property
    def key(self) -> tuple[str, str]:
        return self.fingertips_indicator, self.fingertips_sex


HLE_FILE = "ons_explore_local_statistics/healthy-life-expectancy.csv"
HLE_PERIODS = '3-year rolling: Fingertips "2018 - 20" = ONS "2018-01-01/P3Y" (1 Jan 2018 - 31 Dec 2020)'
MAPPINGS: tuple[IntervalMapping, ...] = (
    IntervalMapping(
        fingertips_indicator="Healthy life expectancy at birth",
        fingertips_sex="Male",
        interval_file=HLE_FILE,
        interval_indicator="Male healthy life expectancy",
        catalogue_id="healthy-life-expectancy-male",
        period_alignment=HLE_PERIODS,
    ),
    IntervalMapping(
        fingertips_indicator="Healthy life expectancy at birth",
        fingertips_sex="Female",
        interval_file=HLE_FILE,
        interval_indicator="Female healthy life expectancy",
        catalogue_id="healthy-life-expectancy-female",
        period_alignment=HLE_PERIODS,
    ),
)

# Why the other Fingertips-tidy indicators cannot be compared: no file on hand publishes their intervals
# (the tidy files have none), and none gives the counts and denominators Wilson or Byar intervals need.
NO_INTERVALS: Mapping[str, str] = {
    "Life expectancy at birth": (
        "no file on hand has life expectancy intervals (ONS Explore Local Statistics publishes healthy life "
        "expectancy only)"
    ),
    "Under 75 mortality rate from causes considered preventable (per 100,000 population)": (
        "no interval source: ONS's preventable-cardiovascular-mortality file (not shipped) covers cardiovascular "
        "causes only, a different indicator; no death counts or populations for Byar intervals"
    ),
    "People receiving an NHS Health Check": "no interval source; no counts of checks or eligible population",
    "Percentage of physically active adults": "no interval source (Active Lives); no respondent counts",
    "Percentage of physically inactive adults": "no interval source (Active Lives); no respondent counts",
    "Percentage of physically active children and young people": (
        "no interval source (Active Lives children); no respondent counts"
    ),
    "Depression: QOF prevalence": (
        "published as a 99.8% test; no interval source; no register counts or list sizes for Wilson intervals"
    ),
    "Smoking prevalence in adults in routine and manual occupations (aged 18 to 64) - current smokers (APS)": (
        "no interval source: ONS cigarette-smokers (not shipped) is all adults 18+ pooled over 5 years"
    ),
    "Smoking Prevalence in adults (aged 18 and over) - current smokers (APS)": (
        "ONS cigarette-smokers has 95% intervals but for 5-year pooled periods (2019-23, 2020-24); Fingertips "
        "publishes single years, so no period aligns"
    ),
    "Percentage of 5 year olds with experience of visually obvious dental decay": (
        "no interval source; no examined-children counts"
    ),
    "Reception prevalence of obesity (including severe obesity)": (
        "no interval source; no NCMP counts or measured-children denominators"
    ),
    "Reception prevalence of obesity (including severe obesity), 5 years data combined": (
        "no interval source; no NCMP counts or measured-children denominators"
    ),
    "Year 6 prevalence of obesity (including severe obesity)": (
        "no interval source; no NCMP counts or measured-children denominators"
    ),
    "Year 6 prevalence of obesity (including severe obesity), 5 years data combined": (
        "no interval source; no NCMP counts or measured-children denominators"
    ),
    "Overweight (including obesity) prevalence in adults, (using adjusted self-reported height and weight)": (
        "no interval source: ONS adult-obesity-prevalence (not shipped) is obesity (BMI 30+), not overweight (BMI 25+)"
    ),
    "Total prescribed LARC excluding injections rate / 1,000": "no interval source; no prescription counts",
}
NO_INTERVALS_DEFAULT = "no source of 95% intervals on hand for this indicator"
