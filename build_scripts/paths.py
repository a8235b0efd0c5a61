"""Every path the build uses, derived from the repository root.

This module imports nothing from the package, so any stage can import it and no
path ever depends on the working directory.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Inputs
DATAPACKAGES = ROOT / "datapackages"
PACKAGE = DATAPACKAGES / "hubei-quality"
PACKAGE_DESCRIPTOR = PACKAGE / "datapackage.json"
PACKAGE_DATA = PACKAGE / "data"
OUTLINE_ORIGINAL = PACKAGE / "source" / "outline.zh-Hant.txt"
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")  # Debian fonts-noto-cjk: the charts' font

# Generated (git-ignored): build/docs = docs/ + generated pages, charts and downloads (MkDocs' docs_dir)
BUILD = ROOT / "build"
BUILD_DOCS = BUILD / "docs"
CACHE = ROOT / ".cache"
SITE = ROOT / "site"
BENCH_RESULTS = ROOT / "bench-results"

# Tests
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
