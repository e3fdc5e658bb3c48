"""check_file's look at the file system entry (one ``stat``): each kind of entry that is no workbook file gets
the detail pathlib's ``is_file``/``is_dir`` gave it, and nothing that is no regular file is opened."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from kinerja_xl.catalog import DEFAULT_CATALOG, load_catalog
from kinerja_xl.reading import safety
from kinerja_xl.reading.safety import FileLimits, check_file

FOLDER = "berkas itu adalah folder"
NOT_A_FILE = "bukan berkas biasa atau tidak ditemukan"


def details(path: str | Path) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in check_file(path, FileLimits())]


def says(path: str | Path, detail: str) -> None:
    found = details(path)
    assert len(found) == 1 and found[0][0] == "berkas-tidak-ada" and detail in found[0][1], found


def test_folder_and_missing_file(tmp_path: Path) -> None:
    says(tmp_path, FOLDER)
    says(tmp_path / "tidak-ada.xlsx", NOT_A_FILE)
    says(tmp_path / "tidak-ada" / "unit.xlsx", NOT_A_FILE)  # a missing folder on the way


def test_a_file_where_a_folder_is_expected(tmp_path: Path) -> None:
    (tmp_path / "berkas").write_bytes(b"x")
    says(tmp_path / "berkas" / "unit.xlsx", NOT_A_FILE)  # ENOTDIR: no such file, not an error


def test_a_name_the_system_cannot_take(tmp_path: Path) -> None:
    says(str(tmp_path / "a\0b.xlsx"), NOT_A_FILE)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_links_are_followed(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "ke-folder.xlsx").symlink_to(tmp_path / "folder")
    (tmp_path / "putus.xlsx").symlink_to(tmp_path / "hilang.xlsx")
    (tmp_path / "lingkar.xlsx").symlink_to(tmp_path / "lingkar.xlsx")
    says(tmp_path / "ke-folder.xlsx", FOLDER)
    says(tmp_path / "putus.xlsx", NOT_A_FILE)
    says(tmp_path / "lingkar.xlsx", NOT_A_FILE)  # ELOOP
    (tmp_path / "unit.xlsx").write_bytes(b"")
    (tmp_path / "ke-unit.xlsx").symlink_to(tmp_path / "unit.xlsx")
    assert [code for code, _ in details(tmp_path / "ke-unit.xlsx")] == ["berkas-kosong"]  # read through the link


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "pipa.xlsx"
    os.mkfifo(pipe)
    says(pipe, NOT_A_FILE)  # opening it would wait for a writer forever


def test_another_error_is_worded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(path: object) -> os.stat_result:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(safety.os, "stat", refused)
    found = details(tmp_path / "unit.xlsx")
    assert [code for code, _ in found] == ["berkas-tidak-ada"]
    assert FOLDER not in found[0][1] and NOT_A_FILE not in found[0][1]


def test_a_sound_workbook_passes(tmp_path: Path) -> None:
    from tests.factories import unit_workbook

    path = unit_workbook(tmp_path, "ITJEN")
    assert list(check_file(path, FileLimits.for_catalog(load_catalog(DEFAULT_CATALOG)))) == []
