"""Real clients against the published portal: the site built with SITE_URL = its own local server.

The module builds the real package once with `SITE_URL` pointing at a localhost server it then serves
the site from, so every copyable URL is absolute and resolves (no other network). Each client runs
for real: the frictionless CLI on the served zip's descriptor and per-target packages; pyshacl with
the DCAT-AP 3.0.1 shapes (tests/reference/, no inference) on the served catalogue; pyld expanding
every schema.org block against a local copy of the schema.org context; jsonschema with the schemas
the API publishes; every Python and shell snippet of the data page and a target page, executed as
pasted. A second run of the portal stage (which writes `data/` and `api/`; MkDocs copies them verbatim)
for the same commit proves them byte-identical. The build, the server and the clients' helpers:
tests/served_site.py.
"""

from __future__ import annotations

import filecmp
import gzip
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import jsonschema
import pytest

from build_scripts import paths
from build_scripts.charts import specs as charts
from build_scripts.common.dates import build_today
from build_scripts.common.i18n import LANGS
from build_scripts.load.package import load_package
from build_scripts.portal import build as portal
from build_scripts.portal import feed, targets
from build_scripts.progress.assess import assess_all
from tests.served_site import (
    EPOCH,
    FRICTIONLESS,
    HTML_LANG,
    Served,
    absolute_urls,
    fetch,
    frictionless_json,
    jsonld_blocks,
    lang_of,
    page_html,
    schemaorg_loader,
    served_site,
    shacl_results,
    snippets,
)

PAGES = {"zh": "data/", "zh-Hant": "zh-Hant/data/", "en": "en/data/"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, real_build) -> Iterator[Served]:
    """The real package built with SITE_URL = the local server that then serves it. After the
    session's build (`real_build`): on a fresh clone that one compiles every chart spec and draws the
    images that do not carry the address; this build then draws only the download's layout again,
    instead of drawing every chart at the same time as the other worker."""
    with served_site(tmp_path_factory.mktemp("clients")) as site:
        yield site


# --- frictionless ---------------------------------------------------------------------------------


def test_frictionless_validates_every_table_of_the_served_zip(served, pkg):
    report = frictionless_json(served.url + "data/latest/hubei-quality.package.json")
    assert report["valid"], json.dumps(report)[:3000]
    places = [task["place"] for task in report["tasks"]]
    assert places == [f"hubei-quality.zip -> {r['path']}" for r in pkg.descriptor["resources"]]
    for task, res in zip(report["tasks"], pkg.descriptor["resources"], strict=True):
        # every member read whole: its header and row count (frictionless omits a count of 0)
        assert task["labels"] == [f["name"] for f in res["schema"]["fields"]]
        assert task["stats"].get("rows", 0) == len(pkg.frames[res["name"]]), res["name"]


def test_every_per_target_package_validates_over_http(served, pkg):
    from frictionless import validate

    for ind in pkg.indicators:
        report = validate(f"{served.url}data/latest/targets/{ind.indicator_id}.package.json")
        assert report.valid, (ind.indicator_id, report.flatten(["rowNumber", "fieldName", "type"]))
        served_csv = fetch(f"{served.url}data/latest/targets/{ind.indicator_id}.csv")
        assert report.tasks[0].stats["bytes"] == len(served_csv)
        assert report.tasks[0].labels == targets.FIELD_NAMES
    with_data = sum(bool(pkg.observations_of(i.indicator_id)) for i in pkg.indicators)
    assert 0 < with_data < len(pkg.indicators)  # both kinds checked: with data and header-only


# --- DCAT-AP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl"])
def test_dcat_catalogue_has_no_violation(served, shapes):
    assert shacl_results(fetch(served.url + "data/catalog.jsonld"), shapes) == []


def test_dcat_catalogue_has_every_recommended_property_we_have_data_for(served):
    paths_warned = {
        path
        for _, path, _ in shacl_results(fetch(served.url + "data/catalog.jsonld"), "shapes_recommended.ttl")
    }
    # left: the maintainers' kind of organisation (dct:type of the Agent) and Hubei's coordinates:
    # the package states neither, and nothing is invented
    assert paths_warned == {
        "http://purl.org/dc/terms/type",
        "http://www.w3.org/ns/dcat#bbox",
        "http://www.w3.org/ns/dcat#centroid",
    }


