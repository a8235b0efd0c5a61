"""The portal's metadata and data page: citations, coverage, row counts, DCAT, the target blocks
(snippets and JSON-LD), hostile text kept inert, the whole stage's run, the build date from
SOURCE_DATE_EPOCH, and CITATION.cff (valid CFF 1.2, the package's version and date)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import date

import jsonschema
import pytest

from build_scripts import paths
from build_scripts.common.dates import build_today
from build_scripts.common.i18n import Lang
from build_scripts.common.urls import relative
from build_scripts.portal import build as portal
from build_scripts.portal import feed
from build_scripts.portal.dcat import dcat_catalog
from build_scripts.portal.meta import bibtex, gbt7714, script_tag, temporal_coverage
from build_scripts.portal.page import constraints_text, data_page, target_block
from tests.portal_setup import HOSTILE, TODAY
from tests.served_site import EPOCH, REFERENCE

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


def test_target_block_keeps_hostile_names_inert(pkg, ctx):
    ind = dataclasses.replace(pkg.indicators[0], name_zh=HOSTILE, name_en=HOSTILE, quote_zh=HOSTILE)
    for code in ("zh", "zh-Hant", "en"):
        block = target_block(ctx, ind, Lang(code), f"targets/{ind.indicator_id}/")
        assert re.findall(r"<script[^>]*>", block) == ['<script type="application/ld+json">']
        assert block.count("</script>") == 1 and "<img" not in block
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*)</script>', block)[1])
        assert HOSTILE in (data["name"], data["alternateName"])


def test_source_date_epoch_sets_the_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_today() == date(2026, 12, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_today()


def test_citation_cff_is_valid_cff_1_2_and_matches_the_package(pkg):
    import yaml

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((REFERENCE / "cff-1.2.0" / "schema.json").read_text(encoding="utf-8"))
    cff["date-released"] = cff["date-released"].isoformat()  # YAML reads a date; the schema wants text
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(cff)
    latest = feed.releases((pkg.directory / "CHANGELOG.md").read_text(encoding="utf-8"))[0]
    assert (cff["version"], cff["date-released"]) == (pkg.version, latest.day.isoformat())
    assert cff["title"] == pkg.descriptor["title"]
