"""Old (2004-2023) wards overlapping a current ward through LSOA best fits, with figures under their own vintage."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from onestockport.places.models import Area
from onestockport.publish.old_wards import OLD_WARDS_LABEL, old_ward_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]


def _current(name: str) -> Area:
    return Area.objects.get(name=name, level=Area.Level.WARD, vintage="2023")


def test_overlapping_old_wards_with_the_share_of_small_areas_in_common():
    overlaps = old_ward_figures(_current("Brinnington & Stockport Central"))
    assert overlaps, "a current ward overlaps at least one old ward"
    first = overlaps[0]
    assert first.ward.vintage == "2004"
    assert first.ward.name == "Brinnington and Central"
    assert 0 < first.shared <= first.current_total
    assert sum(o.shared for o in overlaps) == first.current_total  # every LSOA has one old ward
    assert first.share_of_current == pytest.approx(first.shared / first.current_total)
    assert [o.shared for o in overlaps] == sorted((o.shared for o in overlaps), reverse=True)


def test_old_ward_figures_are_labelled_with_their_vintage_and_source():
    overlaps = old_ward_figures(_current("Brinnington & Stockport Central"))
    figures = {figure.slug: figure for figure in overlaps[0].figures}
    claimant = figures["claimant-count-ward-2015-2017"]
    assert claimant.period == "Oct 2017"
    assert claimant.display.endswith("%")
    assert claimant.vintage == OLD_WARDS_LABEL == "wards in force 2004 to May 2023"
    assert claimant.source
    assert "imd-2019-ward" in figures


def test_an_old_ward_is_not_one_of_the_current_wards():
    ward = _current("Edgeley")
    assert all(o.ward.code != ward.code and "2023" not in o.ward.vintages for o in old_ward_figures(ward))


def test_partial_says_the_figures_are_not_the_current_wards():
    ward = _current("Brinnington & Stockport Central")
    html = render_to_string(
        "publish/partials/place_old_wards.html", {"old_wards": old_ward_figures(ward), "ward": ward}
    )
    assert "wards in force 2004 to May 2023" in html
    assert "not figures for Brinnington &amp; Stockport Central" in html
    assert "Brinnington and Central" in html
    assert "Oct 2017" in html
    assert "<table" in html


def test_ward_page_shows_the_old_wards_under_their_own_vintage(client):
    page = client.get("/places/brinnington-and-stockport-central/").content.decode()
    section = page.split('id="old-wards"')[1]
    assert "Brinnington and Central (wards in force 2004 to May 2023)" in section
    assert "they are not figures for Brinnington &amp; Stockport Central" in section
