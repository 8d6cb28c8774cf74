#!/usr/bin/env python
"""Copy the raw data files the default site needs into the repository, cut down to the rows it uses.

A fresh clone has no ../shared/ folder, so a site loads the files this script ships in
plans/<plan>/data/raw/. Which files, and how each is cut down, is declared in
plans/<plan>/data/manifest.yaml (by default the plan ONESTOCKPORT_PLAN names, as for the site);
this script only carries the manifest out:

    python scripts/vendor_data.py                      # from ../shared/data/raw (the default)
    python scripts/vendor_data.py --source /path/raw   # from another copy of the raw folder
    python scripts/vendor_data.py --check              # verify the shipped files, write nothing

Guarantees (each is checked as it goes, and the run stops on the first breach):

* A reduced CSV is the source's header line followed by a subsequence of its data lines, every
  line copied byte for byte (BOM, CRLF, a missing final newline and thousands separators stay as
  they were). Values are never parsed and rewritten. Each data line must be one whole record: a
  line with an open quote (a newline inside a quoted cell) or the wrong number of cells stops
  the run, because line filtering would then cut a record in two. A file with no header line
  (OS Code-Point Open) names its columns in the rule (`columns`) and is shipped without one.
* A reduced GeoJSON keeps each chosen feature's text byte for byte, and everything around the
  features array as it was.
* A reduced Parquet file (`keep_parquet_rows`) cannot be cut byte for byte: the chosen rows are
  written anew with pyarrow, same schema and values, and read back and compared before shipping
  (scripts/vendor_parquet.py).
* Every shipped file has an attribution section in the source's SOURCES.md; the script writes
  SOURCES.md beside the manifest with that attribution, the rule applied, and the SHA-256 of the
  original and the shipped file.
* Running it twice gives identical files (no timestamps; files are rewritten only if different);
  files under the destination that the manifest no longer lists are removed.

It prints a table: file, rule, rows kept/total, bytes shipped.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from config.settings.base import ONESTOCKPORT_PLAN_FILE  # noqa: E402  (the site's plan: one default, one place)
from scripts.vendor_parquet import Condition, ParquetError, parquet_rows, reduce_parquet  # noqa: E402

DEFAULT_MANIFEST = ONESTOCKPORT_PLAN_FILE.parent / "data" / "manifest.yaml"


class VendorError(Exception):
    """The manifest, a source file or a shipped file is not as it must be; nothing more is written."""


# --- The manifest -------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SetSource(_Strict):
    """Derive a set from a source file: the `column` (CSV) or `property` (GeoJSON) of matching rows."""

    file: str
    column: str | None = None
    property: str | None = None
    where: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_key(self) -> SetSource:
        if (self.column is None) == (self.property is None):
            raise ValueError("give exactly one of `column` (CSV) or `property` (GeoJSON)")
        return self


class SetSpec(_Strict):
    description: str = ""
    values: list[str] | None = None
    from_: SetSource | None = Field(default=None, alias="from")
    expect: int | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SetSpec:
        if (self.values is None) == (self.from_ is None):
            raise ValueError("give exactly one of `values` or `from`")
        return self


class Match(_Strict):
    """Which values to keep: listed `values`, members of named sets, and/or a `prefix`."""

    values: list[str] = Field(default_factory=list)
    in_set: str | list[str] = Field(default_factory=list)
    prefix: str | None = None

    @property
    def set_names(self) -> list[str]:
        return [self.in_set] if isinstance(self.in_set, str) else list(self.in_set)

    @model_validator(mode="after")
    def _something(self) -> Match:
        if not (self.values or self.in_set or self.prefix):
            raise ValueError("give `values`, `in_set` or `prefix`")
        return self

    def describe(self) -> str:
        parts = [f"in set {name}" for name in self.set_names]
        if self.values:
            parts.append("= " + ", ".join(self.values))
        if self.prefix:
            parts.append(f"starts with {self.prefix!r}")
        return " or ".join(parts)


class KeepRows(Match):
    column: str
    # For a CSV with no header line (e.g. OS Code-Point Open): the column names, in order. Every
    # line is then a data line, and the shipped file has no header either.
    columns: list[str] | None = None


class KeepFeatures(Match):
    property: str


class ParquetCondition(Match):
    """One condition of `keep_parquet_rows`: a row is kept when every condition holds.

    `except` leaves out those values; alone, it keeps every other value."""

    column: str
    except_values: list[str] = Field(default_factory=list, alias="except")

    @model_validator(mode="after")
    def _something(self) -> ParquetCondition:
        if not (self.values or self.in_set or self.prefix or self.except_values):
            raise ValueError("give `values`, `in_set`, `prefix` or `except`")
        return self

    def describe(self) -> str:
        kept = super().describe() if (self.values or self.in_set or self.prefix) else "any value"
        return kept + (" except " + ", ".join(self.except_values) if self.except_values else "")


class FileEntry(_Strict):
    path: str
    keep: Literal["whole"] | None = None
    keep_rows: KeepRows | None = None
    keep_features: KeepFeatures | None = None
    keep_parquet_rows: list[ParquetCondition] | None = Field(default=None, min_length=1)
    # The licence as the upstream states it, for a shared SOURCES.md section with no licence line
    # of its own (the second wave's sections give it inside the publisher line, or not at all).
    licence: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_rule(self) -> FileEntry:
        rules = [
            rule for rule in (self.keep, self.keep_rows, self.keep_features, self.keep_parquet_rows) if rule is not None
        ]
        if len(rules) != 1:
            raise ValueError("give exactly one of `keep: whole`, `keep_rows`, `keep_features` or `keep_parquet_rows`")
        if Path(self.path).is_absolute() or ".." in Path(self.path).parts:
            raise ValueError("path must be relative to the raw folder, without '..'")
        return self

    def describe(self) -> str:
        if self.keep_rows is not None:
            return f"rows where {self.keep_rows.column} {self.keep_rows.describe()}"
        if self.keep_features is not None:
            return f"features where properties.{self.keep_features.property} {self.keep_features.describe()}"
        if self.keep_parquet_rows is not None:
            return "rows where " + " and ".join(f"{c.column} {c.describe()}" for c in self.keep_parquet_rows)
        return "whole"

    @property
    def matches(self) -> list[Match]:
        return [m for m in (self.keep_rows, self.keep_features) if m is not None] + list(self.keep_parquet_rows or [])


class Manifest(_Strict):
    source: str = "../shared/data/raw"
    dest: str = "raw"
    sources_md: str = "SOURCES.md"
    sets: dict[str, SetSpec] = Field(default_factory=dict)
    files: list[FileEntry]

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        paths = [entry.path for entry in self.files]
        duplicates = sorted({path for path in paths if paths.count(path) > 1})
        if duplicates:
            raise ValueError(f"files listed twice: {duplicates}")
        for entry in self.files:
            unknown = [name for match in entry.matches for name in match.set_names if name not in self.sets]
            if unknown:
                raise ValueError(f"{entry.path}: unknown set(s) {unknown}; define them under `sets`")
        return self


def read_manifest(path: Path) -> Manifest:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Manifest.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise VendorError(f"{path}: cannot read the manifest: {exc}") from exc
    except ValidationError as exc:
        raise VendorError(f"{path}: the manifest is not valid:\n{exc}") from exc


# --- CSV lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvLine:
    number: int  # 1-based physical line number in the source
    raw: bytes  # the line exactly as in the file, line ending included
    cells: list[str]


def split_lines(data: bytes) -> list[bytes]:
    """Physical lines with their endings kept; the last line may have no newline."""
    parts = data.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def parse_csv_lines(data: bytes, where: str) -> tuple[CsvLine, list[CsvLine]]:
    """The header and data lines of a CSV, each checked to be exactly one record."""
    lines = split_lines(data)
    if not lines:
        raise VendorError(f"{where}: the file is empty")
    parsed: list[CsvLine] = []
    width = None
    for number, raw in enumerate(lines, start=1):
        body = raw[:-1] if raw.endswith(b"\n") else raw
        body = body[:-1] if body.endswith(b"\r") else body
        if b"\r" in body:
            raise VendorError(f"{where} line {number}: a carriage return inside the line; refusing to cut it")
        if body.count(b'"') % 2:
            raise VendorError(
                f"{where} line {number}: an unclosed quote - a newline inside a quoted cell; "
                "line filtering would cut the record in two, so ship this file whole or fix the rule"
            )
        try:
            text = body.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise VendorError(f"{where} line {number}: not UTF-8 ({exc})") from exc
        if not text:
            raise VendorError(f"{where} line {number}: a blank line")
        try:
            cells = next(csv.reader([text], strict=True))
        except csv.Error as exc:
            raise VendorError(f"{where} line {number}: not one CSV record ({exc})") from exc
        if width is None:
            width = len(cells)
        elif len(cells) != width:
            raise VendorError(f"{where} line {number}: {len(cells)} cells, but the header has {width}")
        parsed.append(CsvLine(number, raw, cells))
    return parsed[0], parsed[1:]


def _column_index(header: CsvLine, column: str, where: str) -> int:
    try:
        return header.cells.index(column)
    except ValueError:
        raise VendorError(f"{where}: no column {column!r}; the header has {header.cells}") from None


def reduce_csv(data: bytes, rule: KeepRows, keep: frozenset[str], where: str) -> tuple[bytes, int, int]:
    """The header line and the data lines whose `rule.column` matches, byte for byte."""
    header, rows = parse_csv_lines(data, where)
    if rule.columns is not None:  # headerless: the first line is data too
        if len(header.cells) != len(rule.columns):
            raise VendorError(f"{where}: {len(header.cells)} cells a line, but `columns` names {len(rule.columns)}")
        rows = [header, *rows]
        header = CsvLine(0, b"", rule.columns)
    index = _column_index(header, rule.column, where)
    kept = [row for row in rows if _matches(row.cells[index], keep, rule.prefix)]
    out = header.raw + b"".join(row.raw for row in kept)
    if rule.columns is not None:
        if not kept:
            raise VendorError(f"{where}: no line matches, so the shipped file would be empty")
        back_first, back_rest = parse_csv_lines(out, f"{where} (shipped)")
        if [r.cells for r in (back_first, *back_rest)] != [r.cells for r in kept]:
            raise VendorError(f"{where}: the reduced file does not read back as the chosen rows")
        return out, len(kept), len(rows)
    # Self-check: the output reads back as the header and exactly the chosen records.
    back_header, back_rows = parse_csv_lines(out, f"{where} (shipped)")
    if back_header.cells != header.cells or [r.cells for r in back_rows] != [r.cells for r in kept]:
        raise VendorError(f"{where}: the reduced file does not read back as the chosen rows")
    return out, len(kept), len(rows)


def _matches(value: str, keep: frozenset[str], prefix: str | None) -> bool:
    return value in keep or (prefix is not None and value.startswith(prefix))


# --- GeoJSON features ---------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class FeatureSpans:
    text: str
    spans: list[tuple[int, int]]  # (start, end) of each feature object in `text`

    @property
    def features(self) -> list[dict[str, Any]]:
        return [json.loads(self.text[start:end]) for start, end in self.spans]


def feature_spans(text: str, where: str) -> FeatureSpans:
    """Where each feature of a FeatureCollection's `features` array sits in the text."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    if text[pos : pos + 1] != "{":
        raise VendorError(f"{where}: not a GeoJSON object")
    pos += 1
    spans: list[tuple[int, int]] | None = None
    while True:
        pos = _WS.match(text, pos).end()
        if text[pos : pos + 1] == "}":
            break
        key, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()
        if text[pos : pos + 1] != ":":
            raise VendorError(f"{where}: expected ':' at character {pos}")
        pos = _WS.match(text, pos + 1).end()
        if key == "features":
            spans, pos = _array_spans(text, pos, decoder, where)
        else:
            _, pos = decoder.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()
        if text[pos : pos + 1] == ",":
            pos += 1
    if spans is None:
        raise VendorError(f"{where}: no `features` array")
    return FeatureSpans(text, spans)