def test_dcat_media_types_are_iana_iris_and_dates_are_typed(served):
    catalog = json.loads(fetch(served.url + "data/catalog.jsonld"))
    dataset = catalog["dcat:dataset"][0]
    for dist in dataset["dcat:distribution"]:
        assert dist["dcat:mediaType"]["@id"].startswith("https://www.iana.org/assignments/media-types/")
        assert dist["dcat:downloadURL"]["@id"].startswith(served.url)
        fetch(dist["dcat:downloadURL"]["@id"])
    start = dataset["dct:temporal"]["dcat:startDate"]
    assert start["@type"] in ("xsd:gYear", "xsd:gYearMonth", "xsd:date")


# --- schema.org -------------------------------------------------------------------------------------


REQUIRED = [
    "identifier",
    "publisher",
    "datePublished",
    "variableMeasured",
    "includedInDataCatalog",
    "citation",
    "measurementTechnique",
    "license",
    "distribution",
]


def test_every_dataset_block_expands_with_the_required_properties(served, pkg):
    from pyld import jsonld

    jsonld.set_document_loader(schemaorg_loader)
    pages = [*PAGES.values()] + [
        f"{prefix}targets/{i.indicator_id}/" for i in pkg.indicators for prefix in ("", "zh-Hant/", "en/")
    ]
    ids: dict[str, set[str]] = {}
    for page in pages:
        blocks = [b for b in jsonld_blocks(served, page) if b.get("@type") == "Dataset"]
        assert len(blocks) == 1, page
        block = blocks[0]
        expanded = jsonld.expand(block)
        assert len(expanded) == 1 and "http://schema.org/Dataset" in expanded[0]["@type"]
        for prop in REQUIRED:
            assert f"http://schema.org/{prop}" in expanded[0], (page, prop)
        assert block["inLanguage"] == HTML_LANG[lang_of(page)], page
        assert len(block["description"]) >= 50, (page, block["description"])
        assert all(u.startswith(("http://", "https://")) for u in absolute_urls(block)), page
        key = page.removeprefix("zh-Hant/").removeprefix("en/")
        ids.setdefault(key, set()).add(block["@id"])
    assert all(len(found) == 1 for found in ids.values()), ids  # one @id shared by the three copies


# --- API, feed, sitemap ----------------------------------------------------------------------------


def test_every_api_document_matches_the_schema_it_names(served):
    checked = 0
    for path in sorted((served.root / "api/v1").rglob("*.json")):
        if "schema" in path.relative_to(served.root / "api/v1").parts:
            continue
        doc = json.loads(fetch(served.url + path.relative_to(served.root).as_posix()))
        assert doc["$schema"].startswith(served.url + "api/v1/schema/")
        schema = json.loads(fetch(doc["$schema"]))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
        checked += 1
    assert checked > 80


def test_one_field_vocabulary_in_csv_api_and_xlsx(served, pkg):
    import io

    import openpyxl
    import pandas as pd

    ind = next(i for i in pkg.indicators if pkg.observations_of(i.indicator_id))
    csv_cols = set(pd.read_csv(f"{served.url}data/latest/targets/{ind.indicator_id}.csv").columns)
    doc = json.loads(fetch(f"{served.url}api/v1/targets/{ind.indicator_id}.json"))
    series, obs = doc["series"][0], doc["series"][0]["observations"][0]
    api_cols = set(series) | set(obs) | set(doc["target"])
    book = openpyxl.load_workbook(io.BytesIO(fetch(served.url + "data/latest/hubei-quality.xlsx")))
    xlsx_cols = {c.value for c in book["all_observations"][2]}
    assert xlsx_cols == csv_cols
    shared = {"series_role", "status", "unit_id", "unit_label_zh", "source_title", "quoted_value"}
    assert shared <= csv_cols & api_cols
    assert not {"role", "value_status", "unit"} & (api_cols | csv_cols)


def test_release_feed_is_atom_with_every_changelog_version_and_is_linked(served, pkg):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(fetch(served.url + "data/releases.xml"))
    entries = root.findall(f"{atom}entry")
    versions = [
        r.version for r in feed.releases((pkg.directory / "CHANGELOG.md").read_text(encoding="utf-8"))
    ]
    assert [e.findtext(f"{atom}id").rsplit(":", 1)[1] for e in entries] == versions
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")
        assert href.startswith(served.url)
        fetch(href)
    for page in PAGES.values():
        assert "releases.xml" in fetch(served.url + page).decode("utf-8")


