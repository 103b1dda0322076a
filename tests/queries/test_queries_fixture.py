"""The hand-written query fixture (tests/support/fixture.py) holds the graphs it should."""

from __future__ import annotations

from pathlib import Path

from tests.support.fixture import BASE, fixture_store


def test_fixture_has_its_named_graphs(tmp_path: Path) -> None:
    from policykg.graph.location import open_read_only

    store = open_read_only(fixture_store(tmp_path / "store"))
    graphs = sorted(g.value.removeprefix(BASE) for g in store.named_graphs())
    assert graphs == [
        "graph/clauses",
        "graph/derived",
        "graph/reference",
        "source/chongqing/qijiang_reply.txt",
        "source/chongqing/yongchuan_plan.txt",
        "source/chongqing/yongchuan_task_list.txt",
    ]
    tasks = store.query(
        "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE "
        "{ ?t a <https://w3id.org/policykg/ontology#Task> }",
        use_default_graph_as_union=True,
    )
    assert [s["n"].value for s in tasks] == ["8"]