def _array_spans(text: str, pos: int, decoder: json.JSONDecoder, where: str) -> tuple[list[tuple[int, int]], int]:
    if text[pos : pos + 1] != "[":
        raise VendorError(f"{where}: `features` is not an array")
    pos += 1
    spans = []
    while True:
        pos = _WS.match(text, pos).end()
        if text[pos : pos + 1] == "]":
            return spans, pos + 1
        start = pos
        value, pos = decoder.raw_decode(text, pos)
        if not isinstance(value, dict) or value.get("type") != "Feature":
            raise VendorError(f"{where}: features[{len(spans)}] is not a Feature")
        spans.append((start, pos))
        pos = _WS.match(text, pos).end()
        if text[pos : pos + 1] == ",":
            pos += 1


def reduce_geojson(data: bytes, rule: KeepFeatures, keep: frozenset[str], where: str) -> tuple[bytes, int, int]:
    """The FeatureCollection with only the matching features, each feature's text unchanged."""
    try:
        text = data.decode("utf-8")
        parsed = feature_spans(text, where)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VendorError(f"{where}: not valid UTF-8 JSON ({exc})") from exc
    spans = parsed.spans
    if not spans:
        return data, 0, 0
    separators = {text[end:start] for (_, end), (start, _) in itertools.pairwise(spans)}
    if len(separators) > 1:
        raise VendorError(f"{where}: features are separated unevenly ({sorted(separators)!r}); cannot cut cleanly")
    separator = separators.pop() if separators else ","
    kept = []
    for (start, end), feature in zip(spans, parsed.features, strict=True):
        properties = feature.get("properties") or {}
        if rule.property not in properties:
            raise VendorError(f"{where}: a feature has no property {rule.property!r}")
        if _matches(str(properties[rule.property]), keep, rule.prefix):
            kept.append((start, end))
    out = text[: spans[0][0]] + separator.join(text[s:e] for s, e in kept) + text[spans[-1][1] :]
    # Self-check: valid JSON, the same top level, exactly the chosen features.
    original, shipped = json.loads(text), json.loads(out)
    chosen = [json.loads(text[s:e]) for s, e in kept]
    if shipped.get("features") != chosen or {k: v for k, v in shipped.items() if k != "features"} != {
        k: v for k, v in original.items() if k != "features"
    }:
        raise VendorError(f"{where}: the reduced file does not read back as the chosen features")
    return out.encode("utf-8"), len(kept), len(spans)


