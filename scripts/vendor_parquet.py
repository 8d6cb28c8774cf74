"""Cutting a Parquet file down to chosen rows, for scripts/vendor_data.py (`keep_parquet_rows`).

A Parquet file cannot be cut byte for byte as a CSV can, so the chosen rows are written anew with
pyarrow: same schema (column names, types and metadata), same values, Snappy compression. The
output is read back and compared with the chosen rows before it is accepted, and it is the same
bytes on every run with the pinned pyarrow version (Parquet files hold no timestamps).

A row is kept when every condition holds: its cell in the condition's column, written as text
(a whole-number float such as 356.0 as "356"), is one of the values or starts with the prefix, and
is none of the excluded values (a condition with only excluded values keeps every other value).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Condition:
    column: str
    values: frozenset[str]
    prefix: str | None = None
    excluded: frozenset[str] = frozenset()  # with no values or prefix: every other value is kept

    def holds(self, cell: object) -> bool:
        text = _text(cell)
        if text in self.excluded:
            return False
        if not self.values and self.prefix is None:
            return bool(self.excluded)
        return text in self.values or (self.prefix is not None and text.startswith(self.prefix))


class ParquetError(Exception):
    """The file is not Parquet, lacks a column, or does not read back as the chosen rows."""


def reduce_parquet(data: bytes, conditions: Sequence[Condition], where: str) -> tuple[bytes, int, int]:
    """(the Parquet file with only the rows meeting every condition, rows kept, rows in the original)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        raise ParquetError(f"{where}: not readable as a Parquet file ({exc})") from exc
    for condition in conditions:
        if condition.column not in table.column_names:
            raise ParquetError(f"{where}: no column {condition.column!r}; the file has {table.column_names}")
    keep = [True] * table.num_rows
    for condition in conditions:
        cells = table.column(condition.column).to_pylist()
        keep = [kept and condition.holds(cell) for kept, cell in zip(keep, cells, strict=True)]
    chosen = table.filter(pa.array(keep, type=pa.bool_()))
    if chosen.num_rows == 0:
        raise ParquetError(f"{where}: no row meets the conditions, so the shipped file would be empty")
    out = io.BytesIO()
    pq.write_table(chosen, out, compression="snappy")
    shipped = out.getvalue()
    back = pq.read_table(io.BytesIO(shipped))
    if not back.equals(chosen) or back.schema != table.schema:
        raise ParquetError(f"{where}: the reduced file does not read back as the chosen rows")
    return shipped, chosen.num_rows, table.num_rows


def parquet_rows(data: bytes) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(io.BytesIO(data)).metadata.num_rows


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)
