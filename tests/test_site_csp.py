"""The CSP allows only the theme's known inline scripts; any other inline script or handler fails the build."""

from __future__ import annotations

import pytest

from build_scripts.site.harden import MD_PALETTE, MD_SCOPE, MD_TABBED, harden_page, harden_pages

HEAD = '<html lang="zh"><head><meta charset="utf-8"></head><body>'
KNOWN = [f'__md_scope=new URL("../..",location),{MD_SCOPE}', MD_PALETTE, MD_TABBED]


def test_the_themes_scripts_are_hashed_and_allowed() -> None:
    page = HEAD + "".join(f"<script>{body}</script>" for body in KNOWN) + "</body></html>"
    out, problems, _ = harden_page(page)
    assert problems == []
    assert out.count("'sha256-") == 3


@pytest.mark.parametrize("scope", ["/", "/repo/", "/a.b/c-d_e~/"])
def test_the_404_pages_absolute_scope_is_the_themes_script(scope: str) -> None:
    """Material's 404 page (built with a site URL) names the site's absolute path as its scope."""
    page = HEAD + f'<script>__md_scope=new URL("{scope}",location),{MD_SCOPE}</script></body></html>'
    out, problems, _ = harden_page(page)
    assert problems == []
    assert out.count("'sha256-") == 1


@pytest.mark.parametrize(
    "injected",
    [
        '<script>alert("x")</script>',
        "<SCRIPT >alert(1)</SCRIPT>",
        "<script/x>alert(1)</script>",
        '<script type="module">import("./x.js")</script>',
        f'<script>__md_scope=new URL("https://evil.example",location),{MD_SCOPE}</script>',
        f"<script>{MD_TABBED};alert(1)</script>",
        f'<script>__md_scope=new URL("//evil.example/",location),{MD_SCOPE}</script>',
        f'<script>__md_scope=new URL("/x\\",location),alert(1),{MD_SCOPE}</script>',
    ],
)
def test_any_other_inline_script_fails(injected: str) -> None:
    _, problems, _ = harden_page(HEAD + injected + "</body></html>")
    assert any("unknown inline script" in p for p in problems), problems


@pytest.mark.parametrize(
    "injected",
    [
        "<img src=x.png onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        '<a href="x/" onmouseover="alert(1)">x</a>',
        "<body ONLOAD='alert(1)'>",
    ],
)
def test_inline_handlers_fail(injected: str) -> None:
    _, problems, _ = harden_page(HEAD + injected + "</body></html>")
    assert any("inline event handler" in p for p in problems), problems


def test_a_charts_live_spec_is_checked_like_any_resource(tmp_path) -> None:
    """data-spec (the address charts.js fetches the live spec from) must be a file of the site, on
    this origin: a missing file or another origin fails the build."""
    page = HEAD + '<figure class="tt-chart" data-spec="../charts/en/a.vg.json"></figure></body></html>'
    _, problems, links = harden_page(page, "targets/index.html")
    assert (problems, links) == ([], ["../charts/en/a.vg.json"])
    _, problems, _ = harden_page(page.replace("../charts/", "https://evil.example/"))
    assert any("loads from another origin" in p for p in problems), problems
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "index.html").write_text(page, encoding="utf-8")
    files = {"targets/index.html"}
    broken = harden_pages(tmp_path, ["targets/index.html"], files, "/")
    assert broken == ["targets/index.html: broken link '../charts/en/a.vg.json'"], broken
    (tmp_path / "targets" / "index.html").write_text(page, encoding="utf-8")  # hardened in place above
    assert harden_pages(tmp_path, ["targets/index.html"], files | {"charts/en/a.vg.json"}, "/") == []
