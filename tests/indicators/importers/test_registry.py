"""One registry: every format the catalogue names has an importer, and each importer says what it reads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onestockport.errors import OneStockportError
from onestockport.indicators.importers.registry import IMPORTERS, get_importer

CATALOGUE = Path(__file__).resolve().parents[3] / "plans" / "one-stockport-2030" / "indicators.yaml"


def _catalogue_formats() -> set[str]:
    document = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    formats = set(document.get("formats", {}))
    for indicator in document["indicators"]:
        sources = [indicator.get("source"), indicator.get("la_summary"), *indicator.get("also_in", [])]
        formats.update(source["format"] for source in sources if source)
    return formats


def test_every_catalogue_format_has_an_importer():
    assert _catalogue_formats() - set(IMPORTERS) == set()


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_importers_describe_themselves(name):
    importer = IMPORTERS[name]

    assert importer.format == name
    assert importer.description
    # Locally collected figures ("tidy") are published by the plan's own council: see the next test.
    assert importer.publisher or name == "tidy"


def test_locally_collected_figures_are_published_by_the_plans_own_place():
    from types import SimpleNamespace

    from onestockport.indicators.services import release_publisher

    plan = SimpleNamespace(place="Our Town")
    assert (release_publisher(IMPORTERS["tidy"], plan), release_publisher(IMPORTERS["ons-els"], plan)) == (
        "Our Town council and partners",
        IMPORTERS["ons-els"].publisher,
    )


def test_an_unknown_format_lists_the_known_ones():
    with pytest.raises(OneStockportError, match=r"known formats: .*tdl-tidy"):
        get_importer("desnz-emissions")
