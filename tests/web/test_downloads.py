"""Downloads: every table as the command line exports it (the same io functions), the whole
record in every export format, BibTeX for the sources, and the map as an SVG file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from csto import __version__
from csto.io import exports
from csto.io.cow import write_cow
from csto.state.document import sources_document, state_document
from csto.web.downloads import FORMATS
from csto.web.site import Site


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_members_on_a_date_as_csv_and_json(client: TestClient, site: Site) -> None:
    import datetime as dt

    day = dt.date(2013, 6, 1)
    doc = state_document(site.on(day), site.record)
    as_json = client.get(f"/download/members.json?date={day}")
    assert as_json.status_code == 200
    assert "attachment" in as_json.headers["content-disposition"]
    got = as_json.json()
    assert got["members"] == doc["members"]
    assert got["date"] == "2013-06-01"
    rows = _rows(client.get(f"/download/members.csv?date={day}").content)
    assert [r["state"] for r in rows] == [m["state"] for m in doc["members"]]
    assert {r["state"]: r["status"] for r in rows}["UZB"] == "participation_suspended"


def test_the_filtered_timeline_has_the_export_s_event_columns(
    client: TestClient, site: Site
) -> None:
    rows = _rows(client.get("/download/timeline.csv?state=GEO&kind=Acceded").content)
    assert [r["id"] for r in rows] == ["geo-accedes-cst-1993"]
    assert list(rows[0]) == [c for c, _, _ in exports.TABLES["events"]]
    everything = {r["id"]: r for r in exports.table_rows(site.record)["events"]}
    assert rows[0]["summary"] == everything["geo-accedes-cst-1993"]["summary"]
    page = client.get("/timeline?state=GEO&kind=Acceded").text
    assert 'href="/download/timeline.csv?state=GEO&amp;kind=Acceded"' in page


def test_sources_as_csv_json_and_bibtex(client: TestClient, site: Site) -> None:
    rows = _rows(client.get("/download/sources.csv").content)
    assert len(rows) == len(site.record.sources)
    assert client.get("/download/sources.json").json() == sources_document(site.record)
    bib = client.get("/download/sources.bib").text
    assert bib.count("\n@") + bib.startswith("@") == len(site.record.sources)
    assert "@article{seed-cakir-2022," in bib
    assert "author = {M. Çakır and A. Bakhronov}" in bib
    source_page = client.get("/sources/seed-cakir-2022").text
    assert "@article{seed-cakir-2022" in source_page


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_whole_record_in_every_export_format(
    client: TestClient, site: Site, fmt: str, tmp_path: Path
) -> None:
    response = client.get(f"/download/record-{fmt}.zip")
    assert response.status_code == 200
    names = sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names
    assert all(n.startswith(f"csto-{fmt}/") for n in names)
    if fmt == "csv":  # byte for byte what the command line writes
        written = exports.write_csv(site.record, tmp_path)
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        for path in written:
            assert archive.read(f"csto-csv/{path.name}") == path.read_bytes()
    if fmt == "cow":
        written = write_cow(site.record, tmp_path)
        assert sorted(f"csto-cow/{p.relative_to(tmp_path)}" for p in written) == names
    if fmt == "datapackage":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        package = json.loads(archive.read("csto-datapackage/datapackage.json"))
        assert __version__ in json.dumps(package)
    assert client.get("/downloads").text.count(f"/download/record-{fmt}.zip") == 1


def test_an_unknown_format_is_a_404_naming_it(client: TestClient) -> None:
    assert client.get("/download/record-xls.zip").status_code == 404
    assert client.get("/download/sources.xls").status_code == 404


def test_the_map_saves_as_a_standalone_svg(client: TestClient) -> None:
    response = client.get("/map.svg?date=1993-06-01")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert svg.startswith("<?xml")
    assert "<style" not in svg  # colours as attributes: it renders anywhere, and under CSP
    assert "The CST/CSTO on 1993-06-01" in svg
    assert "Natural Earth" in svg
    home = client.get("/?date=1993-06-01").text
    assert 'href="/map.svg?date=1993-06-01"' in home
