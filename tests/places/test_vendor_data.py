"""scripts/vendor_data.py on a tiny synthetic raw folder (synthetic data, made up for these tests)."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

# A CSV with the IoD2019 quirks: byte-order mark, CRLF, no final newline, quoted thousands separators.
QUIRKY_CSV = (
    b"\xef\xbb\xbfcode,name,value\r\n"
    b'E08000007,"Stockport, borough","1,234"\r\n'
    b"E08000001,Bolton,5\r\n"
    b'E08000007,"Said ""hello""",6'
)
PLAIN_CSV = b"code,name\nE01000001,One\nE01000002,Two\nE01000003,Three\n"
LOOKUP_CSV = b"lsoa,lad\nE01000001,E08000007\nE01000003,E08000007\nE01000002,E08000001\n"
GEOJSON = (
    b'{\n"type": "FeatureCollection",\n"name": "test",\n"features": [\n'
    b'{ "type": "Feature", "properties": { "code": "A", "la": "E08000007" }, '
    b'"geometry": { "type": "Point", "coordinates": [ -2.123456789012345, 53.400000000000006 ] } },\n'
    b'{ "type": "Feature", "properties": { "code": "B", "la": "E08000001" }, '
    b'"geometry": { "type": "Point", "coordinates": [ -2.4, 53.5 ] } },\n'
    b'{ "type": "Feature", "properties": { "code": "C", "la": "E08000007" }, '
    b'"geometry": { "type": "Point", "coordinates": [ 1E-2, 5.30e1 ] } }\n'
    b"]\n}\n"
)
METADATA = b'{"_note": "synthetic", "label": "Test"}'

SOURCES_MD = """\
# Raw data sources (synthetic)

## things/

{sections}
"""
SECTION = """\
### `{path}`

- Source: GitHub `example/repo` path `{path}` @ commit `0123456789abcdef0123456789abcdef01234567` (2026-01-01)
- Publisher / dataset: Synthetic Publisher - made-up test data
- Licence (as stated): Open Government Licence v3.0
- Coverage: see notes
- Size: a few rows
- Subset / derivation: No - unchanged copy
"""

MANIFEST = """\
source: ../src
dest: raw
sources_md: SOURCES.md
sets:
  stockport_lsoas:
    description: LSOAs in Stockport
    from: {file: things/lookup.csv, column: lsoa, where: {lad: E08000007}}
    expect: 2
files:
  - path: things/quirky.csv
    keep_rows: {column: code, values: [E08000007]}
  - path: things/plain.csv
    keep_rows: {column: code, in_set: stockport_lsoas}
  - path: things/shapes.geojson
    keep_features: {property: la, values: [E08000007]}
  - path: things/metadata.json
    keep: whole
"""

FILES = {
    "things/quirky.csv": QUIRKY_CSV,
    "things/plain.csv": PLAIN_CSV,
    "things/lookup.csv": LOOKUP_CSV,
    "things/shapes.geojson": GEOJSON,
    "things/metadata.json": METADATA,
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/src (the raw folder) and tmp/data/manifest.yaml; returns tmp."""
    source = tmp_path / "src"
    for relative, data in FILES.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_bytes(data)
    sections = "\n".join(SECTION.format(path=path) for path in FILES)
    (source / "SOURCES.md").write_text(SOURCES_MD.format(sections=sections), encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def run(vendor_data, tree: Path, **kwargs):
    return vendor_data.vendor(source=tree / "src", manifest_path=tree / "data" / "manifest.yaml", **kwargs)


def shipped(tree: Path, relative: str) -> bytes:
    return (tree / "data" / "raw" / relative).read_bytes()


def test_reduced_csv_keeps_header_and_chosen_lines_byte_for_byte(vendor_data, tree):
    run(vendor_data, tree)

    # BOM, CRLF, quoting, thousands separators and the missing final newline all survive.
    assert shipped(tree, "things/quirky.csv") == (
        b'\xef\xbb\xbfcode,name,value\r\nE08000007,"Stockport, borough","1,234"\r\nE08000007,"Said ""hello""",6'
    )


def test_rows_can_be_chosen_by_a_set_derived_from_a_lookup(vendor_data, tree):
    run(vendor_data, tree)

    assert shipped(tree, "things/plain.csv") == b"code,name\nE01000001,One\nE01000003,Three\n"


def test_reduced_geojson_keeps_each_chosen_feature_text(vendor_data, tree):
    run(vendor_data, tree)

    text = shipped(tree, "things/shapes.geojson").decode()
    assert json.loads(text)["name"] == "test"
    assert [f["properties"]["code"] for f in json.loads(text)["features"]] == ["A", "C"]
    # Numbers are not re-serialised: the original spellings are still there.
    assert "-2.123456789012345, 53.400000000000006" in text
    assert "1E-2, 5.30e1" in text


def test_whole_files_are_copied_unchanged(vendor_data, tree):
    run(vendor_data, tree)

    assert shipped(tree, "things/metadata.json") == METADATA


