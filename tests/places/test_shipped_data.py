"""The data shipped in the repository: complete for the catalogue, documented, lean, and up to date."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import REPO_ROOT, SHIPPED_DATA

CATALOGUE = SHIPPED_DATA.parent.parent / "indicators.yaml"
MANIFEST = SHIPPED_DATA.parent / "manifest.yaml"
SHIPPED_SOURCES = SHIPPED_DATA.parent / "SOURCES.md"
# Every shipped plan folder with its own data, and how many files its catalogue names at least.
PLAN_FOLDERS = {SHIPPED_DATA.parent.parent: 90, REPO_ROOT / "plans" / "our-manchester-2025": 25}
SHARED_RAW = REPO_ROOT.parent / "shared" / "data" / "raw"
# Catalogue keys whose values name raw files (some add a note after the path).
FILE_KEYS = {"file", "metadata", "boundaries", "to_wards", "stockport_lsoas"}
PATH = re.compile(r"\b[a-z_0-9]+/[\w.\-]+\.(?:csv|json|geojson)\b")


def catalogue_files(catalogue=CATALOGUE) -> set[str]:
    found: set[str] = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list):
            for child in node:
                walk(child, key)
        elif isinstance(node, str) and key in FILE_KEYS:
            found.update(PATH.findall(node))

    walk(yaml.safe_load(catalogue.read_text(encoding="utf-8")))
    return found


def shipped_files(raw=SHIPPED_DATA) -> set[str]:
    return {path.relative_to(raw).as_posix() for path in raw.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("plan_folder", "at_least"), PLAN_FOLDERS.items(), ids=lambda v: getattr(v, "name", v))
def test_every_file_the_catalogue_names_is_shipped(plan_folder, at_least):
    wanted = catalogue_files(plan_folder / "indicators.yaml")

    assert len(wanted) >= at_least
    assert sorted(wanted - shipped_files(plan_folder / "data" / "raw")) == []


@pytest.mark.parametrize("plan_folder", PLAN_FOLDERS, ids=lambda v: v.name)
def test_the_manifest_lists_exactly_the_shipped_files(vendor_data, plan_folder):
    manifest = vendor_data.read_manifest(plan_folder / "data" / "manifest.yaml")

    assert {entry.path for entry in manifest.files} == shipped_files(plan_folder / "data" / "raw")


@pytest.mark.parametrize("plan_folder", PLAN_FOLDERS, ids=lambda v: v.name)
def test_sources_md_attributes_every_shipped_file(plan_folder):
    text = (plan_folder / "data" / "SOURCES.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^### `([^`]+)`", text, flags=re.M))

    assert sections == shipped_files(plan_folder / "data" / "raw")
    assert text.count("- Licence (as stated):") == len(sections)
    assert text.count("- SHA-256 of the shipped file:") == len(sections)


def test_shipped_data_stays_lean():
    total = sum((SHIPPED_DATA / relative).stat().st_size for relative in shipped_files())

    assert total < 5_000_000, f"{total:,} bytes shipped; the budget is well under 10 MB"


@pytest.mark.skipif(not SHARED_RAW.is_dir(), reason="the shared raw data folder is not beside this clone")
@pytest.mark.parametrize("plan_folder", PLAN_FOLDERS, ids=lambda v: v.name)
def test_shipped_data_is_what_the_manifest_gives_from_the_shared_folder(vendor_data, plan_folder):
    results = vendor_data.vendor(source=SHARED_RAW, manifest_path=plan_folder / "data" / "manifest.yaml", check=True)

    assert {result.status for result in results} == {"checked"}


def test_reduced_files_are_the_originals_cut_to_whole_lines(vendor_data):
    # Without the shared folder at hand, check the shipped side: every CSV reads back as whole records.
    for relative in sorted(shipped_files()):
        if relative.endswith(".csv"):
            header, rows = vendor_data.parse_csv_lines((SHIPPED_DATA / relative).read_bytes(), relative)
            assert rows, relative
            assert len(header.cells) > 1, relative