# --- Sets ---------------------------------------------------------------------------------------


def resolve_sets(manifest: Manifest, source: Path) -> dict[str, frozenset[str]]:
    resolved = {}
    for name, spec in manifest.sets.items():
        values = frozenset(spec.values) if spec.values is not None else _derive_set(spec.from_, source, f"set {name}")
        if spec.expect is not None and len(values) != spec.expect:
            raise VendorError(
                f"set {name}: {len(values)} values, the manifest expects {spec.expect}; "
                "has the source file changed? Check it, then update `expect`"
            )
        resolved[name] = values
    return resolved


def _derive_set(spec: SetSource, source: Path, label: str) -> frozenset[str]:
    path = source / spec.file
    where = f"{label} ({spec.file})"
    data = _read(path, where)
    if spec.column is not None:
        header, rows = parse_csv_lines(data, where)
        index = _column_index(header, spec.column, where)
        filters = [(_column_index(header, col, where), value) for col, value in spec.where.items()]
        return frozenset(row.cells[index] for row in rows if all(row.cells[i] == v for i, v in filters))
    features = feature_spans(data.decode("utf-8"), where).features
    return frozenset(
        str(f["properties"][spec.property])
        for f in features
        if all(str(f["properties"].get(key)) == value for key, value in spec.where.items())
    )


