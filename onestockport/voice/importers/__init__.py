"""Survey exports in, validated records out: table readers per file format, mapping files, the survey reader."""
