"""Unit tests of the open-data portal stage (build_scripts/portal/), without a web server.

The downloads, API and metadata are built from the real package into a temporary folder. The only
made-up strings are the hostile/formula texts (`=1+1`, `</script>`), which exist only inside these
tests to prove that such text stays inert.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest

from build_scripts import paths
from build_scripts.common.periods import parse_period
from build_scripts.portal import api as portal_api
from build_scripts.portal import api_fields, feed, targets
from build_scripts.portal.common import (
    configured_site_url,
    split_bilingual,
    split_title,
)
from build_scripts.portal.files import write_zip, zip_descriptor
from build_scripts.portal.xlsx import zh_header

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
