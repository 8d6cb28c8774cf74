"""The English Indices of Deprivation (IoD): MHCLG's own files and two re-publications of them.

All four layouts are wide - one row per area, one column per figure - so each figure becomes one
observation with its column name in `measure`, the domain in `extra["index_domain"]` and the kind
of figure (rank, decile, score, ...) in `unit` and `extra["statistic"]`. The period is the edition
year (IoD2019 -> "2019"). Ranks: 1 is the most deprived; deciles: 1 is the most deprived 10%.

* `iod2019-file`: MHCLG IoD2019 File 1 (IMD rank and decile), File 2 (domain ranks and deciles) and
  File 6 (population denominators) by LSOA 2011. Byte-order mark, CRLF, thousands separators.
* `humaniverse-imd-lsoa`: humaniverse/IMD tables by LSOA - IoD2025 on LSOA 2021 (code only; scores,
  ranks and deciles for the IMD and seven domains) and IoD2015 on LSOA 2011 (with LA columns).
* `humaniverse-imd-ward`: humaniverse/IMD's IoD2019 aggregated to December 2019 wards: population-
  weighted Score, Proportion of LSOAs in the most deprived decile, and Extent, per domain.
* `iod-lad-summary`: the local authority summaries, long by `index_domain`, in the IoD2019 and
  IoD2025 headers (Trafford Data Lab extracts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

MHCLG = "Ministry of Housing, Communities and Local Government"
IMD = "Index of Multiple Deprivation"
# An edition year in a file name: humaniverse_imd2025_..., IoD2019_..., imd_2015_...
EDITION_IN_NAME = re.compile(r"(?:imd|iod)_?(20\d\d)", re.IGNORECASE)


def _edition(path: Path, given: str | None) -> str | None:
    if given:
        return given
    match = EDITION_IN_NAME.search(path.name)
    return match[1] if match else None


# --- MHCLG IoD2019 files ----------------------------------------------------------------------------

IOD2019_DOMAINS = (
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
)
# Column as written -> (index domain, statistic).
IOD2019_FIGURES: dict[str, tuple[str, str]] = {
    # File 1
    "Index of Multiple Deprivation (IMD) Rank": (IMD, "rank"),
    "Index of Multiple Deprivation (IMD) Decile": (IMD, "decile"),
    # File 2
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)": (IMD, "rank"),
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)": (IMD, "decile"),
    **{f"{domain} Rank (where 1 is most deprived)": (domain, "rank") for domain in IOD2019_DOMAINS},
    **{f"{domain} Decile (where 1 is most deprived 10% of LSOAs)": (domain, "decile") for domain in IOD2019_DOMAINS},
    # File 6
    "Total population: mid 2015 (excluding prisoners)": ("", "population"),
    "Dependent Children aged 0-15: mid 2015 (excluding prisoners)": ("", "population"),
    "Population aged 16-59: mid 2015 (excluding prisoners)": ("", "population"),
    "Older population aged 60 and over: mid 2015 (excluding prisoners)": ("", "population"),
    "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)": (
        "",
        "population",
    ),
}


class IoD2019File(Importer):
    format = "iod2019-file"
    description = "MHCLG English Indices of Deprivation 2019, File 1, 2 or 6 (CSV, by LSOA 2011)"
    publisher = MHCLG
    wide = True

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"lsoa_code"},
            optional={"lsoa_name", "la_code", "la_name", *IOD2019_FIGURES},
            aliases={
                "LSOA code (2011)": "lsoa_code",
                "LSOA name (2011)": "lsoa_name",
                "Local Authority District code (2019)": "la_code",
                "Local Authority District name (2019)": "la_name",
                **{name: name for name in IOD2019_FIGURES},
            },
        )
        when = period(self, 1, "(edition)", "2019")
        figures: list[str] | None = None
        for line, cells in table:
            if figures is None:
                figures = [column for column in table.names if column in IOD2019_FIGURES]
                if not figures:
                    self.problem(1, "(header)", "no IoD2019 figure columns (ranks, deciles or populations)")
                    return
            code = area_code(self, line, table.names["lsoa_code"], cells["lsoa_code"])
            la_code = cells.get("la_code", "")
            if la_code:
                area_code(self, line, table.names["la_code"], la_code)
            values = {column: number(self, line, column, cells[column], missing={}) for column in figures}
            if code is None or when is None:
                continue
            for column, value in values.items():
                domain, statistic = IOD2019_FIGURES[column]
                yield ParsedObservation(
                    line=line,
                    source_indicator="English Indices of Deprivation 2019",
                    area_code=code,
                    area_name=cells.get("lsoa_name", ""),
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=table.names[column],
                    unit=statistic,
                    missing_reason="not available" if value is None else "",
                    extra={
                        "index_domain": domain,
                        "statistic": statistic,
                        "la_code": la_code,
                        "la_name": cells.get("la_name", ""),
                    },
                )


# --- humaniverse/IMD --------------------------------------------------------------------------------

LSOA_FIGURE = re.compile(r"(?P<domain>[a-z_]+?)_(?P<statistic>score|rank|decile)")
WARD_FIGURE = re.compile(r"(?:(?P<domain>[a-z_]+?)_)?(?P<statistic>score|proportion|extent)")
FIGURE_SUFFIX = re.compile(r"[\s_]*(score|rank|decile|proportion|extent)$", re.IGNORECASE)


def _domain(prefix: str) -> str:
    """'IMD' -> 'Index of Multiple Deprivation'; 'Housing_and_Services' -> 'Housing and Services'."""
    if not prefix or prefix.upper() == "IMD":
        return IMD
    return prefix.replace("_", " ")


class _HumaniverseImd(Importer):
    """Shared reading of the humaniverse/IMD tables: an area code, optional names, figure columns."""

    publisher = "humaniverse/IMD (from MHCLG English Indices of Deprivation)"
    wide = True
    figure: re.Pattern[str]
    area_aliases: dict[str, str]
    # The edition when the file name does not say, by the area column the header uses.
    default_editions: dict[str, str] = {}

    def __init__(self, path: Path, *, edition: str | None = None) -> None:
        super().__init__(path)
        self.edition = edition

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code"},
            optional={"area_name", "la_code", "la_name"},
            aliases=self.area_aliases,
            other=lambda column: self.figure.fullmatch(column) is not None,
        )
        figures: list[str] | None = None
        edition = when = None
        for line, cells in table:
            if figures is None:
                figures = [column for column in table.names if self.figure.fullmatch(column)]
                written = table.names["area_code"]
                edition = _edition(self.path, self.edition) or self.default_editions.get(written.lower())
                if not figures:
                    self.problem(1, "(header)", "no figure columns such as IMD_score, IMD_rank or IMD_decile")
                if edition is None:
                    self.problem(
                        1, written, "cannot tell which IoD edition this is: put the year in the file name (imd2015_...)"
                    )
                else:
                    when = period(self, 1, "(edition)", edition)
                if not figures or when is None:
                    return
            code = area_code(self, line, table.names["area_code"], cells["area_code"])
            values = {column: number(self, line, table.names[column], cells[column], missing={}) for column in figures}
            if code is None:
                continue
            for column, value in values.items():
                statistic = self.figure.fullmatch(column)["statistic"]
                domain = _domain(FIGURE_SUFFIX.sub("", table.names[column]))
                yield ParsedObservation(
                    line=line,
                    source_indicator=f"English Indices of Deprivation {edition}",
                    area_code=code,
                    area_name=cells.get("area_name", ""),
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=table.names[column],
                    unit=statistic,
                    missing_reason="not available" if value is None else "",
                    extra={
                        "index_domain": domain,
                        "statistic": statistic,
                        "la_code": cells.get("la_code", ""),
                        "la_name": cells.get("la_name", ""),
                    },
                )


class HumaniverseImdLsoa(_HumaniverseImd):
    format = "humaniverse-imd-lsoa"
    description = "humaniverse/IMD table by LSOA (IoD2025 on LSOA 2021, IoD2015 on LSOA 2011)"
    figure = LSOA_FIGURE
    area_aliases = {
        "lsoa21_code": "area_code",
        "lsoa11_code": "area_code",
        "lsoa21_name": "area_name",
        "lsoa11_name": "area_name",
        **{f"lad{year}_code": "la_code" for year in ("11", "13", "19", "21", "22", "23", "24")},
        **{f"lad{year}_name": "la_name" for year in ("11", "13", "19", "21", "22", "23", "24")},
    }
    # IoD2025 is the only edition published on LSOA 2021.
    default_editions = {"lsoa21_code": "2025"}


class HumaniverseImdWard(_HumaniverseImd):
    format = "humaniverse-imd-ward"
    description = "humaniverse/IMD IoD2019 aggregated to December 2019 wards (Score, Proportion, Extent)"
    figure = WARD_FIGURE
    area_aliases = {"ward_code": "area_code", "ward_name": "area_name"}
    default_editions = {"ward_code": "2019"}


# --- local authority summaries ----------------------------------------------------------------------

# Summary measures, the same names in both editions -> what kind of figure each is.
LAD_SUMMARY_FIGURES = {
    "average_rank": "average rank",
    "rank_average_rank": "rank",
    "average_score": "score",
    "rank_average_score": "rank",
    "proportion_bottom_decile": "proportion",
    "rank_proportion_bottom_decile": "rank",
}


class IoDLocalAuthoritySummary(Importer):
    format = "iod-lad-summary"
    description = "IoD local authority summaries, long by index_domain (IoD2019 and IoD2025 headers)"
    publisher = "Trafford Data Lab (from MHCLG English Indices of Deprivation)"
    wide = True

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code", "area_name", "index_domain", "year"},
            optional={"area_type", *LAD_SUMMARY_FIGURES},
            aliases={
                "lad19cd": "area_code",
                "lad19nm": "area_name",
                "lad24cd": "area_code",
                "lad24nm": "area_name",
                "deprivation_data_year": "year",
            },
        )
        figures: list[str] | None = None
        for line, cells in table:
            if figures is None:
                figures = [column for column in table.names if column in LAD_SUMMARY_FIGURES]
                if not figures:
                    self.problem(1, "(header)", f"no summary columns ({', '.join(LAD_SUMMARY_FIGURES)})")
                    return
            code = area_code(self, line, table.names["area_code"], cells["area_code"])
            when = period(self, line, table.names["year"], cells["year"])
            values = {column: number(self, line, table.names[column], cells[column], missing={}) for column in figures}
            if code is None or when is None:
                continue
            for column, value in values.items():
                yield ParsedObservation(
                    line=line,
                    source_indicator=f"English Indices of Deprivation {when.label}",
                    area_code=code,
                    area_name=cells["area_name"],
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=table.names[column],
                    unit=LAD_SUMMARY_FIGURES[column],
                    missing_reason="not available" if value is None else "",
                    extra={"index_domain": cells["index_domain"], "area_type": cells.get("area_type", "")},
                )
