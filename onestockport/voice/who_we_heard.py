"""Who we heard from: published respondents by age, sex, ethnic group, disability, unpaid care and
ward, each beside the place's residents (Census 2021), through disclosure control.

How the census categories map to the survey's answers, and each table's base: population.py and
current_wards.py. Wards are the current (May 2023) wards only: a respondent whose ward is an earlier
one is counted in a current ward only where that earlier ward lies wholly inside it, and otherwise
in a row "ward not on current boundaries", which is published but left out of the shares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from onestockport.plans.models import Plan
from onestockport.plans.place import current_place

from . import current_wards, population
from .demographics import AGE_BANDS, ETHNIC_GROUPS, PREFER_NOT_TO_SAY, SEXES
from .disclosure import protect
from .representativeness import Representativeness, compare
from .selectors import counted_respondents, threshold

NOT_ON_CURRENT_BOUNDARIES = "Ward not on current boundaries"
Reader = Callable[[Path, str], population.Population]


@dataclass(frozen=True)
class CharacteristicSpec:
    slug: str
    title: str  # "Ethnic group": the table's first column and the words "by ethnic group"
    field: str  # the Respondent attribute
    groups: tuple[tuple[str, str], ...]
    read: Reader
    note: str  # how the census categories were matched to the survey's answers


def _answers(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(choice for choice in choices if choice[0] != PREFER_NOT_TO_SAY)


SPECS: tuple[CharacteristicSpec, ...] = (
    CharacteristicSpec(
        "age",
        "Age",
        "age_band",
        tuple((band.slug, band.label) for band in AGE_BANDS),
        population.age_population,
        'The census band 15 to 19 is split between "under 16" and "16 to 24" in the proportions of the '
        "mid-2016 single-year estimates.",
    ),
    CharacteristicSpec("sex", "Sex", "sex", _answers(SEXES), population.sex_population, ""),
    CharacteristicSpec(
        "ethnic-group",
        "Ethnic group",
        "ethnic_group",
        _answers(ETHNIC_GROUPS),
        population.ethnic_group_population,
        "The census's 19 ethnic groups are added up to the 5 high-level groups the survey asks about.",
    ),
    CharacteristicSpec(
        "disability",
        "Disability",
        "disability",
        (("yes", "Disabled"), ("no", "Not disabled")),
        population.disability_population,
        'Residents are "disabled" when the census counts them as disabled under the Equality Act (day-to-day '
        "activities limited a little or a lot by a long-term condition); respondents when they answered yes. "
        "The census counts residents of all ages, children included, and most respondents are adults, so the "
        "comparison is approximate.",
    ),
    CharacteristicSpec(
        "unpaid-care",
        "Unpaid care",
        "carer",
        (("yes", "Unpaid carer"), ("no", "Not an unpaid carer")),
        population.carer_population,
        "Residents are unpaid carers when the census says they provide any hours of unpaid care a week; "
        "respondents when they said they look after someone. The census asks this of residents aged 5 and "
        "over, so the residents' shares are of people aged 5 and over.",
    ),
)


@dataclass(frozen=True)
class Characteristic:
    slug: str
    title: str
    result: Representativeness
    source: str  # "" when no population figures are on hand for the place
    period: str
    base: str  # who the census figures count
    note: str

    @property
    def population_available(self) -> bool:
        return bool(self.source)

    @property
    def caption(self) -> str:
        return f"Respondents and residents by {self.title.lower()}"


@dataclass(frozen=True)
class WhoWeHeardFrom:
    characteristics: tuple[Characteristic, ...]
    has_responses: bool
    respondents_display: str
    threshold: int

    def get(self, slug: str) -> Characteristic:
        return next(item for item in self.characteristics if item.slug == slug)

    @property
    def age(self) -> Representativeness:
        return self.get("age").result

    @property
    def ward(self) -> Representativeness:
        return self.get("ward").result

    @property
    def any_population_available(self) -> bool:
        return any(item.population_available for item in self.characteristics)


def _population(read: Reader, raw_dir: Path, code: str | None) -> population.Population | None:
    """The place's figures from the shipped files, or None when the files (or the place's rows) are not there."""
    if not code:
        return None
    try:
        found = read(raw_dir, code)
    except FileNotFoundError:
        return None
    return found if any(found.counts.values()) else None


def _characteristic(
    slug: str,
    title: str,
    groups: list[tuple[str, str]],
    stated: Counter[str],
    total: int,
    found: population.Population | None,
    note: str,
    *,
    others: list[tuple[str, str, int]] | None = None,
    limit: int,
) -> Characteristic:
    keys = {key for key, _ in groups}
    counted = {key: count for key, count in stated.items() if key in keys}
    other_rows = others or []
    result = compare(
        groups=groups,
        respondents=counted,
        population=found.counts if found else {},
        not_stated=total - sum(counted.values()) - sum(count for _, _, count in other_rows),
        others=other_rows,
        threshold=limit,
    )
    return Characteristic(
        slug=slug,
        title=title,
        result=result,
        source=found.source if found else "",
        period=found.period if found else "",
        base=found.base if found else "",
        note=note,
    )


def _current_ward_counts(
    raw_dir: Path, code: str | None, answers: list[tuple[str, str]]
) -> tuple[Counter[str], int, population.Population | None]:
    """Respondents by current ward name, how many named a ward not on current boundaries, and residents."""
    found = _population(current_wards.current_ward_population, raw_dir, code)
    if not code or found is None:
        # No boundaries on hand: the names cannot be checked, so no ward is compared.
        return Counter(), sum(1 for name, _ in answers if name), None
    current = current_wards.current_ward_names(raw_dir, code)
    mapped = current_wards.previous_to_current(raw_dir, code)
    index = population.ward_index(population.wards(raw_dir, code))  # current wards first
    counts: Counter[str] = Counter()
    elsewhere = 0
    for name, ward_code in answers:
        if not (name or ward_code):
            continue
        ward = index.get(ward_code.casefold()) if ward_code else None
        ward = ward or index.get(population.ward_key(name))
        target = None
        if ward is not None:
            target = ward.code if ward.code in current else mapped.get(ward.code)
        if target is None:
            elsewhere += 1
        else:
            counts[current[target]] += 1
    return counts, elsewhere, found


def who_we_heard_from(plan: Plan, raw_dir: Path | None = None, *, place_code: str | None = None) -> WhoWeHeardFrom:
    """Respondents by each characteristic beside the place's residents (the plan's place unless `place_code`)."""
    raw_dir = raw_dir or Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
    code = place_code or current_place().code
    limit = threshold()
    respondents = counted_respondents(plan)
    fields = [spec.field for spec in SPECS]
    rows = list(respondents.values_list(*fields, "ward", "ward_code"))
    total = len(rows)
    characteristics = []
    for position, spec in enumerate(SPECS):
        stated = Counter(row[position] for row in rows if row[position] not in ("", PREFER_NOT_TO_SAY))
        found = _population(spec.read, raw_dir, code)
        characteristics.append(
            _characteristic(spec.slug, spec.title, list(spec.groups), stated, total, found, spec.note, limit=limit)
        )
    ward_counts, elsewhere, ward_residents = _current_ward_counts(raw_dir, code, [row[-2:] for row in rows])
    names = sorted(ward_residents.counts) if ward_residents else []
    characteristics.append(
        _characteristic(
            "ward",
            "Ward",
            [(name, name) for name in names],
            ward_counts,
            total,
            ward_residents,
            "",
            others=[("not-current", NOT_ON_CURRENT_BOUNDARIES, elsewhere)],
            limit=limit,
        )
    )
    overall = protect([("all", "All respondents", total)], threshold=limit, publish_total=False)
    return WhoWeHeardFrom(
        characteristics=tuple(characteristics),
        has_responses=total > 0,
        respondents_display=overall.display(overall.cells[0]),
        threshold=limit,
    )