def test_results_count_rows_and_bytes(vendor_data, tree):
    results = {result.path: result for result in run(vendor_data, tree)}

    assert (results["things/quirky.csv"].kept, results["things/quirky.csv"].total) == (2, 3)
    assert (results["things/shapes.geojson"].kept, results["things/shapes.geojson"].total) == (2, 3)
    assert results["things/metadata.json"].rule == "whole"
    assert results["things/plain.csv"].size == len(shipped(tree, "things/plain.csv"))


def test_running_twice_gives_identical_files(vendor_data, tree):
    run(vendor_data, tree)
    first = {path: path.read_bytes() for path in (tree / "data").rglob("*") if path.is_file()}

    results = run(vendor_data, tree)

    second = {path: path.read_bytes() for path in (tree / "data").rglob("*") if path.is_file()}
    assert second == first
    assert {result.status for result in results} == {"unchanged"}


def test_sources_md_has_attribution_rule_and_checksums(vendor_data, tree):
    run(vendor_data, tree)

    text = (tree / "data" / "SOURCES.md").read_text(encoding="utf-8")
    section = text.split("### `things/quirky.csv`")[1].split("###")[0]
    assert "- Source: GitHub `example/repo` path `things/quirky.csv` @ commit `0123456789abcdef" in section
    assert "- Publisher / dataset: Synthetic Publisher" in section
    assert "- Licence (as stated): Open Government Licence v3.0" in section
    assert "Shipped: reduced to 2 of 3 rows (rows where code = E08000007)" in section
    assert hashlib.sha256(QUIRKY_CSV).hexdigest() in section
    assert hashlib.sha256(shipped(tree, "things/quirky.csv")).hexdigest() in section
    assert "Shipped: whole" in text.split("### `things/metadata.json`")[1]
    assert "Size:" not in text  # upstream sizes describe the original, not the shipped file


def test_a_manifest_licence_fills_a_section_without_one_and_never_overrides(vendor_data, tree):
    sources = tree / "src" / "SOURCES.md"
    sources.write_text(
        sources.read_text().replace(
            "- Licence (as stated): Open Government Licence v3.0\n- Coverage: see notes\n- Size: a few rows\n"
            "- Subset / derivation: No - unchanged copy\n\n### `things/plain.csv`",
            "- Coverage: see notes\n\n### `things/plain.csv`",
            1,
        )
    )
    manifest = tree / "data" / "manifest.yaml"
    text = manifest.read_text()
    text = text.replace(
        "keep_rows: {column: code, values: [E08000007]}",
        "keep_rows: {column: code, values: [E08000007]}\n    licence: MIT",
    )
    text = text.replace(
        "keep_rows: {column: code, in_set: stockport_lsoas}",
        "keep_rows: {column: code, in_set: stockport_lsoas}\n    licence: MIT",
    )
    manifest.write_text(text)

    run(vendor_data, tree)

    written = (tree / "data" / "SOURCES.md").read_text(encoding="utf-8")
    quirky = written.split("### `things/quirky.csv`")[1].split("###")[0]
    plain = written.split("### `things/plain.csv`")[1].split("###")[0]
    assert "- Licence (as stated): MIT" in quirky
    assert "- Licence (as stated): Open Government Licence v3.0" in plain


def test_refuses_a_newline_inside_a_quoted_cell(vendor_data, tree):
    (tree / "src" / "things" / "quirky.csv").write_bytes(b'code,name\nE08000007,"two\nlines"\nE08000001,x\n')

    with pytest.raises(vendor_data.VendorError, match=r"things/quirky.csv line 2: an unclosed quote"):
        run(vendor_data, tree)
    assert not (tree / "data" / "raw").exists()


def test_refuses_a_line_with_the_wrong_number_of_cells(vendor_data, tree):
    (tree / "src" / "things" / "quirky.csv").write_bytes(b"code,name\nE08000007,a,extra\n")

    with pytest.raises(vendor_data.VendorError, match=r"line 2: 3 cells, but the header has 2"):
        run(vendor_data, tree)


def test_refuses_a_file_without_attribution(vendor_data, tree):
    sources = tree / "src" / "SOURCES.md"
    sources.write_text(sources.read_text().replace("### `things/plain.csv`", "### `things/other.csv`"))

    with pytest.raises(vendor_data.VendorError, match=r"no attribution section .*things/plain.csv"):
        run(vendor_data, tree)


def test_stops_when_a_derived_set_changes_size(vendor_data, tree):
    (tree / "src" / "things" / "lookup.csv").write_bytes(LOOKUP_CSV + b"E01000009,E08000007\n")

    with pytest.raises(vendor_data.VendorError, match=r"set stockport_lsoas: 3 values, the manifest expects 2"):
        run(vendor_data, tree)


def test_an_unknown_column_is_named(vendor_data, tree):
    manifest = tree / "data" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("{column: code, values", "{column: areacd, values"))

    with pytest.raises(vendor_data.VendorError, match=r"things/quirky.csv: no column 'areacd'"):
        run(vendor_data, tree)


