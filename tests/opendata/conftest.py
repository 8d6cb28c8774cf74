"""The package built once per module from the shipped plan and all its official data."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.opendata.package import DataPackage, build_package, clear_site_cache, write_package


@pytest.fixture(scope="module")
def package(published_plan, django_db_blocker) -> DataPackage:
    with django_db_blocker.unblock():
        return build_package(plan=published_plan)


@pytest.fixture(scope="module")
def package_dir(package, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("open-data")
    write_package(package, out)
    return out


@pytest.fixture(autouse=True)
def fresh_site_copy():
    """Each test sees the site's package rebuilt from the database as it is in that test."""
    clear_site_cache()
    yield
    clear_site_cache()