# --- SOURCES.md ---------------------------------------------------------------------------------

# A heading names one file, or several that share the section (`### `a.csv`, `b.csv``, or
# `### `a.parquet` and `b.csv``).
_SECTION = re.compile(r"^### (`[^`]+`(?:(?:,|\s+and)\s*`[^`]+`)*)\s*$")
# The attribution lines copied from the shared SOURCES.md, in this order.
ATTRIBUTION_FIELDS = ("Source", "Publisher / dataset", "Licence (as stated)", "Subset / derivation")
# Shorter field names some sections use (the second wave's `- Publisher: ... Licence: ...`).
_FIELD_ALIASES = {"Publisher": "Publisher / dataset", "Licence": "Licence (as stated)"}


def parse_sources_md(text: str) -> dict[str, dict[str, str]]:
    """Section per file path: `- Field: value` bullet lines keyed by field name."""
    sections: dict[str, dict[str, str]] = {}
    current: list[dict[str, str]] = []
    for line in text.splitlines():
        heading = _SECTION.match(line)
        if heading:
            paths = re.findall(r"`([^`]+)`", heading.group(1))
            current = [sections.setdefault(path, {}) for path in paths]
        elif line.startswith("#"):
            current = []
        elif current and line.startswith("- ") and ": " in line:
            field, value = line[2:].split(": ", 1)
            for section in current:
                section[_FIELD_ALIASES.get(field.strip(), field.strip())] = value.strip()
    return sections


