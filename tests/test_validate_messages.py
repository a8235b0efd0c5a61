"""The message catalogue (build_scripts/validate/messages.csv) is the one source of maintainer-facing words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from build_scripts import paths
from build_scripts.validate.messages import catalogue

SOURCES = [
    *sorted((paths.ROOT / "build_scripts" / "validate").glob("*.py")),
    paths.ROOT / "build_scripts" / "maintainer" / "normalize.py",
    paths.ROOT / "build_scripts" / "maintainer" / "revisions.py",
    paths.ROOT / "build_scripts" / "common" / "links.py",
]
CALLS = {"problem": 0, "say": 0, "render": 0, "Unreadable": 0, "Detected": 1}
CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")


def codes_used(path: Path) -> set[str]:
    """Codes named where a message is made: the code argument, message=…, or a returned (code, params)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in CALLS:
            index = CALLS[node.func.id]
            if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                found.add(node.args[index].value)
            found |= {
                k.value.value
                for k in node.keywords
                if k.arg == "message" and isinstance(k.value, ast.Constant)
            }
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and node.value.elts:
            first = node.value.elts[0]
            if (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and CODE.fullmatch(first.value)
            ):
                found.add(first.value)
    return found


def test_every_code_the_tools_use_is_in_the_catalogue() -> None:
    used = set().union(*(codes_used(p) for p in SOURCES)) - {"utf-8"}
    assert used, "no codes found: the scan is broken"
    assert sorted(used - catalogue().keys()) == []


def test_every_catalogue_entry_is_used_somewhere() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    unused = [code for code in catalogue() if f'"{code}"' not in text and f"'{code}'" not in text]
    assert unused == []


def test_every_validator_message_has_both_languages_and_a_fix() -> None:
    for code, msg in catalogue().items():
        if code.startswith("fix-"):
            continue  # fix-data's own lines: the change itself is the message
        assert re.search(r"[\u4e00-\u9fff]", msg.zh + msg.fix_zh), code
        assert msg.en.isascii() or re.search(r"[A-Za-z]{3}", msg.en), code
        assert msg.fix_zh and msg.fix_en, code


def test_the_validator_does_not_import_the_maintainer_tools() -> None:
    for path in (paths.ROOT / "build_scripts" / "validate").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("build_scripts.maintainer"), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("build_scripts.maintainer") for a in node.names), path.name