def test_an_invalid_manifest_is_refused(vendor_data, tree):
    manifest = tree / "data" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("keep: whole", "keep: everything"))

    with pytest.raises(vendor_data.VendorError, match="the manifest is not valid"):
        run(vendor_data, tree)


def test_files_no_longer_listed_are_removed(vendor_data, tree):
    run(vendor_data, tree)
    manifest = tree / "data" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  - path: things/metadata.json\n    keep: whole\n", ""))

    run(vendor_data, tree)

    assert not (tree / "data" / "raw" / "things" / "metadata.json").exists()
    assert "things/metadata.json" not in (tree / "data" / "SOURCES.md").read_text()


def test_check_mode_reports_out_of_date_files_and_writes_nothing(vendor_data, tree):
    run(vendor_data, tree)
    (tree / "data" / "raw" / "things" / "plain.csv").write_bytes(b"code,name\n")

    with pytest.raises(vendor_data.VendorError, match=r"plain.csv: differs"):
        run(vendor_data, tree, check=True)
    assert shipped(tree, "things/plain.csv") == b"code,name\n"


def test_command_prints_a_summary_table(vendor_data, tree, capsys):
    code = vendor_data.main(["--source", str(tree / "src"), "--manifest", str(tree / "data" / "manifest.yaml")])

    out = capsys.readouterr().out
    assert code == 0
    assert "things/quirky.csv" in out
    assert "2/3" in out
    assert out.strip().splitlines()[-1].split()[0] == "total"


def test_command_turns_errors_into_a_message_and_exit_1(vendor_data, tree, capsys):
    code = vendor_data.main(["--source", str(tree / "missing"), "--manifest", str(tree / "data" / "manifest.yaml")])

    assert code == 1
    assert "no raw data folder" in capsys.readouterr().err


def test_sources_md_parser_reads_bullets_by_field(vendor_data):
    text = textwrap.dedent(
        """\
        ## a/
        ### `a/x.csv`
        - Source: somewhere: with a colon
        - Licence (as stated): OGL
        ## b/
        - Source: not in a section
        """
    )

    assert vendor_data.parse_sources_md(text) == {
        "a/x.csv": {"Source": "somewhere: with a colon", "Licence (as stated)": "OGL"}
    }


def test_sources_md_section_may_name_several_files_and_use_short_field_names(vendor_data):
    text = textwrap.dedent(
        """\
        ### `d/four.csv`, `d/five.csv`
        - Source: GitHub somewhere
        - Publisher: Ofcom, via ONS. Licence: OGL v3.
        """
    )

    expected = {"Source": "GitHub somewhere", "Publisher / dataset": "Ofcom, via ONS. Licence: OGL v3."}
    assert vendor_data.parse_sources_md(text) == {"d/four.csv": expected, "d/five.csv": expected}


def test_a_headerless_csv_is_cut_by_named_columns_and_stays_headerless(vendor_data):
    data = b'"AB1 2CD",10,1,2,"E08000001"\n"AB1 2CE",10,3,4,"E08000002"\n"AB1 2CF",50,5,6,"E08000001"\n'
    rule = vendor_data.KeepRows(column="DC", values=["E08000001"], columns=["PC", "PQ", "EA", "NO", "DC"])

    out, kept, total = vendor_data.reduce_csv(data, rule, frozenset({"E08000001"}), "x.csv")

    assert out == b'"AB1 2CD",10,1,2,"E08000001"\n"AB1 2CF",50,5,6,"E08000001"\n'
    assert (kept, total) == (2, 3)


def test_a_headerless_csv_with_a_different_width_from_its_columns_is_refused(vendor_data):
    rule = vendor_data.KeepRows(column="DC", values=["E1"], columns=["PC", "DC"])
    with pytest.raises(vendor_data.VendorError, match="3 cells a line"):
        vendor_data.reduce_csv(b"a,b,E1\n", rule, frozenset({"E1"}), "x.csv")


def test_a_sub_folders_sources_md_gives_attribution_with_what_as_above_refers_to(vendor_data):
    text = textwrap.dedent(
        """\
        # Small-area data
        Licences:
        - OS = the OS licence. Attribution: "Contains OS data".
        ### postcodes/a.csv and postcodes/b.csv
        - **Upstream:** someone/repo, `a.csv`, at commit 123
          continued on the next line.
        - **Licence:** OS; attribution as above.
        ### names/c.csv
        - **Publisher / licence:** ONS. OGL v3.
        ### names/d.csv
        - **Publisher / licence:** ONS again. Same licence position as above.
        """
    )

    sections = vendor_data.parse_nested_sources_md(text, "places")

    assert sections["places/postcodes/a.csv"] == sections["places/postcodes/b.csv"]
    assert (
        sections["places/postcodes/a.csv"]["Source"]
        == "someone/repo, `a.csv`, at commit 123 continued on the next line."
    )
    assert 'Attribution: "Contains OS data"' in sections["places/postcodes/a.csv"]["Licence (as stated)"]
    assert sections["places/names/c.csv"]["Licence (as stated)"] == "ONS. OGL v3."
    assert "(ONS. OGL v3.)" in sections["places/names/d.csv"]["Licence (as stated)"]