# A sub-folder's own SOURCES.md (e.g. places/SOURCES.md) heads each file with `### relative/path`
# (sometimes `### a.csv and b.csv`) and gives `- **Field:** value` bullets.
_NESTED_FIELDS = {
    "Upstream": ("Source",),
    "Publisher": ("Publisher / dataset",),
    "Licence": ("Licence (as stated)",),
    "Publisher / licence": ("Publisher / dataset", "Licence (as stated)"),
}
_NESTED_BULLET = re.compile(r"^- \*\*([^*:]+):\*\*\s*(.*)$")


def parse_nested_sources_md(text: str, folder: str) -> dict[str, dict[str, str]]:
    """Sections of a sub-folder's SOURCES.md, keyed by path from the raw root (`folder/...`).

    A bullet's indented continuation lines are joined to it. A value that says "as above" gets
    what it refers to: the previous section's field, or the preamble's `- NAME = text` licence
    definitions (e.g. the OS attribution statement) whose NAME it mentions."""
    bullets: list[tuple[int, str]] = []  # (heading index, bullet text), continuation lines joined
    headings: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        continues = line.startswith("  ") and stripped and not stripped.startswith("- ")
        if line.startswith("#"):
            headings.append(line)
        elif line.startswith("- "):
            bullets.append((len(headings), line))
        elif continues and bullets and bullets[-1][0] == len(headings):
            bullets[-1] = (bullets[-1][0], f"{bullets[-1][1]} {stripped}")
    glossary = {}
    for at, bullet in bullets:
        if not any(h.startswith("### ") for h in headings[:at]) and " = " in bullet:
            name, definition = bullet[2:].split(" = ", 1)
            glossary[name.strip()] = definition.strip()
    sections: dict[str, dict[str, str]] = {}
    previous: dict[str, str] = {}
    by_heading: dict[int, list[dict[str, str]]] = {}
    for index, heading in enumerate(headings, start=1):
        if heading.startswith("### "):
            paths = [word.strip("`") for word in heading[4:].split() if "/" in word and "*" not in word]
            by_heading[index] = [sections.setdefault(f"{folder}/{path}", {}) for path in paths]
    for at, bullet in bullets:
        match = _NESTED_BULLET.match(bullet)
        if at not in by_heading or not match or match.group(1) not in _NESTED_FIELDS:
            continue
        value = match.group(2).strip()
        for name in _NESTED_FIELDS[match.group(1)]:
            if "as above" in value:
                referred = [f"{key} = {text}" for key, text in glossary.items() if key in value]
                referred = referred or [previous.get(name, "")]
                value_here = f"{value} ({'; '.join(r for r in referred if r)})"
            else:
                value_here = value
            for section in by_heading[at]:
                section.setdefault(name, value_here)
            previous = {**previous, name: value_here}
    return sections


@dataclass(frozen=True)
class Result:
    path: str
    rule: str
    kept: int | None
    total: int | None
    size: int
    original_sha256: str
    shipped_sha256: str
    status: str  # "written", "unchanged" or "checked"

    @property
    def whole(self) -> bool:
        return self.rule == "whole"


