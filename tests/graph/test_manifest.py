"""graph.manifest: the fingerprint that decides whether a re-build may skip an unchanged file."""

from __future__ import annotations

import configparser
import shutil
from pathlib import Path

import pytest

import policykg.graph.store as store
from policykg.graph.manifest import fingerprint, fingerprinted_files
from tests.data.graph_build.records import QIJIANG

ROOT = Path(__file__).resolve().parent.parent.parent
MADE_FROM = ("loaders", "graph", "ontology")


def _package_data() -> list[str]:
    """The run-time data files setup.cfg ships with the loaders, the graph and the ontology."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    found = []
    for folder in MADE_FROM:
        patterns = config["options.package_data"][f"policykg.{folder}"]
        for pattern in (p.strip() for p in patterns.split(",")):
            found += [f"{folder}/{p.relative_to(ROOT / folder).as_posix()}"
                      for p in (ROOT / folder).glob(pattern)]
    return found


def test_every_data_file_and_every_reader_is_in_the_fingerprint() -> None:
    names = {name for name, _ in fingerprinted_files(ROOT / f for f in MADE_FROM)}
    data = _package_data()
    # what setup.cfg declares: the divisions table, the upstream registry, the clause outlines …
    assert {"loaders/divisions.tsv", "loaders/agency_forms.tsv", "graph/data/upstream.ttl",
            "graph/data/clauses/国发-2021-4.txt", "ontology/policy.ttl"} <= set(data)
    assert set(data) <= names
    assert {"loaders/readers/text.py", "loaders/readers/pdf.py", "graph/build.py"} <= names
    assert not any("__pycache__" in name for name in names)


@pytest.mark.parametrize("changed", ["graph/data/upstream.ttl", "loaders/divisions.tsv",
                                     "loaders/readers/text.py", "ontology/policy.ttl"])
def test_a_change_to_any_of_them_changes_the_fingerprint(changed: str, tmp_path: Path) -> None:
    for folder in MADE_FROM:
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    copies = [tmp_path / folder for folder in MADE_FROM]
    original = fingerprint(ROOT / folder for folder in MADE_FROM)
    assert fingerprint(copies) == original
    (tmp_path / "graph" / "__pycache__").mkdir(exist_ok=True)
    (tmp_path / "graph" / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(copies) == original  # a compiled cache is no change
    target = tmp_path / changed
    target.write_bytes(target.read_bytes() + b"\n")
    assert fingerprint(copies) != original


def test_a_new_version_of_a_reader_library_changes_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    import policykg.graph.manifest as manifest

    versions = manifest.dependency_versions()
    # the PDF reader and the traditional-to-simplified converter shape what is extracted
    for library in ("pdfplumber", "opencc", "charset-normalizer"):
        assert f"{library}=={metadata.version(library)}" in versions
    assert not any(v.startswith(("pytest==", "playwright==")) for v in versions)  # test extras
    before = manifest.extractor_fingerprint()
    upgraded = [v if not v.startswith("pdfplumber==") else "pdfplumber==9.9" for v in versions]
    monkeypatch.setattr(manifest, "dependency_versions", lambda: upgraded)
    manifest.extractor_fingerprint.cache_clear()
    try:
        assert manifest.extractor_fingerprint() != before
    finally:
        manifest.extractor_fingerprint.cache_clear()


def test_a_new_fingerprint_rebuilds_a_file_the_store_holds_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write_store([QIJIANG], tmp_path)
    path, sha = QIJIANG.source.path, QIJIANG.source.sha256
    with store.StoreWriter(tmp_path) as writer:
        held = writer.unchanged(path, sha)
        writer.finish()
    assert held is not None and held.note == "unchanged" and held.tasks == 1  # 綦江区: 1 task
    monkeypatch.setattr(store, "extractor_fingerprint", lambda: "changed upstream.ttl")
    with store.StoreWriter(tmp_path) as writer:
        assert writer.unchanged(path, sha) is None
        report = writer.add(QIJIANG)
        writer.finish()
    assert report.note == "" and (report.tasks, report.assignments) == (1, 3)
