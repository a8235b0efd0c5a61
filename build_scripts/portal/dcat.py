"""The DCAT-AP 3.0.1 catalogue of the portal (`data/catalog.jsonld`), for open-data harvesters.

One dcat:Catalog with the package as one dcat:Dataset, each download as a dcat:Distribution and the
static JSON API as a dcat:DataService. Every node is typed with the class DCAT-AP's range shapes
expect (checked without inference), media types are IANA IRIs, formats and themes come from the EU
controlled vocabularies DCAT-AP names, and dates carry their XSD datatype (a period '2008' is an
xsd:gYear, '2024-05' an xsd:gYearMonth). The tests run pyshacl with DCAT-AP's shapes on the built
file. Only facts the package states are written: no contact e-mail, agent type or bounding box.
"""

from __future__ import annotations

from datetime import date

from build_scripts.portal.api import schema_path
from build_scripts.portal.common import API, CATALOG, DATA_PAGE, Context, split_bilingual, split_title
from build_scripts.portal.files import Download
from build_scripts.portal.meta import hubei_place, temporal_coverage

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/",
}
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPES = {  # EU file-type authority table
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/zip": "ZIP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
LANGUAGES = [EU + "language/ZHO", EU + "language/ENG"]
# Concepts of the EU vocabularies, with their English preferred labels (the shapes require a label)
THEME = {  # the outline is a provincial government's plan: Government and public sector
    "@id": EU + "data-theme/GOVE",
    "@type": "skos:Concept",
    "skos:prefLabel": {"@value": "Government and public sector", "@language": "en"},
}
THEMES = {
    "@id": EU + "data-theme",
    "@type": "skos:ConceptScheme",
    "dct:title": {"@value": "Data theme", "@language": "en"},
}
AVAILABLE = {
    "@id": EU + "planned-availability/AVAILABLE",
    "@type": "skos:Concept",
    "skos:prefLabel": {"@value": "available", "@language": "en"},
}
LICENCE_TYPES = {  # ADMS licence type of each licence the package may name
    "CC-BY-4.0": "http://purl.org/adms/licencetype/Attribution",
}


def typed(iri: str, rdf_type: str) -> dict:
    """A node reference with the class the range shapes expect."""
    return {"@id": iri, "@type": rdf_type}


def date_literal(text: str) -> dict:
    """'2008' → xsd:gYear, '2024-05' → xsd:gYearMonth, '2024-05-31' → xsd:date."""
    kind = {1: "xsd:gYear", 2: "xsd:gYearMonth", 3: "xsd:date"}[len(text.split("-"))]
    return {"@value": text, "@type": kind}


def licence(lic: dict) -> dict:
    """A datapackage licence as a dct:LicenseDocument with its ADMS type; an unknown licence fails."""
    if lic["name"] not in LICENCE_TYPES:
        raise ValueError(f"datapackage.json licence {lic['name']!r}: add its ADMS licence type to dcat.py")
    kind = {"@id": LICENCE_TYPES[lic["name"]], "@type": "skos:Concept", "skos:prefLabel": lic["title"]}
    return {"@id": lic["path"], "@type": "dct:LicenseDocument", "dct:type": kind}


def both(zh: str, en: str) -> list[dict]:
    """A text in Simplified Chinese and English."""
    return [{"@value": zh, "@language": "zh-Hans"}, {"@value": en, "@language": "en"}]


def dcat_catalog(ctx: Context, downloads: dict[str, Download]) -> dict:
    """The catalogue as a JSON-LD document."""
    here = CATALOG.rsplit("/", 1)[0] + "/"
    desc = ctx.pkg.descriptor
    title_en, title_zh = split_title(desc["title"])
    text_en, text_zh = split_bilingual(desc["description"])
    page = ctx.link(DATA_PAGE, here, absolute=True)
    shared = _shared(ctx, here)
    dataset = {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": desc["name"],
        "dct:title": both(title_zh, title_en),
        "dct:description": both(text_zh, text_en),
        "dcat:keyword": desc["keywords"],
        "dct:creator": shared["dct:publisher"],
        "dcat:version": ctx.version,
        "dcat:landingPage": typed(page, "foaf:Document"),
        "dcat:contactPoint": _contact(ctx, page),
        "dcat:theme": THEME,
        "dcat:distribution": _distributions(ctx, downloads, here),
        **shared,
    }
    coverage = temporal_coverage([o.period for o in ctx.pkg.observations])
    if coverage:
        start, _, end = coverage.partition("/")
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": date_literal(start),
            "dcat:endDate": date_literal(end or start),
        }
    return {
        "@context": CONTEXT,
        "@id": ctx.link(CATALOG, here, absolute=True),
        "@type": "dcat:Catalog",
        "dct:title": both(title_zh, title_en),
        "dct:description": both(text_zh, text_en),
        "foaf:homepage": typed(ctx.link("", here, absolute=True), "foaf:Document"),
        "dcat:themeTaxonomy": THEMES,
        **shared,
        "dcat:dataset": [dataset],
        "dcat:service": [_service(ctx, here, dataset["@id"], shared)],
    }


