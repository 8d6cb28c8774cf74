"""`keep_parquet_rows` in scripts/vendor_data.py (synthetic data, made up for these tests)."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def _parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


SYNTHETIC = pa.table(
    {
        "Short Desc": ["a", "a", "b", "a"],
        "Values": ["1", "-", "3", "4.5"],
        "LA Number": [356.0, 970.0, 356.0, 301.0],
    }
)


def _entry(vendor_data, conditions):
    return vendor_data.FileEntry.model_validate({"path": "x/data.parquet", "keep_parquet_rows": conditions})


def test_rows_meeting_every_condition_are_kept_with_schema_and_values_unchanged(vendor_data, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "data.parquet").write_bytes(_parquet(SYNTHETIC))
    entry = _entry(vendor_data, [{"column": "Short Desc", "values": ["a"]}, {"column": "LA Number", "in_set": "s"}])

    _, shipped, kept, total = vendor_data.build(entry, tmp_path, {"s": frozenset({"356", "970"})})

    back = pq.read_table(io.BytesIO(shipped))
    assert (kept, total) == (2, 4)
    assert back.schema == SYNTHETIC.schema
    assert back.to_pydict() == {"Short Desc": ["a", "a"], "Values": ["1", "-"], "LA Number": [356.0, 970.0]}
    assert entry.describe() == "rows where Short Desc = a and LA Number in set s"
    # The same bytes on a second run: --check compares them.
    assert vendor_data.build(entry, tmp_path, {"s": frozenset({"356", "970"})})[1] == shipped


def test_a_missing_column_or_a_file_that_is_not_parquet_stops_the_run(vendor_data, tmp_path):
    (tmp_path / "x").mkdir()
    path = tmp_path / "x" / "data.parquet"
    path.write_bytes(_parquet(SYNTHETIC))
    entry = _entry(vendor_data, [{"column": "Region", "values": ["a"]}])
    with pytest.raises(vendor_data.VendorError, match=r"x/data.parquet: no column 'Region'"):
        vendor_data.build(entry, tmp_path, {})

    path.write_bytes(b"Short Desc,Values\na,1\n")
    entry = _entry(vendor_data, [{"column": "Short Desc", "values": ["a"]}])
    with pytest.raises(vendor_data.VendorError, match=r"x/data.parquet: not readable as a Parquet file"):
        vendor_data.build(entry, tmp_path, {})


def test_a_manifest_naming_an_unknown_set_in_a_parquet_rule_is_refused(vendor_data):
    with pytest.raises(ValueError, match="unknown set"):
        vendor_data.Manifest.model_validate(
            {"files": [{"path": "x/data.parquet", "keep_parquet_rows": [{"column": "c", "in_set": "nope"}]}]}
        )
