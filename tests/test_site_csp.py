"""The CSP allows only the theme's known inline scripts; any other inline script or handler fails the build."""

from __future__ import annotations

import pytest

from build_scripts.site.harden import MD_PALETTE, MD_SCOPE, MD_TABBED, harden_page

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
