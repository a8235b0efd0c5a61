"""What the reader-view tests share: one page of each type chosen from the real data, and the repository
address the pages' feedback links point at (mkdocs.yml's repo_url)."""

from __future__ import annotations

import yaml

from build_scripts import paths
from build_scripts.pages.parts import Site


class EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's loader: `!ENV [NAME, default]` gives the default."""


EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def repo_url() -> str:
    """The repository address the feedback links point at."""
    config = yaml.load(paths.MKDOCS_YML.read_text(encoding="utf-8"), Loader=EnvLoader)
    url = config.get("repo_url")
    assert url and url.startswith("https://"), "mkdocs.yml has no https repo_url"
    return url.rstrip("/")


def page_kinds(data: Site) -> dict[str, str]:
    """One page of each type (path below a language root)."""
    pkg = data.pkg
    with_chart = next(i for i in pkg.indicators if ("en", i.indicator_id) in data.charts)
    no_data = next(
        i for i in pkg.indicators if i.kind == "numeric" and not pkg.observations_of(i.indicator_id)
    )
    qualitative = next(i for i in pkg.indicators if i.kind == "qualitative")
    return {
        "home": "",
        "section": "sections/3/",
        "target-chart": f"targets/{with_chart.indicator_id}/",
        "target-no-data": f"targets/{no_data.indicator_id}/",
        "target-qualitative": f"targets/{qualitative.indicator_id}/",
        "reporting": "reporting/",
        "methodology": "methodology/",
        "data": "data/",
        "about": "about/",
        "search": "search/",
    }
