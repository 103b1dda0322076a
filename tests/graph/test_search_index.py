"""The search index of a store generation (graph/search_index.py) on a small hand-made graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from policykg.graph.search_index import INDEX_NAME, SearchIndex, write_search_index

POL = "https://w3id.org/policykg/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
B = "https://w3id.org/policykg/"


def _store() -> ox.Store:
    """Two documents of two districts; the first task's text is empty (a bad extraction)."""
    store = ox.Store()
    g = ox.NamedNode(B + "source/x")

    def add(s: str, p: str, o: object) -> None:
        obj = o if isinstance(o, ox.Literal | ox.NamedNode) else (
            ox.NamedNode(o) if str(o).startswith("http") else ox.Literal(str(o)))
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, g))

    rows = [("d2", 2, "北区", "t1", 1, "", None),
            ("d2", 2, "北区", "t2", 2, "推进生活垃圾分类。", "lead"),
            ("d1", 1, "南区", "t3", 1, "建设垃圾焚烧厂。", "co"),
            ("d1", 1, "南区", "t4", 2, "提升碳汇能力。", None)]
    for doc, doc_order, district, task, order, text, role in rows:
        d, t = B + "doc/" + doc, B + "doc/" + doc + "/task/" + task
        # documents are listed by 文号 (graph/parts.py), as pol:documentOrder numbers them
        add(d, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", POL + "PolicyDocument")
        add(d, ELI + "id_local", f"区府发〔2023〕{doc_order}号")
        add(d, POL + "districtName", district)
        add(d, "http://purl.org/dc/terms/title", f"{district}生态文件")
        add(t, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", POL + "Task")
        add(t, ELI + "is_part_of", d)
        add(t, POL + "order", order)
        add(t, POL + "text", text)
        if role:
            agency = B + "agency/" + district + "/城市管理局"
            add(t, POL + {"lead": "leadAgency", "co": "coAgency"}[role], agency)
            add(t, POL + "responsibleAgency", agency)
            add(agency, POL + "shortName", "区城市管理局")
    return store


def test_tasks_are_numbered_in_report_order_and_found_exactly(tmp_path: Path) -> None:
    write_search_index(_store(), tmp_path)
    index = SearchIndex.of(tmp_path)
    assert index is not None and (tmp_path / INDEX_NAME).is_file()
    # document order first (d1 before d2), then position: t3, t4, t1, t2
    assert index.iris([1, 2, 3, 4]) == {n: B + f"doc/{d}/task/{t}" for n, d, t in (
        (1, "d1", "t3"), (2, "d1", "t4"), (3, "d2", "t1"), (4, "d2", "t2"))}
    own, others = index.find("垃圾")
    assert own == {1, 4} and others == {}  # the empty text of t1 shifts nothing
    assert index.find("垃圾分类")[0] == {4} and index.find("碳")[0] == {2}
    assert index.find("垃圾汇")[0] == set()  # bigrams present, but not the text
    assert index.subset("district:南区") == {1, 2} and index.subset("role:co") == {1}


def test_titles_and_agency_names_stand_for_their_tasks(tmp_path: Path) -> None:
    write_search_index(_store(), tmp_path)
    index = SearchIndex.of(tmp_path)
    assert index is not None
    own, others = index.find("北区生态")
    assert own == set() and sorted(others.values()) == ["document"]
    assert [sorted(tasks) for _, tasks in index.tasks_of(others)] == [[3, 4]]
    own, others = index.find("城市管理局")  # two agencies, one per district, one task each
    assert sorted(sorted(tasks) for _, tasks in index.tasks_of(others)) == [[1], [4]]
    assert SearchIndex.of(tmp_path / "nowhere") is None and SearchIndex.of(None) is None


def test_reading_a_store_does_not_import_scikit_learn() -> None:
    # only a build aligns clauses; a report that opens the store paid ~2 s for scikit-learn
    import subprocess
    import sys

    code = ("import sys; from policykg.queries.source import open_source; "
            "import policykg.graph.store; print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