def _shared(ctx: Context, here: str) -> dict:
    """Publisher, licence, languages, place and dates: the same for the catalogue and the data set."""
    desc = ctx.pkg.descriptor
    authors = [c for c in desc["contributors"] if c.get("role") == "author"]
    if not authors:
        raise ValueError("datapackage.json names no contributor with role 'author'")
    out = {
        "dct:publisher": [{"@type": "foaf:Agent", "foaf:name": c["title"]} for c in authors],
        "dct:license": licence(desc["licenses"][0]),
        "dct:language": [typed(lang, "dct:LinguisticSystem") for lang in LANGUAGES],
        "dct:spatial": {"@type": "dct:Location", "dct:title": hubei_place(ctx)["name"]},
        "dct:issued": {"@value": desc["created"][:10], "@type": "xsd:date"},
    }
    if ctx.package_update.known:
        out["dct:modified"] = {"@value": ctx.package_update.day.isoformat(), "@type": "xsd:date"}
    date.fromisoformat(desc["created"][:10])  # refuses a `created` that is not a date
    return out


def _contact(ctx: Context, page: str) -> dict:
    """The maintainers as a vCard organisation reached through the data page (no e-mail is published)."""
    name = ctx.pkg.descriptor["contributors"][0]["title"]
    return {"@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": name, "vcard:hasURL": {"@id": page}}


def _distributions(ctx: Context, downloads: dict[str, Download], here: str) -> list[dict]:
    titles = [
        ("zip", "Data package (zip) / 数据包（zip）"),
        ("zip_descriptor", "Data package descriptor reading the zip / 读取 zip 的数据包描述"),
        ("xlsx", "Excel workbook / Excel 工作簿"),
        ("datapackage", "datapackage.json"),
    ]
    titles += [(k, f"{k.removeprefix('csv:')}.csv") for k in downloads if k.startswith("csv:")]
    lic = licence(ctx.pkg.descriptor["licenses"][0])
    out = []
    for key, title in titles:
        d = downloads[key]
        url = ctx.link(d.path, here, absolute=True)
        out.append(
            {
                "@type": "dcat:Distribution",
                "dct:title": title,
                "dct:description": f"{title}, version {ctx.version}.",
                "dcat:downloadURL": {"@id": url},
                "dcat:accessURL": {"@id": url},
                "dcat:mediaType": typed(IANA + d.mediatype, "dct:MediaType"),
                "dct:format": typed(EU + "file-type/" + FILE_TYPES[d.mediatype], "dct:MediaTypeOrExtent"),
                "dcat:byteSize": {"@value": str(d.n_bytes), "@type": "xsd:nonNegativeInteger"},
                "dct:license": lic,
                "dcatap:availability": AVAILABLE,
            }
        )
    return out


def _service(ctx: Context, here: str, dataset_id: str, shared: dict) -> dict:
    return {
        "@type": "dcat:DataService",
        "dct:title": both("静态 JSON 接口 v1", "Static JSON API v1"),
        "dcat:endpointURL": {"@id": ctx.link(f"{API}index.json", here, absolute=True)},
        "dcat:endpointDescription": {"@id": ctx.link(DATA_PAGE, here, absolute=True) + "#api"},
        "dcat:servesDataset": typed(dataset_id, "dcat:Dataset"),
        "dct:conformsTo": typed(ctx.link(schema_path("index"), here, absolute=True), "dct:Standard"),
        "dcat:keyword": ctx.pkg.descriptor["keywords"],
        "dcat:theme": THEME,
        "dcat:contactPoint": _contact(ctx, ctx.link(DATA_PAGE, here, absolute=True)),
        "dct:publisher": shared["dct:publisher"],
        "dct:license": shared["dct:license"],
    }
