"""The open-data portal as a developer meets it: the built site served over HTTP on localhost.

The site is the session build of the real package (`built_site`, tests/conftest.py), served under
a sub-path as on a GitHub Pages project site. Everything is read through HTTP (no other network):
the published datapackage.json must validate with the frictionless CLI, its CSVs must equal the
package's files byte for byte, pandas must read every CSV with the row count the data page states,
the API must agree with the package, the workbook must hold the same rows with text kept as text,
and every URL named in the JSON-LD and the DCAT catalog must exist in the built site.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import openpyxl
import pandas as pd
import pytest

from build_scripts import paths
from build_scripts.common.http_server import serve
from build_scripts.load.package import read_rows
from build_scripts.portal import targets
from build_scripts.progress.assess import assess_all

SUB_PATH = "hubei-quality-tracker"
DATA_PAGES = {"zh": "data/", "zh-Hant": "zh-Hant/data/", "en": "en/data/"}
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The site built from the real package for this test session (conftest)."""
    assert (built_site / "data/latest/datapackage.json").is_file(), "the build wrote no portal files"
    return built_site


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    """The built site served (by the project's one server) under a sub-path, as on a GitHub Pages project site."""
    with serve(site, prefix=f"/{SUB_PATH}/") as url:
        yield url


def get(url: str) -> bytes:
    """The body of a 200 response (anything else raises)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def get_json(url: str) -> dict:
    """A JSON document over HTTP."""
    return json.loads(get(url).decode("utf-8"))


def versions(pkg) -> list[str]:
    """The two published folders of the package."""
    return ["data/latest/", f"data/v{pkg.version}/"]


@pytest.mark.parametrize("which", ["latest", "versioned"])
def test_frictionless_cli_validates_the_published_package_over_http(base, pkg, which):
    folder = versions(pkg)[0 if which == "latest" else 1]
    cli = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(cli), "validate", f"{base}{folder}datapackage.json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_published_files_equal_the_package_byte_for_byte(base, pkg):
    for folder in versions(pkg):
        assert get(f"{base}{folder}datapackage.json") == paths.PACKAGE_DESCRIPTOR.read_bytes()
        for res in pkg.descriptor["resources"]:
            assert get(f"{base}{folder}{res['path']}") == (pkg.directory / res["path"]).read_bytes(), res[
                "path"
            ]


def stated_row_counts(html: str) -> dict[str, int]:
    """The row count the data page states per resource (`data-rows`), checked against the visible text."""
    cells = re.findall(r'<td data-resource="([^"]+)" data-rows="(\d+)">([^<]*)</td>', html)
    for _, rows, shown in cells:
        assert shown.replace(",", "") == rows
    return {name: int(rows) for name, rows, _ in cells}


@pytest.mark.parametrize("lang", list(DATA_PAGES))
def test_pandas_reads_every_csv_with_the_row_count_the_page_states(base, pkg, lang):
    html = get(base + DATA_PAGES[lang]).decode("utf-8")
    stated = stated_row_counts(html)
    assert set(stated) == {r["name"] for r in pkg.descriptor["resources"]}
    for res in pkg.descriptor["resources"]:
        link = re.search(rf'<a href="([^"]+/{re.escape(res["path"])})">', html)[1]
        frame = pd.read_csv(urljoin(base + DATA_PAGES[lang], link), dtype=str, keep_default_na=False)
        assert len(frame) == stated[res["name"]] == len(read_rows(pkg.directory, res)), res["name"]
        assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]


def test_api_parses_and_agrees_with_the_package(base, pkg):
    index_url = base + "api/v1/index.json"
    index = get_json(index_url)
    assert index["data_version"] == pkg.version and index["api_version"] == "v1"
    for endpoint in index["endpoints"]:
        if "{" not in endpoint["href"]:
            assert get_json(urljoin(index_url, endpoint["href"]))["data_version"] == pkg.version
    assert get(urljoin(index_url, index["datapackage"])) == paths.PACKAGE_DESCRIPTOR.read_bytes()
    assert index["versions"][0]["version"] == pkg.version
    for entry in index["versions"]:  # the current version and every earlier one stay published
        assert json.loads(get(urljoin(index_url, entry["datapackage"])))["version"] == entry["version"]
    targets_url = base + "api/v1/targets.json"
    listing = get_json(targets_url)
    assert [t["indicator_id"] for t in listing["targets"]] == [i.indicator_id for i in pkg.indicators]
    assessed_on = date.fromisoformat(listing["assessed_on"])
    assessments = assess_all(pkg.indicators, pkg.series, pkg.observations, assessed_on)
    for entry in listing["targets"]:
        ind_id = entry["indicator_id"]
        assert entry["status"] == str(assessments[ind_id].status)
        doc = get_json(urljoin(targets_url, entry["href"]))
        assert doc["data_version"] == pkg.version and doc["status"]["status"] == entry["status"]
        got = {
            (s["series_id"], o["period"], o["source_id"]): Decimal(str(o["value"]))
            for s in doc["series"]
            for o in s["observations"]
        }
        assert got == {(o.series_id, o.period, o.source_id): o.value for o in pkg.observations_of(ind_id)}
        latest = assessments[ind_id].latest
        assert (entry["latest"] is None) == (latest is None)
        if latest is not None:
            assert Decimal(str(entry["latest"]["value"])) == latest.value
        tidy = pd.read_csv(urljoin(targets_url, entry["csv"]), dtype=str, keep_default_na=False)
        assert list(tidy.columns) == targets.FIELD_NAMES
        ind = next(i for i in pkg.indicators if i.indicator_id == ind_id)
        assert tidy.to_dict("records") == targets.rows(pkg, ind)
    sources = get_json(base + "api/v1/sources.json")["sources"]
    assert {s["source_id"]: s["url"] for s in sources} == {k: s.url for k, s in pkg.sources.items()}
    sections = get_json(base + "api/v1/sections.json")["sections"]
    assert [s["section_id"] for s in sections] == [s.section_id for s in pkg.sections]


def test_xlsx_opens_with_the_same_rows_and_text_as_text(base, pkg):
    book = openpyxl.load_workbook(io.BytesIO(get(base + "data/latest/hubei-quality.xlsx")))
    for res in pkg.descriptor["resources"]:
        sheet = book[res["name"]]
        fields = res["schema"]["fields"]
        assert [c.value for c in sheet[2]] == [f["name"] for f in fields]
        expected = read_rows(pkg.directory, res)
        assert sheet.max_row - 2 == len(expected), res["name"]
        for r, want in enumerate(expected, start=3):
            for col, field in enumerate(fields, start=1):
                cell = sheet.cell(row=r, column=col)
                text = want[field["name"]]
                assert cell.data_type != "f"
                if text is None:
                    assert cell.value is None
                elif field["type"] == "string":
                    assert cell.data_type == "s" and cell.value == text
                elif field["type"] in ("number", "integer"):
                    assert cell.data_type == "n" and Decimal(str(cell.value)) == Decimal(text)
                else:
                    assert cell.value.date().isoformat() == text


def test_zip_holds_the_package(base, pkg):
    with zipfile.ZipFile(io.BytesIO(get(base + "data/latest/hubei-quality.zip"))) as archive:
        assert archive.read("datapackage.json") == paths.PACKAGE_DESCRIPTOR.read_bytes()
        for res in pkg.descriptor["resources"]:
            assert archive.read(res["path"]) == (pkg.directory / res["path"]).read_bytes()


def urls_in(data: object) -> list[str]:
    """Every URL-valued entry of a JSON-LD document (url, contentUrl, @id, and DCAT's URL properties)."""
    keys = {"url", "contentUrl", "@id", "license"}
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                out.append(value)
            else:
                out += urls_in(value)
    elif isinstance(data, list):
        for item in data:
            out += urls_in(item)
    return out


def assert_exists_in_site(
    site: Path, url: str, where: str, base: str, site_url: str | None, allowed_external: set[str]
) -> None:
    """A URL named in metadata read at `where` must be a file (or folder with index.html) in site/."""
    vocabularies = (  # IRIs of vocabularies and registries named in the DCAT-AP catalogue
        "http://www.w3.org/",
        "http://purl.org/",
        "http://publications.europa.eu/resource/authority/",
        "https://www.iana.org/assignments/media-types/",
    )
    if url in allowed_external or url.startswith(vocabularies):
        return
    if site_url and url.startswith(site_url):
        path = url.removeprefix(site_url)
    else:
        absolute = urljoin(where, url)
        assert absolute.startswith(base), f"{url} (in {where}) is outside the site"
        path = absolute.removeprefix(base)
    path = urlsplit(path).path
    target = site / path
    assert target.is_file() or (target / "index.html").is_file(), f"{url} (in {where}) is not in site/"


def jsonld_pages(site: Path) -> list[str]:
    """The data pages and every built target page (paths from the site root)."""
    targets = sorted(
        p.parent.relative_to(site).as_posix() + "/" for p in site.glob("**/targets/*/index.html")
    )
    return [*DATA_PAGES.values(), *targets]


def built_site_url(base: str) -> str | None:
    """The site_url the site was built with: the zh data page's canonical link minus 'data/' (None if absent)."""
    html = get(base + DATA_PAGES["zh"]).decode("utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    if canonical is None:
        return None
    assert canonical[1].endswith("/data/"), canonical[1]
    return canonical[1].removesuffix("data/")


def test_jsonld_parses_and_names_only_urls_that_exist(site, base, pkg):
    site_url = built_site_url(base)
    licence = {lic["path"] for lic in pkg.descriptor["licenses"]} | {"https://schema.org"}
    licence |= {src.url for src in pkg.sources.values()}  # cited sources (schema.org `citation`)
    checked = 0
    for page in jsonld_pages(site):
        html = get(base + page).decode("utf-8")
        blocks = JSONLD_RE.findall(html)
        if page in DATA_PAGES.values():
            assert len(blocks) == 1, page
        for block in blocks:
            data = json.loads(block)
            assert data["@type"] == "Dataset" and data["version"] == pkg.version
            for url in urls_in(data):
                assert_exists_in_site(site, url, base + page, base, site_url, licence)
            checked += 1
    assert checked >= len(DATA_PAGES) + 3 * len(pkg.indicators), checked  # data pages + every target page


def test_dcat_catalog_parses_and_names_only_urls_that_exist(site, base, pkg):
    url = base + "data/catalog.jsonld"
    catalog = get_json(url)
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["dcat:version"] == pkg.version
    licence = {lic["path"] for lic in pkg.descriptor["licenses"]}
    for found in urls_in(catalog):
        assert_exists_in_site(site, found, url, base, built_site_url(base), licence)
    assert len(dataset["dcat:distribution"]) == 4 + len(pkg.descriptor["resources"])


def test_sitemap_lists_the_data_pages_or_is_not_published(base, site):
    """With a site URL the sitemap lists every data page by its absolute URL; a preview build (no site
    URL) publishes no sitemap at all, since the protocol forbids relative <loc>."""
    site_url = built_site_url(base)
    if not site_url:
        assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
        return
    locs = re.findall(r"<loc>([^<]+)</loc>", get(base + "sitemap.xml").decode("utf-8"))
    assert all(loc.startswith(site_url) for loc in locs)
    for page in DATA_PAGES.values():
        assert site_url + page in locs, page


@pytest.mark.parametrize("lang", list(DATA_PAGES))
def test_every_link_on_the_data_page_resolves(base, lang):
    page = base + DATA_PAGES[lang]
    html = get(page).decode("utf-8")
    main = html[html.index("<article") : html.index("</article>")]
    hrefs = {
        h for h in re.findall(r'href="([^"#]+)', main) if not h.startswith(("http://", "https://", "mailto:"))
    }
    assert hrefs
    for href in sorted(hrefs):
        get(urljoin(page, href))
