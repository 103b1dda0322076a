"""policykg export: sorted, reproducible bytes in every format, streamed; JSON-LD readable;
atomic writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from policykg.cli import cli
from policykg.graph import export
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


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_tiny_sort_runs_and_batches_give_the_same_bytes(
    fmt: str, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the streamed export cuts the dump into sorted runs and JSON-LD into batches of subjects;
    # where the cuts fall must not show in the output
    whole = export_store(fmt, store_dir)
    monkeypatch.setattr(export, "RUN_BYTES", 2_000)
    monkeypatch.setattr(export, "JSONLD_BATCH", 7)
    assert export_store(fmt, store_dir) == whole


def test_jsonld_is_one_document_that_reads_back_as_the_graph(store_dir: Path) -> None:
    data = export_store("jsonld", store_dir)
    document = json.loads(data)
    assert sorted(document) == ["@context", "@graph"]
    ids = [node["id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))  # one node object per subject, not one per batch
    union = Graph().parse(data=export_store("nt", store_dir).decode(), format="nt")
    assert isomorphic(Graph().parse(data=data.decode(), format="json-ld"), union)
    assert "重庆市永川区生态环境局" in data.decode()  # written as text, not \\u escapes


def test_trig_orders_graphs_by_iri_a_shorter_one_first(tmp_path: Path) -> None:
    store = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    for graph, value in (("urn:g/a/b", "2"), ("urn:g/a", "1"), ("urn:g/a-b", "3"),
                         ("urn:g/a", "0")):
        store.add(ox.Quad(s, p, ox.Literal(value), ox.NamedNode(graph)))
    text = export.export_bytes(store, "trig").decode()
    # by IRI: urn:g/a < urn:g/a-b < urn:g/a/b ('-' 0x2D sorts before '/' 0x2F)
    assert [line.split()[0] for line in text.splitlines() if line.endswith("{")] == [
        "<urn:g/a>", "<urn:g/a-b>", "<urn:g/a/b>"]
    assert text.index('"0"') < text.index('"1"')


def test_a_failing_export_keeps_the_old_file(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "graph.nq"
    out.write_text("old content", encoding="utf-8")

    def half_then_fail(store: object, fmt: str, output: IO[bytes], base: str = "") -> None:
        output.write(b"<urn:a> <urn:b> <urn:c> .\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "export_to", half_then_fail)
    result = CliRunner().invoke(
        cli, ["export", "--format", "nq", "-o", str(out), "--store", str(store_dir)]
    )
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert str(out) in result.stderr
    assert out.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]
