"""policykg export: sorted, reproducible bytes in every format; JSON-LD readable; atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from policykg.cli import cli
from policykg.graph.export import FORMATS, export_store
from policykg.graph.store import write_store
from tests.data.graph_build.records import NANCHUAN, QIJIANG, YONGCHUAN

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("store")
    write_store([YONGCHUAN, QIJIANG, NANCHUAN], directory)
    return directory


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_content_same_bytes_and_same_graph(fmt: str, store_dir: Path, tmp_path: Path) -> None:
    # a second store built in the other file order holds the same content
    write_store([NANCHUAN, QIJIANG, YONGCHUAN], tmp_path)
    data = export_store(fmt, store_dir)
    assert data == export_store(fmt, tmp_path)
    union = Graph().parse(data=export_store("nt", store_dir).decode(), format="nt")
    if fmt in ("nq", "trig"):
        parsed = Dataset()
        parsed.parse(data=data.decode(), format=RDFLIB_FORMAT[fmt])
        assert len(list(parsed.graphs())) >= 5  # 3 files, reference, derived (+ default)
        merged = Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            merged.add((s, p, o))
        assert isomorphic(merged, union)
    else:
        assert isomorphic(Graph().parse(data=data.decode(), format=RDFLIB_FORMAT[fmt]), union)


def test_nt_is_sorted(store_dir: Path) -> None:
    lines = export_store("nt", store_dir).decode().splitlines()
    assert lines == sorted(lines, key=lambda line: line.split(" ", 1)[0]) and len(lines) > 100


def test_turtle_uses_prefixes_and_readable_iris(store_dir: Path) -> None:
    text = export_store("ttl", store_dir).decode()
    assert "@prefix pol: <https://w3id.org/policykg/ontology#> ." in text
    assert "<https://w3id.org/policykg/agency/永川区/生态环境局> a pol:Agency" in text


def test_jsonld_is_compacted_with_the_context(store_dir: Path) -> None:
    document = json.loads(export_store("jsonld", store_dir))
    nodes = {node["id"]: node for node in document["@graph"]}
    task = nodes["https://w3id.org/policykg/doc/永川府办发-2022-14/task/6"]
    assert task["text"] == "开展“双超双有高耗能”企业强制性清洁生产审核工作。"
    assert task["leadAgency"] == "https://w3id.org/policykg/agency/永川区/生态环境局"
    agency = nodes["https://w3id.org/policykg/agency/永川区/生态环境局"]
    assert agency["prefLabel"] == "重庆市永川区生态环境局" and agency["taskCount"] == 2


def test_cli_writes_the_file_atomically(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("old content", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["export", "--format", "ttl", "-o", str(out), "--store", str(store_dir)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == export_store("ttl", store_dir)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary left
