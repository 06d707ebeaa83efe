"""The download files of the loaded data, written once per test module that imports the
fixture, and read back as a researcher would: with the csv module, openpyxl, frictionless."""

import csv
from pathlib import Path

import pytest

from downloads.exports import export


@pytest.fixture(scope="module", name="exported")
def exported_downloads(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    directory = tmp_path_factory.mktemp("downloads")
    with django_db_blocker.unblock():
        export(directory)
    return directory


def read_table(directory: Path, name: str) -> list[dict]:
    with (directory / f"{name}.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))
