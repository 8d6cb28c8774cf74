"""Every importer, registered in one place: a new publisher format is a new module added here."""

from __future__ import annotations

from onestockport.errors import OneStockportError

from .base import Importer
from .beis_co2 import BeisLaCo2
from .deprivation import HumaniverseImdLsoa, HumaniverseImdWard, IoD2019File, IoDLocalAuthoritySummary
from .dfe_lait import DfeLait
from .emissions import MySocietyEmissions
from .fingertips import Fingertips, FingertipsTidy
from .generic import Tidy
from .loneliness import HumaniverseLonelinessLsoa
from .oflog import OflogAdultSocialCare
from .ons_els import OnsExploreLocalStatistics
from .open_sdg import OpenSdg
from .trafford_tidy import CensusTidy, TraffordClaimantLegacy, TraffordTidy, TraffordTidyWide

IMPORTERS: dict[str, type[Importer]] = {
    importer.format: importer
    for importer in (
        OnsExploreLocalStatistics,
        Fingertips,
        FingertipsTidy,
        TraffordTidy,
        TraffordTidyWide,
        CensusTidy,
        TraffordClaimantLegacy,
        MySocietyEmissions,
        BeisLaCo2,
        IoD2019File,
        HumaniverseImdLsoa,
        HumaniverseImdWard,
        IoDLocalAuthoritySummary,
        OpenSdg,
        DfeLait,
        OflogAdultSocialCare,
        HumaniverseLonelinessLsoa,
        Tidy,
    )
}


def get_importer(format_name: str) -> type[Importer]:
    try:
        return IMPORTERS[format_name]
    except KeyError:
        known = ", ".join(sorted(IMPORTERS))
        raise OneStockportError(f"unknown format {format_name!r}; known formats: {known}") from None
