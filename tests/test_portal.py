"""Unit tests of the open-data portal stage (build_scripts/portal/), without a web server.

The downloads, API and metadata are built from the real package into a temporary folder. The only
made-up strings are the hostile/formula texts (`=1+1`, `</script>`), which exist only inside these
tests to prove that such text stays inert.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from build_scripts import paths
from build_scripts.common.dates import LastUpdate
from build_scripts.common.i18n import Lang
from build_scripts.common.periods import parse_period
from build_scripts.common.urls import relative
from build_scripts.load.package import load_package, read_rows
from build_scripts.portal import api as portal_api
from build_scripts.portal import api_fields, feed, targets
from build_scripts.portal import build as portal
from build_scripts.portal.common import (
    configured_site_url,
    split_bilingual,
    split_title,
    update_label,
)
from build_scripts.portal.dcat import dcat_catalog
from build_scripts.portal.files import publish_package, write_zip, zip_descriptor
from build_scripts.portal.meta import bibtex, gbt7714, script_tag, temporal_coverage
from build_scripts.portal.page import constraints_text, data_page, target_block
from build_scripts.portal.versions import files_at, past_versions, publish_past_versions
from build_scripts.portal.xlsx import FLAT_SHEET, numeric_cell, set_cell, text_cell, zh_header
from build_scripts.progress.assess import assess_all
from tests.pr_fixture import git

TODAY = date(2026, 11, 27)
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>&amp;\u2028"


@pytest.fixture(scope="module")
def pkg():
    """The real package."""
    return load_package(paths.PACKAGE)


@pytest.fixture(scope="module")
def ctx(pkg):
    """A portal context for the real package with no site_url."""
    return portal.build_context(
        pkg, assess_all(pkg.indicators, pkg.series, pkg.observations, TODAY), TODAY, None
    )


@pytest.fixture(scope="module")
def published(ctx, tmp_path_factory):
    """The downloads written into a temporary docs dir: (docs_dir, downloads, target csvs)."""
    docs = tmp_path_factory.mktemp("docs")
    downloads = publish_package(ctx, docs)
    return docs, downloads, targets.publish(ctx, docs)


# --- common helpers ---------------------------------------------------------------------------


def test_every_descriptor_text_splits_into_english_and_chinese(pkg):
    desc = pkg.descriptor
    assert split_title(desc["title"])[1].startswith("湖北")
    split_bilingual(desc["description"])
    for res in desc["resources"]:
        split_title(res["title"])
        split_bilingual(res["description"])
        for field in res["schema"]["fields"]:
            assert zh_header(field["description"])


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        (
            "Chinese numeral as printed in the outline, e.g. 一. 原文序号。",
            "Chinese numeral as printed in the outline, e.g. 一.",
            "原文序号。",
        ),
        (
            "Section number 1–10 (一=1 … 十=10). 部分序号。",
            "Section number 1–10 (一=1 … 十=10).",
            "部分序号。",
        ),
    ],
)
def test_split_bilingual_takes_the_last_sentence_break(text, en, zh):
    assert split_bilingual(text) == (en, zh)


@pytest.mark.parametrize("text", ["English only.", "只有中文。", "A. b。"])
def test_split_bilingual_refuses_other_shapes(text):
    with pytest.raises(ValueError):
        split_bilingual(text)


def test_site_url_from_mkdocs_yml(tmp_path, monkeypatch):
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("site_name: x\n", encoding="utf-8")
    assert configured_site_url(yml) is None
    yml.write_text("site_name: x\nsite_url: https://example.org/repo\n", encoding="utf-8")
    assert configured_site_url(yml) == "https://example.org/repo/"
    monkeypatch.setenv("PORTAL_TEST_SITE_URL", "https://example.org/other/")
    yml.write_text("site_name: x\nsite_url: !ENV [PORTAL_TEST_SITE_URL, '']\n", encoding="utf-8")
    assert configured_site_url(yml) == "https://example.org/other/"
    yml.write_text("site_name: x\nsite_url: javascript:alert(1)\n", encoding="utf-8")
    with pytest.raises(ValueError):
        configured_site_url(yml)


# --- downloads ----------------------------------------------------------------------------------


def test_package_copies_are_byte_identical(pkg, ctx, published):
    docs, downloads, _ = published
    for folder in ("data/latest/", ctx.versioned):
        assert (docs / folder / "datapackage.json").read_bytes() == paths.PACKAGE_DESCRIPTOR.read_bytes()
        for res in pkg.descriptor["resources"]:
            assert (docs / folder / res["path"]).read_bytes() == (pkg.directory / res["path"]).read_bytes()
    assert downloads["datapackage"].n_bytes == paths.PACKAGE_DESCRIPTOR.stat().st_size


def test_zip_holds_the_package_and_is_reproducible(pkg, published, tmp_path):
    docs, downloads, _ = published
    first = (docs / downloads["zip"].path).read_bytes()
    write_zip(pkg.directory, tmp_path / "again.zip")
    assert (tmp_path / "again.zip").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert archive.read("datapackage.json") == paths.PACKAGE_DESCRIPTOR.read_bytes()
        for res in pkg.descriptor["resources"]:
            assert archive.read(res["path"]) == (pkg.directory / res["path"]).read_bytes()
    assert names == sorted(names)


def test_xlsx_has_one_sheet_per_resource_with_the_same_rows(pkg, published):
    docs, downloads, _ = published
    book = openpyxl.load_workbook(docs / downloads["xlsx"].path)
    resources = pkg.descriptor["resources"]
    assert book.sheetnames == ["about", FLAT_SHEET] + [r["name"] for r in resources]
    for res in resources:
        sheet = book[res["name"]]
        fields = res["schema"]["fields"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [split_bilingual(f["description"])[1] for f in fields]  # whole, not cut
        assert list(rows[1]) == [f["name"] for f in fields]
        expected = read_rows(pkg.directory, res)
        assert len(rows) - 2 == len(expected) == len(pkg.frames[res["name"]])
        for got, want in zip(rows[2:], expected, strict=True):
            for value, field in zip(got, fields, strict=True):
                assert same_value(value, want[field["name"]], field["type"]), (
                    res["name"],
                    field["name"],
                    value,
                )


def same_value(value, text: str | None, kind: str) -> bool:
    """Whether a cell value read back by openpyxl equals the CSV text of a field of type `kind`."""
    if value is None or text is None:
        return value is None and text is None
    if kind == "date":
        return value.date().isoformat() == text
    if kind == "boolean":
        return value is (text == "true")
    if kind in ("number", "integer"):
        return not isinstance(value, str) and Decimal(str(value)) == Decimal(text)
    return isinstance(value, str) and value == text


def test_xlsx_numbers_are_numbers_with_the_csv_text(pkg, published):
    docs, downloads, _ = published
    book = openpyxl.load_workbook(docs / downloads["xlsx"].path)
    sheet = book["observations"]
    col = [c.value for c in sheet[2]].index("value") + 1
    cells = [sheet.cell(row=r, column=col) for r in range(3, sheet.max_row + 1)]
    texts = [o.value_text for o in pkg.observations]
    assert all(c.data_type == "n" for c in cells)
    assert [Decimal(str(c.value)) for c in cells] == [Decimal(t) for t in texts]
    with zipfile.ZipFile(docs / downloads["xlsx"].path) as archive:
        index = book.sheetnames.index("observations") + 1
        xml = archive.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")
    stored = re.findall(r'<c r="C(\d+)"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml)
    assert [v for _, v in stored] == texts


@pytest.mark.parametrize(
    "text", ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0"]
)
def test_text_that_looks_like_a_formula_stays_text(tmp_path, text):
    book = Workbook()
    sheet = book.active
    set_cell(sheet.cell(row=1, column=1), "string", text)
    text_cell(sheet.cell(row=2, column=1), text)
    book.save(tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    for row in (1, 2):
        assert back.cell(row=row, column=1).data_type == "s"
        assert back.cell(row=row, column=1).value == text
        assert back.cell(row=row, column=1).quotePrefix


@pytest.mark.parametrize("text", ["1e3", "1,000", "93.5%", "1234567890123456", ""])
def test_numeric_cell_refuses_what_excel_would_change(text):
    with pytest.raises(ValueError):
        numeric_cell(Workbook().active.cell(row=1, column=1), text)


def test_every_observation_lands_in_its_targets_csv_sorted_with_names(pkg, ctx, published):
    docs, _, target_csvs = published
    assert set(target_csvs) == {i.indicator_id for i in pkg.indicators}
    seen = []
    for ind in pkg.indicators:
        text = (docs / "data/latest/targets" / f"{ind.indicator_id}.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert text.splitlines()[0].split(",") == targets.FIELD_NAMES  # the same header in every file
        assert rows == targets.rows(pkg, ind)
        assert all(
            r["indicator_id"] == ind.indicator_id
            and r["name_zh"] == ind.name_zh
            and r["source_title"] == pkg.sources[r["source_id"]].title
            and r["unit_label_zh"] == pkg.units[r["unit_id"]].label_zh
            and r["quote"]
            for r in rows
        )
        keys = [(r["series_id"], parse_period(r["period"]).start) for r in rows]
        assert keys == sorted(keys)
        seen += [(r["series_id"], r["period"], r["source_id"], r["value"]) for r in rows]
        assert (docs / ctx.versioned / "targets" / f"{ind.indicator_id}.csv").read_text(
            encoding="utf-8"
        ) == text
        excel = (docs / "data/latest/targets" / f"{ind.indicator_id}.excel.csv").read_bytes()
        assert excel == b"\xef\xbb\xbf" + text.encode("utf-8") and not text.startswith("\ufeff")
    assert sorted(seen) == sorted(
        (o.series_id, o.period, o.source_id, o.value_text) for o in pkg.observations
    )


def test_flat_sheet_has_one_row_per_observation_with_the_csv_columns(pkg, published):
    docs, downloads, _ = published
    sheet = openpyxl.load_workbook(docs / downloads["xlsx"].path)[FLAT_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == targets.FIELD_NAMES
    assert len(rows) - 2 == len(pkg.observations)
    assert sheet.auto_filter.ref.startswith("A2:")
    want = [r for ind in pkg.indicators for r in targets.rows(pkg, ind)]
    for got, row in zip(rows[2:], want, strict=True):
        for value, (name, kind, _) in zip(got, targets.FIELDS, strict=True):
            assert same_value(value, row[name] or None, kind), (name, value)


def test_xlsx_is_byte_identical_when_written_twice(pkg, ctx, tmp_path):
    from build_scripts.portal.xlsx import write_xlsx

    write_xlsx(pkg, tmp_path / "a.xlsx", date(2026, 11, 27), cache=None)
    write_xlsx(pkg, tmp_path / "b.xlsx", date(2026, 11, 27), cache=None)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.modified.date() == date(2026, 11, 27)


def test_a_cached_xlsx_is_the_workbook_of_exactly_its_inputs(tmp_path):
    from build_scripts.portal.xlsx import write_xlsx

    package = tmp_path / "package"
    package.mkdir()
    shutil.copy(paths.PACKAGE_DESCRIPTOR, package / "datapackage.json")
    shutil.copytree(paths.FIXTURES / "valid-mini" / "data", package / "data")
    cache, day = tmp_path / "cache", date(2026, 11, 27)
    write_xlsx(load_package(package), tmp_path / "fresh.xlsx", day, cache=None)
    write_xlsx(load_package(package), tmp_path / "first.xlsx", day, cache=cache)
    write_xlsx(load_package(package), tmp_path / "reused.xlsx", day, cache=cache)
    fresh = (tmp_path / "fresh.xlsx").read_bytes()
    assert (tmp_path / "first.xlsx").read_bytes() == (tmp_path / "reused.xlsx").read_bytes() == fresh
    assert len(list(cache.glob("*.xlsx"))) == 1
    write_xlsx(load_package(package), tmp_path / "next-day.xlsx", date(2026, 11, 28), cache=cache)
    observations = package / "data" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace(",final,", ",provisional,", 1), encoding="utf-8")
    write_xlsx(load_package(package), tmp_path / "changed.xlsx", day, cache=cache)
    write_xlsx(load_package(package), tmp_path / "changed-fresh.xlsx", day, cache=None)
    changed = (tmp_path / "changed.xlsx").read_bytes()
    assert changed == (tmp_path / "changed-fresh.xlsx").read_bytes() != fresh
    assert (tmp_path / "next-day.xlsx").read_bytes() != fresh
    assert len(list(cache.glob("*.xlsx"))) == 3


def test_zip_descriptor_reads_every_resource_from_the_zip(pkg):
    desc = zip_descriptor(pkg.descriptor)
    assert [(r["path"], r["innerpath"], r["compression"]) for r in desc["resources"]] == [
        ("hubei-quality.zip", r["path"], "zip") for r in pkg.descriptor["resources"]
    ]
    assert pkg.descriptor["resources"][0]["path"].startswith("data/")  # the original is untouched


def test_release_feed_lists_every_changelog_version(pkg):
    releases = feed.releases((pkg.directory / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert releases[0].version == pkg.version
    with pytest.raises(ValueError, match=r"line 1: '## 1\.0 \(no brackets\)' is not"):
        feed.releases("## 1.0 (no brackets)\n")


# --- API ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("93.58", 93.58), ("1178761", 1178761), ("93.50", 93.5), ("0", 0), ("100.0", 100.0)],
)
def test_number_keeps_the_value(value, expected):
    got = api_fields.number(Decimal(value))
    assert got == expected and type(got) is type(expected)
    assert Decimal(json.dumps(got)) == Decimal(value)


def test_api_agrees_with_the_package(pkg, ctx):
    docs = portal_api.documents(ctx, {("en", pkg.indicators[0].indicator_id): "charts/en/x.svg"})
    for doc in docs.values():
        json.loads(json.dumps(doc, ensure_ascii=False))
        assert doc["data_version"] == pkg.version and doc["api_version"] == "v1"
    listed = docs["api/v1/targets.json"]["targets"]
    assert [t["indicator_id"] for t in listed] == [i.indicator_id for i in pkg.indicators]
    for ind in pkg.indicators:
        doc = docs[f"api/v1/targets/{ind.indicator_id}.json"]
        assert doc["status"]["status"] == str(ctx.assessments[ind.indicator_id].status)
        got = {
            (s["series_id"], o["period"], o["source_id"]): Decimal(str(o["value"]))
            for s in doc["series"]
            for o in s["observations"]
        }
        want = {(o.series_id, o.period, o.source_id): o.value for o in pkg.observations_of(ind.indicator_id)}
        assert got == want
        if ind.target_value is not None:
            assert Decimal(str(doc["target"]["target_value"])) == ind.target_value
    sources = docs["api/v1/sources.json"]["sources"]
    assert {s["source_id"] for s in sources} == set(pkg.sources)
    sections = docs["api/v1/sections.json"]["sections"]
    assert sorted(i for s in sections for m in s["measures"] for i in m["target_ids"]) == sorted(
        i.indicator_id for i in pkg.indicators
    )


# --- metadata and page --------------------------------------------------------------------------


def test_script_tag_cannot_be_broken_out_of():
    tag = script_tag({"name": HOSTILE})
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == {"name": HOSTILE}


def test_temporal_coverage():
    assert temporal_coverage([]) is None
    assert temporal_coverage(["2024"]) == "2024"
    assert temporal_coverage(["2024-05", "2019", "2023-12-31"]) == "2019/2024-05"


def test_citations_carry_version_access_date_and_url(ctx):
    for code in ("zh", "zh-Hant", "en"):
        text = gbt7714(ctx, Lang(code), "https://example.org/data/")
        assert "[DS/OL]" in text and ctx.version in text and f"[{TODAY.isoformat()}]" in text
        assert text.endswith("https://example.org/data/.")
    bib = bibtex(ctx, "https://example.org/data/")
    assert f"version = {{{ctx.version}}}" in bib and f"urldate = {{{TODAY.isoformat()}}}" in bib
    assert "title = {{Hubei Quality" in bib  # brace-protected: styles keep its capitals
    assert bib.count("{") == bib.count("}")


def test_data_page_states_every_row_count_and_escapes_data(pkg, ctx, published):
    _, downloads, _ = published
    for code in ("zh", "zh-Hant", "en"):
        page = data_page(ctx, Lang(code), downloads)
        stated = dict(re.findall(r'data-resource="([^"]+)" data-rows="(\d+)"', page))
        assert stated == {r["name"]: str(len(pkg.frames[r["name"]])) for r in pkg.descriptor["resources"]}
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts == ['<script type="application/ld+json">']
        assert "site_url" not in page  # a preview build says so in the build output, not on the page


def test_hostile_descriptor_text_is_escaped(ctx, published):
    _, downloads, _ = published
    desc = json.loads(json.dumps(ctx.pkg.descriptor))
    desc["resources"][0]["description"] = f"Bad {HOSTILE}. 坏{HOSTILE}。"
    desc["resources"][0]["schema"]["fields"][0]["description"] = f"Bad {HOSTILE}. 坏{HOSTILE}。"
    hostile = dataclasses.replace(ctx, pkg=dataclasses.replace(ctx.pkg, descriptor=desc))
    for code in ("zh", "en"):
        page = data_page(hostile, Lang(code), downloads)
        assert "<script>" not in page and "<img" not in page and "</script><script" not in page


def test_unknown_constraint_fails_loudly():
    with pytest.raises(ValueError, match="no label"):
        constraints_text(Lang("en"), {"name": "x", "constraints": {"exclusiveMinimum": 1}})


def test_dcat_catalog_lists_every_download(ctx, published):
    _, downloads, _ = published
    catalog = dcat_catalog(ctx, downloads)
    dataset = catalog["dcat:dataset"][0]
    urls = {d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]}
    assert urls == {relative(d.path, "data/") for d in downloads.values()}
    assert dataset["dcat:version"] == ctx.version


def test_target_block_has_snippets_and_jsonld(pkg, ctx):
    ind = pkg.indicators[0]
    block = target_block(ctx, ind, Lang("en"), f"targets/{ind.indicator_id}/")
    assert f'pd.read_csv("data/latest/targets/{ind.indicator_id}.csv"' in html.unescape(block)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', block)[1])
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert urls == [
        f"../../../data/latest/targets/{ind.indicator_id}.csv",
        f"../../../api/v1/targets/{ind.indicator_id}.json",
    ]


def test_run_writes_everything(pkg, ctx, tmp_path, capsys):
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("site_name: x\n", encoding="utf-8")
    ind = pkg.indicators[0]
    chart = {("en", ind.indicator_id): f"charts/en/{ind.indicator_id}.svg"}
    portal.run(tmp_path, pkg, ctx.assessments, TODAY, chart, mkdocs_yml=yml)
    for rel in (
        "data/index.md",
        "data/index.zh-Hant.md",
        "data/index.en.md",
        "data/catalog.jsonld",
        "api/v1/index.json",
        "api/v1/targets.json",
        "api/v1/sections.json",
        "api/v1/sources.json",
        "data/latest/hubei-quality.zip",
        "data/latest/hubei-quality.xlsx",
        "data/latest/hubei-quality.package.json",
        "data/releases.xml",
        "api/v1/schema/target.schema.json",
        f"data/latest/targets/{ind.indicator_id}.excel.csv",
        f"data/latest/targets/{ind.indicator_id}.package.json",
        f"{ctx.versioned}datapackage.json",
    ):
        assert (tmp_path / rel).is_file(), rel
    assert "preview build" in capsys.readouterr().out  # no site URL: said in the build output
    assert "# 數據與接口" in (tmp_path / "data/index.zh-Hant.md").read_text(encoding="utf-8")
    document = json.loads((tmp_path / f"api/v1/targets/{ind.indicator_id}.json").read_text(encoding="utf-8"))
    assert json.dumps(document).count(f"{ind.indicator_id}.png") == 1  # the PNG beside the one chart


def test_missing_assessment_fails_loudly(pkg, ctx):
    partial = dict(list(ctx.assessments.items())[1:])
    with pytest.raises(ValueError, match="no assessment"):
        portal.build_context(pkg, partial, TODAY, None)


def test_path_outside_the_package_is_refused():
    from build_scripts.portal.files import resource_path

    for bad in ("../x.csv", "/etc/passwd", "https://x/y.csv"):
        with pytest.raises(ValueError):
            resource_path({"name": "r", "path": bad})


# --- dates from git -----------------------------------------------------------------------------


def test_an_uncommitted_file_is_labelled_as_such():
    assert update_label(LastUpdate(None, True), Lang("en")) == "uncommitted changes (local build)"
    assert update_label(LastUpdate(date(2024, 6, 7), False), Lang("en")) == "2024-06-07"


def test_earlier_versions_are_republished_fromgit(tmp_path):
    repo = tmp_path / "repo"
    package = repo / "pkg"
    (package / "data").mkdir(parents=True)
    git(repo, "init", "-q")

    def commit(version: str, rows: str, day: str) -> None:
        descriptor = {
            "name": "synthetic",
            "version": version,
            "resources": [{"name": "a", "path": "data/a.csv"}],
        }
        (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        (package / "data/a.csv").write_text(rows, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", version, day=day)

    (package / "README.md").write_text("no descriptor yet\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the package folder before its descriptor", day="2023-12-01T00:00:00")
    commit("1.0.0", "x\n1\n", "2024-01-01T00:00:00")
    commit("1.0.0", "x\n2\n", "2024-02-01T00:00:00")
    commit("1.1.0", "x\n3\n", "2024-03-01T00:00:00")
    commit("2.0.0", "x\n4\n", "2024-04-01T00:00:00")
    found = past_versions(package, "2.0.0", repo)
    assert list(found) == ["1.1.0", "1.0.0"]
    docs = tmp_path / "docs"
    publish_past_versions(docs, package, found, repo)
    assert (docs / "data/v1.0.0/data/a.csv").read_text(encoding="utf-8") == "x\n2\n"
    assert (docs / "data/v1.1.0/data/a.csv").read_text(encoding="utf-8") == "x\n3\n"
    with zipfile.ZipFile(docs / "data/v1.0.0/hubei-quality.zip") as archive:
        assert archive.read("data/a.csv") == b"x\n2\n"
    assert not (docs / "data/v2.0.0").exists()
    assert past_versions(package, "1.1.0", repo) == {"2.0.0": _head(repo), "1.0.0": found["1.0.0"]}


def test_files_at_reads_each_commits_bytes_or_none(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    contents = [None, b"two\nlines\n", b"", "中文\r\n".encode(), b"no newline at the end"]
    commits = []
    for i, content in enumerate(contents):
        path = repo / "f.json"
        if content is None:
            (repo / "other").write_text("x", encoding="utf-8")
        else:
            path.write_bytes(content)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", str(i), day=f"2024-01-0{i + 1}T00:00:00")
        commits.append(_head(repo))
    assert files_at(repo, commits[::-1], "f.json") == contents[::-1]


def _head(repo: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_target_block_keeps_hostile_names_inert(pkg, ctx):
    ind = dataclasses.replace(pkg.indicators[0], name_zh=HOSTILE, name_en=HOSTILE, quote_zh=HOSTILE)
    for code in ("zh", "zh-Hant", "en"):
        block = target_block(ctx, ind, Lang(code), f"targets/{ind.indicator_id}/")
        assert re.findall(r"<script[^>]*>", block) == ['<script type="application/ld+json">']
        assert block.count("</script>") == 1 and "<img" not in block
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', block)[1])
        assert HOSTILE in (data["name"], data["alternateName"])