def test_sitemap_lists_every_page_of_every_language(served):
    """Each language's MkDocs build writes a sitemap of its own pages; the published one has them all."""
    locs = re.findall(r"<loc>([^<]+)</loc>", fetch(served.url + "sitemap.xml").decode("utf-8"))
    pages = sorted(p.parent.relative_to(served.root).as_posix() for p in served.root.rglob("index.html"))
    assert sorted(locs) == sorted(served.url + ("" if p == "." else p + "/") for p in pages)
    assert gzip.decompress(fetch(served.url + "sitemap.xml.gz")) == fetch(served.url + "sitemap.xml")


def test_downloadable_charts_name_the_site_address(served):
    """A chart image saved on its own says where it came from: the wide image (SVG and PNG downloads)
    ends its footer with SITE_URL; the phone and long-run images shown in the page carry no footer."""
    wide = [p for p in served.root.glob("charts/*/*.svg") if p.suffixes == [".svg"]]
    assert wide, "no chart image"
    assert [p.name for p in wide if f"· {served.url}" not in p.read_text(encoding="utf-8")] == []
    shown = [p for p in served.root.glob("charts/*/*.svg") if p.suffixes != [".svg"]]
    assert shown and [p.name for p in shown if served.url in p.read_text(encoding="utf-8")] == []


def test_copyable_urls_are_absolute(served):
    sitemap = fetch(served.url + "sitemap.xml").decode("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(served.url) for loc in locs)
    index = json.loads(fetch(served.url + "api/v1/index.json"))
    assert index["datapackage"].startswith(served.url) and index["feed"].startswith(served.url)
    page = html.unescape(fetch(served.url + "en/data/").decode("utf-8"))
    assert f"url = {{{served.url}data/}}" in page  # BibTeX
    assert re.search(
        r"\[DS/OL\]\. \(\d{4}-\d\d-\d\d\)\[\d{4}-\d\d-\d\d\]\. " + re.escape(served.url + "data/"), page
    )


# --- snippets as pasted -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["data/", "en/targets/{example}/"])
def test_every_python_and_shell_snippet_runs_as_pasted(served, pkg, page, tmp_path):
    example = next(i for i in pkg.indicators if pkg.observations_of(i.indicator_id)).indicator_id
    found = snippets(served, page.format(example=example))
    assert {kind for kind, _ in found} == {"python", "bash"}
    env = {**os.environ, "PATH": f"{FRICTIONLESS.parent}{os.pathsep}{os.environ['PATH']}"}
    for kind, code in found:
        assert served.url in code or "hubei-quality.zip" in code, code
        command = [sys.executable, "-c", code] if kind == "python" else ["bash", "-e", "-c", code]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{code}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        if "frictionless validate" in code:
            assert "VALID" in done.stdout and "INVALID" not in done.stdout, done.stdout[-2000:]


# --- reproducibility --------------------------------------------------------------------------------


def test_two_builds_of_one_commit_have_identical_data_and_api(served, tmp_path, monkeypatch):
    """The served site's `data/` and `api/` against a second run of the stage that writes them (the
    portal; MkDocs copies its output verbatim), with the same commit, SITE_URL and build date."""
    monkeypatch.setenv("SITE_URL", served.url)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pkg, today = load_package(paths.PACKAGE), build_today()
    specs = charts.build_specs(pkg, LANGS, paths.CACHE / "chart-specs")  # the first build's, cached
    svgs = {(lang, ind): f"charts/{lang}/{ind}.svg" for lang, ind in specs}
    portal.run(tmp_path, pkg, assess_all(pkg.indicators, pkg.series, pkg.observations, today), today, svgs)
    for folder in ("data", "api"):
        left, right = served.root / folder, tmp_path / folder
        # the portal's Markdown pages (data/index.md, …) are MkDocs' input, not copied: each default-language
        # page becomes …/index.html here (the other languages' go under zh-Hant/ and en/)
        pages = {page_html(p.relative_to(right)) for p in right.rglob("*.md") if p.name.count(".") == 1}
        files = sorted(
            p.relative_to(left) for p in left.rglob("*") if p.is_file() and p.relative_to(left) not in pages
        )
        assert files == sorted(
            p.relative_to(right) for p in right.rglob("*") if p.is_file() and p.suffix != ".md"
        )
        _, mismatch, errors = filecmp.cmpfiles(left, right, [str(f) for f in files], shallow=False)
        assert mismatch == [] and errors == [], (folder, mismatch, errors)
