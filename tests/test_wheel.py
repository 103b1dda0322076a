"""The wheel is the product: built from the checkout, installed into a fresh virtual environment
with no extras, and used from a folder outside the checkout as a new user would.

Expected figures are the corpus's, counted by hand: 区生态环境局 of 永川区 has 60 tasks (26 in
永川府办发〔2022〕14号, 34 in 永川府发〔2023〕5号).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus" / "chongqing"


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert done.returncode == 0, f"{args}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the fresh venv's bin folder) with policykg installed from the wheel alone."""
    work = tmp_path_factory.mktemp("wheel")
    # build from a copy: setuptools reuses ./build, which would leave stale files in the checkout
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "artifacts", ".policykg", "out"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work), str(source)],
         cwd=work)
    (wheel,) = work.glob("policykg-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work)
    return wheel, venv / "bin"


def test_the_wheel_holds_one_top_level_name(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = {name.split("/")[0] for name in archive.namelist()}
        files = archive.namelist()
    assert {n for n in names if not n.endswith(".dist-info")} == {"policykg"}
    assert not any("tests" in f.split("/") for f in files)
    for data in ("policykg/graph/data/upstream.ttl", "policykg/ontology/policy.ttl",
                 "policykg/queries/task-links.rq", "policykg/loaders/agency_forms.tsv"):
        assert data in files


def test_the_installed_package_builds_and_reports_outside_the_checkout(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, bin_dir = installed
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_STORE")}
    policykg = str(bin_dir / "policykg")
    store = tmp_path / "store"
    _run([policykg, "build", str(corpus), "--store", str(store)], tmp_path, env)
    rows = json.loads(_run([policykg, "tasks", "--agency", "区生态环境局", "--district", "永川区",
                            "--store", str(store), "--format", "json"], tmp_path, env))
    per_document: dict[str, set[str]] = {}
    for row in rows:
        per_document.setdefault(row["doc_number"], set()).add(row["task"])
    assert {d: len(t) for d, t in per_document.items()} == {
        "永川府办发〔2022〕14号": 26, "永川府发〔2023〕5号": 34}
    for view in ("agencies", "lineage"):
        page = tmp_path / f"{view}.html"
        _run([policykg, "viz", view, "--store", str(store), "-o", str(page)], tmp_path, env)
        text = page.read_text(encoding="utf-8")
        assert "永川区" in text and "<script" in text
    export = _run([policykg, "export", "--format", "nq", "--store", str(store)], tmp_path, env)
    assert "国发〔2021〕4号" in export
    python = str(bin_dir / "python")
    assert _run([python, "-m", "policykg", "--help"], tmp_path, env).startswith("Usage:")
