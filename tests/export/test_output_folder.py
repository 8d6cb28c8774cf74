"""The output folder: a user's folder is never emptied; a previous export is replaced only on success."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.export.errors import OutputDirectoryError
from onestockport.export.output import check_output, staging_folder
from onestockport.export.scope import MARKER_FILE


def _invoke(*args: str):
    return CliRunner().invoke(cli, ["site", "build", *args], catch_exceptions=False)


def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "thesis.docx").write_text("years of work")
    result = _invoke("--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path} is not empty and is not a previous export" in result.output
    assert "nothing was written" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]


def test_a_file_is_refused(tmp_path):
    target = tmp_path / "site"
    target.write_text("x")
    with pytest.raises(OutputDirectoryError, match="exists and is not a folder"):
        check_output(target)


@pytest.mark.parametrize("option", ["--base-url", "--live-url"])
def test_an_address_that_is_not_absolute_is_refused(tmp_path, option):
    result = _invoke("--out", str(tmp_path / "site"), option, "example.org/plans")
    assert result.exit_code == 1
    assert f"{option} must be an absolute http or https address" in result.output
    assert not (tmp_path / "site").exists()


def test_a_new_or_empty_folder_is_accepted(tmp_path):
    check_output(tmp_path / "new")
    check_output(tmp_path)


def test_a_previous_export_is_replaced_only_when_the_new_one_is_complete(tmp_path):
    out = tmp_path / "site"
    with staging_folder(out) as staging:
        (staging / "index.html").write_text("first")
        (staging / "old-page.html").write_text("gone next time")
    assert (out / MARKER_FILE).is_file()

    def failing_build() -> None:
        with staging_folder(out) as staging:
            (staging / "index.html").write_text("half-built")
            raise RuntimeError("a page failed")

    with pytest.raises(RuntimeError):
        failing_build()
    assert (out / "index.html").read_text() == "first"  # the failed build changed nothing

    with staging_folder(out) as staging:
        (staging / "index.html").write_text("second")
    assert (out / "index.html").read_text() == "second"
    assert not (out / "old-page.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or retired folders left
    assert oct(out.stat().st_mode & 0o777) != oct(0o700)  # readable by the web server, not private
