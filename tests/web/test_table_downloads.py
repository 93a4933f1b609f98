"""Every table a list page shows has its file beside it, as the command line exports it:
each table of ``csto export --format csv`` byte for byte, and the states, officials and
organs pages link the formats that hold them (COW, Popolo)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from csto.io import exports
from csto.web.site import Site


@pytest.mark.parametrize("name", list(exports.TABLES))
def test_each_export_table_is_the_file_csto_export_writes(
    client: TestClient, site: Site, tmp_path: Path, name: str
) -> None:
    written = {p.stem: p for p in exports.write_csv(site.record, tmp_path)}
    got = client.get(f"/download/table/{name}.csv")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert f'filename="csto-{name}.csv"' in got.headers["content-disposition"]
    assert got.content == written[name].read_bytes()


def test_an_unknown_table_is_a_404_naming_it(client: TestClient) -> None:
    got = client.get("/download/table/nothing.csv")
    assert got.status_code == 404
    assert "name" in got.text


@pytest.mark.parametrize("page", ["/states", "/officials", "/organs", "/instruments"])
def test_each_list_page_links_its_files_and_they_answer(client: TestClient, page: str) -> None:
    html = client.get(page).text
    found = re.search(r'<p class="downloads-here">(.*?)</p>', html, re.S)
    assert found, page
    links = re.findall(r'href="(/(?:download|api)/[^"]+)"', found.group(1))
    assert links, page
    for link in links:
        if link.endswith(".zip"):
            continue  # the archives are built and checked in test_downloads
        assert client.get(link).status_code == 200, (page, link)