def plan_site_name(manifest_path: Path) -> str:
    """The site name in the `place` section of the plan file beside the data folder; "" if it has none."""
    try:
        text = (manifest_path.parent.parent / "plan.yaml").read_text(encoding="utf-8")
        return str(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["place"]["site_name"])
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return ""


def sources_markdown(
    results: Sequence[Result], sections: dict[str, dict[str, str]], manifest: Manifest, *, site_name: str = ""
) -> str:
    lines = [
        f"# Data shipped with the {site_name} plan" if site_name else "# Data shipped with the plan",
        "",
        "Generated by `python scripts/vendor_data.py` from `manifest.yaml`; do not edit by hand.",
        "Each file in `raw/` is a copy of the file at the same path in the shared raw data folder",
        "(`shared/data/raw/`), either whole or reduced to the rows the default site uses. A reduced",
        "CSV keeps the original header line and the chosen data lines byte for byte; a reduced",
        "GeoJSON keeps the chosen features' text byte for byte. No value is changed.",
        "",
        "Attribution below is copied from the shared folder's SOURCES.md. How to refresh and the",
        "reduction rules: docs/data.md.",
        "",
        f"{len(results)} files, {sum(r.size for r in results):,} bytes.",
        "",
        "## Sets used by the rules",
        "",
    ]
    for name, spec in manifest.sets.items():
        origin = (
            f"from `{spec.from_.file}` ({spec.from_.column or 'properties.' + str(spec.from_.property)}"
            + "".join(f", where {key} = {value}" for key, value in spec.from_.where.items())
            + ")"
            if spec.from_
            else ", ".join(spec.values or [])
        )
        lines.append(f"- `{name}`: {spec.description or name} - {origin}")
    lines.append("")
    for result in results:
        section = sections[result.path]
        lines += [f"### `{result.path}`", ""]
        lines += [f"- {field}: {section[field]}" for field in ATTRIBUTION_FIELDS if field in section]
        if result.whole:
            shipped = "whole"
        else:
            unit = "features" if result.path.endswith(".geojson") else "rows"
            shipped = f"reduced to {result.kept} of {result.total} {unit} ({result.rule})"
        lines += [
            f"- Shipped: {shipped}; {result.size:,} bytes",
            f"- SHA-256 of the original: `{result.original_sha256}`",
            f"- SHA-256 of the shipped file: `{result.shipped_sha256}`",
            "",
        ]
    return "\n".join(lines)


# --- Running the manifest -----------------------------------------------------------------------


