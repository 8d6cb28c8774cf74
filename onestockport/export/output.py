"""The output folder: refuse a folder that holds someone's files, build beside it, then swap it in.

A rebuild replaces a previous export (recognised by its marker file) only once the new one is complete,
so a failed build leaves the old export untouched; any other non-empty folder is refused, never emptied.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputDirectoryError
from .scope import MARKER_FILE, MARKER_TEXT


def check_output(out: Path) -> None:
    """Raise unless `out` is missing, an empty folder or a previous export."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputDirectoryError(f"{out} exists and is not a folder; choose a new folder for the export")
    if any(out.iterdir()) and not (out / MARKER_FILE).is_file():
        raise OutputDirectoryError(
            f"{out} is not empty and is not a previous export (it has no {MARKER_FILE} file); "
            "choose an empty or new folder, nothing was written"
        )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A new folder beside `out` to write into; on success it replaces `out`, on failure it is removed."""
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        yield staging
        (staging / MARKER_FILE).write_text(MARKER_TEXT, encoding="utf-8")
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a web server must be able to read it
        check_output(out)  # again: something may have appeared while building
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
            out.rename(retired / "export")
            staging.rename(out)
            shutil.rmtree(retired)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
