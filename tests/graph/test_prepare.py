"""graph.store.prepare: what a build worker sends back instead of the records (issue 16)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from policykg.graph.iris import Iris
from policykg.graph.reference import Catalog, catalog_of_graph, reference_graph
from policykg.graph.search_index import INDEX_NAME, SearchIndex, write_search_index
from policykg.graph.store import live_dir, prepare, write_store
from policykg.loaders.pipeline import extract_file
from policykg.loaders.records import Extraction, Source
from tests.data.graph_build.records import QIJIANG, YONGCHUAN
from tests.graph.test_graph_build import HERE, assert_isomorphic

BASE = "https://w3id.org/policykg/"
CORPUS = Path(__file__).parent.parent.parent / "data" / "corpus" / "chongqing"


def as_graph(data: bytes, entities: bytes, name: str) -> Graph:
    """The quads of one named graph (failing on any other graph) and the entity triples."""
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert {quad.graph_name.value for quad in quads} == {name}
    triples = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return Graph().parse(data=triples + entities.decode(), format="nt")


def test_prepared_bytes_hold_the_hand_written_graph_in_the_source_graph() -> None:
    catalog = catalog_of_graph(reference_graph(BASE))
    prepared = prepare(YONGCHUAN, catalog, BASE)
    name = str(Iris(BASE).source(YONGCHUAN.source.path))
    assert name == BASE + "source/chongqing/yongchuan_2022_green_lowcarbon_task_list.txt"
    expected = Graph().parse(HERE / "yongchuan_task_table.ttl", format="turtle")
    assert_isomorphic(as_graph(prepared.quads, prepared.entities, name), expected)
    assert prepared.triples == len(prepared.quads.splitlines())


def test_prepared_summary_of_the_proposal_reply() -> None:
    # the hand-built reply (tests/data/graph_build/records.py): one handling task, the replying
    # 发展和改革委员会 as lead and two co-handlers, citing 渝建绿建〔2022〕3号 (in no catalogue)
    prepared = prepare(QIJIANG, Catalog(), BASE)
    report = prepared.report
    assert report is not None and report.ok
    assert (report.documents, report.tasks, report.assignments, report.agencies) == (1, 1, 3, 3)
    assert prepared.citations == (("渝建绿建〔2022〕3号", None, None),)
    assert {n: str(d) for n, d in prepared.catalog.numbers.items()} == {
        "綦发改函〔2022〕140号": BASE + "doc/綦发改函-2022-140"}


def test_a_file_whose_records_do_not_build_is_its_error_not_an_exception() -> None:
    doc = QIJIANG.documents[0]
    task = doc.tasks[0]
    bad = dataclasses.replace(task.assignments[0], role="主办")
    broken = dataclasses.replace(QIJIANG, documents=(
        dataclasses.replace(doc, tasks=(dataclasses.replace(task, assignments=(bad,)),)),))
    prepared = prepare(broken, Catalog(), BASE)
    assert prepared.report is None and prepared.quads == b""
    assert prepared.build_errors == (f"{QIJIANG.source.path}: task 1: unknown role '主办'",)
    failed = Extraction(Source("in/empty.txt", "", "", ""), errors=("in/empty.txt: the file is empty",))
    assert prepare(failed, Catalog()).errors == ("in/empty.txt: the file is empty",)


def test_the_build_reads_each_document_once_and_its_index_is_the_one_read_alone(
        tmp_path: Path) -> None:
    write_store([extract_file(path) for path in sorted(CORPUS.glob("*.txt"))], tmp_path)
    built = SearchIndex(live_dir(tmp_path) / INDEX_NAME)
    store = ox.Store.read_only(str(live_dir(tmp_path)))
    (tmp_path / "alone").mkdir()
    alone = SearchIndex(write_search_index(store, tmp_path / "alone"))
    rows = {name: [built.db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                   for table in ("task", "entry", "gram", "subset")]
            for name, built in (("build", built), ("alone", alone))}
    assert rows["build"] == rows["alone"]
    # 96 + 23 + 43 + 34 tasks (DESIGN.md) and 綦江's reply: its handling task and 3 next steps
    tasks = rows["build"][0]
    assert len(tasks) == 96 + 23 + 43 + 34 + 4


def test_workers_build_each_file_into_the_graph_the_writer_named(tmp_path: Path) -> None:
    # two files of the same folder and file name: the writer names the second one's graph
    # source/b/2023/通知.txt; a Dask worker cannot know that, so it is told
    from policykg.graph.workers import prepare_all

    for folder, sample in (("a", "yongchuan_2023_energy_saving_plan"),
                           ("b", "qijiang_2022_proposal_reply")):
        (tmp_path / folder / "2023").mkdir(parents=True)
        (tmp_path / folder / "2023" / "通知.txt").write_bytes((CORPUS / f"{sample}.txt").read_bytes())
    others = tmp_path / "c"
    others.mkdir()
    for n in range(2):
        for path in sorted(CORPUS.glob("*.txt")):
            (others / f"{n}_{path.name}").write_text(
                path.read_text(encoding="utf-8").replace("〔2022〕", f"〔{2100 + n}〕"), encoding="utf-8")
    paths = [tmp_path / "a/2023/通知.txt", tmp_path / "b/2023/通知.txt", *sorted(others.iterdir())]
    twin = BASE + "source/b/2023/通知.txt"
    catalog = catalog_of_graph(reference_graph(BASE))
    prepared = {p.source.path: p for p in prepare_all(
        paths, catalog, BASE, jobs=2, graphs={str(paths[1]): twin})}
    assert len(prepared) == 12
    first, second = prepared[str(paths[0])], prepared[str(paths[1])]
    assert first.graph == BASE + "source/2023/通知.txt" and second.graph == twin
    assert {q.graph_name.value for q in ox.parse(second.quads, format=ox.RdfFormat.N_QUADS)} == {twin}
    # 永川's plan: 43 tasks; 綦江's reply: the handling task and 3 next steps (DESIGN.md)
    assert first.report is not None and first.report.tasks == 43
    assert second.report is not None and second.report.tasks == 4