def _read(path: Path, where: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise VendorError(f"{where}: cannot read {path}: {exc.strerror}") from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _count_rows(path: str, data: bytes) -> int | None:
    if path.endswith(".csv"):
        return max(len(split_lines(data)) - 1, 0)
    if path.endswith(".geojson"):
        return len(feature_spans(data.decode("utf-8"), path).spans)
    if path.endswith(".parquet"):
        return parquet_rows(data)
    return None


def build(
    entry: FileEntry, source: Path, sets: dict[str, frozenset[str]]
) -> tuple[bytes, bytes, int | None, int | None]:
    """(original bytes, shipped bytes, kept, total) for one manifest entry."""
    where = entry.path
    original = _read(source / entry.path, where)
    if entry.keep_rows is not None:
        shipped, kept, total = reduce_csv(original, entry.keep_rows, _keep_values(entry.keep_rows, sets), where)
    elif entry.keep_features is not None:
        match = entry.keep_features
        shipped, kept, total = reduce_geojson(original, match, _keep_values(match, sets), where)
    elif entry.keep_parquet_rows is not None:
        conditions = [
            Condition(c.column, _keep_values(c, sets), c.prefix, frozenset(c.except_values))
            for c in entry.keep_parquet_rows
        ]
        try:
            shipped, kept, total = reduce_parquet(original, conditions, where)
        except ParquetError as exc:
            raise VendorError(str(exc)) from exc
    else:
        shipped, total = original, _count_rows(entry.path, original)
        kept = total
    return original, shipped, kept, total


def _keep_values(match: Match, sets: dict[str, frozenset[str]]) -> frozenset[str]:
    values = set(match.values)
    for name in match.set_names:
        values |= sets[name]
    return frozenset(values)


def vendor(*, source: Path, manifest_path: Path = DEFAULT_MANIFEST, check: bool = False) -> list[Result]:
    """Carry out the manifest: write (or with check=True, verify) every shipped file and SOURCES.md."""
    manifest = read_manifest(manifest_path)
    if not source.is_dir():
        raise VendorError(f"no raw data folder at {source}; pass --source")
    sections = parse_sources_md(_read(source / "SOURCES.md", "SOURCES.md").decode("utf-8"))
    for nested in sorted(source.glob("*/SOURCES.md")):
        folder = nested.parent.name
        for path, fields in parse_nested_sources_md(nested.read_text(encoding="utf-8"), folder).items():
            sections.setdefault(path, fields)
    missing = [entry.path for entry in manifest.files if entry.path not in sections]
    if missing:
        raise VendorError(f"no attribution section in {source / 'SOURCES.md'} for: {missing}")
    for entry in manifest.files:
        if entry.licence is not None:
            sections[entry.path].setdefault("Licence (as stated)", entry.licence)
    sets = resolve_sets(manifest, source)
    dest = (manifest_path.parent / manifest.dest).resolve()

    results: list[Result] = []
    outputs: dict[Path, bytes] = {}
    for entry in manifest.files:
        original, shipped, kept, total = build(entry, source, sets)
        target = dest / entry.path
        outputs[target] = shipped
        results.append(
            Result(entry.path, entry.describe(), kept, total, len(shipped), _sha256(original), _sha256(shipped), "")
        )
    sources_path = manifest_path.parent / manifest.sources_md
    site_name = plan_site_name(manifest_path)
    outputs[sources_path] = sources_markdown(results, sections, manifest, site_name=site_name).encode("utf-8")

    stale = sorted(path for path in dest.rglob("*") if path.is_file() and path not in outputs) if dest.is_dir() else []
    statuses = {}
    if check:
        problems = [
            f"{path}: differs from what the manifest gives" for path, data in outputs.items() if _differs(path, data)
        ]
        problems += [f"{path}: not in the manifest" for path in stale]
        if problems:
            raise VendorError("shipped data is out of date; run scripts/vendor_data.py\n  " + "\n  ".join(problems))
        statuses = dict.fromkeys(outputs, "checked")
    else:
        for path, data in outputs.items():
            statuses[path] = "written" if _write_if_changed(path, data) else "unchanged"
        for path in stale:
            path.unlink()
        _remove_empty_dirs(dest)
    return [Result(**{**result.__dict__, "status": statuses[dest / result.path]}) for result in results]


def _differs(path: Path, data: bytes) -> bool:
    return not path.is_file() or path.read_bytes() != data


def _write_if_changed(path: Path, data: bytes) -> bool:
    if not _differs(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def _remove_empty_dirs(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def summary_table(results: Iterable[Result]) -> str:
    rows = [("file", "rule", "kept/total", "bytes", "")]
    total = 0
    for result in results:
        counts = "" if result.total is None else f"{result.kept}/{result.total}"
        rule = result.rule if len(result.rule) <= 60 else result.rule[:57] + "..."
        rows.append((result.path, rule, counts, f"{result.size:,}", result.status))
        total += result.size
    rows.append(("total", "", "", f"{total:,}", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    out = []
    for number, row in enumerate(rows):
        out.append(
            "  ".join(
                cell.rjust(width) if i in (2, 3) else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=False))
            ).rstrip()
        )
        if number in (0, len(rows) - 2):
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="the raw data folder (default: the manifest's `source`)")
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="the manifest (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="verify the shipped files match; write nothing")
    args = parser.parse_args(argv)
    try:
        manifest = read_manifest(args.manifest)
        source = args.source or (REPO_ROOT / manifest.source)
        results = vendor(source=source.resolve(), manifest_path=args.manifest.resolve(), check=args.check)
    except VendorError as exc:
        print(f"vendor_data: {exc}", file=sys.stderr)
        return 1
    print(summary_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
